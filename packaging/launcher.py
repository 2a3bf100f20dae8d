"""The bundle's entry point: PyInstaller freezes this script, which starts the GUI.

A script rather than `briefing/gui/app.py` itself, so the app module is imported as part of the
`briefing` package (relative imports and `importlib.resources` behave as when installed).
"""

from __future__ import annotations

import multiprocessing

if __name__ == "__main__":
    # Large imports read sources in worker processes; a frozen app is its own interpreter, so
    # a worker started from it must run the worker code, not open another window.
    multiprocessing.freeze_support()
    from briefing.gui.app import main

    raise SystemExit(main())
