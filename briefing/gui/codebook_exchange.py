"""Themes > Import codebook / Export codebook: REFI-QDA .qdc files from and for other tools."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from briefing.core.edit import Edit
from briefing.core.errors import ProjectError
from briefing.gui.gui_settings import remember_folder, remembered_folder
from briefing.gui.hub import ProjectHub
from briefing.store.locations import data_dir

CODEBOOK_FILTER = "REFI-QDA codebook (*.qdc)"


class CodebookExchange:
    def __init__(self, hub: ProjectHub, parent: QWidget) -> None:
        self.hub = hub
        self.parent = parent

    def import_dialog(self) -> None:
        from briefing.store.refi_qda import merge_codebook, read_codebook

        project = self.hub.project
        if project is None:
            return
        start = str(remembered_folder("codebook", Path.home()))
        name, _ = QFileDialog.getOpenFileName(
            self.parent, "Import codebook", start, CODEBOOK_FILTER
        )
        if not name:
            return
        remember_folder("codebook", Path(name).parent)
        summary = []

        def merge() -> Edit:
            edit, result = merge_codebook(project, read_codebook(Path(name)))
            summary.append(result.message())
            return edit

        self.hub.run(merge)
        if summary:
            QMessageBox.information(self.parent, "Import codebook", summary[0])

    def export_dialog(self) -> None:
        from briefing.store.refi_qda import SUFFIX, write_codebook

        session = self.hub.session
        if session is None:
            return
        folder = remembered_folder("codebook", data_dir())
        start = str(folder / f"{session.name} codebook.qdc")
        name, _ = QFileDialog.getSaveFileName(
            self.parent, "Export codebook", start, CODEBOOK_FILTER
        )
        if not name:
            return
        path = Path(name) if Path(name).suffix == SUFFIX else Path(name + SUFFIX)
        try:
            write_codebook(session.project, path)
        except ProjectError as error:
            QMessageBox.warning(self.parent, "Export codebook", str(error))
            return
        remember_folder("codebook", path.parent)
        self.hub.message.emit(f"Exported the codebook to {path.name}")
