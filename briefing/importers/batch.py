"""Import many files and web addresses into a project: read them (in worker processes when
there are many), then add every accepted article in one undoable edit. Refused sources and
duplicates are reported one by one, in the order given.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from briefing.core.edit import Edit
from briefing.core.project import Project
from briefing.core.records import ImportedArticle
from briefing.core.text import content_hash
from briefing.importers import ImportRefused, read_article
from briefing.importers.errors import ContentRefused
from briefing.importers.fetch import is_web_address, read_url

log = logging.getLogger(__name__)

# progress(done, total) -> False to cancel
Progress = Callable[[int, int], bool | None]
Source = Path | str  # a file, or a web address (http:// or https://)

# Reading a web page or a PDF takes tens of milliseconds; a worker process takes a second to
# start. Below this many such sources one process is quicker; text files never need help.
PARALLEL_MIN_SOURCES = 8
_MAX_WORKERS = 4
_HEAVY_SUFFIXES = {".html", ".htm", ".xhtml", ".mhtml", ".mht", ".pdf", ".docx"}


@dataclass(frozen=True, slots=True)
class FileOutcome:
    source: str  # the file's path or the web address, as given
    imported: bool
    message: str  # "imported as “Title”" or why the source was skipped

    @property
    def label(self) -> str:
        """How to name the source in a list: the file name, or the whole address."""
        return self.source if is_web_address(self.source) else Path(self.source).name


@dataclass
class ImportPlan:
    articles: list[ImportedArticle] = field(default_factory=list)
    outcomes: list[FileOutcome] = field(default_factory=list)
    cancelled: bool = False


def read_files(
    sources: Sequence[Source],
    known_hashes: set[str],
    progress: Progress | None = None,
    workers: int | None = None,
) -> ImportPlan:
    """Read sources without touching the project, so this can run off the UI thread.

    `workers`: processes to read in (None: one per core for a large batch, else in-process).
    """
    plan = ImportPlan()
    seen = set(known_hashes)
    total = len(sources)
    for done, (source, result) in enumerate(_results(sources, workers, progress)):
        if progress is not None and progress(done, total) is False:
            plan.cancelled = True
            break
        text = str(source)
        if isinstance(result, str):
            plan.outcomes.append(FileOutcome(text, False, f"skipped: {result}"))
            continue
        digest = content_hash(result.text)
        if digest in seen:
            plan.outcomes.append(FileOutcome(text, False, "skipped: already in the project"))
            continue
        seen.add(digest)
        plan.articles.append(result)
        notes = "".join(f" (note: {note})" for note in result.notes)
        plan.outcomes.append(FileOutcome(text, True, f"imported as “{result.title}”{notes}"))
    if progress is not None and not plan.cancelled:
        progress(total, total)
    return plan


def import_files(
    project: Project,
    sources: Sequence[Source],
    progress: Progress | None = None,
    workers: int | None = None,
) -> tuple[Edit, list[FileOutcome]]:
    plan = read_files(sources, {a.content_hash for a in project.articles()}, progress, workers)
    return commit_plan(project, plan), plan.outcomes


def commit_plan(project: Project, plan: ImportPlan) -> Edit:
    """Add the plan's articles in one edit (empty if there are none)."""
    if not plan.articles:
        return Edit("Import", ())
    return project.add_articles(plan.articles)


def read_source(source: Source) -> ImportedArticle | str:
    """One file or address read, or the reason it cannot be (picklable, for worker processes)."""
    try:
        if isinstance(source, str) and is_web_address(source):
            return read_url(source)
        return read_article(Path(source))
    except (ImportRefused, ContentRefused) as refused:
        return refused.reason
    except Exception as error:  # a reader's bug must cost one source, not the whole batch
        log.exception("Could not read %s", source)
        return f"it could not be read ({type(error).__name__}: {error}); see the log"


def _results(
    sources: Sequence[Source], workers: int | None, progress: Progress | None
) -> Iterator[tuple[Source, ImportedArticle | str]]:
    count = _worker_count(sources, workers)
    if count <= 1:
        for source in sources:
            yield source, read_source(source)
        return
    executor = _executor(count)
    try:
        # Results come back in the order given; each worker takes a few sources at a time.
        yield from zip(sources, executor.map(read_source, sources, chunksize=2), strict=True)
    finally:  # also when the caller stops early (cancel): drop what has not started
        executor.shutdown(wait=True, cancel_futures=True)


def _worker_count(sources: Sequence[Source], workers: int | None) -> int:
    if workers is not None:
        return max(1, min(workers, len(sources)))
    heavy = sum(_is_heavy(source) for source in sources)
    if heavy < PARALLEL_MIN_SOURCES:
        return 1
    return max(1, min(_MAX_WORKERS, os.cpu_count() or 1, heavy // 2))


def _is_heavy(source: Source) -> bool:
    if isinstance(source, str) and is_web_address(source):
        return True
    return Path(source).suffix.lower() in _HEAVY_SUFFIXES


def _executor(workers: int) -> Executor:
    # "spawn": a fresh interpreter per worker. Forking a process that runs Qt threads (the
    # window's import thread) can copy a held lock into the child and hang it.
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
