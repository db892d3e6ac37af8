"""A time budget for one piece of work in the current thread (one article's extraction).

The budget counts the working thread's own CPU time (Linux/Unix: pthread_getcpuclockid), not
wall time, so that a busy machine (CI's two cores, other builds, many visitors) does not make an
article "too slow" and change what a build outputs; elsewhere it falls back to wall time.
The watchdog is a thread that, when the budget runs out, raises `ArticleTooSlow` in the
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
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class ArticleTooSlow(BaseException):
    """The work ran past its time budget."""


def _raise_in(thread_id: int, exc_type: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc_type) if exc_type is not None else None
    )


def _thread_clock(thread_id: int) -> Callable[[], float]:
    """The CPU-time clock of a thread, or wall time where the platform has none."""
    try:
        clock_id = time.pthread_getcpuclockid(thread_id)
        time.clock_gettime(clock_id)
    except (AttributeError, OSError):
        return time.monotonic
    return lambda: time.clock_gettime(clock_id)


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Run the body with at most `seconds` of its thread's CPU time (None or <= 0: no budget);
    past it, `ArticleTooSlow` is raised inside the body."""
    if not seconds or seconds <= 0:
        yield
        return
    thread_id = threading.get_ident()
    clock = _thread_clock(thread_id)
    started = clock()
    lock = threading.Lock()
    done = threading.Event()
    state = {"finished": False, "fired": False}
    poll = min(0.05, seconds / 4)

    def watch() -> None:
        while not done.wait(poll):
            try:
                used = clock() - started
            except OSError:  # the thread's CPU clock is gone: the thread has ended
                return
            if used < seconds:
                continue
            with lock:
                if not state["finished"]:
                    state["fired"] = True
                    _raise_in(thread_id, ArticleTooSlow)
            return

    watchdog = threading.Thread(target=watch, name="article-budget", daemon=True)
    watchdog.start()
    try:
        yield
    finally:
        with lock:
            state["finished"] = True
            done.set()
            if state["fired"]:
                # fired but perhaps not yet delivered: clear it, so that it cannot surface later
                # in unrelated code (if it was delivered, it is already propagating)
                _raise_in(thread_id, None)
