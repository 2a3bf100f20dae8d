"""Qt counts UTF-16 units, the core code points: tagging after emoji or in RTL text stores
exactly the selected text."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import make_window, press, project_with, select_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from briefing.core.text import Utf16Offsets

EMOJI = (
    "Drones 🚁🛩️ over the port 🇺🇦 at dawn.\n\n"
    "Officials 😐 said 𝐛𝐨𝐥𝐝 claims of Shahed drones were exaggerated 🙄 today."
)
PERSIAN = (
    "ایران و روسیه\n\n"
    "ایران صدها پهپاد شاهد به روسیه داده است و گزارش‌ها از موشک‌های بالستیک خبر می‌دهند.\n"
    "Mixed: the word پهپاد means drone 🚁."
)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (EMOJI, "claims of Shahed drones"),
        (EMOJI, "🙄 today"),
        (EMOJI, "port 🇺🇦"),
        (PERSIAN, "پهپاد شاهد"),
        (PERSIAN, "موشک‌های بالستیک"),
        (PERSIAN, "means drone 🚁"),
    ],
)
def test_tagging_stores_exactly_the_selection(
    qtbot: QtBot, tmp_path: Path, text: str, needle: str
) -> None:
    path = project_with(tmp_path / "unicode.briefing", ("Unicode", text))
    window = make_window(qtbot, path)
    view = window.reader.view
    qt_start, qt_end = select_text(view, needle)
    assert qt_end - qt_start == len(needle.encode("utf-16-le")) // 2

    press(qtbot, view, Qt.Key.Key_1)

    [passage] = window.session.project.passages()
    article = window.session.project.article(passage.article_id)
    assert passage.quote == needle
    assert article.text[passage.start : passage.end] == passage.quote
    offsets = Utf16Offsets(article.text)
    assert (offsets.to_utf16(passage.start), offsets.to_utf16(passage.end)) == (qt_start, qt_end)
    # The highlight covers the same Qt positions.
    [segment] = view.marks.segments
    assert (segment.start, segment.end) == (qt_start, qt_end)
    window.close()
