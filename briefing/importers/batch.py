"""Import many files and web addresses into a project: read them (in worker processes when
there are many), then add every accepted article in one undoable edit. Refused sources and
duplicates are reported one by one, in the order given.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefing.core.claim_words import article_terms, filed_form
from briefing.core.collection import collection_paused, keep_out_of_collections
from briefing.core.edit import Edit
from briefing.core.project import Project
from briefing.core.records import ImportedArticle
from briefing.core.text import content_hash
from briefing.importers import ImportRefused, read_article
from briefing.importers.errors import ContentRefused
from briefing.importers.fetch import is_web_address, read_url
from briefing.importers.shared_reading import can_share, shared
from briefing.store.originals import pack_original

log = logging.getLogger(__name__)

# progress(done, total) -> False to cancel
Progress = Callable[[int, int], bool | None]
Source = Path | str  # a file, or a web address (http:// or https://)

# Reading a web page or a PDF takes tens of milliseconds; a worker process takes a second to
# start. Below this many such sources one process is quicker; text files never need help.
PARALLEL_MIN_SOURCES = 8
_MAX_WORKERS = 4
SOURCE_SECONDS = 60  # no source takes this long unless crafted to stall its reader
_HEAVY_SUFFIXES = {".html", ".htm", ".xhtml", ".mhtml", ".mht", ".pdf", ".docx"}
# Articles stored at a time by `import_files` while more are read: small, so little is left to
# store once the last is read.
STEP_ARTICLES = 32


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
    keep_out: bool = False,
    share: bool = False,
) -> ImportPlan:
    """Read sources without touching the project, so this can run off the UI thread.

    `workers`: processes to read in (None: one per core for a large batch, else in-process).
    `share`: many light sources (text files) are read by this process and a forked helper at
    once (`shared_reading`); not in a process that runs Qt.
    `keep_out`: what was read is left out of later collections (`keep_out_of_collections`),
    for a window that keeps its project so: the collection that followed the reading walked
    all of it (95,000 objects for 1,000 text files) holding Python's lock, a stall of the
    window; none of it is garbage before the articles are added, and then it is freed all
    the same.
    """
    with collection_paused():  # thousands of records and their terms, none of them garbage
        plan = _read_files(sources, known_hashes, progress, workers, share)
        if keep_out:
            keep_out_of_collections()
        return plan


def _read_files(
    sources: Sequence[Source],
    known_hashes: set[str],
    progress: Progress | None,
    workers: int | None,
    share: bool = False,
) -> ImportPlan:
    plan = ImportPlan()
    for outcome, article in _reading(sources, known_hashes, progress, workers, share, plan):
        plan.outcomes.append(outcome)
        if article is not None:
            plan.articles.append(article)
    return plan


def _reading(
    sources: Sequence[Source],
    known_hashes: set[str],
    progress: Progress | None,
    workers: int | None,
    share: bool,
    plan: ImportPlan,
) -> Iterator[tuple[FileOutcome, ImportedArticle | None]]:
    """Each source's outcome as it is read, with the article to add (None: skipped); a
    cancel marks the plan `cancelled` and ends it."""
    seen = set(known_hashes)
    total = len(sources)
    for done, (source, result) in enumerate(_results(sources, workers, share)):
        if progress is not None and progress(done, total) is False:
            plan.cancelled = True
            return
        text = str(source)
        if isinstance(result, str):
            yield FileOutcome(text, False, f"skipped: {result}"), None
            continue
        digest = content_hash(result.text)
        if digest in seen:
            yield FileOutcome(text, False, "skipped: already in the project"), None
            continue
        seen.add(digest)
        notes = "".join(f" (note: {note})" for note in result.notes)
        yield FileOutcome(text, True, f"imported as “{result.title}”{notes}"), result
    if progress is not None:
        progress(total, total)


def import_files(
    project: Project,
    sources: Sequence[Source],
    progress: Progress | None = None,
    workers: int | None = None,
) -> tuple[Edit, list[FileOutcome]]:
    """Read the sources (many text files shared with a forked helper: not for a process that
    runs Qt) and add what was read in one edit, stored as it is read where the project can
    (`Project.add_articles_as_read`: a file stores each step while the next is read)."""
    # One pause for reading and storing: the collector never walks the records and claim
    # terms read (95,000 objects for 1,000 text files), which are garbage by the end and
    # freed without it.
    with collection_paused():
        known = {a.content_hash for a in project.articles()}
        outcomes: list[FileOutcome] = []
        reading = _reading(sources, known, progress, workers, True, ImportPlan())

        def batches() -> Iterator[list[ImportedArticle]]:
            batch: list[ImportedArticle] = []
            for outcome, article in reading:
                outcomes.append(outcome)
                if article is not None:
                    batch.append(article)
                    if len(batch) >= STEP_ARTICLES:
                        yield batch
                        batch = []
            if batch:
                yield batch

        edit = project.add_articles_as_read(batches())
    return edit, outcomes


def read_source(source: Source) -> ImportedArticle | str:
    """One file or address read, or the reason it cannot be (picklable, for worker processes)."""
    try:
        if isinstance(source, str) and is_web_address(source):
            article = read_url(source)
        else:
            article = read_article(Path(source))
        # Compressed and indexed here, in the reader's process or thread, not when the project
        # takes it (its commit runs on the window's thread).
        return replace(
            article,
            original_packed=pack_original(article.original),
            claim_terms=filed_form(article_terms(article.text)),
        )
    except (ImportRefused, ContentRefused) as refused:
        return refused.reason
    except Exception as error:  # a reader's bug must cost one source, not the whole batch
        log.exception("Could not read %s", source)
        return f"it could not be read ({type(error).__name__}: {error}); see the log"


def _results(
    sources: Sequence[Source], workers: int | None, share: bool
) -> Iterator[tuple[Source, ImportedArticle | str]]:
    count = _worker_count(sources, workers)
    if count > 1:
        yield from _pooled(sources, count)
    elif share and workers is None and can_share(len(sources)):
        yield from shared(sources, read_source)
    else:
        for source in sources:
            yield source, read_source(source)


def _pooled(
    sources: Sequence[Source],
    workers: int,
    reader: Callable[[Source], ImportedArticle | str] = read_source,
    timeout: float = SOURCE_SECONDS,
) -> Iterator[tuple[Source, ImportedArticle | str]]:
    """Read in worker processes, results in the order given. A source that takes longer
    than `timeout` to read, or crashes its worker, is skipped with that reason and the
    workers start again: one crafted file can neither hang nor end the batch."""
    waiting = deque(enumerate(sources))
    suspects: deque[tuple[int, Source]] = deque()  # in flight when a worker crashed
    running: dict[Future[ImportedArticle | str], tuple[int, Source, float]] = {}
    done: dict[int, ImportedArticle | str] = {}
    following = 0  # the next result to hand out
    executor = _executor(workers)
    try:
        while waiting or running or suspects:
            if suspects and not running:
                # Which one crashed the worker? Each is read alone to find out.
                index, source = suspects.popleft()
                done[index] = _read_alone(source, reader, timeout)
            while waiting and not suspects and len(running) < workers:
                index, source = waiting.popleft()
                running[executor.submit(reader, source)] = (index, source, time.monotonic())
            if running:
                oldest = min(started for _, _, started in running.values())
                finished, _ = wait(running, max(0.0, oldest + timeout - time.monotonic()),
                                   return_when=FIRST_COMPLETED)  # fmt: skip
                broken = False
                for future in finished:
                    index, source, _ = running.pop(future)
                    try:
                        done[index] = future.result()
                    except BrokenProcessPool:
                        broken = True
                        suspects.append((index, source))
                now = time.monotonic()
                hung = [f for f, (_, _, started) in running.items() if now - started >= timeout]
                if broken or hung:
                    for future in hung:
                        index, source, _ = running.pop(future)
                        done[index] = _too_long(source, timeout)
                    # The rest start again in fresh workers (after the crash suspects).
                    again = sorted(((i, s) for i, s, _ in running.values()), reverse=True)
                    (suspects if broken else waiting).extendleft(again)
                    running.clear()
                    _stop(executor)
                    executor = _executor(workers)
            while following in done:
                yield sources[following], done.pop(following)
                following += 1
    finally:  # also when the caller stops early (cancel): drop what has not finished
        _stop(executor)


def _read_alone(
    source: Source, reader: Callable[[Source], ImportedArticle | str], timeout: float
) -> ImportedArticle | str:
    executor = _executor(1)
    try:
        return executor.submit(reader, source).result(timeout=timeout)
    except FutureTimeout:
        return _too_long(source, timeout)
    except BrokenProcessPool:
        log.warning("Reading %s crashed its worker", source)
        return "the reader stopped unexpectedly on it, so it was skipped"
    finally:
        _stop(executor)


def _too_long(source: Source, timeout: float) -> str:
    log.warning("Reading %s took longer than %g s", source, timeout)
    return f"it took longer than {timeout:g} s to read, so it was skipped"


def _stop(executor: ProcessPoolExecutor) -> None:
    processes = list(getattr(executor, "_processes", {}).values())  # no public way to kill
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(timeout=5)


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


def _executor(workers: int) -> ProcessPoolExecutor:
    # "spawn": a fresh interpreter per worker. Forking a process that runs Qt threads (the
    # window's import thread) can copy a held lock into the child and hang it.
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_behind_the_window)


READER_NICENESS = 10  # as the corroboration index's processes' (`store.claim_index`)


def _behind_the_window() -> None:
    """First in each reading process: it gets a processor only when the window does not
    want it. Two readers flat out on two cores kept the window waiting for one (importing
    1,000 pages at 10,000 articles: stalls of 45 ms, 26 of them the window's own work)."""
    try:
        os.nice(READER_NICENESS)
    except (AttributeError, OSError):  # not on this system, or not allowed: no matter
        pass
