"""Article > Properties: the analyst's metadata, and the source's chain of custody.

The custody part says where the text came from (file or address, after redirects), when, the
SHA-256 of the exact bytes kept in the project and which reader made the text. It can save the
original to a file, and read it again another way (a web page's full page instead of its
article body, a text file in another encoding) while no passage quotes the text.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefing.core.grading import RELIABILITY
from briefing.core.records import Article
from briefing.gui.dialogs import ok_cancel
from briefing.importers.encoding import encoding_label
from briefing.importers.options import VIEW_ARTICLE, VIEW_PAGE, ReadOptions

# Encodings offered when the analyst reads a text source again, after the one it was read in.
ENCODINGS = (
    "utf-8", "cp1252", "cp1250", "cp1251", "koi8-r", "cp1256", "cp1253", "cp1254", "cp1255",
    "cp1257", "latin-1", "iso8859-2", "cp932", "euc_jp", "gb18030", "big5", "euc_kr",
)  # fmt: skip
_WEB_SUFFIXES = (".html", ".htm", ".xhtml", ".mhtml", ".mht")


@dataclass(frozen=True, slots=True)
class SourceAccess:
    """What the dialog may know beyond the article record."""

    original: Callable[[], bytes | None]  # the kept bytes, read when needed
    passages: int  # how many passages quote the text (reading again needs none)


@dataclass(frozen=True, slots=True)
class ArticleEdit:
    fields: dict[str, str | None]
    reread: ReadOptions | None = None  # read the original again this way


class ArticleDialog(QDialog):
    def __init__(
        self, article: Article, source: SourceAccess | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Article properties")
        self.article = article
        self.source = source or SourceAccess(lambda: None, 0)
        self.title = QLineEdit(article.title)
        self.outlet = QLineEdit(article.outlet)
        self.author = QLineEdit(article.author)
        self.published = QLineEdit(article.published or "")
        self.published.setPlaceholderText("YYYY-MM-DD")
        self.reliability = QComboBox()
        for grade, meaning in RELIABILITY.items():
            self.reliability.addItem(f"{grade} – {meaning}", grade)
        self.reliability.setCurrentIndex(self.reliability.findData(article.reliability))
        self.reliability.setToolTip("Source reliability on the Admiralty (NATO) scale")
        self.title.setMinimumWidth(380)
        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("&Outlet:", self.outlet)
        form.addRow("&Author:", self.author)
        form.addRow("&Date:", self.published)
        form.addRow("&Reliability:", self.reliability)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._custody_box())
        layout.addWidget(ok_cancel(self))

    # ----- the chain of custody -------------------------------------------------------------

    def _custody_box(self) -> QGroupBox:
        article = self.article
        box = QGroupBox("Source")
        form = QFormLayout(box)
        if article.source_url:
            where = article.final_url or article.source_url
            form.addRow("Address:", _selectable(where))
            if article.final_url and article.final_url != article.source_url:
                form.addRow("Asked for:", _selectable(article.source_url))
        if article.source_file:
            form.addRow("File:", _selectable(article.source_file))
        verb = "Retrieved:" if article.source_url else "Imported:"
        form.addRow(verb, QLabel(_when(article.retrieved or article.imported_at)))
        if article.sha256:
            form.addRow("SHA-256:", _selectable(article.sha256))
            form.addRow("Size:", QLabel(f"{article.original_size:,} bytes"))
        if article.reader:
            form.addRow("Read by:", QLabel(article.reader))
        if article.pages:
            form.addRow("Pages:", QLabel(str(len(article.pages))))
        self.view = QComboBox()
        self.view.addItem("The article body (navigation and footers left out)", VIEW_ARTICLE)
        self.view.addItem("The full page", VIEW_PAGE)
        self.view.setCurrentIndex(self.view.findData(article.view or VIEW_ARTICLE))
        self.encoding = QComboBox()
        for name in dict.fromkeys([article.encoding, *ENCODINGS]) if article.encoding else ():
            self.encoding.addItem(encoding_label(name), name)
        if _is_web_page(article):
            form.addRow("&Text:", self.view)
        if article.encoding:
            form.addRow("&Encoding:", self.encoding)
        self.save_button = QPushButton("&Save original…")
        self.save_button.setToolTip("Write the exact bytes this article was read from to a file")
        self.save_button.clicked.connect(self.save_original)
        form.addRow("", self.save_button)
        self.note = QLabel(self._reading_note())
        self.note.setWordWrap(True)
        form.addRow(self.note)
        can_read_again = bool(article.sha256) and self.source.passages == 0
        self.view.setEnabled(can_read_again)
        self.encoding.setEnabled(can_read_again)
        self.save_button.setEnabled(bool(article.sha256))
        return box

    def _reading_note(self) -> str:
        if not self.article.sha256:
            return "The original was not kept: this article was imported before projects kept " \
                "the files and pages their articles come from."  # fmt: skip
        count = self.source.passages
        if count:
            noun = "passage quotes" if count == 1 else "passages quote"
            return (f"{count} {noun} this text, so it cannot be read again another way; delete "
                    "them first to do so (Ctrl+Z brings them back).")  # fmt: skip
        return "Choose how to read the original again if its text came out wrong."

    def save_original(self) -> None:
        data = self.source.original()
        if data is None:
            QMessageBox.warning(self, "Save original", "The project no longer holds this "
                                "article's original, or it is damaged.")  # fmt: skip
            return
        name = self.article.source_file or "original"
        target, _ = QFileDialog.getSaveFileName(self, "Save original", str(Path.home() / name))
        if not target:
            return
        try:
            _write_atomically(Path(target), data)
        except OSError as error:
            QMessageBox.warning(self, "Save original", f"{target}: could not be written "
                                f"({error.strerror or error})")  # fmt: skip

    # ----- results --------------------------------------------------------------------------

    def fields(self) -> dict[str, str | None]:
        return {
            "title": self.title.text().strip(),
            "outlet": self.outlet.text().strip(),
            "author": self.author.text().strip(),
            "published": self.published.text().strip() or None,
            "reliability": self.reliability.currentData(),
        }

    def reread(self) -> ReadOptions | None:
        """How to read the original again, if the analyst chose another way."""
        article = self.article
        view = str(self.view.currentData()) if _is_web_page(article) else article.view
        encoding = str(self.encoding.currentData() or article.encoding)
        if view == article.view and encoding == article.encoding:
            return None
        return ReadOptions(view=view, encoding=encoding)

    def result_edit(self) -> ArticleEdit:
        return ArticleEdit(self.fields(), self.reread())


def _is_web_page(article: Article) -> bool:
    return article.source_file.lower().endswith(_WEB_SUFFIXES)


def _selectable(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


def _when(stamp: str) -> str:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp or "unknown"
    return f"{moment.astimezone():%d %B %Y, %H:%M} ({moment:%Y-%m-%d %H:%M} UTC)"


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
