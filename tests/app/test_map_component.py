"""dashboard/map_component.show_map sends the map component exactly what st_folium would.

The same base map, data layers and layer control go through both (each in its own script run,
under the same widget key); the component arguments must be equal once the random element ids
folium gives the data layers are numbered in order of appearance."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import map_component


def _script(use_cache: bool, base: str | None, selected: bool) -> None:
    import streamlit as st
    from streamlit_folium import st_folium

    from dashboard import map_component, map_layers, map_view
    from tests.app.synthetic import BOUNDARY, small_collection

    features = small_collection()["features"]
    chosen = next(f for f in features if f.get("geometry")) if selected else None
    # the app's way (records: each incident's JSON text ready) except with the outline base
    records = map_layers.map_records(features) if base != "Outline map (no tiles)" else None
    groups = map_layers.build_layers(features, boundary=BOUNDARY, selected=chosen, records=records)
    options = dict(
        key="map",
        center=(33.0, 69.0),
        zoom=7,
        returned_objects=["last_object_clicked", "center", "zoom", "selected_layers"],
        height=560,
    )
    if use_cache:
        parts = map_component.base_parts(str(BOUNDARY), base, BOUNDARY)
        # the view's key leaves the base layer out, as the app's does: the "Satellite imagery"
        # case is sent the layers rendered with the default base map, and must still match
        layers = map_component.prepare_layers((selected, records is None), parts, lambda: (groups, None))
        map_component.show_map(parts, lambda: map_view.build_base_map(BOUNDARY, base), layers, **options)
    else:
        st_folium(
            map_view.build_base_map(BOUNDARY, base),
            feature_group_to_add=groups,
            layer_control=map_view.layer_control(),
            use_container_width=True,
            **options,
        )
    st.session_state["ran"] = True


def _args(use_cache: bool, base: str | None, selected: bool) -> dict:
    at = AppTest.from_function(_script, args=(use_cache, base, selected), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


def _numbered(value):
    """Random 32-hex element ids replaced by their order of first appearance."""
    text = json.dumps(value, sort_keys=True)
    seen: dict[str, str] = {}
    return re.sub(r"[0-9a-f]{32}", lambda m: seen.setdefault(m.group(), f"ID{len(seen)}"), text)


@pytest.mark.skipif(not map_component.FAST, reason="this streamlit-folium has no internals to reuse")
@pytest.mark.parametrize(
    ("base", "selected"), [(None, False), ("Outline map (no tiles)", True), ("Satellite imagery", False)]
)
def test_show_map_sends_what_st_folium_sends(base, selected):
    direct, cached = _args(False, base, selected), _args(True, base, selected)
    assert direct["feature_group"] and "layer_control" in direct["layer_control"]
    assert set(direct) == set(cached)
    for name in direct:
        assert _numbered(cached[name]) == _numbered(direct[name]), name
    # a second run reuses the rendered base map and data layers and still sends the same
    assert _numbered(_args(True, base, selected)) == _numbered(cached)


def test_a_view_is_rendered_once_for_every_session_that_shows_it(make_app, monkeypatch):
    """Two sessions on the default view build its layers once; another view builds again."""
    from dashboard import scale

    map_component._rendered_layers.clear()
    calls: list[int] = []
    real = scale.build_layers_indexed

    def counted(index, positions, **kwargs):
        calls.append(len(positions))
        return real(index, positions, **kwargs)

    monkeypatch.setattr(scale, "build_layers_indexed", counted)
    first, second = make_app(), make_app()
    first.run()
    second.run()
    assert not first.exception and not second.exception
    assert len(calls) == (1 if map_component.FAST else 2), calls
    assert _map_args(first) == _map_args(second)
    second.multiselect(key="types").set_value(["airstrike"]).run()
    assert not second.exception
    assert len(calls) == (2 if map_component.FAST else 3), calls
    assert _map_args(second)["feature_group"] != _map_args(first)["feature_group"]


def _map_args(at: AppTest) -> dict:
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


def test_without_the_internals_st_folium_draws_the_same_incidents(make_app, monkeypatch):
    from tests.app.conftest import map_feature_ids

    fast = make_app()
    fast.run()
    monkeypatch.setattr(map_component, "FAST", False)
    map_component.base_parts.clear()  # its None for "no internals" must not outlive the test
    try:
        slow = make_app()
        slow.run()
    finally:
        map_component.base_parts.clear()
    assert not fast.exception and not slow.exception
    assert map_feature_ids(slow) == map_feature_ids(fast) != set()
