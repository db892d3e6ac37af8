"""What a session keeps between reruns must not keep the run's map alive.

A session holds its widgets' metadata (with their format_func) and its download callables until
the next rerun. A lambda defined in app.py carries the script's globals with it, and so every
map layer the run built (~4 MB per open session at 1,000 incidents: tests/load measured the
growth). This checks the object graph directly, after a collection.

The script's module itself stays reachable as sys.modules["__main__"] (Streamlit's script runner
puts it there; one for the whole process, the latest run's), so the test drops that one reference
and counts what the session still holds."""

from __future__ import annotations

import gc
import sys
import types

import folium

from dashboard.map_view import IncidentGeoJson


def _alive(kind: type) -> int:
    gc.collect()
    return sum(1 for obj in gc.get_objects() if isinstance(obj, kind))


def test_a_finished_run_keeps_no_map_layer_alive(make_app):
    before = _alive(IncidentGeoJson)
    main = sys.modules.get("__main__")
    at = make_app()
    try:
        at.run()
    finally:
        sys.modules["__main__"] = main or types.ModuleType("__main__")
    assert not at.exception
    assert at.get("component_instance"), "the map was drawn"
    assert _alive(IncidentGeoJson) == before, "an incident layer outlives the run that built it"
    assert _alive(folium.FeatureGroup) == 0, "a feature group outlives the run that built it"
    assert at.session_state["types"] == [], "the session (and its widgets) is still alive"
