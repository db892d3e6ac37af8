"""AppTest against the real pipeline (article files -> FeatureCollection), through
DURAND_ARTICLES_DIR. Skipped while the pipeline cannot run (e.g. no gazetteer yet)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, map_args

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"

ARTICLE = """---
title: "Clashes at Torkham"
outlet: "Test Outlet"
url: "https://example.org/torkham"
published: "2025-10-12"
---
Afghan forces and Pakistani troops exchanged heavy fire at Torkham on Saturday, officials said.
Authorities closed the Torkham crossing after the firing, stranding hundreds of trucks.
"""


def _pipeline_ready() -> bool:
    try:
        from geodata.gazetteer import load_gazetteer
        from geodata.pipeline import build_feature_collection  # noqa: F401

        load_gazetteer()
    except Exception:  # noqa: BLE001
        return False
    return True


pytestmark = pytest.mark.skipif(
    not _pipeline_ready(), reason="extraction pipeline / gazetteer not available yet"
)


@pytest.fixture
def articles(tmp_path, monkeypatch) -> Path:
    directory = tmp_path / "articles"
    directory.mkdir()
    for path in sorted(SEEDS.glob("*.md"))[:5]:
        shutil.copy(path, directory / path.name)
    monkeypatch.setenv("DURAND_ARTICLES_DIR", str(directory))
    monkeypatch.delenv("DURAND_GEOJSON", raising=False)
    return directory


def test_app_runs_on_articles(articles):
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert not at.error
    assert map_args(at)["script"]


def test_new_and_broken_articles_picked_up_without_restart(articles):
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    before = at.caption[0].value
    (articles / "zz_new.md").write_text(ARTICLE, encoding="utf-8")
    (articles / "zz_broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    at.run()
    assert not at.exception
    assert at.caption[0].value != before
    assert any("could not be used" in e.label for e in at.expander)


def test_files_read_with_problems_only_are_not_called_unusable(tmp_path, monkeypatch):
    (tmp_path / "undated.md").write_text(ARTICLE.replace('published: "2025-10-12"\n', ""), encoding="utf-8")
    monkeypatch.setenv("DURAND_ARTICLES_DIR", str(tmp_path))
    monkeypatch.delenv("DURAND_GEOJSON", raising=False)
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    labels = [e.label for e in at.expander if "problems" in e.label]
    assert labels == ["⚠️ 1 used with problems"], [e.label for e in at.expander]
