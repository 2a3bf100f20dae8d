"""The main window: Articles | Reader | side tabs (Passages, Suggestions, Codebook, Settings,
Briefing). It holds the layout and the wiring; what the actions do lives in `commands`,
`project_lifecycle`, `importing`, `codebook_exchange` and `project_exchange`, the actions in
`window_actions`.

All signal wiring is in `_connect`, so the flow of data can be read in one place: every view
follows the hub (`opened`, `changed`) and the owner of the current article and passage
(`article_changed`, `passage_changed`); gestures go to the hub or to that owner. The side
panes other than Passages are made when first shown or asked for (`side_tabs`): each is wired
where it is made (the `_make_...` methods after `_connect`) and starts from what the hub
shows then, as if it had followed it from the start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QByteArray, QMimeData, Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QWidget,
)

from briefing.core.edit import Applied, Kind, Origin, ThemeChange
from briefing.gui.about import APP_TITLE, show_about
from briefing.gui.articles_model import ArticlesModel
from briefing.gui.articles_pane import ArticlesPane
from briefing.gui.big_edits import BigEdits
from briefing.gui.codebook_exchange import CodebookExchange
from briefing.gui.codebook_model import CodebookModel
from briefing.gui.codebook_pane import CodebookPane
from briefing.gui.commands import Commands
from briefing.gui.gui_settings import gui_settings, setting_bool, setting_int
from briefing.gui.hub import Opened, ProjectHub, View
from briefing.gui.idle import soon
from briefing.gui.importing import Importer, addresses_in
from briefing.gui.index_builder import IndexBuilder, IndexProgress
from briefing.gui.index_merger import IndexMerger
from briefing.gui.passages_model import PassagesModel
from briefing.gui.passages_pane import PassagesPane
from briefing.gui.project_exchange import ProjectExchange
from briefing.gui.project_lifecycle import ProjectLifecycle
from briefing.gui.reader import Reader
from briefing.gui.session import Session
from briefing.gui.side_tabs import SideTabs
from briefing.gui.suggestions_pane import SuggestionHints
from briefing.gui.warm_up import WarmUp
from briefing.gui.window_actions import Slots, WindowActions
from briefing.store.locations import log_dir

if TYPE_CHECKING:
    # The panes made when first shown load then (`side_tabs`).
    from briefing.gui.briefing_preview import BriefingPreview
    from briefing.gui.search_pane import HitOpened, SearchPane
    from briefing.gui.settings_pane import SettingsPane
    from briefing.gui.suggestions_pane import SuggestionsPane

log = logging.getLogger(__name__)

LOG_FILE_NAME = "briefing-builder.log"
FIRST_STEPS = "Select text in the reader and press 1-9 to tag it with a theme (or use the buttons)"
SMALL_SCREEN_WIDTH = 1024  # and narrower: the first window fills the screen
# The side tabs, in order: (name, title, tooltip).
SIDE_TABS = [
    ("passages", "Passages", "The tagged passages, grouped by theme"),
    ("search", "Search", "Find words across every article (Ctrl+Shift+F)"),
    ("suggestions", "Suggestions", "Sentences that mention a theme's keywords"),
    ("codebook", "Codebook", "The themes"),
    ("settings", "Settings", "The briefing's title, analyst, handling line and executive summary"),
    ("briefing", "Briefing", "The briefing as it will be exported"),
]
TAB = {name: index for index, (name, _title, _tip) in enumerate(SIDE_TABS)}

Pane = TypeVar("Pane", bound=QWidget)


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.hub = ProjectHub(self)
        self.opened = Opened(None, "")  # what the hub last opened (and what may be changed)
        run, current = self.hub.run, self.hub.current

        self.articles_model = ArticlesModel()
        self.passages_model = PassagesModel(run)
        self.codebook_model = CodebookModel(run)
        self.articles_pane = ArticlesPane(self.articles_model)
        self.reader = Reader()
        self.passages_pane = PassagesPane(self.passages_model, current)
        self.corroboration = self.passages_pane.corroboration
        # Edits of many changes (a theme merged in a big project), and any undo or redo of
        # one, in steps with a progress line.
        self.big_edits = BigEdits(self.hub, self)
        self.warm_up = WarmUp(self)  # the side panes' modules, imported once it has shown
        self.codebook_pane = CodebookPane(self.codebook_model, self.big_edits.run)
        # The suggestions the reader underlines; their pane lists them once it is shown.
        self.suggestions = SuggestionHints(self)
        self.side_tabs = SideTabs()
        made_by: dict[str, QWidget | Callable[[], QWidget]] = {
            "passages": self.passages_pane, "search": self._make_search_pane,
            "suggestions": self._make_suggestions_pane, "codebook": self.codebook_pane,
            "settings": self._make_settings_pane, "briefing": self._make_preview,
        }  # fmt: skip
        for name, title, tip in SIDE_TABS:
            self.side_tabs.add_pane(made_by[name], title, tip)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.articles_pane)
        self.splitter.addWidget(self.reader)
        self.splitter.addWidget(self.side_tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.commands = Commands(self.hub, self.reader, self, self._theme_at_key)
        self.lifecycle = ProjectLifecycle(self.hub, self, self.commit_settings)
        self.importer = Importer(self.hub, self)
        self.exchange = CodebookExchange(self.hub, self)
        self.projects = ProjectExchange(self.hub, self, self.lifecycle, self.commit_settings)
        self.main_actions = self._create_actions()
        self.counts_label = QLabel()
        # A long project name is cut off rather than widening the window past the screen.
        self.counts_label.setMinimumWidth(1)
        self.statusBar().addPermanentWidget(self.counts_label)
        self.index_builder = IndexBuilder(self.hub, self)
        self.index_merger = IndexMerger(self.hub, self)
        self.index_progress = IndexProgress()
        self.statusBar().addPermanentWidget(self.index_progress)
        self.setAcceptDrops(True)
        # The counts in the status bar follow an edit once the window has painted it: a tag
        # or an undo does not wait for the status bar's layout and repaint.
        self._recount = soon(self, self._update_window)
        self._connect()
        self._restore_state()
        self._update_window()

    def _create_actions(self) -> WindowActions:
        commands, lifecycle, view = self.commands, self.lifecycle, self.reader.view
        actions = WindowActions(self, Slots(
            new_project=lifecycle.new_project_dialog, open_project=lifecycle.open_project_dialog,
            new_server_project=lifecycle.new_server_project_dialog,
            open_server_project=lifecycle.open_server_project_dialog,
            save_as=lifecycle.save_as_dialog, import_articles=self.importer.import_dialog,
            import_address=self.importer.import_address_dialog,
            paste_addresses=self.importer.paste_addresses,
            export_briefing=self.export_dialog, import_codebook=self.exchange.import_dialog,
            export_codebook=self.exchange.export_dialog, open_qdpx=self.projects.open_dialog,
            export_qdpx=self.projects.export_dialog, quit=self.close,
            undo=self.big_edits.undo, redo=self.big_edits.redo, find=self.reader.start_find,
            find_everywhere=self.find_everywhere,
            delete_passage=commands.delete_current_passage,
            article_properties=lambda: commands.edit_article(self.articles_pane.selected_article()),
            remove_article=lambda: commands.remove_article(self.articles_pane.selected_article()),
            about=lambda: show_about(self), show_log=self.show_log,
            tag_with_theme=commands.tag_with_theme, fill_recent_menu=lifecycle.fill_recent_menu,
        ))  # fmt: skip
        actions.add_focus_actions(
            [("articles", lambda: self.articles_pane.list), ("reader", lambda: view),
             ("passages", lambda: self.passages_pane.tree),
             ("codebook", lambda: self.codebook_pane.list),
             ("briefing settings", lambda: self.settings_pane.title),
             ("suggestions", lambda: self.suggestions_pane.tree)], self._focus,
        )  # fmt: skip
        for made in self.codebook_pane.theme_actions:
            # F2 and friends act on the codebook while it has focus (F2 edits notes elsewhere).
            made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.codebook_pane.addAction(made)
        self.passages_pane.delete_button.setDefaultAction(actions.delete_passage_action)
        self.codebook_pane.add_buttons(
            [actions.import_codebook_action, actions.export_codebook_action]
        )
        view.passage_actions = [actions.delete_passage_action]
        actions.build_menus(
            self.codebook_pane.theme_actions, [self.suggestions.show_in_reader_action]
        )
        self.addToolBar(actions.build_toolbar())
        return actions

    # ----- wiring -------------------------------------------------------------------------------

    def _connect(self) -> None:
        hub, current = self.hub, self.hub.current
        articles, reader, passages = self.articles_pane, self.reader, self.passages_pane
        suggestions, corroboration = self.suggestions, self.corroboration

        # Every view follows the hub; none depends on hearing before or after another (the
        # side panes made later join them then: `_follow_hub`).
        views = (self.articles_model, self.passages_model, self.codebook_model, reader,
                 suggestions, corroboration, self)  # fmt: skip
        for view in views:
            hub.opened.connect(view.on_opened)
            hub.changed.connect(view.on_change)
        hub.opened.connect(self.index_builder.on_opened)
        hub.opened.connect(self.index_merger.on_opened)
        hub.changed.connect(self.index_merger.on_changed)
        self.index_builder.progressed.connect(self.index_progress.show_progress)
        hub.message.connect(self.show_message)
        hub.failed.connect(self.show_message)
        hub.storage_failed.connect(self._on_storage_failed)
        hub.conflicted.connect(self._on_conflict)

        # ...and the owner of the open article and the current passage.
        for follower in (articles, reader, passages, suggestions):
            current.article_changed.connect(follower.on_article)
        for chooser in (reader, passages, corroboration):
            current.passage_changed.connect(chooser.on_passage)
        current.article_changed.connect(self._update_actions)
        current.passage_changed.connect(self._update_actions)

        # Gestures: choosing asks the owner; editing goes through the hub (in the panes).
        articles.article_selected.connect(lambda shown: current.show_article(shown.article_id))
        reader.view.passage_clicked.connect(current.choose_passage)
        passages.passage_picked.connect(lambda c: current.choose_passage(c.passage_id))
        passages.passage_activated.connect(self.jump_to_passage)
        articles.properties_requested.connect(self.commands.edit_article)
        articles.remove_requested.connect(self.commands.remove_article)
        articles.import_requested.connect(self.importer.import_dialog)
        reader.view.tag_key_pressed.connect(self.commands.tag_with_key)
        reader.view.selectionChanged.connect(self._update_actions)
        reader.view.suggestion_provider = suggestions.reader_hints
        suggestions.reader_hints_changed.connect(lambda c: reader.view.refresh_suggestions(c.span))
        self.side_tabs.currentChanged.connect(self._update_actions)

    # ----- the side panes made when first shown ---------------------------------------------------

    def _follow_hub(self, view: View) -> None:
        """A view made after the project opened: it starts from what the hub shows now, then
        follows it like the views made with the window (an edit being shown as it is made is
        in the project already, and reaches it from the next one on)."""
        view.on_opened(self.hub.last_opened)
        self.hub.opened.connect(view.on_opened)
        self.hub.changed.connect(view.on_change)

    def _pane(self, name: str, kind: type[Pane]) -> Pane:
        pane = self.side_tabs.pane(TAB[name])
        assert isinstance(pane, kind)
        return pane

    @property
    def search_pane(self) -> SearchPane:
        from briefing.gui.search_pane import SearchPane

        return self._pane("search", SearchPane)

    @property
    def suggestions_pane(self) -> SuggestionsPane:
        from briefing.gui.suggestions_pane import SuggestionsPane

        return self._pane("suggestions", SuggestionsPane)

    @property
    def settings_pane(self) -> SettingsPane:
        from briefing.gui.settings_pane import SettingsPane

        return self._pane("settings", SettingsPane)

    @property
    def preview(self) -> BriefingPreview:
        from briefing.gui.briefing_preview import BriefingPreview

        return self._pane("briefing", BriefingPreview)

    def _make_search_pane(self) -> SearchPane:
        from briefing.gui.search_pane import SearchPane

        pane = SearchPane(self.hub, self._theme_at_key)
        self._follow_hub(pane)
        # The corpus search: the reader marks its hits, and opens one when asked.
        reader = self.reader
        reader.corpus_hits = pane.hits_of_article
        pane.search.changed.connect(lambda _state: reader.mark_corpus_hits())
        # A search that found the index damaged has dropped it: build it again.
        pane.search.changed.connect(
            lambda state: self.index_builder.resume() if state.finished else None
        )
        pane.hit_opened.connect(self.open_hit)
        return pane

    def _make_suggestions_pane(self) -> SuggestionsPane:
        from briefing.gui.suggestions_pane import SuggestionsPane

        # It lists what `self.suggestions` follows: that is up to date already.
        pane = SuggestionsPane(self.hub.run, self.suggestions)
        pane.jump_requested.connect(self.commands.show_range)
        pane.message.connect(self.show_message)
        return pane

    def _make_settings_pane(self) -> SettingsPane:
        from briefing.gui.settings_pane import SettingsPane

        pane = SettingsPane(self.hub.run)
        self._follow_hub(pane)
        return pane

    def _make_preview(self) -> BriefingPreview:
        from briefing.gui.briefing_preview import BriefingPreview

        pane = BriefingPreview()
        self._follow_hub(pane)
        return pane

    def commit_settings(self) -> None:
        """Store what is being typed in the Settings pane (nothing if it was never made)."""
        if self.side_tabs.is_made(TAB["settings"]):
            self.settings_pane.commit()

    # ----- the open project ---------------------------------------------------------------------

    @property
    def session(self) -> Session | None:
        return self.hub.session

    def open_initial(self, path: Path | None = None) -> None:
        self.lifecycle.open_initial(path)
        self.warm_up.start_soon()

    def open_sample(self) -> bool:
        return self.lifecycle.open_sample()

    def import_paths(self, paths: list[Path]) -> None:
        self.importer.import_paths(paths)

    def on_opened(self, opened: Opened) -> None:
        self.opened = opened
        self.articles_pane.set_editing(opened.may_change(Kind.ARTICLE))
        session = self.hub.session
        self.main_actions.follow_history(session.history if session is not None else None)
        project = opened.project
        self.main_actions.rebuild_theme_actions(project.themes() if project else [])
        self.reader.view.tag_actions = list(self.main_actions.theme_actions)
        self._update_window()
        if project is not None and not project.passage_total():
            self.statusBar().showMessage(FIRST_STEPS)  # stays until the first action

    def on_change(self, applied: Applied) -> None:
        project = self.hub.project
        if applied.origin is Origin.REMOTE:
            self.show_message(f"{applied.author or 'Another analyst'}: {applied.edit.description}")
        if project is not None and applied.edit.touches(ThemeChange):
            self.main_actions.rebuild_theme_actions(project.themes())
            self.reader.view.tag_actions = list(self.main_actions.theme_actions)
        self._update_actions()  # at once: an action may be triggered before the recount
        self._recount.start()

    def find_everywhere(self) -> None:
        """Edit > Find in all articles: the Search tab, with the selection as the query."""
        self.side_tabs.setCurrentWidget(self.search_pane)
        selected = self.reader.view.textCursor().selectedText()
        if selected and "\u2029" not in selected and len(selected) < 200:
            self.search_pane.field.setText(f'"{selected}"' if " " in selected else selected)
        self.search_pane.focus_query()

    def open_hit(self, opened: HitOpened) -> None:
        """A search hit, selected in the reader and scrolled into view."""
        hit = opened.hit
        self.commands.show_range(hit.article_id, hit.start, hit.end, focus=False)

    def jump_to_passage(self, passage_id: int) -> None:
        self.hub.current.choose_passage(passage_id, reveal=True)
        self.reader.view.setFocus()

    def export_dialog(self) -> None:
        session = self.hub.session
        if session is None:
            return
        self.commit_settings()
        from briefing.gui.export_dialog import ExportDialog  # python-docx loads when needed

        dialog = ExportDialog(session.project, session.name, self, session)
        dialog.exported.connect(lambda path: self.show_message(f"Exported {Path(path).name}"))
        dialog.exec()
        dialog.deleteLater()

    def _theme_at_key(self, number: int) -> int | None:
        themes = self.main_actions.theme_actions
        return int(themes[number - 1].data()) if number <= len(themes) else None

    # ----- status and state ----------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    def _update_window(self) -> None:
        project, session = self.hub.project, self.hub.session
        if project is None or session is None:
            self.setWindowTitle(APP_TITLE)
            self.counts_label.setText("No project open: File > New project or Open")
        else:
            read_only = " (read-only)" if session.read_only else ""
            self.setWindowTitle(f"{session.name}{read_only} — {APP_TITLE}")
            articles, passages = project.article_count(), project.passage_total()
            # On a shared project: who you are there, and what you may do.
            who = f"  ·  {project.analyst} ({session.role})" if session.shared else ""
            self.counts_label.setText(
                f"{session.name}{who}  ·  {articles} article{'s' if articles != 1 else ''}"
                f"  ·  {passages} passage{'s' if passages != 1 else ''}  "
            )
        self._recount.stop()
        self._update_actions()

    def _update_actions(self, *_args: object) -> None:
        actions, current, may = self.main_actions, self.hub.current, self.opened.may_change
        has_session = self.hub.session is not None
        for action in actions.session_actions:
            action.setEnabled(has_session)
        # What the analyst's role may not change is greyed out (the server refuses it too).
        for kind, changing in actions.changing.items():
            for action in changing:
                action.setEnabled(has_session and may(kind))
        coding = may(Kind.PASSAGE)
        for action in actions.theme_actions:
            action.setEnabled(coding)
        actions.delete_passage_action.setEnabled(coding and current.passage_id is not None)
        article = self.articles_pane.selected_article() is not None
        actions.properties_action.setEnabled(has_session and article)
        actions.remove_article_action.setEnabled(may(Kind.ARTICLE) and article)
        actions.find_action.setEnabled(self.reader.article_id is not None)

    def _focus(self, widget: QWidget) -> None:
        for index in range(self.side_tabs.count()):
            tab = self.side_tabs.widget(index)
            if tab is not None and tab.isAncestorOf(widget):
                self.side_tabs.setCurrentIndex(index)
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _restore_state(self) -> None:
        settings = gui_settings()
        geometry = settings.value("window/geometry")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            screen = QApplication.primaryScreen()
            available = screen.availableGeometry() if screen else None
            if available is None:
                self.resize(1400, 900)
            elif available.width() <= SMALL_SCREEN_WIDTH:  # every pixel counts: all of it
                self.resize(available.size() * 0.9)
                self.setWindowState(Qt.WindowState.WindowMaximized)
            else:
                width = min(1500, int(available.width() * 0.9))
                self.resize(width, min(950, int(available.height() * 0.9)))
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = settings.value("window/splitter")
        if not (isinstance(splitter, QByteArray) and self.splitter.restoreState(splitter)):
            width = self.width()
            self.splitter.setSizes([int(width * 0.2), int(width * 0.5), int(width * 0.3)])
        self.side_tabs.setCurrentIndex(setting_int("window/side_tab", 0))
        self.passages_pane.set_show_all(setting_bool("passages/show_all", False))

    def save_state(self) -> None:
        settings = gui_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("window/side_tab", self.side_tabs.currentIndex())
        settings.setValue("passages/show_all", self.passages_pane.all_articles.isChecked())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.importer.wait()
        self.big_edits.complete()
        self.projects.wait()
        if self.side_tabs.is_made(TAB["briefing"]):  # never made: nothing renders
            self.preview.wait()
        self.save_state()
        self.lifecycle.set_project_file(None)
        super().closeEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.hub.session is not None and _dropped_sources(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        sources = _dropped_sources(event.mimeData())
        if sources:
            event.acceptProposedAction()
            self.importer.import_paths(sources)

    # ----- help and failures ----------------------------------------------------------------------

    def show_log(self) -> None:
        path = log_dir() / LOG_FILE_NAME
        if not path.exists():
            path.touch()
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _on_conflict(self, message: str) -> None:
        self.show_message("Someone else changed it first: nothing was overwritten")
        QMessageBox.warning(self, "Changed by someone else", message)

    def _on_storage_failed(self, message: str) -> None:
        self.show_message("The last change could not be saved")
        session = self.hub.session
        check = (
            "the connection to the server (or ask the project's owner about your role)"
            if session is not None and session.shared
            else "that the disk has space and the folder can be written to"
        )
        QMessageBox.warning(
            self,
            "Could not save the change",
            f"{message}\n\nThe change was not made; everything before it is saved. Check "
            f"{check}, then try again.",
        )


def _dropped_sources(data: QMimeData) -> list[Path | str]:
    """Files, and links dragged from a browser (http or https), in the order dropped."""
    sources: list[Path | str] = []
    for url in data.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.is_file():
                sources.append(path)
        elif url.scheme() in ("http", "https"):
            sources.append(url.toString())
    if not sources and data.hasText():
        sources.extend(addresses_in(data.text()))
    return sources
