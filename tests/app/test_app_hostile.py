"""The app on the seeds plus the whole hostile corpus (tests/hostile/corpus.py): the page renders
the seeds' incidents, every unusable file is listed with its reason, every flagged one with its
problems, and no article text becomes markup (or invisible characters, or huge strings) in what
the app sends to the browser."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data
from geodata.articles import normalise_text
from tests.app.conftest import APP, map_args
from tests.hostile.corpus import cases, write_corpus

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def corpus_app(tmp_path_factory):
    directory = tmp_path_factory.mktemp("hostile-app") / "articles"
    corpus = write_corpus(directory)
    for path in SEEDS.glob("*.md"):
        shutil.copy(path, directory / path.name)
    mp = pytest.MonkeyPatch()
    mp.setenv(data.ENV_ARTICLES_DIR, str(directory))
    mp.delenv(data.ENV_GEOJSON, raising=False)
    try:
        at = AppTest.from_file(APP, default_timeout=300).run()
    finally:
        mp.undo()
    return at, corpus


def test_page_renders_on_the_hostile_corpus(corpus_app):
    at, _ = corpus_app
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert len(at.get("component_instance")) == 1, "the map is missing"


def test_every_unusable_and_flagged_file_is_listed_with_its_reason(corpus_app):
    at, corpus = corpus_app
    skipped = {c.listed_as for c in corpus if c.outcome == "skipped"}
    flagged = {
        normalise_text(c.listed_as.rsplit(".", 1)[0], multiline=False)[0]
        for c in corpus
        if c.outcome == "flagged"
    }
    assert any(f"{len(skipped)} article file(s) could not be used" in e.label for e in at.expander), [
        e.label for e in at.expander
    ]
    frames = [d.value for d in at.dataframe]
    reasons = next(f for f in frames if "reason" in f.columns)
    listed = dict(zip(reasons["file"], reasons["reason"]))
    assert set(listed) == skipped, set(listed) ^ skipped
    assert all(r.strip() and "Traceback" not in r for r in listed.values())
    problems = next(f for f in frames if "problems" in f.columns)
    assert flagged <= set(problems["article"]), flagged - set(problems["article"])


def test_no_article_text_becomes_markup(corpus_app):
    at, _ = corpus_app
    group = map_args(at)["feature_group"] or ""
    for raw in (
        "<img src=x",
        "<script>alert",
        "</script><script>",
        "${alert",
        "`${",
        "onmouseover=alert",
        'href="javascript:',
        "href='javascript:",
        'href="data:',
    ):
        assert raw not in group, raw
    markdown = " ".join(m.value for m in at.markdown)
    assert "](javascript:" not in markdown and "<script>" not in markdown


def test_the_seeds_incidents_are_in_the_app(corpus_app, tmp_path):
    """Every incident of the seeds alone is in the app's table with its evidence."""
    from geodata.pipeline import build_feature_collection

    at, _ = corpus_app
    seeds_only = build_feature_collection(SEEDS)
    frames = [d.value for d in at.dataframe if "id" in getattr(d.value, "columns", [])]
    assert frames, "no incident table"
    shown_text = " ".join(" ".join(map(str, row)) for row in frames[-1].itertuples())
    for feature in seeds_only["features"]:
        place = feature["properties"]["place"]
        if place:
            assert place in shown_text, place
    assert len(frames[-1]) >= len(seeds_only["features"]) - 1  # merging may join two
    assert not any("Traceback" in m.value for m in at.markdown)


def test_no_invisible_characters_or_huge_strings_reach_the_page(corpus_app):
    at, _ = corpus_app
    group = map_args(at)["feature_group"] or ""
    for char in ("\u202e", "\u200b", "\ufeff", "\u0085", "\x7f", "\u2066"):
        assert char not in group, repr(char)
    assert "T" * 501 not in group, "a title longer than the cap reached the map"


def test_corpus_size():
    assert len(cases()) >= 65
