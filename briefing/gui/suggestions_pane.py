"""The Suggestions pane: sentences that mention a theme's keywords, to accept, trim or reject.

Accepting tags the sentence (one undoable edit, like tagging by hand); rejecting is stored in
the project, so the suggestion never comes back. To accept part of a sentence, "Trim" selects
it in the reader, where the analyst shrinks the selection and presses the theme key as usual.
The reader's faint underline of suggested sentences comes from `SuggestionHints`, which the
window makes at once: the model over the analysis cache follows the project from the start,
while the pane that lists it is made when its tab is first shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QPalette,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefing.analysis.suggestions import Suggestion
from briefing.core.edit import Applied, Edit, Kind
from briefing.core.errors import ProjectError
from briefing.core.project import Project
from briefing.core.tagging import SpanToTag, Tagged, tag_many
from briefing.gui.current import ArticleShown
from briefing.gui.flow_layout import FlowLayout
from briefing.gui.gui_settings import gui_settings, setting_bool
from briefing.gui.hub import Opened, Run
from briefing.gui.idle import IdleWork
from briefing.gui.marks import Hint
from briefing.gui.suggestions_model import SuggestionsChanged, SuggestionsModel
from briefing.gui.suggestions_tree import SuggestionDelegate, SuggestionsTree

SHOW_IN_READER_KEY = "suggestions/show_in_reader"
SHOW_ALL_KEY = "suggestions/show_all"
EMPTY_NO_ARTICLE = "Open an article to see what its sentences suggest."
EMPTY_NONE = (
    "No suggestions here: every sentence that mentions a theme's keywords is tagged or "
    "rejected. Add keywords to themes in the Codebook to get more."
)

HINT_CACHE = 8  # articles whose reader hints are kept, for switching back and forth
# Longer lists scroll by row: scrolling by pixel makes the tree measure every wrapped row
# after each change, and a long article has thousands.
LONG_LIST = 400
EXPAND_SLICE_SECONDS = 0.008  # idle-time expanding of a long list's groups, per turn

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class HintsChanged:
    span: tuple[int, int] | None  # of the open article, in code points; None: all of it


class SuggestionHints(QObject):
    """What the window follows of the suggestions whether or not their pane is made: the
    model (it follows the hub and the open article) and the reader's underlines."""

    # The underlined sentences changed: ask `reader_hints` again (see HintsChanged).
    reader_hints_changed = Signal(HintsChanged)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.coding = True  # the analyst may accept and reject (told by `on_opened`)
        self.model = SuggestionsModel()
        self._hints: dict[int, tuple[tuple[Suggestion, ...], list[Hint]]] = {}
        self.show_in_reader_action = QAction("Show &suggestions in the reader", self)
        self.show_in_reader_action.setCheckable(True)
        self.show_in_reader_action.setChecked(setting_bool(SHOW_IN_READER_KEY, True))
        self.show_in_reader_action.setToolTip(
            "Underline suggested sentences in the reader with a dotted line in the theme colour"
        )
        self.show_in_reader_action.toggled.connect(self._on_show_in_reader)
        self.model.suggestions_changed.connect(self._on_suggestions_changed)

    def on_opened(self, opened: Opened) -> None:
        self.project = opened.project
        # Accepting makes a passage, rejecting a rejection: both are a coder's.
        self.coding = opened.may_change(Kind.PASSAGE) and opened.may_change(Kind.REJECTION)
        self._hints.clear()
        # The first article's text is painted before its suggestions are worked out.
        self.model.set_project(opened.project, first_in_idle=True)

    def on_change(self, applied: Applied) -> None:
        self.model.on_edit(applied.edit)

    def on_article(self, shown: ArticleShown) -> None:
        self.model.set_article(shown.article_id)

    def reader_hints(
        self, article_id: int, start: int | None = None, end: int | None = None
    ) -> list[Hint]:
        """What the reader underlines in an article: its suggestions, unless turned off.

        With `start` and `end`, only the sentences overlapping that span (code points).
        """
        if not self.show_in_reader_action.isChecked() or self.project is None:
            return []
        try:
            if start is not None and end is not None:
                found = self.model.suggestions_in(article_id, start, end)
                return [_hint(s) for s in found]
            found = self.model.suggestions_of(article_id)
        except ProjectError:
            return []
        # Switching back to an article asks for the same thousands of hints again: keep them.
        cached = self._hints.pop(article_id, None)
        if cached is None or cached[0] is not found:
            cached = (found, [_hint(s) for s in found])
        self._hints[article_id] = cached  # the most recent last
        while len(self._hints) > HINT_CACHE:
            del self._hints[next(iter(self._hints))]
        return list(cached[1])

    def _on_show_in_reader(self, shown: bool) -> None:
        gui_settings().setValue(SHOW_IN_READER_KEY, shown)
        self.reader_hints_changed.emit(HintsChanged(None))

    def _on_suggestions_changed(self, update: SuggestionsChanged) -> None:
        article_id = self.model.article_id
        if article_id is not None and article_id in update.spans:
            self.reader_hints_changed.emit(HintsChanged(update.spans[article_id]))


class SuggestionsPane(QWidget):
    # Show a suggestion in the reader: article id, start, end, and whether to focus the reader.
    jump_requested = Signal(int, int, int, bool)
    message = Signal(str)  # a status-bar note

    def __init__(
        self, run: Run, hints: SuggestionHints | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.run = run
        self.hints = hints if hints is not None else SuggestionHints(self)
        self.model = self.hints.model
        self._expand_when_shown = False
        self._groups_to_open: list[int] = []  # theme rows still to expand, last first
        self._opener = IdleWork(self._open_next_group, EXPAND_SLICE_SECONDS, self)

        self.show_in_reader_action = self.hints.show_in_reader_action
        self.accept_action = self._action("&Accept", "Tag the sentence (Enter or A)", self.accept)
        self.reject_action = self._action(
            "&Reject", "Never suggest this sentence for this theme again (Delete or R)", self.reject
        )
        self.trim_action = self._action(
            "&Trim…",
            "Select the sentence in the reader: shrink the selection, then press the theme's "
            "number (T)",
            lambda: self.trim(),
        )
        self.accept_all_action = self._action(
            "Accept a&ll", "Tag every listed suggestion of this theme (Shift+A)", self.accept_all
        )

        self.all_articles = QCheckBox("Show all articles")
        self.all_articles.setToolTip("List the suggestions of every article, not only the open one")
        self.all_articles.setChecked(setting_bool(SHOW_ALL_KEY, False))
        self.model.set_show_all(self.all_articles.isChecked())
        self.underline = QCheckBox("Underline in reader")
        self.underline.setToolTip(self.show_in_reader_action.toolTip())
        self.underline.setChecked(self.show_in_reader_action.isChecked())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.tree = SuggestionsTree()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Suggestions")
        self.tree.setHeaderHidden(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setWordWrap(True)
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.delegate = SuggestionDelegate(self.tree)
        self.delegate.show_source = self.all_articles.isChecked()
        self.tree.setItemDelegate(self.delegate)

        # Rows that wrap, so the pane stays narrow on small screens and with large fonts.
        buttons = FlowLayout()
        for made in (self.accept_action, self.trim_action, self.reject_action):
            button = QToolButton()
            button.setDefaultAction(made)
            buttons.addWidget(button)
        self.accept_all_button = QToolButton()
        self.accept_all_button.setDefaultAction(self.accept_all_action)
        buttons.addWidget(self.accept_all_button)

        top = FlowLayout(spacing=12)
        top.addWidget(self.all_articles)
        top.addWidget(self.underline)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)

        self.all_articles.toggled.connect(self._on_scope_toggled)
        self.underline.toggled.connect(self.show_in_reader_action.setChecked)
        self.show_in_reader_action.toggled.connect(self.underline.setChecked)
        self.tree.accept_pressed.connect(self.accept)
        self.tree.reject_pressed.connect(self.reject)
        self.tree.trim_pressed.connect(lambda: self.trim())
        self.tree.accept_all_pressed.connect(self.accept_all)
        self.tree.doubleClicked.connect(self._on_double_clicked)
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        self.model.modelReset.connect(self._after_reset)
        self.model.rowsInserted.connect(self._on_rows_inserted)
        self.model.rowsRemoved.connect(self._update_state)
        self.model.suggestions_changed.connect(self._on_suggestions_changed)
        self._after_reset()

    @property
    def project(self) -> Project | None:
        return self.hints.project

    @property
    def coding(self) -> bool:
        return self.hints.coding

    def _action(self, text: str, tip: str, slot: Callable[[], object]) -> QAction:
        made = QAction(text, self)
        made.setToolTip(tip)
        made.setStatusTip(tip)
        made.triggered.connect(slot)
        return made

    def current_suggestion(self) -> Suggestion | None:
        return self.model.suggestion(self.tree.currentIndex())

    # ----- verdicts -------------------------------------------------------------------------------

    def accept(self) -> None:
        """Tag the current suggestion's sentence with its theme."""
        self._verdict(
            lambda project, s: project.tag(s.article_id, s.start, s.end, [s.theme_id]),
            "Tagged 1 passage as {name} - Ctrl+Z to undo",
        )

    def reject(self) -> None:
        """Never propose the current suggestion again."""
        self._verdict(
            lambda project, s: project.reject_suggestion(*s.key),
            "Rejected the suggestion for {name}; it will not come back - Ctrl+Z to undo",
        )

    def _verdict(self, operation: Callable[[Project, Suggestion], Edit], announce: str) -> None:
        suggestion = self.current_suggestion()
        project = self.project
        if suggestion is None or project is None:
            self.message.emit("Choose a suggested sentence first")
            return
        name = project.theme(suggestion.theme_id).name
        edit = self.run(lambda: operation(project, suggestion), announce.format(name=name))
        if edit:
            self._after_verdict(suggestion)

    def accept_all(self) -> None:
        """Tag every listed suggestion of the current theme, as one undoable edit."""
        theme_id = self.model.theme_id(self.tree.currentIndex())
        project = self.project
        if theme_id is None or project is None:
            self.message.emit("Choose a theme (or one of its suggestions) first")
            return
        chosen = self.model.in_theme(theme_id)
        if not chosen:
            self.message.emit("No suggestions to accept for this theme")
            return
        name = project.theme(theme_id).name
        spans = [SpanToTag(s.article_id, s.start, s.end, (s.theme_id,)) for s in chosen]
        done: list[Tagged] = []

        def accept() -> Edit:
            done.append(tag_many(project, spans, f"Accept {len(chosen)} suggestions for {name}"))
            return done[0].edit

        self.run(accept)
        if done:
            self.message.emit(f"{done[0].summary(name)} - Ctrl+Z to undo")
        self.model.flush()
        self._update_state()

    def trim(self, focus: bool = True) -> None:
        """Select the suggestion in the reader, to shrink and tag with the theme key."""
        suggestion = self.current_suggestion()
        if suggestion is None:
            self.message.emit("Choose a suggested sentence first")
            return
        self.jump_requested.emit(suggestion.article_id, suggestion.start, suggestion.end, focus)
        if focus and self.project is not None:
            number = [t.id for t in self.project.themes()].index(suggestion.theme_id) + 1
            key = f"press {number}" if number <= 9 else "use Tag"
            name = self.project.theme(suggestion.theme_id).name
            self.message.emit(f"Shrink the selection (Shift+arrows), then {key} to tag as {name}")

    def _after_verdict(self, suggestion: Suggestion) -> None:
        # Take the row away now (not after the debounce) and go on to the next one.
        self.model.flush()
        self.tree.setFocus()  # after a button too: the keys go on triaging the list
        following = self.model.nearest(
            suggestion.theme_id, (suggestion.article_id, suggestion.start, suggestion.end)
        )
        if following.isValid():
            self._make_current(following)
        self._update_state()

    # ----- reactions ------------------------------------------------------------------------------

    def _make_current(self, index: QModelIndex) -> None:
        self.tree.expand(index.parent())
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.tree.scrollTo(index)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_state()
        # Show it in context, keeping the keyboard here; but only while the analyst works in
        # the list: a row that moves because a passage was tagged in the reader must not
        # pull the reader away.
        if self.model.suggestion(current) is not None and self.tree.hasFocus():
            self.trim(focus=False)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if self.model.suggestion(index) is None:
            self.tree.setExpanded(index, not self.tree.isExpanded(index))
        else:
            self.trim(focus=True)

    def _on_scope_toggled(self, show_all: bool) -> None:
        self.delegate.show_source = show_all
        gui_settings().setValue(SHOW_ALL_KEY, show_all)
        self.model.set_show_all(show_all)

    def _on_suggestions_changed(self, _update: SuggestionsChanged) -> None:
        if self.model.show_all:
            self._update_state()  # the count of articles still being worked out

    def _fit_scroll_mode(self) -> None:
        mode = (
            QAbstractItemView.ScrollMode.ScrollPerItem
            if self.model.total() > LONG_LIST
            else QAbstractItemView.ScrollMode.ScrollPerPixel
        )
        if self.tree.verticalScrollMode() != mode:
            self.tree.setVerticalScrollMode(mode)

    def _after_reset(self) -> None:
        self._fit_scroll_mode()  # before expanding: that lays the rows out
        # Expanding lays out every row, and a long article has thousands: while the tab is
        # hidden, leave it to the moment it is shown.
        if self.tree.isVisible():
            self._open_groups()
        else:
            self._expand_when_shown = True
        self._update_state()

    def showEvent(self, event: QShowEvent) -> None:
        if self._expand_when_shown:
            self._expand_when_shown = False
            self._fit_scroll_mode()
            self._open_groups()
        super().showEvent(event)

    def _open_groups(self) -> None:
        """Expand every theme group: a short list at once; a long one (a 1 MB article has
        tens of thousands of suggestions) the first group now and the others in idle slices,
        since expanding lays out each of a group's rows."""
        self._opener.stop()
        if self.model.total() <= LONG_LIST:
            self._groups_to_open = []
            self.tree.expandAll()
            return
        self._groups_to_open = list(reversed(range(self.model.rowCount())))
        if self._open_next_group():
            self._opener.start()

    def _open_next_group(self) -> bool:
        while self._groups_to_open:
            row = self._groups_to_open.pop()
            group = self.model.index(row, 0)
            if group.isValid() and self.model.rowCount(group):
                self.tree.expand(group)
                break
        return bool(self._groups_to_open)

    def _on_rows_inserted(self, parent: QModelIndex, _first: int, _last: int) -> None:
        if parent.isValid():
            self.tree.expand(parent)
        self._update_state()

    def _update_state(self, *_args: object) -> None:
        total = self.model.total()
        if self.project is None:
            text = "No project open."
        elif not self.model.scope():
            text = EMPTY_NO_ARTICLE if not self.model.show_all else "No articles yet."
        elif total == 0:
            text = EMPTY_NONE
        else:
            where = "in all articles" if self.model.show_all else "in this article"
            noun = "suggestion" if total == 1 else "suggestions"
            text = f"{total} {noun} {where}: Enter accepts, R rejects, T trims in the reader."
        to_go = self.model.articles_to_go()
        if to_go and self.project is not None:
            text = f"Working out suggestions: {to_go} articles to go, {total} found so far…"
        elif self.project is not None and self.model.preparing_in_scope():
            text = "Working out the suggestions of this article…"
        self.summary.setText(text)
        self._fit_scroll_mode()
        index = self.tree.currentIndex()
        chosen = self.model.suggestion(index) is not None and self.coding
        for made in (self.accept_action, self.reject_action, self.trim_action):
            made.setEnabled(chosen)
        theme_id = self.model.theme_id(index)
        count = self.model.count_in_theme(theme_id) if theme_id is not None else 0
        self.accept_all_action.setEnabled(count > 0 and self.coding)
        if theme_id is not None and self.project is not None and count:
            name = self.project.theme(theme_id).name
            self.accept_all_action.setText(f"Accept all for {name} ({count})")
        else:
            self.accept_all_action.setText("Accept all")


def _hint(suggestion: Suggestion) -> Hint:
    return Hint(
        suggestion.start, suggestion.end, suggestion.theme_id, ", ".join(suggestion.matched)
    )
