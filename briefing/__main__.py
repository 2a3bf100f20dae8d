"""`python -m briefing [PROJECT]` opens the desktop app."""

from __future__ import annotations

import sys

from briefing.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
