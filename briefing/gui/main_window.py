"""The main window: Articles | Reader | side tabs (Passages, Codebook, Briefing settings).

All signal wiring is in `_connect`, so the flow of data can be read in one place.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStyle,
    QTabWidget,
    QToolBar,
    QWidget,
)

from briefing.core.edit import Edit, Kind
from briefing.core.errors import ProjectError
from briefing.gui import dialogs
from briefing.gui.about import APP_TITLE, show_about
from briefing.gui.articles_model import ArticlesModel
from briefing.gui.articles_pane import ArticlesPane
from briefing.gui.briefing_preview import BriefingPreview
from briefing.gui.codebook_model import CodebookModel
from briefing.gui.codebook_pane import CodebookPane
from briefing.gui.export_dialog import ExportDialog
from briefing.gui.gui_settings import gui_settings
from briefing.gui.import_worker import ImportRunner, start_import
from briefing.gui.passages_model import PassagesModel
from briefing.gui.passages_pane import PassagesPane
from briefing.gui.reader import Reader
from briefing.gui.session import Session
from briefing.gui.settings_pane import SettingsPane
from briefing.gui.suggestions_pane import SuggestionsPane
from briefing.gui.swatches import swatch_icon
from briefing.store import (
    PROJECT_SUFFIX,
    ProjectFile,
    ProjectNotWritable,
    create_project,
    open_project,
)
from briefing.store.locations import (
    data_dir,
    log_dir,
    recent_projects,
    remember_project,
    sample_project_path,
)

log = logging.getLogger(__name__)

LOG_FILE_NAME = "briefing-builder.log"
PROJECT_FILTER = f"Briefing projects (*{PROJECT_SUFFIX})"
CODEBOOK_FILTER = "REFI-QDA codebook (*.qdc)"
FIRST_STEPS = "Select text in the reader and press 1-9 to tag it with a theme (or use the buttons)"
MAX_THEME_KEYS = 9
SMALL_SCREEN_WIDTH = 1024  # and narrower: the first window fills the screen


class MainWindow(QMainWindow):
    session_changed = Signal(object)  # the new Session, or None: for tabs added later

    def __init__(self) -> None:
        super().__init__()
        self.session: Session | None = None
        self.current_passage_id: int | None = None
        self.import_runner: ImportRunner | None = None
        self.undo_group = QUndoGroup(self)

        self.articles_model = ArticlesModel()
        self.passages_model = PassagesModel()
        self.codebook_model = CodebookModel()
        self.articles_pane = ArticlesPane(self.articles_model)
        self.reader = Reader()
        self.passages_pane = PassagesPane(self.passages_model)
        self.codebook_pane = CodebookPane(self.codebook_model)
        self.settings_pane = SettingsPane()
        self.side_tabs = QTabWidget()
        self.side_tabs.setDocumentMode(True)
        self.suggestions_pane = SuggestionsPane()
        self.preview = BriefingPreview(None)
        for pane, title, tip in [
            (self.passages_pane, "Passages", "The tagged passages, grouped by theme"),
            (self.suggestions_pane, "Suggestions", "Sentences that mention a theme's keywords"),
            (self.codebook_pane, "Codebook", "The themes"),
            (self.settings_pane, "Settings", "The briefing's title, analyst, handling line and "
             "executive summary"),
            (self.preview, "Briefing", "The briefing as it will be exported"),
        ]:  # fmt: skip
            index = self.side_tabs.addTab(pane, title)
            self.side_tabs.setTabToolTip(index, tip)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.articles_pane)
        self.splitter.addWidget(self.reader)
        self.splitter.addWidget(self.side_tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.theme_actions: list[QAction] = []
        self._create_actions()
        self._create_menus()
        self._create_toolbar()
        self.counts_label = QLabel()
        # A long project name is cut off rather than widening the window past the screen.
        self.counts_label.setMinimumWidth(1)
        self.statusBar().addPermanentWidget(self.counts_label)
        self.setAcceptDrops(True)
        self._connect()
        self._restore_state()
        self._update_window()

    # ----- building ---------------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut=None, tip: str = "", icon=None) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        if icon is not None:
            action.setIcon(icon)
        action.triggered.connect(slot)
        return action

    def _create_actions(self) -> None:
        style = self.style()
        std = style.standardIcon
        pix = QStyle.StandardPixmap
        self.new_action = self._action(
            "&New project…",
            self.new_project_dialog,
            QKeySequence.StandardKey.New,
            "Create an empty project",
        )
        self.open_action = self._action(
            "&Open…",
            self.open_project_dialog,
            QKeySequence.StandardKey.Open,
            "Open a project file",
            std(pix.SP_DialogOpenButton),
        )
        self.save_as_action = self._action(
            "Save &as…",
            self.save_as_dialog,
            "Ctrl+Shift+S",
            "Save a copy of the project and continue in it",
        )
        self.import_action = self._action(
            "&Import articles…",
            self.import_dialog,
            "Ctrl+I",
            "Import article files (Ctrl+I), or drop them on the window",
            QIcon.fromTheme("document-import", std(pix.SP_FileDialogNewFolder)),
        )
        self.import_action.setIconText("Import")
        self.export_action = self._action(
            "&Export briefing…",
            self.export_dialog,
            "Ctrl+E",
            "Export the briefing as Word or Markdown (Ctrl+E)",
            QIcon.fromTheme("document-export", std(pix.SP_DialogSaveButton)),
        )
        self.export_action.setIconText("Export")
        self.import_codebook_action = self._action(
            "&Import codebook…",
            self.import_codebook_dialog,
            tip="Add or update themes from a REFI-QDA codebook (.qdc) of NVivo, ATLAS.ti, "
            "MAXQDA, QualCoder or Taguette",
        )
        self.export_codebook_action = self._action(
            "E&xport codebook…",
            self.export_codebook_dialog,
            tip="Save the themes as a REFI-QDA codebook (.qdc) other tools can read",
        )
        self.quit_action = self._action("&Quit", self.close, QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.undo_action.setIcon(QIcon.fromTheme("edit-undo", std(pix.SP_ArrowBack)))
        self.undo_action.setIconText("Undo")
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setIcon(QIcon.fromTheme("edit-redo", std(pix.SP_ArrowForward)))
        self.redo_action.setIconText("Redo")
        self.find_action = self._action(
            "&Find in article…",
            self.reader.start_find,
            QKeySequence("Ctrl+F"),
            "Find text in the open article",
        )
        self.delete_passage_action = self._action(
            "&Delete passage",
            self.delete_current_passage,
            QKeySequence(Qt.Key.Key_Delete),
            "Delete the selected passage (Del)",
        )
        self.clear_selection_action = self._action(
            "Clear selection", self.reader.view.clear_selection
        )
        self.properties_action = self._action(
            "Article &properties…",
            lambda: self.edit_article(self.articles_pane.selected_article()),
            tip="Edit the title, outlet, author and date",
        )
        self.remove_article_action = self._action(
            "&Remove article…", lambda: self.remove_article(self.articles_pane.selected_article())
        )
        self.about_action = self._action("&About Briefing Builder", self.show_about)
        self.show_log_action = self._action("Show &log", self.show_log, tip="Open the log file")
        self.focus_actions = [
            self._action(f"Go to &{name}", lambda _=False, w=widget: self._focus(w), f"Ctrl+{n}")
            for n, (name, widget) in enumerate(
                [("articles", self.articles_pane.list), ("reader", self.reader.view),
                 ("passages", self.passages_pane.tree), ("codebook", self.codebook_pane.list),
                 ("briefing settings", self.settings_pane.title),
                 ("suggestions", self.suggestions_pane.tree)], start=1)
        ]  # fmt: skip
        for made in self.codebook_pane.theme_actions:
            # F2 and friends act on the codebook while it has focus (F2 edits notes elsewhere).
            made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.codebook_pane.addAction(made)
        self.passages_pane.delete_button.setDefaultAction(self.delete_passage_action)
        self.codebook_pane.add_buttons([self.import_codebook_action, self.export_codebook_action])
        self.reader.view.passage_actions = [self.delete_passage_action]
        self.session_actions = [
            self.save_as_action, self.import_action, self.find_action, self.export_action,
            self.import_codebook_action, self.export_codebook_action,
            self.delete_passage_action, self.properties_action, self.remove_article_action,
        ]  # fmt: skip

    def _create_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new_action, self.open_action])
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addAction(self.save_as_action)
        file_menu.addSeparator()
        file_menu.addActions([self.import_action, self.export_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.find_action, self.delete_passage_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.properties_action, self.remove_article_action])
        self.tag_menu = bar.addMenu("&Tag")
        themes_menu = bar.addMenu("T&hemes")
        themes_menu.addActions(self.codebook_pane.theme_actions)
        themes_menu.addSeparator()
        themes_menu.addActions([self.import_codebook_action, self.export_codebook_action])
        view_menu = bar.addMenu("&View")
        view_menu.addActions(self.focus_actions)
        view_menu.addSeparator()
        view_menu.addAction(self.suggestions_pane.show_in_reader_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.about_action, self.show_log_action])

    def _create_toolbar(self) -> None:
        self.toolbar = QToolBar("Main toolbar")
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(self.toolbar)
        self.toolbar.addAction(self.import_action)
        self.toolbar.addSeparator()
        self.tag_label = QLabel("  Tag selection: ")
        self.toolbar.addWidget(self.tag_label)
        self._themes_end = self.toolbar.addSeparator()
        self.toolbar.addActions([self.undo_action, self.redo_action])
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.export_action)

    def add_side_tab(self, widget: QWidget, title: str) -> int:
        """Add a tab to the side panel (Briefing preview, Suggestions...); returns its index.

        A tab that shows project data should follow `session_changed` and `Session.edited`.
        """
        return self.side_tabs.addTab(widget, title)

    # ----- wiring -------------------------------------------------------------------------------

    def _connect(self) -> None:
        articles, reader, passages = self.articles_pane, self.reader.view, self.passages_pane
        articles.article_selected.connect(self.show_article)
        suggestions = self.suggestions_pane
        reader.suggestion_provider = suggestions.reader_hints
        articles.article_selected.connect(suggestions.set_article)
        self.session_changed.connect(suggestions.set_session)
        suggestions.reader_hints_changed.connect(reader.refresh_suggestions)
        suggestions.jump_requested.connect(self.show_range)
        suggestions.message.connect(self.show_message)
        articles.properties_requested.connect(self.edit_article)
        articles.remove_requested.connect(self.remove_article)
        articles.import_requested.connect(self.import_dialog)
        reader.tag_key_pressed.connect(self.tag_with_key)
        reader.passage_clicked.connect(self.select_passage)
        reader.selectionChanged.connect(self._update_actions)
        passages.current_passage_changed.connect(self._on_passage_chosen)
        passages.passage_activated.connect(self.jump_to_passage)
        passages.scope_changed.connect(self._on_scope_changed)
        self.side_tabs.currentChanged.connect(self._update_actions)

    def _connect_session(self, session: Session) -> None:
        # The models update first, then the window reacts to the same edit.
        session.edited.connect(self.articles_model.on_edit)
        session.edited.connect(self.passages_model.on_edit)
        session.edited.connect(self.codebook_model.on_edit)
        session.edited.connect(self.settings_pane.on_edit)
        session.edited.connect(self._on_edit)
        session.message.connect(self.show_message)
        session.failed.connect(self.show_message)
        session.storage_failed.connect(self._on_storage_failed)

    # ----- projects -----------------------------------------------------------------------------

    def open_initial(self, path: Path | None = None) -> None:
        """Open `path`, else the last project, else the sample project (made on first run)."""
        if path is not None:
            if self.open_project(Path(path)):
                return
        else:
            recent = recent_projects()
            if recent and self.open_project(recent[0], quiet=True):
                return
        self.open_sample()

    def open_sample(self) -> bool:
        sample = sample_project_path()
        if sample.exists():
            return self.open_project(sample)
        try:
            from briefing.importers.sample import create_sample_project

            project_file = create_sample_project(sample)
        except ProjectError as error:
            self._warn("Could not create the sample project", str(error))
            return False
        self.set_project_file(project_file)
        return True

    def open_project(self, path: Path, quiet: bool = False) -> bool:
        blocked = None
        try:
            try:
                project_file = open_project(Path(path))
            except ProjectNotWritable as error:
                blocked = error  # sound, but on read-only media: look, do not touch
                project_file = open_project(Path(path), read_only=True)
        except ProjectError as error:
            log.warning("Could not open %s: %s", path, error)
            if not quiet:
                self._warn("Could not open the project", str(error))
            return False
        self.set_project_file(project_file)
        if blocked is not None:
            self._warn(
                "Opened read-only",
                f"{blocked}.\n\nYou can read the project and export its briefing; changes "
                "cannot be saved. To work on it, use File > Save As to make a copy elsewhere.",
            )
        return True

    def set_project_file(self, project_file: ProjectFile | None) -> None:
        """Show another project (None: none); the previous one is closed."""
        if self.session is not None:
            self.settings_pane.commit()
            old = self.session
            self.undo_group.removeStack(old.undo_stack)
            old.close()
            old.deleteLater()
        self.session = Session(project_file, self) if project_file else None
        self.current_passage_id = None
        project = self.session.project if self.session else None
        run = self.session.run if self.session else None
        self.articles_model.set_project(project)
        self.passages_model.set_project(project, run)
        self.codebook_model.set_project(project, run)
        self.settings_pane.set_project(project, run)
        self.preview.set_project(project)
        self.reader.show_article(None, [], {})
        if self.session is not None:
            self.undo_group.addStack(self.session.undo_stack)
            self.undo_group.setActiveStack(self.session.undo_stack)
            self._connect_session(self.session)
            remember_project(self.session.path)
            self.passages_model.set_article(
                None if self.passages_pane.all_articles.isChecked() else -1
            )
            articles = self.session.project.articles()
            if articles:
                self.articles_pane.select_article(articles[0].id)
        self._rebuild_theme_actions()
        self._update_window()
        self.session_changed.emit(self.session)
        if self.session is not None and not self.session.project.passages():
            self.statusBar().showMessage(FIRST_STEPS)  # stays until the first action

    def new_project_dialog(self) -> None:
        start = str(self._folder("projects", data_dir()) / f"Untitled{PROJECT_SUFFIX}")
        name, _ = QFileDialog.getSaveFileName(self, "New project", start, PROJECT_FILTER)
        if not name:
            return
        path = _with_suffix(Path(name))
        try:
            project_file = create_project(path)
        except ProjectError as error:
            self._warn("Could not create the project", str(error))
            return
        self._remember_folder("projects", path.parent)
        self.set_project_file(project_file)
        self.show_message(f"Created {path.name}: import articles to start (Ctrl+I)")

    def open_project_dialog(self) -> None:
        start = str(self._folder("projects", data_dir()))
        name, _ = QFileDialog.getOpenFileName(self, "Open project", start, PROJECT_FILTER)
        if name:
            self._remember_folder("projects", Path(name).parent)
            self.open_project(Path(name))

    def save_as_dialog(self) -> None:
        if self.session is None:
            return
        start = str(self.session.path.with_name(f"{self.session.name} copy{PROJECT_SUFFIX}"))
        name, _ = QFileDialog.getSaveFileName(self, "Save project as", start, PROJECT_FILTER)
        if not name:
            return
        target = _with_suffix(Path(name))
        self.settings_pane.commit()
        try:
            self.session.project_file.save_as(target)
        except ProjectError as error:
            self._warn("Could not save the project", str(error))
            return
        self._remember_folder("projects", target.parent)
        if self.open_project(target):
            self.show_message(f"Saved as {target.name}; you are now working in it")

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = recent_projects()
        for path in paths:
            action = self.recent_menu.addAction(path.stem)
            action.setToolTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_project(p))
        if not paths:
            self.recent_menu.addAction("No recent projects").setEnabled(False)

    # ----- articles -----------------------------------------------------------------------------

    def show_article(self, article_id: int | None) -> None:
        project = self.session.project if self.session else None
        if project is None or article_id is None:
            self.reader.show_article(None, [], {})
        else:
            themes = {t.id: t for t in project.themes()}
            self.reader.show_article(
                project.article(article_id), project.passages_of(article_id), themes
            )
        if not self.passages_pane.all_articles.isChecked():
            self.passages_model.set_article(article_id if article_id is not None else -1)
        self.current_passage_id = None
        self._update_actions()

    def edit_article(self, article_id: int | None) -> None:
        if self.session is None or article_id is None:
            return
        project = self.session.project
        fields = dialogs.edit_article(self, project.article(article_id))
        if fields is not None:
            self.session.run(lambda: project.update_article(article_id, **fields))

    def remove_article(self, article_id: int | None) -> None:
        if self.session is None or article_id is None:
            return
        project = self.session.project
        article = project.article(article_id)
        count = len(project.passages_of(article_id))
        answer = QMessageBox.question(
            self,
            "Remove article",
            f"Remove “{article.title}” and its {count} passage(s) from the project?\n"
            "Ctrl+Z brings it back.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.session.run(lambda: project.remove_article(article_id))

    # ----- importing ----------------------------------------------------------------------------

    def import_dialog(self) -> None:
        if self.session is None:
            return
        start = str(self._folder("import", Path.home()))
        names, _ = QFileDialog.getOpenFileNames(self, "Import articles", start, article_filter())
        if names:
            self._remember_folder("import", Path(names[0]).parent)
            self.import_paths([Path(n) for n in names])

    def import_paths(self, paths: list[Path]) -> None:
        if self.session is None or not paths:
            return
        if self.import_runner is not None:
            self.show_message("An import is already running")
            return
        known = {a.content_hash for a in self.session.project.articles()}
        session = self.session
        self.import_runner = start_import(
            paths,
            known,
            self,
            lambda plan: self._on_import_done(session, plan),
            self._on_import_failed,
        )

    def _on_import_done(self, session: Session, plan: object) -> None:
        from briefing.importers.batch import ImportPlan, commit_plan

        self.import_runner = None
        assert isinstance(plan, ImportPlan)
        if session is not self.session:
            return  # the project was closed meanwhile
        project = session.project
        count = len(plan.articles)
        noun = "article" if count == 1 else "articles"
        edit = session.run(
            lambda: commit_plan(project, plan), f"Imported {count} {noun} - Ctrl+Z to undo"
        )
        skipped = [o for o in plan.outcomes if not o.imported]
        if skipped or plan.cancelled:
            lines = [f"{o.label}: {o.message}" for o in skipped]
            if plan.cancelled:
                lines.append("The import was cancelled; the files read so far were imported.")
            QMessageBox.information(
                self, "Import articles", f"Imported {count} {noun}.\n\n" + "\n".join(lines)
            )
        if edit:
            first = min(c.id for c in edit.changes if c.kind is Kind.ARTICLE)
            self.articles_pane.select_article(first)

    def _on_import_failed(self, message: str) -> None:
        self.import_runner = None
        self._warn("Import articles", message)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.session is not None and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        files = [p for p in paths if p.is_file()]
        if files:
            event.acceptProposedAction()
            self.import_paths(files)

    # ----- export and codebook exchange ---------------------------------------------------------

    def export_dialog(self) -> None:
        if self.session is None:
            return
        self.settings_pane.commit()
        dialog = ExportDialog(self.session.project, self.session.name, self)
        dialog.exported.connect(lambda path: self.show_message(f"Exported {Path(path).name}"))
        dialog.exec()
        dialog.deleteLater()

    def import_codebook_dialog(self) -> None:
        from briefing.store.refi_qda import merge_codebook, read_codebook

        if self.session is None:
            return
        start = str(self._folder("codebook", Path.home()))
        name, _ = QFileDialog.getOpenFileName(self, "Import codebook", start, CODEBOOK_FILTER)
        if not name:
            return
        self._remember_folder("codebook", Path(name).parent)
        project = self.session.project
        summary = []

        def merge() -> Edit:
            edit, result = merge_codebook(project, read_codebook(Path(name)))
            summary.append(result.message())
            return edit

        self.session.run(merge)
        if summary:
            QMessageBox.information(self, "Import codebook", summary[0])

    def export_codebook_dialog(self) -> None:
        from briefing.store.refi_qda import write_codebook

        if self.session is None:
            return
        folder = self._folder("codebook", data_dir())
        start = str(folder / f"{self.session.name} codebook.qdc")
        name, _ = QFileDialog.getSaveFileName(self, "Export codebook", start, CODEBOOK_FILTER)
        if not name:
            return
        path = Path(name) if Path(name).suffix == ".qdc" else Path(name + ".qdc")
        try:
            write_codebook(self.session.project, path)
        except ProjectError as error:
            self._warn("Export codebook", str(error))
            return
        self._remember_folder("codebook", path.parent)
        self.show_message(f"Exported the codebook to {path.name}")

    # ----- tagging and passages -----------------------------------------------------------------

    def tag_with_key(self, number: int) -> None:
        """Keys 1-9: tag with the theme at that place in the codebook."""
        if number <= len(self.theme_actions):
            self.tag_with_theme(self.theme_actions[number - 1].data())
        elif self.session is not None:
            self.show_message(
                f"No theme number {number}: the codebook has {len(self.theme_actions)}"
            )

    def tag_with_theme(self, theme_id: int) -> None:
        """Tag the selection (snapped to words), or add the theme to the current passage."""
        session, article_id = self.session, self.reader.article_id
        if session is None or article_id is None:
            self.show_message("Open an article first, select some text, then press 1-9")
            return
        project = session.project
        name = project.theme(theme_id).name
        selected = self.reader.view.selection_range()
        if selected is None:
            if self.current_passage_id is None:
                self.show_message("Select some text in the reader first, then press 1-9")
                return
            self._add_theme(self.current_passage_id, theme_id)
            return
        start, end = selected
        same = [p for p in project.passages_of(article_id) if (p.start, p.end) == (start, end)]
        if same:
            self._add_theme(same[0].id, theme_id)
            self.reader.view.clear_selection()
            return
        edit = session.run(
            lambda: project.tag(article_id, start, end, [theme_id]),
            f"Tagged 1 passage as {name} - Ctrl+Z to undo",
        )
        if edit:
            self.reader.view.clear_selection()
            self.select_passage(edit.changes[0].id)

    def _add_theme(self, passage_id: int, theme_id: int) -> None:
        assert self.session is not None
        project = self.session.project
        name = project.theme(theme_id).name
        if theme_id in project.passage(passage_id).theme_ids:
            self.show_message(f"That passage is already tagged as {name}")
            return
        self.session.run(
            lambda: project.add_passage_theme(passage_id, theme_id),
            f"Tagged the passage also as {name} - Ctrl+Z to undo",
        )
        self.select_passage(passage_id)

    def select_passage(self, passage_id: int | None) -> None:
        """Make a passage the current one: outlined in the reader, selected in Passages."""
        self.current_passage_id = passage_id
        self.reader.view.show_passage(passage_id, scroll=False)
        self.passages_pane.select_passage(passage_id)
        self._update_actions()

    def show_range(self, article_id: int, start: int, end: int, focus: bool) -> None:
        """Select text of an article in the reader (a suggestion to trim before tagging)."""
        if self.reader.article_id != article_id:
            self.articles_pane.select_article(article_id)
        self.reader.view.show_range(start, end, focus)

    def jump_to_passage(self, passage_id: int) -> None:
        if self.session is None:
            return
        passage = self.session.project.passage(passage_id)
        if self.reader.article_id != passage.article_id:
            self.articles_pane.select_article(passage.article_id)
        self.current_passage_id = passage_id
        self.reader.view.show_passage(passage_id, scroll=True)
        self.passages_pane.select_passage(passage_id)
        self.reader.view.setFocus()

    def delete_current_passage(self) -> None:
        passage_id = self.current_passage_id
        if self.session is None or passage_id is None:
            self.show_message("Click a highlighted passage (or pick one in Passages) to delete it")
            return
        project = self.session.project
        self.session.run(
            lambda: project.delete_passage(passage_id), "Deleted 1 passage - Ctrl+Z to undo"
        )

    def _on_passage_chosen(self, passage_id: int | None) -> None:
        self.current_passage_id = passage_id
        self.reader.view.show_passage(passage_id, scroll=False)
        self._update_actions()

    def _on_scope_changed(self, show_all: bool) -> None:
        article = self.reader.article_id
        self.passages_model.set_article(
            None if show_all else (article if article is not None else -1)
        )
        self.passages_pane.select_passage(self.current_passage_id)

    # ----- reacting to edits ---------------------------------------------------------------------

    def _on_edit(self, edit: Edit) -> None:
        assert self.session is not None
        project = self.session.project
        article_id = self.reader.article_id
        kinds = {c.kind for c in edit.changes}
        if Kind.THEME in kinds:
            self._rebuild_theme_actions()
        if article_id is not None:
            if any(c.kind is Kind.ARTICLE and c.id == article_id for c in edit.changes):
                if article_id in {a.id for a in project.articles()}:
                    self.reader.update_header(project.article(article_id))
            passages = [
                c
                for c in edit.changes
                if c.kind is Kind.PASSAGE
                and any(r is not None and r.article_id == article_id for r in (c.before, c.after))
            ]
            if Kind.THEME in kinds and article_id in {a.id for a in project.articles()}:
                themes = {t.id: t for t in project.themes()}
                self.reader.view.update_passages(project.passages_of(article_id), themes)
            elif passages:
                self.reader.view.replace_passages(
                    [c.id for c in passages if c.before is not None],
                    [c.after for c in passages if c.after is not None],
                )
        if self.current_passage_id is not None:
            removed = {c.id for c in edit.changes if c.kind is Kind.PASSAGE and c.after is None}
            if self.current_passage_id in removed:
                self.current_passage_id = None
            else:
                self.passages_pane.select_passage(self.current_passage_id)
        self._update_window()

    def _rebuild_theme_actions(self) -> None:
        for action in self.theme_actions:
            self.toolbar.removeAction(action)
            action.deleteLater()
        self.theme_actions = []
        self.tag_menu.clear()
        themes = self.session.project.themes() if self.session else []
        for number, theme in enumerate(themes, start=1):
            keyed = number <= MAX_THEME_KEYS
            action = QAction(
                swatch_icon(theme.colour, str(number) if keyed else ""), theme.name, self
            )
            action.setData(theme.id)
            key = f" ({number})" if keyed else ""
            action.setToolTip(f"Tag the selection as {theme.name}{key}")
            action.setStatusTip(theme.description or f"Tag the selection as {theme.name}")
            if keyed:
                action.setShortcut(QKeySequence(str(number)))
            action.triggered.connect(lambda _=False, t=theme.id: self.tag_with_theme(t))
            self.theme_actions.append(action)
            self.tag_menu.addAction(action)
            if keyed:
                self.toolbar.insertAction(self._themes_end, action)
        self.reader.view.tag_actions = list(self.theme_actions)
        if not themes:
            self.tag_menu.addAction("Add themes in the Codebook tab").setEnabled(False)

    # ----- status and state ----------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    def _update_window(self) -> None:
        if self.session is None:
            self.setWindowTitle(APP_TITLE)
            self.counts_label.setText("No project open: File > New project or Open")
        else:
            project = self.session.project
            read_only = " (read-only)" if self.session.project_file.read_only else ""
            self.setWindowTitle(f"{self.session.name}{read_only} — {APP_TITLE}")
            articles, passages = len(project.articles()), len(project.passages())
            self.counts_label.setText(
                f"{self.session.name}  ·  {articles} article{'s' if articles != 1 else ''}"
                f"  ·  {passages} passage{'s' if passages != 1 else ''}  "
            )
        self._update_actions()

    def _update_actions(self, *_args: object) -> None:
        has_session = self.session is not None
        for action in self.session_actions:
            action.setEnabled(has_session)
        self.delete_passage_action.setEnabled(has_session and self.current_passage_id is not None)
        article = self.articles_pane.selected_article() is not None
        self.properties_action.setEnabled(has_session and article)
        self.remove_article_action.setEnabled(has_session and article)
        self.find_action.setEnabled(self.reader.article_id is not None)
        self.tag_label.setVisible(bool(self.theme_actions))

    def _focus(self, widget: QWidget) -> None:
        for index in range(self.side_tabs.count()):
            if self.side_tabs.widget(index).isAncestorOf(widget):
                self.side_tabs.setCurrentIndex(index)
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _folder(self, key: str, default: Path) -> Path:
        value = gui_settings().value(f"folders/{key}", "")
        folder = Path(str(value)) if value else default
        return folder if folder.is_dir() else default

    def _remember_folder(self, key: str, folder: Path) -> None:
        gui_settings().setValue(f"folders/{key}", str(folder))

    def _restore_state(self) -> None:
        settings = gui_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            pass
        else:
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
        self.side_tabs.setCurrentIndex(int(settings.value("window/side_tab", 0) or 0))
        show_all = str(settings.value("passages/show_all", "false")).lower() == "true"
        self.passages_pane.set_show_all(show_all)

    def save_state(self) -> None:
        settings = gui_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("window/side_tab", self.side_tabs.currentIndex())
        settings.setValue("passages/show_all", self.passages_pane.all_articles.isChecked())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.import_runner is not None:
            self.import_runner.wait()
            self.import_runner = None
        self.save_state()
        self.set_project_file(None)
        super().closeEvent(event)

    # ----- help -----------------------------------------------------------------------------------

    def show_about(self) -> None:
        show_about(self)

    def show_log(self) -> None:
        path = log_dir() / LOG_FILE_NAME
        if not path.exists():
            path.touch()
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _on_storage_failed(self, message: str) -> None:
        self.show_message("The last change could not be saved")
        self._warn(
            "Could not save the change",
            f"{message}\n\nThe change was not made; everything before it is saved. Check that "
            "the disk has space and the folder can be written to, then try again.",
        )

    def _warn(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)


def article_filter() -> str:
    from briefing.importers import SUPPORTED_SUFFIXES

    patterns = " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES)
    return f"Articles ({patterns});;All files (*)"


def _with_suffix(path: Path) -> Path:
    return path if path.suffix == PROJECT_SUFFIX else path.with_name(path.name + PROJECT_SUFFIX)
