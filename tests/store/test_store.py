"""The store on SQLite and on a real PostgreSQL server: migrations, articles, the review log and
optimistic concurrency (tests/store/conftest.py runs every test on both)."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from geodata.store import (
    NewArticle,
    ReviewConflict,
    ReviewDraft,
    add_article,
    all_reviews,
    create_store_engine,
    latest_review,
    migrate,
    save_review,
    store_version,
    stored_articles,
)
from geodata.store.engine import HEAD, current_revision
from geodata.store.models import Base


@pytest.fixture
def engine(db_url):
    engine = create_store_engine(db_url)
    migrate(engine)
    yield engine
    engine.dispose()


def draft(anchor: str = "a" * 40, action: str = "confirm", **changes) -> ReviewDraft:
    return ReviewDraft(
        anchor=anchor,
        article_id="art-1",
        sentence_hash="h" * 20,
        event_type="airstrike",
        machine_place_id="p1",
        quote="Jets struck a village.",
        incident_id="inc-1",
        action=action,
        changes=changes,
        note="checked",
    )


def test_migrations_reach_head_and_match_the_models(engine):
    assert current_revision(engine) == HEAD
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diffs == [], f"the models and the migrations disagree: {diffs}"


def test_article_round_trip_keeps_text_and_metadata(engine):
    body = "Drones struck near Spin Boldak — «مثال» and 中文, on Sunday.\nSecond line."
    result = add_article(
        engine,
        NewArticle(
            title="A title",
            outlet="Wire",
            body=body,
            url="https://example.org/a?id=1",
            published=date(2025, 10, 12),
            published_source="page",
            origin="url",
            problems=("p",),
        ),
        added_by="tester",
    )
    assert result.added and result.article_id.startswith("db-")
    [article] = stored_articles(engine)
    assert (article.id, article.title, article.outlet, article.body) == (
        result.article_id,
        "A title",
        "Wire",
        body,
    )
    assert article.published == date(2025, 10, 12) and article.url == "https://example.org/a?id=1"
    assert article.problems == ("p",)


def test_duplicates_by_url_or_text_are_not_added(engine):
    first = add_article(
        engine, NewArticle("T", "O", "Some text here.", url="https://Example.org/news/1/"), added_by="a"
    )
    same_url = add_article(
        engine,
        NewArticle("T", "O", "Other text.", url="https://example.org/news/1?utm_source=x#top"),
        added_by="b",
    )
    same_text = add_article(engine, NewArticle("T2", "O2", "  SOME   text here. "), added_by="c")
    other = add_article(
        engine, NewArticle("T", "O", "Different text.", url="https://example.org/news/2"), added_by="d"
    )
    assert first.added and other.added
    assert (same_url.added, same_url.article_id) == (False, first.article_id)
    assert "URL" in same_url.reason
    assert (same_text.added, same_text.article_id) == (False, first.article_id)
    assert "text" in same_text.reason
    assert len(stored_articles(engine)) == 2


def test_concurrent_adds_of_one_text_store_it_once(engine):
    results = []

    def add() -> None:
        results.append(add_article(engine, NewArticle("T", "O", "The very same text."), added_by="x"))

    threads = [threading.Thread(target=add) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.added for r in results) == 1
    assert len({r.article_id for r in results}) == 1
    assert len(stored_articles(engine)) == 1


def test_reviews_are_appended_with_versions(engine):
    first = save_review(engine, draft(), expected_version=0, reviewer="ana")
    second = save_review(engine, draft(action="reject"), expected_version=1, reviewer="ben")
    assert (first.version, second.version) == (1, 2)
    log = all_reviews(engine)
    assert [(r.reviewer, r.action) for r in log] == [("ana", "confirm"), ("ben", "reject")]
    assert latest_review(engine, "a" * 40).reviewer == "ben"
    assert log[0].created_at.endswith("+00:00")
    assert store_version(engine)[0] == second.id


def test_stale_save_is_refused_and_writes_nothing(engine):
    save_review(engine, draft(), expected_version=0, reviewer="ana")
    with pytest.raises(ReviewConflict) as conflict:
        save_review(engine, draft(action="reject"), expected_version=0, reviewer="ben")
    assert conflict.value.latest.reviewer == "ana"
    assert "ana" in str(conflict.value) and "Not saved" in str(conflict.value)
    save_review(
        engine,
        draft(action="correct", date={"old": "2025-10-12", "new": "2025-10-11"}),
        expected_version=1,
        reviewer="cy",
    )
    with pytest.raises(ReviewConflict):
        save_review(engine, draft(action="reject"), expected_version=1, reviewer="ben")
    assert [r.reviewer for r in all_reviews(engine)] == ["ana", "cy"]


def test_incidents_sharing_a_sentence_do_not_block_each_other(engine):
    # "fighting at Torkham and Chaman": one anchor, two incidents told apart by their machine place
    from dataclasses import replace

    torkham, chaman = draft(), replace(draft(), machine_place_id="p2", incident_id="inc-2")
    save_review(engine, torkham, expected_version=0, reviewer="ana")
    saved = save_review(engine, replace(chaman, action="reject"), expected_version=0, reviewer="ben")
    assert saved.version == 2
    # a real conflict on the same incident is still one
    with pytest.raises(ReviewConflict) as conflict:
        save_review(engine, chaman, expected_version=0, reviewer="cy")
    assert conflict.value.latest.reviewer == "ben"
    assert [(r.reviewer, r.machine_place_id) for r in all_reviews(engine)] == [("ana", "p1"), ("ben", "p2")]
    # the conflict shows the review of this incident that won, not the latest of the sentence
    save_review(engine, replace(torkham, action="reject"), expected_version=2, reviewer="dee")
    with pytest.raises(ReviewConflict) as conflict:
        save_review(engine, chaman, expected_version=0, reviewer="eve")
    assert conflict.value.latest.reviewer == "ben"


def test_an_added_incident_on_a_reviewed_sentence_is_still_refused(engine):
    # review_missed relies on the conflict: "this sentence already has an incident of this type"
    from dataclasses import replace

    save_review(engine, draft(), expected_version=0, reviewer="ana")
    added = replace(draft(action="add_missed"), machine_place_id=None)
    with pytest.raises(ReviewConflict):
        save_review(engine, added, expected_version=0, reviewer="ben")
    assert [r.reviewer for r in all_reviews(engine)] == ["ana"]


def _race(engine, drafts, expected) -> tuple[list, list]:
    barrier = threading.Barrier(len(drafts))
    saved, refused = [], []

    def save(i: int) -> None:
        barrier.wait()
        try:
            saved.append(save_review(engine, drafts[i], expected_version=expected, reviewer=f"r{i}"))
        except ReviewConflict as exc:
            refused.append(exc)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(drafts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return saved, refused


def test_concurrent_saves_of_different_incidents_all_land(engine):
    drafts = [draft(anchor=f"{i:040d}") for i in range(6)]
    saved, refused = _race(engine, drafts, 0)
    assert not refused
    assert sorted(r.anchor for r in all_reviews(engine)) == sorted(d.anchor for d in drafts)


@pytest.mark.parametrize("expected", [0, 1])
def test_concurrent_saves_of_one_incident_exactly_one_wins(engine, expected):
    if expected:
        save_review(engine, draft(), expected_version=0, reviewer="first")
    saved, refused = _race(engine, [draft(action="reject") for _ in range(4)], expected)
    assert len(saved) == 1 and len(refused) == 3
    assert len(all_reviews(engine)) == expected + 1


def test_review_save_time(engine, db_url):
    """Not a gate: prints the time of one review save (for the report)."""
    count = 20
    started = time.perf_counter()
    for i in range(count):
        save_review(engine, draft(anchor=f"t{i:039d}"), expected_version=0, reviewer="timer")
    per_save = (time.perf_counter() - started) / count
    print(f"\nreview save on {db_url.split(':')[0]}: {per_save * 1000:.1f} ms")
    assert per_save < 2.0


def test_unreachable_database_is_a_clear_error():
    from geodata.store import StoreError

    engine = create_store_engine("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(StoreError, match="cannot open the store"):
        migrate(engine)
