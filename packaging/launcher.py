"""The bundle's entry point: PyInstaller freezes this script, which starts the GUI.

A script rather than `briefing/gui/app.py` itself, so the app module is imported as part of the
`briefing` package (relative imports and `importlib.resources` behave as when installed).
"""

from __future__ import annotations

from briefing.gui.app import main

if __name__ == "__main__":
    raise SystemExit(main())
