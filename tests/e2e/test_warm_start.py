"""`streamlit run dashboard/serve.py` reads the data and builds the first view as it starts, with
no visitor (dashboard/serve.py): checked by taking the data away once the server says its warm-up
run is done, and only then opening the page. A server that waits for its first visitor
(`streamlit run dashboard/app.py`) has nothing to show then but the reason it cannot read the
file."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.e2e.server import REPO, ServerFailed, running_app

from . import helpers as h

pytestmark = [pytest.mark.browser]

SERVE = str(REPO / "dashboard" / "serve.py")


def _data_file(folder: Path) -> Path:
    from geodata.pipeline import build_feature_collection

    path = folder / "incidents.geojson"
    path.write_text(json.dumps(build_feature_collection(REPO / "seeds")), encoding="utf-8")
    return path


def _wait_for_warm_up(server) -> None:
    deadline = time.monotonic() + h.LONG / 1000
    while "warm-up run of the dashboard" not in server.log():
        assert time.monotonic() < deadline, server.log()
        time.sleep(0.1)
    assert "warm-up run of the dashboard done" in server.log(), server.log()


def test_the_first_visitor_finds_the_data_already_read(tmp_path, page):
    path = _data_file(tmp_path)
    try:
        with running_app(
            tmp_path / "streamlit.log",
            {"DURAND_GEOJSON": str(path)},
            drop_env=("DURAND_ARTICLES_DIR",),
            app=SERVE,
        ) as server:
            _wait_for_warm_up(server)
            path.unlink()  # from now on only what the warm-up read can be shown
            page.goto(server.url, wait_until="domcontentloaded")
            page.wait_for_function(
                "() => /incidents shown|No data/.test(document.body.innerText)", timeout=h.LONG
            )
            h.wait_idle(page)
            text = page.evaluate("() => document.body.innerText")
            assert "Showing the last complete data" in text, text[:2000]
            h.wait_for_map(page)
    except ServerFailed as exc:
        pytest.fail(str(exc))
    assert " incidents shown" in text, text[:2000]
