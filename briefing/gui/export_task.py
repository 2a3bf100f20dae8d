"""What an export does off the UI thread: the outline, the file, and the file read back and
checked, one progress bar across the three.

At 100,000 passages the outline is most of a second of Python, writing the .docx seconds
and reading it back to check every quote several more: all of it on the window's thread
held the window for ten seconds. The worker reads the project, so the caller holds it
still meanwhile (`Session.hold_news`; the dialog is modal, so no edit of the analyst's
comes either) and starts it only once the project is read in full (`ready`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefing.core.collection import collection_paused
from briefing.core.errors import ProjectError
from briefing.core.project import Project
from briefing.export import ExportCancelled, Outline, OutlineOptions, iter_outline, write_briefing
from briefing.export.verify import VerifyReport, verify_export
from briefing.gui.background import Cancelled, Progress

# Shares of the progress bar, out of STEPS: gathering the passages, writing, checking.
STEPS = 1000
OUTLINE_END, WRITE_END = 150, 650
READY_WAIT_SECONDS = 0.05  # between looks at a cancel while the project is still read


@dataclass(frozen=True)
class Exported:
    path: Path
    report: VerifyReport | None  # None: not checked (cancelled, or it could not be read)
    problem: str = ""  # why it could not be checked


class Ready:
    """Set by the UI thread once the project is read in full (or found unsound)."""

    def __init__(self, now: bool) -> None:
        self._event = threading.Event()
        self.refusal = ""
        if now:
            self._event.set()

    def set(self, refusal: str = "") -> None:
        self.refusal = refusal
        self._event.set()

    def wait(self, progress: Progress) -> None:
        while not self._event.wait(READY_WAIT_SECONDS):
            if not progress(0, STEPS):
                raise Cancelled
        if self.refusal:
            raise ProjectError(self.refusal)


def describe(done: int, _total: int) -> str:
    """The progress dialog's line for a point of the bar."""
    if done < OUTLINE_END:
        return "Gathering the passages…"
    if done < WRITE_END:
        return "Writing the briefing…"
    return "Checking every quote against its source…"


def export_and_verify(
    project: Project,
    options: OutlineOptions,
    path: Path,
    fmt: str,
    ready: Ready,
    progress: Progress,
    write: Callable[..., Path] = write_briefing,
) -> Exported:
    """Build the outline, write it to `path` and read it back to check it. Raises Cancelled
    before the file is written; a cancel while it is checked leaves it written, unchecked."""
    ready.wait(progress)
    # A full collection walks the window's heap too, holding Python's lock (100-300 ms with a
    # large project open): the window's thread waits for it, not just this one.
    with collection_paused():
        return _export_and_verify(project, options, path, fmt, progress, write)


def _export_and_verify(
    project: Project,
    options: OutlineOptions,
    path: Path,
    fmt: str,
    progress: Progress,
    write: Callable[..., Path],
) -> Exported:
    outline = _outline(project, options, progress)

    def writing(done: int, total: int) -> bool:
        return progress(_share(done, total, OUTLINE_END, WRITE_END), STEPS)

    try:
        written = write(outline, path, fmt, writing)
    except ExportCancelled:
        raise Cancelled from None
    # Freed now, not with the report at the end: freeing 100,000 entries is one call that
    # holds Python's lock throughout, and the two together held the window 45 ms.
    del outline
    if not progress(WRITE_END, STEPS):
        return Exported(written, None, "the check was cancelled")
    try:
        report = verify_export(project, written)
    except ProjectError as error:
        return Exported(written, None, str(error))
    progress(STEPS, STEPS)
    return Exported(written, report)


def _outline(project: Project, options: OutlineOptions, progress: Progress) -> Outline:
    for step in iter_outline(project, options):
        if isinstance(step, Outline):
            return step
        if not progress(_share(*step, 0, OUTLINE_END), STEPS):
            raise Cancelled
    raise AssertionError("iter_outline ends with the outline")


def _share(done: int, total: int, start: int, end: int) -> int:
    return start + (end - start) * min(done, total) // max(total, 1)
