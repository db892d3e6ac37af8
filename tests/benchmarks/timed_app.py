"""The dashboard's script, timed: AppTest runs this file, which runs dashboard/app.py and records
how long the script itself took. That is the server-side work of a rerun, without AppTest's own
overhead (a fresh script compile per run, polling for deltas, parsing the element tree)."""

import runpy
import time
from pathlib import Path

from tests.benchmarks import script_times

_start = time.perf_counter()
try:
    runpy.run_path(str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py"), run_name="__main__")
finally:
    script_times.append(time.perf_counter() - _start)
