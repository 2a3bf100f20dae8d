"""The reader's documents of the long articles shown last, kept to switch back to at once.

Setting a 1 MB text makes thousands of text blocks and highlights the screenful, 60-100 ms of
the UI thread; a kept document, still highlighted, is put back in a few milliseconds. Only
long articles' documents are kept (a short text is set again quicker than it is kept), and
only a couple: each holds its text's layout.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont, QPalette, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout

from briefing.gui.highlighter import PassageHighlighter

DOCUMENT_MARGIN = 10  # pixels around the text, inside the reader's page


@dataclass
class KeptDocument:
    text: str  # the text it holds: the article's own string, compared by identity
    document: QTextDocument
    highlighter: PassageHighlighter
    font: QFont  # what it was laid out and highlighted with
    palette: QPalette


def new_document(font: QFont) -> tuple[QTextDocument, PassageHighlighter]:
    """An empty document for the reader, with its highlighter.

    Made without a parent: a QPlainTextEdit deletes a document it parents as soon as it is
    given another, and these are handed back and forth.
    """
    document = QTextDocument()
    document.setDocumentLayout(QPlainTextDocumentLayout(document))
    document.setDocumentMargin(DOCUMENT_MARGIN)
    document.setUndoRedoEnabled(False)
    document.setDefaultFont(font)
    highlighter = PassageHighlighter(document)
    # Attaching schedules a full pass for later; run it now, on the empty document, so that
    # setting an article's text is what highlights it (see `highlight_lazily`).
    highlighter.rehighlight()
    return document, highlighter


class KeptDocuments:
    KEPT = 2

    def __init__(self) -> None:
        self._kept: dict[int, KeptDocument] = {}

    def keep(self, article_id: int, kept: KeptDocument) -> None:
        self._drop(article_id)
        self._kept[article_id] = kept
        while len(self._kept) > self.KEPT:
            self._drop(next(iter(self._kept)))

    def holds(self, article_id: int, text: str) -> bool:
        kept = self._kept.get(article_id)
        return kept is not None and kept.text is text

    def take(self, article_id: int, text: str) -> KeptDocument | None:
        """The article's kept document if it holds this very text (else it is dropped)."""
        kept = self._kept.pop(article_id, None)
        if kept is not None and kept.text is not text:
            self._forget(kept)
            return None
        return kept

    def clear(self) -> None:
        for article_id in list(self._kept):
            self._drop(article_id)

    def __len__(self) -> int:
        return len(self._kept)

    def _drop(self, article_id: int) -> None:
        kept = self._kept.pop(article_id, None)
        if kept is not None:
            self._forget(kept)

    @staticmethod
    def _forget(kept: KeptDocument) -> None:
        release_document(kept.document, kept.highlighter)


def release_document(document: QTextDocument, highlighter: PassageHighlighter) -> None:
    """Let a document go (once the reader shows another)."""
    highlighter.stop()
    document.deleteLater()  # its highlighter is its child
