"""File > Open REFI-QDA project… and File > Export project as REFI-QDA…: whole projects from
and for NVivo, ATLAS.ti, MAXQDA and QualCoder (.qdpx), off the UI thread with progress and
Cancel. Opening one makes a new project file and opens it; a summary says what came in and
what was left out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from briefing.gui.background import BackgroundTask, Cancelled, Progress
from briefing.gui.gui_settings import remember_folder, remembered_folder
from briefing.gui.hub import ProjectHub
from briefing.gui.project_lifecycle import PROJECT_FILTER, ProjectLifecycle, with_project_suffix
from briefing.store import PROJECT_SUFFIX
from briefing.store.locations import data_dir

if TYPE_CHECKING:  # the exchange modules load when first used, not at start-up
    from briefing.store.qdpx_summary import QdpxSummary

T = TypeVar("T")

SUFFIX = ".qdpx"  # briefing.store.qdpx_format.SUFFIX, checked by the tests
QDPX_FILTER = f"REFI-QDA projects (*{SUFFIX});;All files (*)"
OPEN_TITLE = "Open REFI-QDA project"
EXPORT_TITLE = "Export project as REFI-QDA"


class ProjectExchange:
    def __init__(
        self, hub: ProjectHub, parent: QWidget, lifecycle: ProjectLifecycle,
        before_export: Callable[[], object],
    ) -> None:  # fmt: skip
        self.hub = hub
        self.parent = parent
        self.lifecycle = lifecycle
        self.before_export = before_export  # store what is being typed (settings fields)
        self.runner: BackgroundTask[Any] | None = None
        self.summary_box: QMessageBox | None = None  # the last import's report, while shown

    def running(self) -> bool:
        return self.runner is not None and self.runner.running()

    def wait(self) -> None:
        """Stop a running import or export (the window is closing)."""
        if self.runner is not None:
            self.runner.wait()

    # ----- open ------------------------------------------------------------------------------

    def open_dialog(self) -> None:
        if self._busy():
            return
        start = str(remembered_folder("exchange", Path.home()))
        name, _ = QFileDialog.getOpenFileName(self.parent, OPEN_TITLE, start, QDPX_FILTER)
        if not name:
            return
        source = Path(name)
        remember_folder("exchange", source.parent)
        folder = remembered_folder("projects", data_dir())
        name, _ = QFileDialog.getSaveFileName(
            self.parent, "Save the new project as", str(folder / f"{source.stem}{PROJECT_SUFFIX}"),
            PROJECT_FILTER, options=QFileDialog.Option.DontConfirmOverwrite,
        )  # fmt: skip
        if name:
            target = with_project_suffix(Path(name))
            remember_folder("projects", target.parent)
            self.open_qdpx(source, target)

    def open_qdpx(self, source: Path, target: Path) -> None:
        """Make the project `target` from the REFI-QDA project `source`, then open it."""
        if self._busy():
            return
        if target.exists():
            # Never over another project: the import would refuse anyway, so say it now.
            QMessageBox.warning(self.parent, OPEN_TITLE, f"{target}: a file of that name "
                                "already exists; choose another name")  # fmt: skip
            return

        def work(progress: Progress) -> QdpxSummary:
            from briefing.store.qdpx_import import QdpxCancelled, import_qdpx

            try:
                return import_qdpx(source, target, progress)
            except QdpxCancelled:
                raise Cancelled from None

        def done(summary: QdpxSummary) -> None:
            if self.lifecycle.open_project(target):
                self.hub.message.emit(f"Opened {target.name}: {summary.counts()}")
                self._show_summary(summary)

        self._start(OPEN_TITLE, work, done, "Reading", "Nothing was created")

    def _show_summary(self, summary: QdpxSummary) -> None:
        # Not exec(): the report stays up beside the project it describes, and the full list of
        # what was left out is under Details however long it is.
        box = QMessageBox(QMessageBox.Icon.Information, OPEN_TITLE,
                          f"{summary.headline()}\n{summary.counts()}",
                          QMessageBox.StandardButton.Ok, self.parent)  # fmt: skip
        box.setInformativeText("\n".join(summary.message().split("\n")[2:]))
        if summary.left_out:
            box.setDetailedText("\n".join(summary.lines()))
        box.finished.connect(box.deleteLater)
        box.finished.connect(lambda _result: self._forget(box))
        self.summary_box = box
        box.open()

    def _forget(self, box: QMessageBox) -> None:
        if self.summary_box is box:
            self.summary_box = None

    # ----- export ----------------------------------------------------------------------------

    def export_dialog(self) -> None:
        session = self.hub.session
        if session is None or self._busy():
            return
        self.before_export()
        folder = remembered_folder("exchange", data_dir())
        name, _ = QFileDialog.getSaveFileName(
            self.parent, EXPORT_TITLE, str(folder / f"{session.name}{SUFFIX}"), QDPX_FILTER
        )
        if not name:
            return
        target = Path(name) if Path(name).suffix.lower() == SUFFIX else Path(name + SUFFIX)
        remember_folder("exchange", target.parent)
        stored = session.stored

        def work(progress: Progress) -> Path:
            from briefing.export.errors import ExportCancelled
            from briefing.export.qdpx_writer import export_project

            # Its own read-only copy of the project as saved (every edit is), so the worker
            # never touches the open project the window is showing.
            copy = stored.reader()
            try:
                return export_project(copy.project, target, progress)
            except ExportCancelled:
                raise Cancelled from None
            finally:
                copy.close()

        def done(path: Path) -> None:
            self.hub.message.emit(f"Exported the project to {path.name} (REFI-QDA)")

        self._start(EXPORT_TITLE, work, done, "Writing", f"{target.name} was not written")

    # ----- running ---------------------------------------------------------------------------

    def _busy(self) -> bool:
        if self.running():
            self.hub.message.emit("A REFI-QDA import or export is already running")
            return True
        return False

    def _start(
        self, title: str, work: Callable[[Progress], T], done: Callable[[T], object],
        verb: str, cancelled: str,
    ) -> None:  # fmt: skip
        def describe(step: int, total: int) -> str:
            return f"{verb}… ({100 * step // max(total, 1)} %)"

        self.runner = BackgroundTask(
            self.parent, title, work, done,
            lambda message: QMessageBox.warning(self.parent, title, message),
            lambda: self.hub.message.emit(f"Cancelled: {cancelled}"), describe,
        )  # fmt: skip
        self.runner.start()
