"""What a session keeps between reruns must not keep the run's globals alive.

A session holds its widgets' metadata (with their format_func) and its download callables until
the next rerun. A function defined in app.py (a lambda included) carries the script's globals with
it, and so everything the run built: before the map layers were shared, ~4 MB per open session at
1,000 incidents (tests/load measured the growth). This checks the object graph directly: after a
run, nothing may reach the run's globals, seen through weak references to the functions app.py
defines (each is reachable only from those globals, unless something kept the globals).

The script's module stays reachable as sys.modules["__main__"] (Streamlit's script runner puts it
there; one for the whole process, the latest run's), so the test drops that one reference."""

from __future__ import annotations

import gc
import sys
import types
import weakref
from pathlib import Path

APP_FILE = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def _script_functions(namespace: dict, filename: str = APP_FILE) -> list[weakref.ref]:
    return [
        weakref.ref(value)
        for value in namespace.values()
        if isinstance(value, types.FunctionType) and value.__code__.co_filename == filename
    ]


def test_a_finished_run_keeps_nothing_of_its_globals(make_app):
    main = sys.modules.get("__main__")
    at = make_app()
    try:
        at.run()
        assert sys.modules["__main__"] is not main, "the app ran as __main__"
        refs = _script_functions(vars(sys.modules["__main__"]))
    finally:
        sys.modules["__main__"] = main or types.ModuleType("__main__")
    assert not at.exception
    assert at.get("component_instance"), "the map was drawn"
    assert refs, "app.py defines at least one function to watch"
    gc.collect()
    kept = [r() for r in refs if r() is not None]
    assert not kept, f"the finished run's globals are still reachable (through {kept})"
    assert at.session_state["types"] == [], "the session (and its widgets) is still alive"


def test_the_check_sees_a_lambda_that_a_widget_keeps(data_file, tmp_path):
    """The same check on a run where a widget's format_func is a lambda written in app.py."""
    source = Path(APP_FILE).read_text(encoding="utf-8")
    leaky = source.replace("format_func=filters.event_type_label,", "format_func=lambda t: t,", 1)
    assert leaky != source
    leaky_app = tmp_path / "leaky_app.py"
    leaky_app.write_text(leaky, encoding="utf-8")
    from streamlit.testing.v1 import AppTest

    main = sys.modules.get("__main__")
    at = AppTest.from_file(str(leaky_app), default_timeout=60)
    try:
        at.run()
        refs = _script_functions(vars(sys.modules["__main__"]), str(leaky_app))
    finally:
        sys.modules["__main__"] = main or types.ModuleType("__main__")
    assert not at.exception
    gc.collect()
    assert refs and any(r() is not None for r in refs), "a kept lambda keeps the run's globals"
