"""Python's lock shared finely while one of the window's own threads runs Python.

A thread that waits for the interpreter takes it back only once the holder has had it for
the switch interval (5 ms by default), and every call Qt makes into Python on the UI thread
(a paint, a delegate, a timer's slot) waits so: while the briefing preview's thread worked
out its outline, the window went 40-65 ms at a time without a turn of its event loop, with
next to no work of its own. `sharing_finely()` makes the interval 1 ms for as long as one of
those threads works (the gaps over 10 ms of a visit of the Briefing tab: 25-34 -> 3-4).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

FINE_SECONDS = 0.001

_lock = threading.Lock()
_users = 0
_before = sys.getswitchinterval()


@contextmanager
def sharing_finely() -> Iterator[None]:
    """The 1 ms switch interval inside the block, in whichever thread; as it was once every
    thread inside one has left it."""
    global _users, _before
    with _lock:
        if _users == 0:
            _before = sys.getswitchinterval()
            sys.setswitchinterval(FINE_SECONDS)
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                sys.setswitchinterval(_before)
