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


def keep_out_of_collections() -> None:
    """What the heap holds now (a project just opened: its records, the views made of them)
    is left out of every later collection: with a large project open, each full collection
    walked two million objects that are never garbage, a tenth of a second of the window's
    time at a moment nobody chose. The next `let_collections_in` gives them back."""
    gc.freeze()


def let_collections_in() -> None:
    """Collections see everything again (a project is being closed: its objects may go)."""
    gc.unfreeze()
