"""Fixtures for the load test: a realistic synthetic dataset, a real `streamlit run` on loopback
reading it through DURAND_GEOJSON, and one headless Chromium (the same launch settings, server
helper and offline CDN as the browser tests in tests/e2e)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.e2e.server import ServerFailed, running_app

INCIDENTS = int(os.environ.get("DURAND_LOAD_INCIDENTS", "1000"))


@pytest.fixture(scope="session")
def load_dataset(tmp_path_factory) -> Path:
    """A FeatureCollection of INCIDENTS synthetic incidents over ten years (tests/benchmarks/synth)."""
    from geodata.gazetteer import load_gazetteer
    from tests.benchmarks.synth import synthetic_collection

    collection = synthetic_collection(INCIDENTS, load_gazetteer())
    path = tmp_path_factory.mktemp("load") / "incidents.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def load_server(load_dataset, tmp_path_factory):
    log_path = tmp_path_factory.mktemp("load-server") / "streamlit.log"
    try:
        with running_app(
            log_path, {"DURAND_GEOJSON": str(load_dataset)}, drop_env=("DURAND_ARTICLES_DIR",)
        ) as server:
            yield server
    except ServerFailed as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def load_browser(browser):
    """The session's Chromium (tests/conftest.py); each simulated user gets its own context."""
    return browser


def pytest_collection_modifyitems(config, items):
    """The load test is part of the normal run (and so of CI): about 3-4 minutes on 2 cores.
    Leave it out of a quick local loop with `-m "not load"`."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.load)
