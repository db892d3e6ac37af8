"""The click benchmark waits for a quiet machine before each click (click_redraw.settle)."""

import threading
import time
from pathlib import Path

import pytest

from tests.benchmarks.click_redraw import _busy_cores, settle

pytestmark = pytest.mark.skipif(not Path("/proc/stat").exists(), reason="reads Linux's /proc/stat")


def _spin(stop: threading.Event) -> None:
    while not stop.is_set():
        pass


def test_a_spinning_thread_counts_as_a_busy_core_and_keeps_settle_waiting():
    stop = threading.Event()
    spinner = threading.Thread(target=_spin, args=(stop,), daemon=True)
    spinner.start()
    try:
        time.sleep(0.05)
        assert _busy_cores() >= 0.7
        started = time.perf_counter()
        assert settle(limit=0.6) is False
        assert time.perf_counter() - started >= 0.6
    finally:
        stop.set()
        spinner.join()
