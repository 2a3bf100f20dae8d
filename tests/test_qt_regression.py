"""PySide6-Essentials 6.12.0 on Python < 3.12 aborted the process (`none_dealloc`) after a few
thousand Qt calls returning None: it under-counted references to None, which is immortal only
from 3.12. pyproject.toml pins <6.12 there; this test makes the calls in a child process so a
release with the same fault fails the suite instead of killing an analyst's session.
"""

from __future__ import annotations

import os
import subprocess
import sys

CALLS = 300_000

SCRIPT = f"""
from PySide6.QtGui import QGuiApplication, QTextCursor, QTextDocument
app = QGuiApplication([])
document = QTextDocument("x" * 1000)
cursor = QTextCursor(document)
for i in range({CALLS}):
    cursor.setPosition(i % 1000)  # returns None
print("survived")
"""


def test_many_qt_calls_returning_none_do_not_abort() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived"
