"""A time budget for one piece of work in the current thread (one article's extraction).

The budget counts the working thread's own CPU time (Linux/Unix: pthread_getcpuclockid), not
wall time, so that a busy machine (CI's two cores, other builds, many visitors) does not make an
article "too slow" and change what a build outputs; elsewhere it falls back to wall time.
The watchdog is one thread for the whole process (started when a budget is first needed, ended
after a second with none; a thread per article cost more than 5% of a build's CPU time) that,
when a budget runs out, raises `ArticleTooSlow` in the working thread (CPython's
PyThreadState_SetAsyncExc): the exception arrives at the next Python bytecode the thread runs,
so the work stops where it is, whatever pass it is in, without any check inside the extraction
code and at no cost when the budget is not reached. It works in any thread (Streamlit's, a
process pool's, a Dask worker's), where SIGALRM only works in the main thread. Limit: a single
C call that never returns to Python (one regex backtracking for minutes) is stopped only when it
returns; the splitter's bounds (geodata/clean.py) keep those calls short.

`ArticleTooSlow` is a BaseException, so that `except Exception` inside the work does not swallow
it.
"""

from __future__ import annotations

import ctypes
import os
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


class _Budget:
    """One running budget: whose thread, its clock, and what the watchdog did about it."""

    def __init__(self, thread_id: int, clock: Callable[[], float], seconds: float) -> None:
        self.thread_id, self.clock, self.seconds = thread_id, clock, seconds
        self.started = clock()
        self.poll = min(0.05, seconds / 4)
        self.fired = False


class _Watchdog:
    """The one thread that watches every running budget of the process."""

    IDLE_EXIT_S = 1.0  # with no budget for this long, the thread ends (the next one starts it)

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.budgets: list[_Budget] = []
        self.thread: threading.Thread | None = None
        self.poll = 0.05  # the interval the thread sleeps now

    def watch(self, budget: _Budget) -> None:
        with self.lock:
            self.budgets.append(budget)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="article-budget", daemon=True)
                self.thread.start()
            elif budget.poll < self.poll:
                self.lock.notify()  # a shorter budget than the thread sleeps: wake it now

    def release(self, budget: _Budget) -> bool:
        """Stop watching; whether the budget fired (its exception perhaps not yet delivered)."""
        with self.lock:
            if budget in self.budgets:
                self.budgets.remove(budget)
            return budget.fired

    def _run(self) -> None:
        idle = 0.0
        with self.lock:
            while idle < self.IDLE_EXIT_S:
                self.poll = min((b.poll for b in self.budgets), default=0.05)
                self.lock.wait(self.poll)
                idle = 0.0 if self.budgets else idle + self.poll
                for budget in list(self.budgets):
                    self._check(budget)
            self.thread = None

    def _check(self, budget: _Budget) -> None:
        try:
            used = budget.clock() - budget.started
        except OSError:  # the thread's CPU clock is gone: the thread has ended
            self.budgets.remove(budget)
            return
        if used >= budget.seconds:
            budget.fired = True
            self.budgets.remove(budget)
            _raise_in(budget.thread_id, ArticleTooSlow)


_WATCHDOG = _Watchdog()


def _new_watchdog_after_fork() -> None:
    # a forked child (a process pool's worker) has no watchdog thread, and its lock may have been
    # held by the parent's at the fork: it starts afresh
    global _WATCHDOG
    _WATCHDOG = _Watchdog()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_watchdog_after_fork)


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Run the body with at most `seconds` of its thread's CPU time (None or <= 0: no budget);
    past it, `ArticleTooSlow` is raised inside the body."""
    if not seconds or seconds <= 0:
        yield
        return
    thread_id = threading.get_ident()
    budget = _Budget(thread_id, _thread_clock(thread_id), seconds)
    watchdog = _WATCHDOG
    watchdog.watch(budget)
    try:
        yield
    finally:
        if watchdog.release(budget):
            # fired but perhaps not yet delivered: clear it, so that it cannot surface later in
            # unrelated code (if it was delivered, it is already propagating)
            _raise_in(thread_id, None)
