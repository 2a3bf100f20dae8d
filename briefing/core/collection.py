"""Python's cyclic garbage collector, kept out of bulk work.

Loading a project of 100,000 passages or building its briefing makes a million small objects,
none of them garbage; each few hundred made set off a collection, and every full one walks the
whole heap again (an outline of 100,000 passages took twice as long). Records hold no cycles,
so nothing is lost by collecting once the work is done instead.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic collection inside the block (as it was again after it, also on error)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
