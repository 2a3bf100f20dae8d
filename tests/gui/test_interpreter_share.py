"""While one of the window's threads works, Python's lock changes hands every millisecond; the
interval is as it was once every such thread is done, in whatever order they end."""

from __future__ import annotations

import sys
import threading

from briefing.gui.interpreter_share import FINE_SECONDS, sharing_finely


def test_the_interval_is_fine_while_any_thread_works_and_as_before_after() -> None:
    before = sys.getswitchinterval()
    inside, leave = threading.Event(), threading.Event()

    def work() -> None:
        with sharing_finely():
            inside.set()
            leave.wait()

    worker = threading.Thread(target=work)
    with sharing_finely():
        worker.start()
        inside.wait()
        assert sys.getswitchinterval() == FINE_SECONDS
    assert sys.getswitchinterval() == FINE_SECONDS  # the worker is still at it
    leave.set()
    worker.join()
    assert sys.getswitchinterval() == before
