"""Reviews applied to real pipeline output, on SQLite and PostgreSQL: anchors survive a rebuild,
corrections keep the machine's value, rejected incidents leave the default output, reviews whose
incident disappeared are listed; `python -m geodata build --db URL` applies them."""

from __future__ import annotations

import csv
import io
import json

import pytest

from geodata.__main__ import main
from geodata.articles import parse_article
from geodata.export import to_csv
from geodata.pipeline import build_feature_collection_from
from geodata.review import apply_reviews, primary_anchor, without_rejected
from geodata.store import ReviewDraft, all_reviews, create_store_engine, migrate, save_review

from .sample import SENTENCES, article_text


@pytest.fixture
def engine(db_url):
    engine = create_store_engine(db_url)
    migrate(engine)
    yield engine
    engine.dispose()


def build(*sentences: str) -> dict:
    article = parse_article(article_text(*sentences), article_id="wire-1", path="wire-1.md")
    return build_feature_collection_from([article])


def by_type(collection: dict, event_type: str) -> dict:
    return next(f for f in collection["features"] if f["properties"]["event_type"] == event_type)


def review(engine, feature: dict, action: str, *, changes=None, version: int = 0, who: str = "ana"):
    anchor, quote = primary_anchor(feature["properties"])
    return save_review(
        engine,
        ReviewDraft(
            anchor=anchor.key,
            article_id=anchor.article_id,
            sentence_hash=anchor.sentence_hash,
            event_type=anchor.event_type,
            machine_place_id=feature["properties"]["place_id"],
            quote=quote,
            incident_id=feature["id"],
            action=action,
            changes=changes or {},
            note=f"{action} by test",
        ),
        expected_version=version,
        reviewer=who,
    )


NEW_PLACE = {
    "place": "Parachinar",
    "place_id": "test-parachinar",
    "place_kind": "populated_place",
    "location_precision": 1,
    "country": "PK",
    "admin1": "Khyber Pakhtunkhwa",
    "lat": 33.9,
    "lon": 70.1,
}


def test_corrections_keep_the_machine_value_and_rejections_leave_the_map(engine):
    machine = build()
    shelling, closure = by_type(machine, "artillery_shelling"), by_type(machine, "crossing_closed")
    old_place = {k: shelling["properties"][k] for k in ("place", "place_id")}
    review(
        engine,
        shelling,
        "correct",
        changes={
            "place": {"old": None, "new": NEW_PLACE},
            "date": {"old": shelling["properties"]["date"], "new": "2025-10-11"},
        },
    )
    review(engine, closure, "reject")
    reviewed = apply_reviews(machine, all_reviews(engine))
    assert machine["features"][0]["properties"].get("review") is None, "the input must not be mutated"
    fixed = next(f for f in reviewed["features"] if f["id"] == shelling["id"])
    props = fixed["properties"]
    assert (props["place"], props["date"]) == ("Parachinar", "2025-10-11")
    assert fixed["geometry"]["coordinates"] == [70.1, 33.9]
    assert props["review"]["status"] == "corrected" and props["review"]["by"] == "ana"
    assert props["review"]["original"]["place"]["place"] == old_place["place"]
    assert props["review"]["original"]["place"]["place_id"] == old_place["place_id"]
    assert props["review"]["original"]["date"] == shelling["properties"]["date"]
    assert (
        next(f for f in reviewed["features"] if f["id"] == closure["id"])["properties"]["review"]["status"]
        == "rejected"
    )
    others = [f for f in reviewed["features"] if f["id"] not in (shelling["id"], closure["id"])]
    assert others and all(f["properties"]["review"]["status"] == "unreviewed" for f in others)
    shown = without_rejected(reviewed)
    assert closure["id"] not in {f["id"] for f in shown["features"]} and shown["rejected_hidden"] == 1
    rows = list(csv.DictReader(io.StringIO(to_csv(reviewed["features"]))))
    row = next(r for r in rows if r["id"] == shelling["id"])
    assert row["review_status"] == "corrected" and row["reviewed_by"] == "ana"
    assert old_place["place"] in row["machine_values"]


def test_reviews_reattach_after_rebuild_and_unattached_ones_are_listed(engine):
    first = build()
    shelling, clash = by_type(first, "artillery_shelling"), by_type(first, "armed_clash")
    review(engine, shelling, "confirm")
    review(engine, clash, "reject")
    # the rules (or the text) change: a new sentence first, the clash sentence reworded away
    rebuilt = build(
        "Pakistani jets struck hideouts in Barmal district of Paktika province on Saturday, officials said.",
        SENTENCES[0].replace("  ", " "),
        SENTENCES[2],
    )
    reviewed = apply_reviews(rebuilt, all_reviews(engine))
    again = by_type(reviewed, "artillery_shelling")
    assert again["properties"]["review"]["status"] == "confirmed"
    lost = reviewed["unattached_reviews"]
    assert [(u["event_type"], u["status"], u["by"]) for u in lost] == [("armed_clash", "rejected", "ana")]
    assert "Angoor Adda" in lost[0]["quote"]


def test_later_corrections_stack_and_keep_the_first_machine_value(engine):
    machine = build()
    shelling = by_type(machine, "artillery_shelling")
    original = shelling["properties"]["date"]
    review(engine, shelling, "correct", changes={"date": {"old": original, "new": "2025-10-10"}})
    review(
        engine,
        shelling,
        "correct",
        changes={"date": {"old": "2025-10-10", "new": "2025-10-09"}},
        version=1,
        who="ben",
    )
    review(engine, shelling, "reject", version=2, who="cy")
    review(engine, shelling, "confirm", version=3, who="dee")
    props = by_type(apply_reviews(machine, all_reviews(engine)), "artillery_shelling")["properties"]
    assert props["date"] == "2025-10-09" and props["review"]["original"]["date"] == original
    assert props["review"]["status"] == "corrected" and props["review"]["by"] == "dee"
    assert props["review"]["history"] == 4


def test_cli_build_with_db_applies_reviews(engine, db_url, tmp_path, capsys):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "wire-1.md").write_text(article_text(), encoding="utf-8")
    out = tmp_path / "out.geojson"
    assert main(["build", "--articles", str(articles), "--out", str(out), "--db", db_url]) == 0
    machine = json.loads(out.read_text())
    assert all(f["properties"]["review"]["status"] == "unreviewed" for f in machine["features"])
    closure = by_type(machine, "crossing_closed")
    review(engine, closure, "reject")
    assert main(["build", "--articles", str(articles), "--out", str(out), "--db", db_url]) == 0
    assert "1 rejected left out" in capsys.readouterr().out
    assert closure["id"] not in {f["id"] for f in json.loads(out.read_text())["features"]}
    assert (
        main(["build", "--articles", str(articles), "--out", str(out), "--db", db_url, "--include-rejected"])
        == 0
    )
    kept = {f["id"]: f for f in json.loads(out.read_text())["features"]}
    assert kept[closure["id"]]["properties"]["review"]["status"] == "rejected"


def test_cli_add_then_build_reads_stored_articles(db_url, tmp_path, capsys):
    page = tmp_path / "wire-2.md"
    page.write_text(article_text(title="Stored article"), encoding="utf-8")
    assert main(["add", "--db", db_url, str(page)]) == 0
    assert main(["add", "--db", db_url, str(page)]) == 0
    printed = capsys.readouterr().out
    assert "1 added" in printed and "already there" in printed
    empty = tmp_path / "none"
    empty.mkdir()
    (empty / "other.md").write_text(article_text(SENTENCES[2], title="File article"), encoding="utf-8")
    out = tmp_path / "o.geojson"
    assert main(["build", "--articles", str(empty), "--out", str(out), "--db", db_url]) == 0
    collection = json.loads(out.read_text())
    assert {a["title"] for a in collection["articles"]} == {"Stored article", "File article"}
    assert any(f["properties"]["event_type"] == "armed_clash" for f in collection["features"])


def test_an_added_missed_incident_becomes_one_and_yields_to_the_machine(engine):
    from geodata.review import Anchor, sentence_hash

    extra = "Pakistani and Afghan troops exchanged fire near Ghulam Khan on Friday, officials said."
    machine = build()
    anchor = Anchor("wire-1", sentence_hash(extra), "armed_clash")
    save_review(
        engine,
        ReviewDraft(
            anchor=anchor.key,
            article_id="wire-1",
            sentence_hash=anchor.sentence_hash,
            event_type="armed_clash",
            machine_place_id=None,
            quote=extra,
            incident_id="rev-x",
            action="add_missed",
            changes={
                "incident": {
                    "old": None,
                    "new": {
                        "date": "2025-10-10",
                        "date_precision": "day",
                        "place": NEW_PLACE,
                        "actors": ["gunmen"],
                        "source": {"title": "T", "outlet": "Test Wire"},
                    },
                }
            },
            note="the rules missed it",
        ),
        expected_version=0,
        reviewer="ana",
    )
    reviewed = apply_reviews(machine, all_reviews(engine))
    added = [f for f in reviewed["features"] if f["id"].startswith("rev-")]
    assert len(added) == 1 and len(reviewed["features"]) == len(machine["features"]) + 1
    props = added[0]["properties"]
    assert (props["event_type"], props["date"], props["place"], props["actors"]) == (
        "armed_clash",
        "2025-10-10",
        "Parachinar",
        ["gunmen"],
    )
    assert props["sources"][0]["quote"] == extra and props["review"]["status"] == "confirmed"
    assert added[0]["geometry"]["coordinates"] == [70.1, 33.9]
    assert reviewed["unattached_reviews"] == []
    to_csv(reviewed["features"])  # an added incident exports like any other
    # new rules find it: the review attaches to the machine's incident, no duplicate remains
    found = apply_reviews(build(*SENTENCES, extra), all_reviews(engine))
    assert not [f for f in found["features"] if f["id"].startswith("rev-")]
    mine = [f for f in found["features"] if f["properties"]["sources"][0]["quote"] == extra]
    assert [f["properties"]["review"]["status"] for f in mine] == ["confirmed"]


def test_a_duplicate_merged_into_another_leaves_the_map_and_lends_its_sources(engine):
    machine = build()
    clash_at_chaman = by_type(machine, "armed_clash")  # the clash, merged into the closure after it
    closure = by_type(machine, "crossing_closed")
    target_anchor, _quote = primary_anchor(closure["properties"])
    review(
        engine,
        clash_at_chaman,
        "merge",
        changes={"merged_into": {"old": None, "new": {"id": closure["id"], "anchor": target_anchor.key}}},
    )
    reviewed = apply_reviews(machine, all_reviews(engine))
    duplicate = next(f for f in reviewed["features"] if f["id"] == clash_at_chaman["id"])
    assert duplicate["properties"]["review"]["status"] == "rejected"
    assert duplicate["properties"]["review"]["merged_into"]["id"] == closure["id"]
    kept = next(f for f in reviewed["features"] if f["id"] == closure["id"])
    assert kept["properties"]["merged_from"] == [clash_at_chaman["id"]]
    quotes = {s["quote"] for s in kept["properties"]["sources"]}
    assert {s["quote"] for s in clash_at_chaman["properties"]["sources"]} <= quotes
    assert clash_at_chaman["id"] not in {f["id"] for f in without_rejected(reviewed)["features"]}
    assert machine["features"] != reviewed["features"] and "merged_from" not in closure["properties"]


def test_a_split_adds_the_second_incident_beside_the_first(engine):
    machine = build()
    shelling = by_type(machine, "artillery_shelling")
    review(
        engine,
        shelling,
        "split",
        changes={"split_off": {"old": None, "new": {"place": NEW_PLACE, "event_type": "armed_clash"}}},
    )
    reviewed = apply_reviews(machine, all_reviews(engine))
    assert len(reviewed["features"]) == len(machine["features"]) + 1
    first = next(f for f in reviewed["features"] if f["id"] == shelling["id"])
    second = next(f for f in reviewed["features"] if f["id"] == shelling["id"] + "-split1")
    assert (
        first["properties"]["event_type"] == "artillery_shelling"
        and first["properties"]["place"] == shelling["properties"]["place"]
    )
    assert (second["properties"]["event_type"], second["properties"]["place"]) == (
        "armed_clash",
        "Parachinar",
    )
    assert second["properties"]["id"] == second["id"] and second["geometry"]["coordinates"] == [70.1, 33.9]
    assert second["properties"]["review"]["split_from"] == shelling["id"]
    assert second["properties"]["review"]["original"]["event_type"] == "artillery_shelling"
    assert second["properties"]["sources"] == shelling["properties"]["sources"]
