"""What vulture cannot see being used (tests/test_dead_code.py): anything else it reports is
dead code, to delete. Keep this short."""

# ruff: noqa
_ = object()

# Called by Qt: event handlers and the model, delegate and layout protocols.
_.dragEnterEvent, _.dropEvent, _.contextMenuEvent, _.highlightBlock
_.headerData, _.supportedDropActions, _.mimeTypes, _.dropMimeData
_.createEditor, _.setEditorData, _.setModelData, _.updateEditorGeometry
_.itemAt, _.expandingDirections, _.hasHeightForWidth, _.heightForWidth
# Set for Qt, which reads them when it paints: a style option's fields.
_.displayAlignment
# Called by the standard library's HTMLParser and expat.
_.handle_data, _.handle_startendtag, _.parse_marked_section
_.StartDoctypeDeclHandler, _.EntityDeclHandler, _.ExternalEntityRefHandler
# Read by urllib's redirect handler.
_.max_redirections, _.max_repeats, _.http_error_301, _.http_error_303, _.http_error_307
_.http_error_308
# Set for python-docx, which reads them when it saves.
_.page_height, _.page_width, _.top_margin, _.bottom_margin, _.header_distance
_.footer_distance, _.alignment, _.last_modified_by, _.modified, _.subject, _.comments
_.keep_with_next, _.space_after, _.left_indent, _.right_indent  # a style's paragraph format

# Kept on purpose.
_.receive  # Project.receive: the path of another analyst's edits (issue 16), tested now
_.add_article  # the one-article form of add_articles, for scripts and tests
_.integrity_check  # the store tests' proof that a crash leaves a sound file
_.guid  # a REFI-QDA code's id, read with it (the store tests check it)
_.looking  # whether the corroboration panel still has a question pending (tests wait on it)
_.rendering  # whether the briefing preview is still rendering (tests wait on it)
# Looked up by name: a module's __getattr__ (PEP 562), a writer loaded when first used.
_.__getattr__, _.DocxWriter
# Read by zipfile when it writes the entry.
_.compress_type
