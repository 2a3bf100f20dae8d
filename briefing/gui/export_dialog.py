"""File > Export briefing…: choose what goes in and the format, then export it off the UI
thread: the outline, the file, and the file read back with every quote checked
(`export_task`). The dialog is modal and the session holds other analysts' edits meanwhile,
so the worker reads a project that nothing changes.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from briefing.core.project import Project
from briefing.export import FORMATS, OutlineOptions, write_briefing
from briefing.export.verify import VerifyReport
from briefing.gui.article_choice import ArticleChoice
from briefing.gui.background import BackgroundTask, Progress
from briefing.gui.export_task import Exported, Ready, describe, export_and_verify
from briefing.gui.gui_settings import gui_settings, setting_bool, setting_str
from briefing.gui.session import Session

_GROUPS = (("theme", "Theme"), ("source", "Source article"))
_ORDERS = (("position", "Source, then position in the article"), ("date", "Source date"))
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


class ExportDialog(QDialog):
    """Options, format and file for one export. Remembers the folder and options."""

    exported = Signal(Path)  # the file written
    failed = Signal(str)  # message shown to the user
    finished_export = Signal()  # after success, failure or cancel

    def __init__(
        self,
        project: Project,
        project_name: str,
        parent: QWidget | None = None,
        session: Session | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export briefing")
        self.project = project
        self.project_name = project_name
        self.session = session  # held still while an export reads the project
        self.last_report: VerifyReport | None = None  # of the last export, read back
        self._task: BackgroundTask[Exported] | None = None
        self._ready: Ready | None = None
        self._listening = False  # to the session's reading, until the project is all read

        self.format_box = QComboBox()
        for key, writer in FORMATS.items():
            self.format_box.addItem(f"{writer.label} ({writer.suffix})", key)
        self.group_box = QComboBox()
        for key, label in _GROUPS:
            self.group_box.addItem(label, key)
        self.order_box = QComboBox()
        for key, label in _ORDERS:
            self.order_box.addItem(label, key)
        self.notes_check = QCheckBox("Include the analyst’s notes")
        self.empty_check = QCheckBox("Include themes without passages")
        self.front_matter_check = QCheckBox("Start with YAML front matter (Markdown)")
        self.contributors_check = QCheckBox("Name the analysts who tagged the passages")
        self.contributors_check.setToolTip(
            "Under the title: everyone whose passages the briefing quotes (on a server project, "
            "the desk's members; in a file, the analyst named in Settings when they tagged)"
        )

        self.theme_list = QListWidget()
        self.theme_list.setObjectName("exportThemes")
        counts = project.passage_counts_by_theme()
        for theme in project.briefing_theme_order():
            item = QListWidgetItem(f"{theme.name} ({counts[theme.id]})")
            item.setData(Qt.ItemDataRole.UserRole, theme.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.theme_list.addItem(item)

        self.all_articles = QRadioButton("All articles")
        self.chosen_articles = QRadioButton("Only the articles ticked below")
        self._article_choice = QButtonGroup(self)
        self._article_choice.addButton(self.all_articles)
        self._article_choice.addButton(self.chosen_articles)
        self.all_articles.setChecked(True)
        self.article_choice = ArticleChoice(project.articles())
        self.article_list = QListView()
        self.article_list.setObjectName("exportArticles")
        self.article_list.setUniformItemSizes(True)  # 10,000 titles: no row measured alone
        self.article_list.setModel(self.article_choice)
        self.article_list.setEnabled(False)
        self.chosen_articles.toggled.connect(self.article_list.setEnabled)
        self.format_box.currentIndexChanged.connect(self._update_front_matter)

        form = QFormLayout()
        form.addRow("Format", self.format_box)
        form.addRow("Group passages by", self.group_box)
        form.addRow("Order passages by", self.order_box)
        form.addRow(self.notes_check)
        form.addRow(self.empty_check)
        form.addRow(self.front_matter_check)
        form.addRow(self.contributors_check)

        themes = QGroupBox("Themes")
        QVBoxLayout(themes).addWidget(self.theme_list)
        articles = QGroupBox("Articles")
        article_layout = QVBoxLayout(articles)
        article_layout.addWidget(self.all_articles)
        article_layout.addWidget(self.chosen_articles)
        article_layout.addWidget(self.article_list)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        self.buttons.accepted.connect(self.choose_and_export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(themes)
        layout.addWidget(articles)
        layout.addWidget(self.buttons)
        self._restore()
        self._update_front_matter()

    # ----- what the analyst chose ------------------------------------------------------------

    def fmt(self) -> str:
        return str(self.format_box.currentData())

    def options(self) -> OutlineOptions:
        themes = _checked(self.theme_list)
        articles = self.article_choice.ticked() if self.chosen_articles.isChecked() else None
        every_theme = len(themes) == self.theme_list.count()
        return OutlineOptions(
            theme_ids=None if every_theme else tuple(themes),
            article_ids=None if articles is None else tuple(articles),
            group_by=str(self.group_box.currentData()),
            order=str(self.order_box.currentData()),
            include_notes=self.notes_check.isChecked(),
            include_empty_themes=self.empty_check.isChecked(),
            front_matter=self.front_matter_check.isChecked(),
            name_contributors=self.contributors_check.isChecked(),
        )

    def default_path(self) -> Path:
        name = _UNSAFE_NAME.sub("-", self.project_name).strip(" .-") or "briefing"
        return self._last_folder() / f"{name}{FORMATS[self.fmt()].suffix}"

    # ----- exporting -------------------------------------------------------------------------

    @Slot()
    def choose_and_export(self) -> None:
        writer = FORMATS[self.fmt()]
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Export briefing", str(self.default_path()), f"{writer.label} (*{writer.suffix})"
        )
        if chosen:
            self.export_to(Path(chosen))

    def export_to(self, path: Path) -> None:
        """Export to `path` in the chosen format; the result arrives as a signal."""
        if self.is_exporting():
            return
        fmt = self.fmt()
        path = Path(path)
        if path.suffix.lower() != FORMATS[fmt].suffix:
            path = path.with_name(path.name + FORMATS[fmt].suffix)
        self._save(path.parent)
        project, options = self.project, self.options()
        self._ready = ready = Ready(now=self.session is None or not self.session.reading)

        def work(progress: Progress) -> Exported:
            return export_and_verify(project, options, path, fmt, ready, progress, write_briefing)

        self._task = BackgroundTask(
            self, "Export briefing", work, self._on_success, self._on_failure, self._finish,
            describe,
        )  # fmt: skip
        self.buttons.setEnabled(False)
        self._hold()
        self._task.start()

    def _hold(self) -> None:
        """Keep the project still for the worker: other analysts' edits wait, and a project
        still being read is read in full before the worker reads it."""
        if self.session is None:
            return
        self.session.hold_news()
        if self.session.reading:
            self.session.read.connect(self._on_read)
            self.session.refused.connect(self._on_refused)
            self._listening = True

    def _on_read(self) -> None:
        if self._ready is not None:
            self._ready.set()

    def _on_refused(self, message: str) -> None:
        if self._ready is not None:
            self._ready.set(refusal=message)

    def _release(self) -> None:
        if self.session is None:
            return
        if self._listening:
            self.session.read.disconnect(self._on_read)
            self.session.refused.disconnect(self._on_refused)
            self._listening = False
        self._ready = None
        self.session.release_news()

    @property
    def _progress(self) -> QProgressDialog | None:
        return self._task.progress if self._task is not None else None

    def is_exporting(self) -> bool:
        return self._task is not None and self._task.running()

    def _on_success(self, exported: Exported) -> None:
        self._finish()
        path = exported.path
        self.exported.emit(path)
        self.last_report = exported.report
        verdict = (
            exported.report.render()
            if exported.report
            else f"The file was not verified: {exported.problem}."
        )
        show = (
            QMessageBox.information
            if self.last_report and self.last_report.ok
            else (QMessageBox.warning)
        )
        answer = show(
            self,
            "Briefing exported",
            f"Exported to {path}.\n\n{verdict}\n\nChoose Open to show the folder.",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
            QMessageBox.StandardButton.Close,
        )
        if answer == QMessageBox.StandardButton.Open:
            self.open_folder(path.parent)
        self.accept()

    def _on_failure(self, message: str) -> None:
        self._finish()
        self.failed.emit(message)
        QMessageBox.warning(self, "Export failed", message)

    def open_folder(self, folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _finish(self) -> None:
        self._release()
        self.buttons.setEnabled(True)
        self.finished_export.emit()

    def done(self, result: int) -> None:
        """Closing the dialog waits for a running export rather than killing it mid-file."""
        if self.is_exporting():
            assert self._task is not None
            self._task.wait()
        super().done(result)

    # ----- remembered between exports --------------------------------------------------------

    def _update_front_matter(self) -> None:
        self.front_matter_check.setEnabled(self.fmt() == "md")

    def _last_folder(self) -> Path:
        stored = setting_str("export/folder", "")
        folder = Path(stored) if stored else Path.home()
        return folder if folder.is_dir() else Path.home()

    def _save(self, folder: Path) -> None:
        settings = gui_settings()
        settings.setValue("export/folder", str(folder))
        settings.setValue("export/format", self.fmt())
        settings.setValue("export/group_by", self.group_box.currentData())
        settings.setValue("export/order", self.order_box.currentData())
        settings.setValue("export/notes", self.notes_check.isChecked())
        settings.setValue("export/empty_themes", self.empty_check.isChecked())
        settings.setValue("export/front_matter", self.front_matter_check.isChecked())
        settings.setValue("export/contributors", self.contributors_check.isChecked())
        settings.sync()

    def _restore(self) -> None:
        for box, key, default in (
            (self.format_box, "export/format", "docx"),
            (self.group_box, "export/group_by", "theme"),
            (self.order_box, "export/order", "position"),
        ):
            index = box.findData(setting_str(key, default))
            box.setCurrentIndex(max(index, 0))
        self.notes_check.setChecked(setting_bool("export/notes", True))
        self.empty_check.setChecked(setting_bool("export/empty_themes", False))
        self.front_matter_check.setChecked(setting_bool("export/front_matter", True))
        self.contributors_check.setChecked(setting_bool("export/contributors", False))


def _checked(widget: QListWidget) -> list[int]:
    return [
        int(widget.item(i).data(Qt.ItemDataRole.UserRole))
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]
