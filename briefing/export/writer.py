"""The interface every format's writer offers, and the progress reporting they share."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import BinaryIO, Protocol, cast

from briefing.export.outline import Outline

# progress(done, total) -> False to cancel; anything else (None included) goes on.
Progress = Callable[[int, int], bool | None]


class Cancelled(Exception):
    """Raised inside a writer when progress() returned False."""


class Writer(Protocol):
    suffix: str  # ".docx"
    label: str  # "Word document"

    def write(self, outline: Outline, stream: BinaryIO, progress: Progress | None = None) -> None:
        """Render the whole outline into `stream`; raise Cancelled if progress says so."""


class LazyWriter:
    """A writer whose module, and the libraries it needs, load when it first writes: the
    window starts without python-docx."""

    def __init__(self, module: str, name: str, suffix: str, label: str) -> None:
        self._module, self._name = module, name
        self.suffix, self.label = suffix, label
        self._writer: Writer | None = None

    def write(self, outline: Outline, stream: BinaryIO, progress: Progress | None = None) -> None:
        if self._writer is None:
            made = getattr(importlib.import_module(self._module), self._name)()
            self._writer = cast(Writer, made)
        self._writer.write(outline, stream, progress)


class Ticker:
    """Calls progress every `every` entries, so writers stay cheap in their inner loops."""

    def __init__(self, progress: Progress | None, total: int, every: int = 250) -> None:
        self._progress = progress
        self.total = total
        self._every = every
        self.done = 0

    def start(self) -> None:
        self._report()

    def step(self) -> None:
        self.done += 1
        if self._progress is not None and self.done % self._every == 0:
            self._report()

    def finish(self) -> None:
        self.done = self.total
        self._report()

    def _report(self) -> None:
        if self._progress is not None and self._progress(self.done, self.total) is False:
            raise Cancelled
