# durations (s) of the app script runs recorded by tests/benchmarks/timed_app.py
script_times: list[float] = []
