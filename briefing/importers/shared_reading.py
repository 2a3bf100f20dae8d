"""Many light sources (text files) read by this process and one forked helper at once.

A pool of spawned workers costs a second or more to start and pickles every result back; for
text files that took longer than reading them in one process. A forked helper starts in a few
milliseconds with everything already imported. The sources are cut into chunks: this process
takes them from the front, the helper from the back, each marking a chunk in a shared page
before reading it, until they meet. The helper writes each chunk's results to a file in memory
(what a reader gives: the text, the original and its claim terms as `claim_words.Filed`, a
few objects an article), read here once it has ended.

Either side may read the chunk where they meet (the marks are not a lock): this process keeps
its own reading and drops the helper's. Whatever the helper did not deliver (it crashed, was
killed) is read here, so the results are always those of reading every source in order.

The helper only reads files and computes; it never touches the project, SQLite or Qt, and ends
with `os._exit`. Forking a process that runs other threads is safe for that much on Linux
(Python takes the import lock across the fork; the other threads' locks stay untouched).
Not for a window's process, whose Qt threads the child would copy: the window reads in one.
"""

from __future__ import annotations

import mmap
import os
import pickle
import struct
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

S = TypeVar("S")
R = TypeVar("R")

MIN_SOURCES = 64  # fewer: starting the helper is not worth it
CHUNK = 8  # sources taken at a time by either side (small: they meet with little to wait)
_FREE, _HERE, _HELPER = 0, 1, 2
_LENGTH = struct.Struct("<Q")


def can_share(count: int) -> bool:
    """Whether `count` sources are read faster shared with a helper on this machine."""
    return count >= MIN_SOURCES and sys.platform.startswith("linux") and _cores() >= 2


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def shared(sources: Sequence[S], read: Callable[[S], R]) -> Iterator[tuple[S, R]]:
    """(source, read(source)) for every source, in the order given; what this process reads
    comes as it is read, the helper's after (a caller that stops early ends the helper)."""
    chunks = [(start, min(start + CHUNK, len(sources))) for start in range(0, len(sources), CHUNK)]
    marks = mmap.mmap(-1, len(chunks))  # shared with the helper: who reads each chunk
    # What the helper reads goes to a file in memory, read here once it has ended: a pipe
    # filled up while this process held Python's lock, and the helper waited for a thread
    # here to empty it (more than half its time, on a busy machine).
    results = os.memfd_create("shared-reading", os.MFD_CLOEXEC)
    try:
        helper = os.fork()
    except OSError:  # no process to be had (limits, memory): all of it read here
        os.close(results)
        marks.close()
        yield from ((source, read(source)) for source in sources)
        return
    if helper == 0:  # the helper: never returns
        _help(sources, read, chunks, marks, results)
    done: dict[int, R] = {}
    following = 0
    try:
        for number, (start, end) in enumerate(chunks):
            if marks[number] != _FREE:
                break  # the helper's from here on
            marks[number] = _HERE
            for index in range(start, end):
                done[index] = read(sources[index])
            while following in done:
                yield sources[following], done.pop(following)
                following += 1
        _end(helper, wait=True)
        for index, result in _sent(results):
            if index >= following:
                done.setdefault(index, result)
        for index in range(following, len(sources)):
            # What the helper did not deliver (it failed) is read here.
            yield sources[index], done.pop(index) if index in done else read(sources[index])
    finally:
        _end(helper, wait=False)
        os.close(results)
        marks.close()


def _help(
    sources: Sequence[S],
    read: Callable[[S], R],
    chunks: list[tuple[int, int]],
    marks: mmap.mmap,
    results: int,
) -> None:
    status = 1
    try:
        for number in reversed(range(len(chunks))):
            if marks[number] != _FREE:
                break  # met the other side
            marks[number] = _HELPER
            start, end = chunks[number]
            data = pickle.dumps([(i, read(sources[i])) for i in range(start, end)],
                                protocol=pickle.HIGHEST_PROTOCOL)  # fmt: skip
            frame = memoryview(_LENGTH.pack(len(data)) + data)
            while frame:
                frame = frame[os.write(results, frame) :]
        status = 0
    except BaseException:  # (Ctrl-C included) whatever it did not send is read by the other
        pass
    finally:
        os._exit(status)


def _end(helper: int, wait: bool) -> None:
    """Wait for the helper to end (`wait`: it is finishing its last chunk), or end it (the
    caller stopped early, or failed)."""
    try:
        finished, _ = os.waitpid(helper, 0 if wait else os.WNOHANG)
        if not finished:
            os.kill(helper, 9)
            os.waitpid(helper, 0)
    except ChildProcessError:  # already waited for
        pass


def _sent(results: int) -> Iterator[tuple[int, Any]]:
    """Every (index, result) the helper wrote, whole frames only (it may have died writing
    the last)."""
    with os.fdopen(results, "rb", closefd=False) as file:
        file.seek(0)
        while True:
            head = file.read(_LENGTH.size)
            if len(head) < _LENGTH.size:
                return
            (size,) = _LENGTH.unpack(head)
            frame = file.read(size)
            if len(frame) < size:
                return
            yield from pickle.loads(frame)
