"""The page below the map waits for the map's first report in a browser session's first run
(dashboard/state.py, below_map_now), without a browser. A browser session is one whose client
sent request headers: AppTest's has none, so here a client context with headers stands in for
it. tests/e2e/test_page_order.py checks the same in Chromium."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from dashboard import keys
from tests.app.conftest import captions, map_args, table_ids
from tests.e2e.helpers import SHOW_NOW, WAITING_NOTE


@pytest.fixture
def in_a_browser(monkeypatch):
    import streamlit.runtime.context as context

    client = SimpleNamespace(headers=[("Host", "127.0.0.1:8501"), ("User-Agent", "Chromium")])
    monkeypatch.setattr(context, "_get_client_context", lambda: client)


def _download_labels(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_a_browser_first_run_draws_down_to_the_map_and_the_next_run_the_rest(make_app, in_a_browser):
    at = make_app().run()
    assert not at.exception
    assert map_args(at)["feature_group"], "the map, with its incidents, in the first run"
    assert any(WAITING_NOTE in c for c in captions(at))
    assert table_ids(at) == []
    assert _download_labels(at) == []
    assert at.button(key=keys.SHOW_BELOW_MAP).label == SHOW_NOW
    at.run()  # a rerun, as the map frame's first report (or any widget) makes one
    assert table_ids(at)
    assert len(_download_labels(at)) == 2
    assert not any(WAITING_NOTE in c for c in captions(at))


def test_only_a_drawn_map_counts_as_having_reported():
    # a reconnect to a new session keeps the map frame mounted: it sends its last view, not a
    # first report, and that view (never the component's default) lets the first run draw all
    from dashboard import map_component, state

    parts = SimpleNamespace(bounds=((29.0, 60.0), (37.0, 75.0)), zoom=6)
    returned = ["last_object_clicked", "center", "zoom", "selected_layers"]
    assert not state.map_has_reported(map_component._defaults(parts, returned))
    assert not state.map_has_reported(None)
    assert state.map_has_reported({"center": {"lat": 33.0, "lng": 70.0}, "zoom": 7})


def test_without_a_browser_the_whole_page_comes_at_once(make_app):
    at = make_app().run()  # the server's warm-up, AppTest: no map frame to wait for
    assert table_ids(at)
    assert not any(WAITING_NOTE in c for c in captions(at))
