"""Isolation per article and the time budget (issue 14, cases 1-3): an exception or a run past
the budget in one article's extraction makes that article a listed problem; the rest is built."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geodata import pipeline
from geodata.articles import load_article
from geodata.budget import ArticleTooSlow, time_budget
from geodata.export import write_text_atomic

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "seeds").glob("*.md"))


def test_time_budget_stops_work_even_under_a_broad_except():
    started = time.monotonic()
    with pytest.raises(ArticleTooSlow), time_budget(0.2):
        while True:
            try:
                sum(range(1000))
            except Exception:  # noqa: BLE001 - the budget must not be swallowed by this
                pass
    assert time.monotonic() - started < 2


def test_a_budget_not_reached_leaves_nothing_behind():
    with time_budget(0.05):
        pass
    time.sleep(0.2)  # a late timer must not raise here


def test_the_watchdog_stops_quietly_when_the_threads_clock_is_gone(monkeypatch):
    """Reading the CPU clock of a thread that has ended raises EINVAL (seen in CI): the watchdog
    must end, not die with an unhandled exception in its thread."""
    import threading

    from geodata import budget

    calls = []

    def clock_that_goes_away():
        calls.append(1)
        if len(calls) > 1:
            raise OSError(22, "Invalid argument")
        return 0.0

    monkeypatch.setattr(budget, "_thread_clock", lambda thread_id: clock_that_goes_away)
    failures = []
    monkeypatch.setattr(threading, "excepthook", lambda args: failures.append(args.exc_value))
    with time_budget(1.0):
        time.sleep(0.3)  # the watchdog polls every 0.05 s
    assert len(calls) > 1, "the watchdog read the clock again"
    assert failures == []


def test_an_article_past_its_budget_is_reported_too_slow_and_skipped(tmp_path):
    # long enough (~0.1 s of work) that the watchdog gets the GIL before it ends: a seed article
    # alone takes a few ms, under the interpreter's 5 ms switch interval, and could finish first
    text = SEEDS[0].read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    (tmp_path / "long.md").write_text(front + "\n---\n" + "\n\n".join([body] * 20), encoding="utf-8")
    article = load_article(tmp_path / "long.md")
    incidents, reason = pipeline.extract_article_outcome(article, budget_s=0.001)
    assert incidents == [] and reason and reason.startswith("too slow")
    incidents, reason = pipeline.extract_article_outcome(article, budget_s=60)
    assert incidents and reason is None


def test_one_failing_article_is_listed_and_the_others_are_built(tmp_path, monkeypatch):
    for path in SEEDS:
        shutil.copy(path, tmp_path / path.name)
    broken = SEEDS[1].stem
    real = pipeline.extract_article_incidents

    def fails_on_one(article, gazetteer=None):
        if article.id == broken:
            raise RecursionError("maximum recursion depth exceeded")  # an injected fault
        return real(article, gazetteer)

    monkeypatch.setattr(pipeline, "extract_article_incidents", fails_on_one)
    collection = pipeline.build_feature_collection(tmp_path)
    problems = {p["file"]: p["reason"] for p in collection["problems"]}
    assert problems == {SEEDS[1].name: "extraction failed (RecursionError); skipped"}
    assert broken not in {a["id"] for a in collection["articles"]}
    assert len(collection["articles"]) == len(SEEDS) - 1
    assert collection["features"]


def test_a_pathological_two_megabyte_body_does_not_stall_the_build(tmp_path):
    """1.9 MB of abbreviations ran past 120 s; now split in seconds, and the budget bounds the rest."""
    shutil.copy(SEEDS[0], tmp_path / SEEDS[0].name)
    body = "Gen. Lt. Col. Dr. Mr. " * (1_900_000 // 22)
    (tmp_path / "abbreviations.md").write_text(f"---\ntitle: t\npublished: 2025-10-13\n---\n{body}\n")
    started = time.monotonic()
    collection = pipeline.build_feature_collection(tmp_path)
    assert time.monotonic() - started < pipeline.ARTICLE_TIME_BUDGET_S + 30
    assert SEEDS[0].stem in {a["id"] for a in collection["articles"]}


def test_atomic_writes_use_unique_temporary_names_and_clean_up(tmp_path):
    out = tmp_path / "incidents.geojson"
    stale = tmp_path / ".incidents.geojson.999999999.abc.tmp"  # left by a killed build
    stale.write_text("half")
    write_text_atomic(out, "one\n")
    assert out.read_text() == "one\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incidents.geojson"]
    with pytest.raises(UnicodeEncodeError):
        write_text_atomic(out, "bad \ud800")
    assert out.read_text() == "one\n", "the old file stays whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incidents.geojson"], "temporary file left"


def test_a_killed_build_leaves_no_stale_temporary_after_the_next_one(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    for path in SEEDS:
        shutil.copy(path, articles / path.name)
    out = tmp_path / "out" / "incidents.geojson"
    out.parent.mkdir()
    cmd = [sys.executable, "-m", "geodata", "build", "--articles", str(articles), "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    killed = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    (out.parent / f".incidents.geojson.{killed.pid}.x.tmp").write_text("as if killed mid-write")
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)
    subprocess.run(cmd, cwd=REPO, env=env, check=True, capture_output=True, timeout=600)
    assert sorted(p.name for p in out.parent.iterdir()) == ["incidents.geojson"]
