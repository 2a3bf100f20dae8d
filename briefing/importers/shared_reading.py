"""Many light sources (text files) read by this process and one forked helper at once.

A pool of spawned workers costs a second or more to start and pickles every result back; for
text files that took longer than reading them in one process. A forked helper starts in a few
milliseconds with everything already imported. The sources are cut into chunks, whose numbers
wait in a pipe: each side takes the next number from it (a read of a few bytes from a pipe is
one, whoever else reads it) and reads that chunk, until the pipe is empty (the first chunk is
this process's, not in the pipe). So both read front to back, and the results come in order
as soon as they are read: an import stores them while the rest is read (the side that stores
reads less, the other takes more numbers). The helper writes each chunk's results to a file
in memory (what a reader gives: the text, the original and its claim terms as
`claim_words.Filed`, a few objects an article), then marks the chunk done in a shared page;
this process reads them from there.

Whatever the helper did not deliver (it crashed, was killed) is read here, so the results are
always those of reading every source in order.

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
CHUNK = 8  # sources taken at a time by either side (small: little to wait for at the end)
_DONE = 1  # a chunk's mark once the helper has written its results
_NUMBER = struct.Struct("<I")  # a chunk's number, as it waits in the pipe
_LENGTH = struct.Struct("<Q")
# The numbers are all written before the helper starts, so they must fit in a pipe's buffer
# (64 KiB on Linux; 4 KiB is the least any pipe holds, in one write).
_MOST_CHUNKS = 4096 // _NUMBER.size


def can_share(count: int) -> bool:
    """Whether `count` sources are read faster shared with a helper on this machine."""
    return count >= MIN_SOURCES and sys.platform.startswith("linux") and _cores() >= 2


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def shared(sources: Sequence[S], read: Callable[[S], R]) -> Iterator[tuple[S, R]]:
    """(source, read(source)) for every source, in the order given, each as soon as it and
    those before it are read (a caller that stops early ends the helper)."""
    size = max(CHUNK, -(-len(sources) // _MOST_CHUNKS))
    chunks = [(start, min(start + size, len(sources))) for start in range(0, len(sources), size)]
    marks = mmap.mmap(-1, len(chunks))  # shared with the helper: which chunks it delivered
    results = os.memfd_create("shared-reading", os.MFD_CLOEXEC)
    taking, filling = os.pipe()
    # The first chunk is this process's: its results come at once, whoever starts first.
    os.write(filling, b"".join(_NUMBER.pack(number) for number in range(1, len(chunks))))
    os.close(filling)  # before the fork: an empty pipe then reads as its end, on both sides
    try:
        helper = os.fork()
    except OSError:  # no process to be had (limits, memory): all of it read here
        os.close(taking)
        os.close(results)
        marks.close()
        yield from ((source, read(source)) for source in sources)
        return
    if helper == 0:  # the helper: never returns
        _help(sources, read, chunks, taking, marks, results)
    delivered = _Delivered(results)
    mine: dict[int, list[R]] = {}  # chunks read here, not yet handed out
    following = 0  # the next chunk to hand out
    number: int | None = 0
    try:
        while number is not None:
            start, end = chunks[number]
            mine[number] = [read(sources[index]) for index in range(start, end)]
            while following < len(chunks) and (following in mine or marks[following] == _DONE):
                start, end = chunks[following]
                got = mine.pop(following) if following in mine else delivered.chunk(following)
                yield from zip(sources[start:end], got, strict=True)
                following += 1
            number = _take(taking)
        _end(helper, wait=True)  # every number is taken: the helper ends after its last chunk
        for number in range(following, len(chunks)):
            start, end = chunks[number]
            if number in mine:
                got = mine.pop(number)
            elif marks[number] == _DONE:
                got = delivered.chunk(number)
            else:  # the helper took it and failed: read here
                got = [read(sources[index]) for index in range(start, end)]
            yield from zip(sources[start:end], got, strict=True)
    finally:
        _end(helper, wait=False)
        os.close(taking)
        os.close(results)
        marks.close()


def _take(taking: int) -> int | None:
    """The next chunk's number from the pipe, or None once all are taken."""
    data = os.read(taking, _NUMBER.size)
    return _NUMBER.unpack(data)[0] if len(data) == _NUMBER.size else None


def _help(
    sources: Sequence[S],
    read: Callable[[S], R],
    chunks: list[tuple[int, int]],
    taking: int,
    marks: mmap.mmap,
    results: int,
) -> None:
    status = 1
    try:
        while (number := _take(taking)) is not None:
            start, end = chunks[number]
            data = pickle.dumps((number, [read(sources[i]) for i in range(start, end)]),
                                protocol=pickle.HIGHEST_PROTOCOL)  # fmt: skip
            frame = memoryview(_LENGTH.pack(len(data)) + data)
            while frame:
                frame = frame[os.write(results, frame) :]
            marks[number] = _DONE  # only once all of it is written
        status = 0
    except BaseException:  # (Ctrl-C included) whatever it did not deliver is read by the other
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


class _Delivered:
    """The chunks the helper wrote to the file in memory, one frame each in the order it read
    them, read from there as they are asked for: only one marked done, whose frame and every
    frame before it are then whole."""

    def __init__(self, results: int) -> None:
        self._results = results
        self._offset = 0  # of the next frame not read yet
        self._read: dict[int, list[Any]] = {}  # chunks read from the file, not yet asked for

    def chunk(self, number: int) -> list[Any]:
        while number not in self._read:
            head = os.pread(self._results, _LENGTH.size, self._offset)
            (size,) = _LENGTH.unpack(head)
            frame = os.pread(self._results, size, self._offset + _LENGTH.size)
            self._offset += _LENGTH.size + size
            got, results = pickle.loads(frame)
            self._read[got] = results
        return self._read.pop(number)
