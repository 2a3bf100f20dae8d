"""Other reports of the selected passage: linked corroborations, and candidates to add.

Shown under the passages tree. The candidates come from the project's corroboration index,
which its file keeps up to date with every import and removal (`IndexCache`); while an
incomplete one is completed in idle moments, the panel says how far it is. Adding a candidate
stores a corroborating passage (undoable).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterator

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from briefing.analysis.corroboration import Cluster, CorroborationIndex, Match
from briefing.analysis.support import SUGGESTED_CREDIBILITY, Support, report_origin, support_of
from briefing.core.claim_index import MemoryClaims, Span
from briefing.core.edit import Applied, Kind
from briefing.core.errors import ProjectError
from briefing.core.grading import CREDIBILITY
from briefing.core.project import Project
from briefing.core.records import Article, Passage
from briefing.gui.current import Current, PassageChosen
from briefing.gui.hub import Opened, Run
from briefing.gui.idle import IdleWork, soon

log = logging.getLogger(__name__)

Fingerprint = tuple[tuple[int, str], ...]

SYNC_BUILD_CHARS = 400_000  # below this much text, building the index takes a blink
SLICE_SECONDS = 0.004  # of index building between two turns of the event loop
COMPLETE_STEP = 4  # articles brought into a project file's index per step (one transaction)
WATCH_MS = 100  # how often a completion in the background is asked how far it is
SETTLE_WAIT_SECONDS = 0.03  # waited for the opening's checks before asking again later
# Of asking the index about the passage shown, between two turns of the event loop (a lookup
# is one to four such slices). It is urgent idle work: other idle work waits for it, so the
# answer comes first and a turn holds this slice alone (the others' slices added up to 70 ms).
LOOKUP_SLICE_SECONDS = 0.02
CANDIDATES = 8
QUOTE_CHARS = 220
ORIGIN_CHARS = 40  # an unattributed report's origin is its outlet, or its whole title


class IndexCache(QObject):
    """The corroboration index of the open project, as the panel asks it.

    A project file keeps its index up to date with every edit, so it is there as soon as the
    project opens. One that is not complete (a project from before the index, or whose index
    was damaged) is completed in a process of the store's while `progress` says how far it is
    (where the index cannot do that, in idle moments a few articles at a time). A project
    without a file is indexed in memory, again when its articles change: a small one at once,
    a large one in idle moments."""

    ready = Signal()  # a background build finished: ask `get` again
    progress = Signal(int, int)  # articles indexed, of all

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._stored: CorroborationIndex | None = None
        self._fingerprint: Fingerprint | None = None
        self._index: CorroborationIndex | None = None
        self._building: Fingerprint | None = None
        self._steps: Iterator[MemoryClaims | None] | None = None
        self._by_id: dict[int, Article] = {}
        self._completing = False
        self._work = IdleWork(self._step, SLICE_SECONDS, self)
        self._watch = QTimer(self)  # a completion in the background, while it works
        self._watch.setInterval(WATCH_MS)
        self._watch.timeout.connect(self._watch_completion)
        self._settling = QTimer(self)  # the checks of a project just opened, while they work
        self._settling.setInterval(WATCH_MS)
        self._settling.timeout.connect(self._watch_settling)

    def get(self, project: Project) -> CorroborationIndex | None:
        """The index over the project's articles, or None while it is being built."""
        if project is not self._project:
            self._project, self._stored, self._completing = project, None, False
            self._work.stop()
            self._watch.stop()
            self._settling.stop()
            self._steps = self._building = self._fingerprint = self._index = None
        if not project.backend.settled(SETTLE_WAIT_SECONDS):
            # The file opened before all of it was checked, and the index is told whether it
            # was found sound by those checks: asked later rather than the window waiting.
            self._settling.start()
            return None
        source = project.backend.claims()
        if source is None:
            return self._in_memory(project)
        if self._stored is None or self._stored.source is not source:
            self._stored = CorroborationIndex(source, project.article)
        if source.missing():
            if not self._completing:
                self._completing = True
                if source.complete():
                    self._watch.start()
                else:
                    self._work.start()
            return None
        return self._stored

    def building(self) -> bool:
        return self._steps is not None or self._completing or self._settling.isActive()

    def _watch_settling(self) -> None:
        project = self._project
        if project is None or project.backend.settled():
            self._settling.stop()
            if project is not None:
                self.get(project)  # a completion it needs starts now
            self.ready.emit()

    def _in_memory(self, project: Project) -> CorroborationIndex | None:
        articles = project.articles()
        fingerprint = tuple((a.id, a.content_hash) for a in articles)
        if fingerprint == self._fingerprint:
            return self._index
        if sum(len(a.text) for a in articles) <= SYNC_BUILD_CHARS:
            self._fingerprint, self._index = fingerprint, CorroborationIndex.build(articles)
            return self._index
        if self._building != fingerprint:
            self._building = fingerprint
            self._by_id = {a.id: a for a in articles}
            self._steps = MemoryClaims.build_steps(articles)
            self._work.start()
        return None

    def _step(self) -> bool:
        """One step of the build; whether there is more to do."""
        try:
            return self._complete_stored() if self._completing else self._build_in_memory()
        except Exception:  # a bug in the analysis must not leave the panel waiting forever
            log.exception("Building the corroboration index failed")
            self._steps = self._building = None
            self._completing = False
            return False

    def _watch_completion(self) -> None:
        project = self._project
        if project is None or not self._completing:
            self._watch.stop()
            return
        source = project.backend.claims()
        # Asked in this order, a completion that has just ended has its last batch counted.
        working = source is not None and source.completing()
        left = source.missing() if source is not None else 0
        total = project.article_count()
        self.progress.emit(total - left, total)
        if not left:
            self._watch.stop()
            self._completing = False
            self.ready.emit()
        elif not working:
            log.warning("The corroboration index is completed in idle moments instead")
            self._watch.stop()
            self._work.start()  # it stopped short (an error, on its stderr): the slow way

    def _complete_stored(self) -> bool:
        project = self._project
        if project is None:
            self._completing = False
            return False
        left = project.backend.index_claims(COMPLETE_STEP)
        total = len(project.articles())
        self.progress.emit(total - left, total)
        if left:
            return True
        self._completing = False
        self.ready.emit()
        return False

    def _build_in_memory(self) -> bool:
        if self._steps is None:
            return False
        claims = next(self._steps)
        if claims is None:
            return True
        self._fingerprint = self._building
        self._index = CorroborationIndex(claims, self._by_id.__getitem__)
        self._steps = self._building = None
        self.ready.emit()
        return False


def passage_origin(project: Project, passage: Passage) -> str:
    return report_origin(project.article(passage.article_id), passage.quote)


def claim_support(project: Project, cluster: Cluster, linked: list[Passage]) -> Support:
    """Reports and independent origins: the index's matches plus the linked passages."""
    members = [(m.article_id, m.origin) for m in cluster.members]
    members += [(p.article_id, passage_origin(project, p)) for p in linked]
    return support_of(members)


class CorroborationPanel(QWidget):
    passage_activated = Signal(int)  # "Show": open a linked passage in the reader

    def __init__(self, run: Run, current: Current, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.run = run
        self.current_passage = current  # the owner of the passage shown
        self.cache = IndexCache(self)
        self.cache.ready.connect(self.refresh)
        self.cache.progress.connect(self._show_progress)
        self._indexed: tuple[int, int] | None = None  # articles indexed so far, of all
        self._pending = soon(self, self.refresh)
        # Asking the index about a passage not seen before takes tens of milliseconds in a
        # big project: it is asked in idle moments, a step at a time, never while a tag or
        # an undo is being shown; the answers are shown when they are known.
        self._looking_for: tuple[CorroborationIndex, Span] | None = None
        self._look_steps: Iterator[None] | None = None
        self._lookup = IdleWork(self._look_step, LOOKUP_SLICE_SECONDS, self, urgent=True)

        self.heading = QLabel("<b>Also reported by</b>")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.hint = QWidget()
        hint_layout = QVBoxLayout(self.hint)  # the button under the text: the pane stays narrow
        hint_layout.setContentsMargins(0, 0, 0, 0)
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.grade_hint_button = QPushButton(
            f"Suggest credibility {SUGGESTED_CREDIBILITY} ({CREDIBILITY[SUGGESTED_CREDIBILITY]})"
        )
        self.grade_hint_button.setToolTip(
            "Independent origins report the same claim; grading it is your call (Ctrl+Z undoes)"
        )
        self.grade_hint_button.clicked.connect(lambda: self.set_credibility(SUGGESTED_CREDIBILITY))
        hint_layout.addWidget(self.hint_label)
        hint_layout.addWidget(self.grade_hint_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.rows = QWidget()
        self.rows_layout = QVBoxLayout(self.rows)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(6)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setWidget(self.rows)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.hint)
        layout.addWidget(self.scroller, 1)
        self.add_buttons: list[QPushButton] = []  # one per candidate, in order (for tests)
        self.coding = True  # the analyst may change passages (told by `on_opened`)
        self.refresh()

    # ----- input ------------------------------------------------------------------------------

    @property
    def passage_id(self) -> int | None:
        return self.current_passage.passage_id

    def on_opened(self, opened: Opened) -> None:
        self.project = opened.project
        self.coding = opened.may_change(Kind.PASSAGE)  # may add reports and grade them
        self.grade_hint_button.setEnabled(self.coding)
        self.schedule()

    def on_change(self, _applied: Applied) -> None:
        self.schedule()  # any edit may change what the panel shows: once per burst

    def on_passage(self, _chosen: PassageChosen) -> None:
        # A passage chosen by an edit (a tag, an undo) is shown with the edit's refresh, once
        # the window has painted the edit: rebuilding the rows relays out the whole side
        # pane, 2-4 ms a tag or an undo need not wait. One chosen by the analyst, at once.
        if not self._pending.isActive():
            self.refresh()

    def looking(self) -> bool:
        """Whether the index is still to be asked about the passage shown."""
        return self._look_steps is not None or self._pending.isActive()

    def schedule(self) -> None:
        """Refresh once the current burst of model signals is over."""
        self._pending.start()

    # ----- actions ----------------------------------------------------------------------------

    def add_corroboration(self, match: Match) -> None:
        passage_id, project, run = self.passage_id, self.project, self.run
        if passage_id is None or project is None:
            return
        run(lambda: project.corroborate(passage_id, match.article_id, match.start, match.end))
        self.refresh()

    def set_credibility(self, grade: int) -> None:
        passage_id, project, run = self.passage_id, self.project, self.run
        if passage_id is None or project is None:
            return
        run(lambda: project.set_credibility(passage_id, grade))
        self.refresh()

    # ----- showing ----------------------------------------------------------------------------

    def current(self) -> Passage | None:
        if self.project is None or self.passage_id is None:
            return None
        try:
            return self.project.passage(self.passage_id)
        except ProjectError:
            return None

    def refresh(self) -> None:
        """Show the current passage's reports: at once if the index knows them, else once it
        has been asked (in idle moments)."""
        self._pending.stop()
        self._clear_rows()
        self.hint.hide()
        passage = self.current()
        if passage is None or self.project is None:
            self._say("Select a passage to see other reports of its claim.", muted=True)
            return
        project = self.project
        linked = project.corroborators(passage.id)
        index = self.cache.get(project)
        span = (passage.article_id, passage.start, passage.end)
        if index is None or not index.knows(*span):
            self._say(self._looking_text(index), muted=True)
            self._show_links(project, passage, linked)
            if index is not None:
                self._look_for(index, span)
            return
        self._stop_looking()
        cluster, found = index.support(*span), index.lookup(*span, CANDIDATES)
        support = claim_support(project, cluster, linked)
        others = support.reports - 1
        origins = ", ".join(html.escape(_elide(o, ORIGIN_CHARS)) for o in support.origins)
        count = len(support.origins)
        if others:
            self._say(
                f"<b>{support.reports} reports</b>, {count} independent "
                f"origin{'s' if count != 1 else ''} ({origins})"
            )
        else:
            self._say("No other article reports this claim yet.", muted=True)
        self.summary.setToolTip(
            "Origins: " + "; ".join(support.origins) + "\n\nReports count articles; origins "
            "count whom the claim comes from: two articles that both cite Reuters are two "
            "reports of one origin."
        )
        if support.suggests_grade(passage.credibility):
            self.hint_label.setText(
                f"Reported by {count} independent origins; now graded {passage.credibility} "
                f"({CREDIBILITY[passage.credibility]})."
            )
            self.hint.show()
        self._show_links(project, passage, linked)
        taken = [(p.article_id, p.start, p.end) for p in linked]
        if passage.corroborates is not None:
            original = project.passage(passage.corroborates)
            taken.append((original.article_id, original.start, original.end))
        matches = [
            m
            for m in found
            if not any(a == m.article_id and s < m.end and e > m.start for a, s, e in taken)
        ]
        if matches:
            self._add_caption("Candidates")
        for match in matches:
            self._add_candidate(project, match)
        self.rows_layout.addStretch(1)

    def _looking_text(self, index: CorroborationIndex | None) -> str:
        if index is None and self._indexed is not None and self.cache.building():
            done, total = self._indexed
            return f"Indexing the articles for other reports: {done:,} of {total:,}…"
        return "Looking for other reports…"

    def _show_progress(self, done: int, total: int) -> None:
        self._indexed = (done, total)
        if self.current() is not None and self.summary.text().startswith(("Indexing", "Looking")):
            self._say(self._looking_text(None), muted=True)

    def _look_for(self, index: CorroborationIndex, span: Span) -> None:
        """Ask the index about a span in idle moments (going on if it is being asked)."""
        if self._looking_for == (index, span):
            return
        self._looking_for = (index, span)
        self._look_steps = index.prepare(*span)
        self._lookup.start()

    def _stop_looking(self) -> None:
        self._lookup.stop()
        self._looking_for = self._look_steps = None

    def _look_step(self) -> bool:
        steps = self._look_steps
        if steps is None:
            return False
        try:
            next(steps)
            return True
        except StopIteration:
            pass
        except Exception:  # a bug in the analysis must not leave the panel looking forever
            log.exception("Asking the corroboration index failed")
        self._stop_looking()
        # Known now (or, after a failure, asked again at once): shown in a turn of the event
        # loop of its own, not at the end of this slice (its rows take a few milliseconds).
        self.schedule()
        return False

    def _say(self, text: str, muted: bool = False) -> None:
        self.summary.setText(html.escape(text) if muted else text)
        self.summary.setForegroundRole(
            QPalette.ColorRole.PlaceholderText if muted else QPalette.ColorRole.WindowText
        )

    def _show_links(self, project: Project, passage: Passage, linked: list[Passage]) -> None:
        if passage.corroborates is not None:
            try:
                original = project.passage(passage.corroborates)
            except ProjectError:
                original = None
            if original is not None:
                self._add_caption("Corroborates")
                self._add_linked(project, original)
        if linked:
            self._add_caption("Linked reports")
            for other in linked:
                self._add_linked(project, other)

    def _add_caption(self, text: str) -> None:
        label = QLabel(text)
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        self.rows_layout.addWidget(label)

    def _add_linked(self, project: Project, other: Passage) -> None:
        article = project.article(other.article_id)
        meta = (
            f"{_source(article)} · origin: {_elide(passage_origin(project, other), ORIGIN_CHARS)}"
        )
        button = QPushButton("Show")
        button.setToolTip("Show this passage in the reader")
        button.clicked.connect(lambda _=False, p=other.id: self.passage_activated.emit(p))
        self._add_row(f"↳ “{_short(other.quote)}”", meta, button)

    def _add_candidate(self, project: Project, match: Match) -> None:
        article = project.article(match.article_id)
        origin = _elide(match.origin, ORIGIN_CHARS)
        meta = f"{_source(article)} · origin: {origin} · {round(match.score * 100)}% match"
        button = QPushButton("Add as corroboration")
        button.setEnabled(self.coding)
        button.setToolTip(
            "Tag this sentence in its article as a corroborating report, with the same themes"
        )
        button.clicked.connect(lambda _=False, m=match: self.add_corroboration(m))
        self.add_buttons.append(button)
        self._add_row(f"“{_short(match.text)}”", meta, button)

    def _add_row(self, quote: str, meta: str, button: QPushButton) -> None:
        row = QFrame()
        row.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(row)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        text = QLabel(quote)  # verbatim: plain text, never read as markup
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        info = QLabel(meta)
        info.setTextFormat(Qt.TextFormat.PlainText)
        info.setWordWrap(True)
        info.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        line = QHBoxLayout()
        line.addWidget(info, 1)
        button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        line.addWidget(button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addWidget(text)
        layout.addLayout(line)
        self.rows_layout.addWidget(row)

    def _clear_rows(self) -> None:
        self.add_buttons = []
        while self.rows_layout.count():
            item = self.rows_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()


def _source(article: Article) -> str:
    return f"{article.title} ({article.outlet})" if article.outlet else article.title


def _short(text: str) -> str:
    return _elide(" ".join(text.split()), QUOTE_CHARS)


def _elide(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
