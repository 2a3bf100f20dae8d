"""Text analysis over a project: sentences, keyword suggestions, attribution, corroboration.

No Qt here: the GUI and the CLI call these functions and present what they return.
"""
