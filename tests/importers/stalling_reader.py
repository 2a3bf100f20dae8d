"""A reader for the batch tests that stalls or crashes on some sources: run in worker
processes, which import it by name (so it cannot be a monkeypatch)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from briefing.importers.batch import read_source


def read_or_misbehave(source: Path | str) -> object:
    name = Path(source).name
    if name.startswith("stall"):
        time.sleep(3600)
    if name.startswith("crash"):
        os._exit(1)  # what a segfault in a native reader looks like to the pool
    return read_source(source)
