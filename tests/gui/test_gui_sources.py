"""Real sources in the window: import from a web address (dialog, paste, drop), and the
article's chain of custody in Properties: save the original, read it again another way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_helpers import make_window, press, select_text
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from briefing.gui import dialogs
from briefing.gui.article_dialog import ArticleDialog
from briefing.gui.main_window import MainWindow
from briefing.importers.options import VIEW_PAGE
from tests.importers.web_pages import BODY, news_page
from tests.importers.web_server import Route, Site, serve

HTML = {"Content-Type": "text/html; charset=utf-8"}
POLISH = (
    "Przywódcy państw grupy G7 ostrzegli Iran przed dostarczaniem Rosji pocisków "
    "balistycznych. Teheran zaprzecza, że przekazał broń, ale zachodnie rządy zapowiadają "
    "nowe sankcje wobec irańskich linii lotniczych i firm żeglugowych."
)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    pages = {
        "/g7.html": Route(body=news_page().encode(), headers=HTML),
        "/nato.html": Route(body=news_page(title="NATO warns Iran", body=BODY[1:]).encode(),
                            headers=HTML),
    }  # fmt: skip
    with serve(pages) as running:
        yield running


def wait_for_import(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.importer.running(), timeout=20000)


def test_import_from_a_web_address(
    window: MainWindow, qtbot: QtBot, site: Site, monkeypatch
) -> None:
    asked = []
    monkeypatch.setattr(dialogs, "ask_web_addresses", lambda parent, suggested: (
        asked.append(suggested) or f"{site.url('/g7.html')}\n  {site.url('/g7.html')} not a link"
    ))  # fmt: skip
    window.main_actions.import_address_action.trigger()
    wait_for_import(qtbot, window)
    project = window.session.project
    [article] = [a for a in project.articles() if a.source_url]
    assert article.source_url == site.url("/g7.html") and article.title.startswith("G7 cautions")
    assert window.hub.current.article_id == article.id  # opened in the reader
    assert BODY[0] in window.reader.view.toPlainText()
    assert "Subscribe to our newsletter" not in window.reader.view.toPlainText()


def test_pasting_a_link_imports_it(window: MainWindow, qtbot: QtBot, site: Site) -> None:
    QGuiApplication.clipboard().setText(f"see {site.url('/nato.html')} please")
    window.reader.view.setFocus()
    window.main_actions.paste_addresses_action.trigger()
    wait_for_import(qtbot, window)
    assert any(a.title == "NATO warns Iran" for a in window.session.project.articles())


def test_dropping_a_link_imports_it(window: MainWindow, qtbot: QtBot, site: Site) -> None:
    data = QMimeData()
    data.setUrls([QUrl(site.url("/nato.html"))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    window.dropEvent(event)
    wait_for_import(qtbot, window)
    assert any(a.source_url == site.url("/nato.html") for a in window.session.project.articles())


def open_properties(window: MainWindow, monkeypatch, choose) -> list[ArticleDialog]:  # type: ignore[no-untyped-def]
    shown = []

    def fake(parent, article, source=None):  # type: ignore[no-untyped-def]
        dialog = ArticleDialog(article, source, parent)
        shown.append(dialog)
        choose(dialog)
        return dialog.result_edit()

    monkeypatch.setattr(dialogs, "edit_article", fake)
    window.main_actions.properties_action.trigger()
    return shown


def test_properties_read_a_page_again_as_the_full_page(
    qtbot: QtBot, tmp_path: Path, monkeypatch
) -> None:
    page = tmp_path / "g7.html"
    page.write_text(news_page(), encoding="utf-8")
    window = make_window(qtbot)
    window.import_paths([page])
    wait_for_import(qtbot, window)
    project = window.session.project
    article = next(a for a in project.articles() if a.source_file == "g7.html")
    window.hub.current.show_article(article.id)

    def full_page(dialog: ArticleDialog) -> None:
        assert dialog.view.isEnabled() and dialog.save_button.isEnabled()
        dialog.view.setCurrentIndex(dialog.view.findData(VIEW_PAGE))

    open_properties(window, monkeypatch, full_page)
    assert project.article(article.id).view == VIEW_PAGE
    assert "Subscribe to our newsletter" in window.reader.view.toPlainText()
    window.main_actions.undo_action.trigger()
    assert project.article(article.id).text == article.text
    assert "Subscribe to our newsletter" not in window.reader.view.toPlainText()

    # Once a passage quotes the text, it cannot be read again (the quote must stay verbatim).
    select_text(window.reader.view, "ballistic missiles")
    press(qtbot, window.reader.view, Qt.Key.Key_1)

    def locked(dialog: ArticleDialog) -> None:
        assert not dialog.view.isEnabled() and "1 passage quotes this text" in dialog.note.text()

    open_properties(window, monkeypatch, locked)
    target = tmp_path / "saved.html"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    open_properties(window, monkeypatch, lambda dialog: dialog.save_button.click())
    assert target.read_bytes() == page.read_bytes()
    window.close()


def test_an_encoding_guess_is_said_and_can_be_changed(
    qtbot: QtBot, tmp_path: Path, monkeypatch, message_boxes: list
) -> None:
    text = "\n\n".join([POLISH, POLISH.replace("G7", "NATO")])
    path = tmp_path / "pl.txt"
    path.write_bytes(text.encode("cp1250"))
    window = make_window(qtbot)
    window.import_paths([path])
    wait_for_import(qtbot, window)
    # Two short paragraphs read about as well in windows-1252: the guess is said, with the
    # encoding it could also be, and the analyst puts it right.
    [note] = [shown for _, shown in message_boxes if "pl.txt" in shown]
    assert "assumed windows-1252" in note and "windows-1250" in note
    project = window.session.project
    article = next(a for a in project.articles() if a.source_file == "pl.txt")
    assert article.text != text

    def central_european(dialog: ArticleDialog) -> None:
        dialog.encoding.setCurrentIndex(dialog.encoding.findData("cp1250"))

    open_properties(window, monkeypatch, central_european)
    assert project.article(article.id).encoding == "cp1250"
    assert project.article(article.id).text == text
    assert "Przywódcy państw" in window.reader.view.toPlainText()
    window.close()


def test_an_article_without_an_original_says_so(window: MainWindow, monkeypatch) -> None:
    def check(dialog: ArticleDialog) -> None:
        assert dialog.save_button.isEnabled() == bool(dialog.article.sha256)

    [dialog] = open_properties(window, monkeypatch, check)
    assert dialog.article.sha256  # the samples keep their originals now
