"""A time budget for one piece of work in the current thread (one article's extraction).

The watchdog is a timer thread that, when the budget runs out, raises `ArticleTooSlow` in the
working thread (CPython's PyThreadState_SetAsyncExc): the exception arrives at the next Python
bytecode the thread runs, so the work stops where it is, whatever pass it is in, without any
check inside the extraction code and at no cost when the budget is not reached. It works in any
thread (Streamlit's, a process pool's, a Dask worker's), where SIGALRM only works in the main
thread. Limit: a single C call that never returns to Python (one regex backtracking for minutes)
is stopped only when it returns; the splitter's bounds (geodata/clean.py) keep those calls short.

`ArticleTooSlow` is a BaseException, so that `except Exception` inside the work does not swallow
it.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class ArticleTooSlow(BaseException):
    """The work ran past its time budget."""


def _raise_in(thread_id: int, exc_type: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc_type) if exc_type is not None else None
    )


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Run the body with at most `seconds` (None or <= 0: no budget); past it, `ArticleTooSlow`
    is raised inside the body."""
    if not seconds or seconds <= 0:
        yield
        return
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"finished": False, "fired": False}

    def expire() -> None:
        with lock:
            if not state["finished"]:
                state["fired"] = True
                _raise_in(thread_id, ArticleTooSlow)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["finished"] = True
            if state["fired"]:
                # fired but perhaps not yet delivered: clear it, so that it cannot surface later
                # in unrelated code (if it was delivered, it is already propagating)
                _raise_in(thread_id, None)
