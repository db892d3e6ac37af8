"""geodata.evaluation: gold validation (GOLD_FORMAT section 11), matching and scores (section 12)."""

from __future__ import annotations

import argparse
import copy
import dataclasses
import itertools
import json
import random
import sys
import types
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from geodata import evaluation as ev
from geodata.evaluation import (
    GoldError,
    claim_matches,
    claimant_side,
    claimants_compatible,
    evaluate,
    hungarian,
    load_gold,
    numbers_in,
)
from geodata.evaluation.places import mention_tuple
from geodata.evaluation.scores import percentile
from geodata.model import Claim, Incident, Place, Source

DATA = Path(__file__).resolve().parents[1] / "data"
GOLD_SETS = sorted(p.parent for p in DATA.glob("*/gold.yaml"))


# ---------------------------------------------------------------------------------------------
# helpers


def incident(
    event_type: str,
    day: date | str | None,
    lat: float | None = None,
    lon: float | None = None,
    *,
    date_end=None,
    claims=(),
    place: Place | None = None,
    admin1: str | None = None,
    country: str | None = None,
    mentions=(),
) -> Incident:
    if isinstance(day, str):
        day = date.fromisoformat(day)
    if isinstance(date_end, str):
        date_end = date.fromisoformat(date_end)
    return Incident(
        event_type=event_type,
        date=day,
        date_end=date_end,
        date_precision="day" if day else "unknown",
        place=place,
        place_mentions=tuple(mentions),
        location_precision=2,
        lat=lat,
        lon=lon,
        country=country,
        admin1=admin1,
        actors=(),
        claims=tuple(claims),
        sources=(),
    )


def perfect_system(gold) -> dict[str, list[Incident]]:
    """What a flawless system would emit: one incident per gold incident, with every claim."""
    out: dict[str, list[Incident]] = {}
    for aid, art in gold.articles.items():
        out[aid] = [
            incident(
                g.type,
                g.date,
                g.lat,
                g.lon,
                date_end=g.date_end,
                claims=[Claim(claimant=c.split(": ", 1)[0], statement=c.split(": ", 1)[1]) for c in g.claims],
                mentions=g.places,
            )
            for g in art.incidents
        ]
    return out


BODY = (
    "PESHAWAR, Pakistan (AP) — Afghan forces shelled Chaman on Sunday, the ISPR said, and six people "
    "were killed. Islamabad said the Torkham crossing was closed. Trade through Chaman fell.\n"
)


def base_incident(**changes) -> dict:
    inc = {
        "article": "900",
        "id": "900-1",
        "type": "artillery_shelling",
        "alt_types": ["armed_clash"],
        "date": "2022-12-11",
        "date_precision": "day",
        "date_basis": "'on Sunday' in an article of Monday 12 Dec 2022",
        "mention": "primary",
        "scope": "core",
        "places": ["Chaman"],
        "canonical_place": "Chaman, Balochistan, Pakistan",
        "lat": 30.91769,
        "lon": 66.45259,
        "coord_source": "GEONAMES 'Chaman' (geonameid 1181611)",
        "location_precision": "town",
        "actors": ["Afghan forces"],
        "claims": ["ISPR: six people were killed"],
    }
    inc.update(changes)
    return {k: v for k, v in inc.items() if v is not ...}


def write_set(
    tmp_path: Path, articles: list[dict], bodies: dict[str, str] | None = None, published="2022-12-12"
):
    """Write a gold file and its article files; `articles` are gold article entries."""
    adir = tmp_path / "articles"
    adir.mkdir(exist_ok=True)
    for art in articles:
        body = (bodies or {}).get(art["article"], BODY)
        pub = art.get("published", published)
        front = {"title": "Test", "outlet": art.get("outlet", "Test Outlet")}
        if pub is not None:
            front["published"] = pub
        text = "---\n" + yaml.safe_dump(front, sort_keys=False) + "---\n" + body
        (adir / f"{art['article']}.md").write_text(text, encoding="utf-8")
    doc = {"schema_version": 1, "articles": articles}
    gold = tmp_path / "gold.yaml"
    gold.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return gold, adir


def article_entry(aid="900", incidents=None, **changes) -> dict:
    incidents = [base_incident()] if incidents is None else incidents
    entry = {
        "article": aid,
        "outlet": "Test Outlet",
        "published": "2022-12-12",
        "text_complete": True,
        "negative": not incidents,
        "incidents": incidents,
    }
    entry.update(changes)
    return entry


def load_one(tmp_path, incidents=None, **changes):
    gold, adir = write_set(tmp_path, [article_entry(incidents=incidents, **changes)])
    return load_gold(gold, adir)


# ---------------------------------------------------------------------------------------------
# the shipped gold files


def test_gold_sets_exist():
    names = {p.name for p in GOLD_SETS}
    assert {"seeds_gold", "extra_gold"} <= names


@pytest.mark.parametrize("folder", GOLD_SETS, ids=lambda p: p.name)
def test_every_gold_file_in_tests_data_validates(folder):
    gold = load_gold(folder / "gold.yaml", folder / "articles")
    assert gold.articles
    assert not gold.warnings
    for art in gold.articles.values():
        assert art.negative == (not art.incidents)


def test_extra_gold_coverage():
    gold = load_gold(DATA / "extra_gold" / "gold.yaml", DATA / "extra_gold" / "articles")
    assert len(gold.articles) >= 18
    types_seen = {g.type for g in gold.incidents}
    assert types_seen == set(ev.EVENT_TYPES)
    assert sum(a.negative for a in gold.articles.values()) >= 3
    assert {g.date_precision for g in gold.incidents} >= {"day", "week", "month", "year"}
    assert any(g.scope == "peripheral" for g in gold.incidents)
    assert any(g.location_precision == "none" for g in gold.incidents)
    # the datelines are never incident places
    for art in gold.articles.values():
        for g in art.incidents:
            assert "PESHAWAR" not in g.places and "Islamabad" not in g.places and "Doha" not in g.places


def test_gold_scores_the_same_seed_files_the_app_shows():
    # The gold was written against the original seed files; the repo carries two copies (seeds/ for the app,
    # tests/data/seeds_gold/articles for the evaluator). They must stay byte-identical.
    repo_seeds = Path(__file__).resolve().parents[2] / "seeds"
    copies = sorted((DATA / "seeds_gold" / "articles").glob("*.md"))
    assert len(copies) == 5
    for copy_ in copies:
        assert copy_.read_bytes() == (repo_seeds / copy_.name).read_bytes(), copy_.name


# ---------------------------------------------------------------------------------------------
# validation errors


def test_valid_minimal_set_loads(tmp_path):
    gold = load_one(tmp_path)
    (g,) = gold.incidents
    assert g.date == date(2022, 12, 11) and g.date_end == g.date
    assert g.alt_types == ("armed_clash",)


BAD_INCIDENTS = {
    "bad type": (dict(type="shelling"), "type 'shelling'"),
    "bad alt type": (dict(alt_types=["bombing"]), "alt_types entry 'bombing'"),
    "type in alt_types": (dict(alt_types=["artillery_shelling"]), "must not contain the type"),
    "place not in body": (dict(places=["Spin Boldak"]), "'Spin Boldak' does not occur verbatim"),
    "place wrong case": (dict(places=["chaman"]), "'chaman' does not occur verbatim"),
    "lat without precision": (dict(location_precision="none"), "location_precision is 'none' but lat/lon"),
    "null lat with precision": (
        dict(lat=None, lon=None, coord_source="NONE (no place)"),
        "lat/lon are null but location_precision is 'town'",
    ),
    "only lat null": (dict(lat=None), "both be null or both numbers"),
    "NONE tag with point": (dict(coord_source="NONE"), "tag is NONE but lat/lon are given"),
    "APPROX without uncertainty": (dict(coord_source="APPROX guess"), "APPROX requires coord_uncertainty_km"),
    "untagged coord_source": (dict(coord_source="somewhere"), "coord_source must start with a tag"),
    "lat out of range": (dict(lat=123.0), "out of range"),
    "bad date": (dict(date="2022-02-30"), "not a valid 'YYYY-MM-DD' date"),
    "date_end before date": (dict(date_end="2022-12-10"), "date_end 2022-12-10 is before date"),
    "bad precision": (dict(date_precision="days"), "date_precision 'days'"),
    "bad mention": (dict(mention="main"), "mention 'main'"),
    "bad scope": (dict(scope="central"), "scope 'central'"),
    "bad location precision": (dict(location_precision="city"), "location_precision 'city'"),
    "claim without who": (dict(claims=["six people were killed"]), "has no '<who>: ' prefix"),
    "claims_scope without group": (dict(claims_scope="whole group"), "only allowed on group members"),
    "wrong article": (dict(article="901"), "must equal the parent article"),
    "bad id": (dict(id="900_1"), "'id' must look like"),
    "bad group id": (dict(group="G1"), "'group' must look like"),
    "missing field": (dict(date_basis=...), "missing required field 'date_basis'"),
}


@pytest.mark.parametrize("case", list(BAD_INCIDENTS), ids=list(BAD_INCIDENTS))
def test_invalid_incident_is_reported_with_its_id(tmp_path, case):
    changes, message = BAD_INCIDENTS[case]
    with pytest.raises(GoldError) as info:
        load_one(tmp_path, incidents=[base_incident(**changes)])
    text = str(info.value)
    assert message in text, text
    assert "article 900" in text
    if case not in ("bad id",):
        assert "900-1" in text or "#1" in text


def test_duplicate_incident_id(tmp_path):
    with pytest.raises(GoldError, match="id 900-1 is used more than once"):
        load_one(tmp_path, incidents=[base_incident(), base_incident(type="armed_clash", alt_types=[])])


def test_group_rules(tmp_path):
    with pytest.raises(GoldError, match="group 900-G1: has only one member"):
        load_one(tmp_path, incidents=[base_incident(group="900-G1")])
    two = [
        base_incident(group="900-G1", claims_scope="whole group"),
        base_incident(id="900-2", group="900-G1", date="2022-12-10"),
    ]
    with pytest.raises(GoldError, match="differ in date"):
        load_one(tmp_path, incidents=two)
    ok = [base_incident(group="900-G1"), base_incident(id="900-2", group="900-G1", places=["Torkham"])]
    assert len(load_one(tmp_path, incidents=ok).incidents) == 2


def test_article_level_rules(tmp_path):
    with pytest.raises(GoldError, match="negative is true but it has 1 incident"):
        load_one(tmp_path, negative=True)
    with pytest.raises(GoldError, match="incidents is empty but negative is false"):
        load_one(tmp_path, incidents=[], negative=False)
    with pytest.raises(GoldError, match="differs from the article front matter"):
        gold, adir = write_set(tmp_path, [article_entry(published="2022-12-13")], published="2022-12-12")
        # the article file gets the entry's own published; rewrite it with another day
        (adir / "900.md").write_text("---\ntitle: T\noutlet: X\npublished: 2022-12-12\n---\n" + BODY)
        load_gold(gold, adir)


def test_published_null_needs_no_front_matter_date(tmp_path):
    gold, adir = write_set(tmp_path, [article_entry(published=None)], published=None)
    assert load_gold(gold, adir).articles["900"].published is None


def test_unquoted_id_missing_file_duplicates_and_schema(tmp_path):
    gold, adir = write_set(tmp_path, [article_entry()])
    doc = yaml.safe_load(gold.read_text())
    doc["schema_version"] = 2
    doc["articles"].append(copy.deepcopy(doc["articles"][0]))  # duplicate article
    doc["articles"].append(article_entry(aid="901", incidents=[]))  # no file
    doc["articles"].append({**article_entry(aid="902", incidents=[]), "article": 902})  # unquoted
    gold.write_text(yaml.safe_dump(doc))
    with pytest.raises(GoldError) as info:
        load_gold(gold, adir)
    errors = info.value.errors
    assert any("schema_version must be 1" in e for e in errors)
    assert any("article 900: appears more than once" in e for e in errors)
    assert any("article 901: no article file" in e for e in errors)
    assert any("must be a non-empty quoted string" in e for e in errors)


def test_yaml_dates_and_txt_articles_are_accepted(tmp_path):
    adir = tmp_path / "articles"
    adir.mkdir()
    (adir / "007.txt").write_text("---\ntitle: T\noutlet: X\npublished: 2022-12-12\n---\n" + BODY)
    gold = tmp_path / "gold.yaml"
    inc = base_incident(article="007", id="007-1")
    doc = {"schema_version": 1, "articles": [article_entry(aid="007", incidents=[inc])]}
    text = yaml.safe_dump(doc).replace("'2022-12-11'", "2022-12-11").replace("'2022-12-12'", "2022-12-12")
    gold.write_text(text)
    loaded = load_gold(gold, adir)
    assert loaded.articles["007"].published == "2022-12-12"
    assert loaded.incidents[0].date == date(2022, 12, 11)


# ---------------------------------------------------------------------------------------------
# matching


@pytest.mark.parametrize("folder", GOLD_SETS, ids=lambda p: p.name)
def test_perfect_system_scores_one(folder):
    gold = load_gold(folder / "gold.yaml", folder / "articles")
    result = evaluate(gold, perfect_system(gold))
    for name, scores in result["slices"].items():
        assert scores["precision"] == 1.0 and scores["recall"] == 1.0 and scores["f1"] == 1.0, name
    assert result["groups"]["event_recall"] == 1.0
    assert result["negatives"]["accuracy"] in (1.0, None)
    d = result["diagnostics"]
    assert d["type_exact"] == 1.0 and d["date_exact"] == 1.0 and d["within_25_km"] == 1.0
    assert d["distance_median_km"] == 0.0
    assert d["toponym_recall"] == 1.0
    assert result["claims"]["share_found"] == 1.0
    assert result["unmatched_gold"] == [] and result["unmatched_system"] == []
    json.dumps(result, default=str)  # serialisable for --json


def test_empty_system_scores_zero_recall(tmp_path):
    gold = load_one(tmp_path)
    result = evaluate(gold, {})
    assert result["slices"]["all"]["recall"] == 0.0
    assert result["slices"]["all"]["precision"] is None
    assert result["unmatched_gold"] == ["900-1"]


def test_wrong_type_is_not_matched(tmp_path):
    gold = load_one(tmp_path)
    result = evaluate(gold, {"900": [incident("airstrike", "2022-12-11", 30.91769, 66.45259)]})
    assert result["slices"]["all"]["matched_gold"] == 0
    assert result["slices"]["all"]["precision"] == 0.0


def test_alt_type_is_matched_and_reported(tmp_path):
    gold = load_one(tmp_path)
    result = evaluate(gold, {"900": [incident("armed_clash", "2022-12-11", 30.91769, 66.45259)]})
    assert result["slices"]["all"]["recall"] == 1.0
    assert result["diagnostics"]["type_alt"] == 1.0


@pytest.mark.parametrize(
    "precision,km,matched",
    [
        ("town", 14.0, True),
        ("town", 16.0, False),
        ("exact point", 4.5, True),
        ("exact point", 6.0, False),
        ("district", 39.0, True),
        ("district", 45.0, False),
        ("region", 290.0, True),
    ],
)
def test_distance_tolerance_by_location_precision(tmp_path, precision, km, matched):
    gold = load_one(tmp_path, incidents=[base_incident(location_precision=precision)])
    lat = 30.91769 + km / 111.2  # due north: 1 degree of latitude ~ 111.2 km
    result = evaluate(gold, {"900": [incident("artillery_shelling", "2022-12-11", lat, 66.45259)]})
    assert (result["slices"]["all"]["recall"] == 1.0) is matched


def test_coord_uncertainty_widens_distance_tolerance(tmp_path):
    inc = base_incident(location_precision="exact point", coord_uncertainty_km=30)
    gold = load_one(tmp_path, incidents=[inc])
    lat = 30.91769 + 25 / 111.2
    assert (
        evaluate(gold, {"900": [incident("artillery_shelling", "2022-12-11", lat, 66.45259)]})["slices"][
            "all"
        ]["recall"]
        == 1.0
    )


def test_located_gold_needs_a_system_point(tmp_path):
    gold = load_one(tmp_path)
    result = evaluate(gold, {"900": [incident("artillery_shelling", "2022-12-11")]})
    assert result["slices"]["all"]["recall"] == 0.0


def test_unlocated_gold_matches_on_type_and_date(tmp_path):
    inc = base_incident(places=[], lat=None, lon=None, coord_source="NONE", location_precision="none")
    gold = load_one(tmp_path, incidents=[inc])
    anywhere = incident("artillery_shelling", "2022-12-11", 34.5, 69.2)
    nowhere = incident("artillery_shelling", "2022-12-12")
    assert evaluate(gold, {"900": [anywhere]})["slices"]["all"]["recall"] == 1.0
    assert evaluate(gold, {"900": [nowhere]})["slices"]["all"]["recall"] == 1.0


def test_province_gold_accepts_same_province_name(tmp_path):
    inc = base_incident(
        places=["Chaman"],
        canonical_place="Kunar Province, Afghanistan",
        lat=34.87311,
        lon=71.14697,
        location_precision="province",
    )
    gold = load_one(tmp_path, incidents=[inc])
    far = dict(lat=None, lon=None)
    named = incident("artillery_shelling", "2022-12-11", **far, admin1="Kunar")
    by_place = incident(
        "artillery_shelling", "2022-12-11", place=Place(id="p", name="Konar", kind="province", country="AF")
    )
    other = incident("artillery_shelling", "2022-12-11", **far, admin1="Nangarhar")
    assert evaluate(gold, {"900": [named]})["slices"]["all"]["recall"] == 1.0
    assert evaluate(gold, {"900": [by_place]})["slices"]["all"]["recall"] == 1.0
    assert evaluate(gold, {"900": [other]})["slices"]["all"]["recall"] == 0.0


@pytest.mark.parametrize(
    "precision,offset,matched",
    [
        ("day", 0, True),
        ("day", 1, True),
        ("day", -1, True),
        ("day", 2, False),
        ("day", -2, False),
        ("week", 7, True),
        ("week", -7, True),
        ("week", 8, False),
        ("month", 31, True),
        ("month", 32, False),
        ("year", 366, True),
        ("year", 367, False),
    ],
)
def test_date_tolerance_by_precision(tmp_path, precision, offset, matched):
    gold = load_one(tmp_path, incidents=[base_incident(date_precision=precision)])
    day = date(2022, 12, 11) + timedelta(days=offset)
    result = evaluate(gold, {"900": [incident("artillery_shelling", day, 30.91769, 66.45259)]})
    assert (result["slices"]["all"]["recall"] == 1.0) is matched


def test_date_tolerance_is_around_the_whole_span(tmp_path):
    gold = load_one(tmp_path, incidents=[base_incident(date="2022-12-10", date_end="2022-12-12")])

    def hit(day, end=None):
        s = incident("artillery_shelling", day, 30.91769, 66.45259, date_end=end)
        return evaluate(gold, {"900": [s]})["slices"]["all"]["recall"] == 1.0

    assert hit("2022-12-13") and hit("2022-12-09") and hit("2022-12-11")
    assert not hit("2022-12-14") and not hit("2022-12-08")
    assert hit("2022-12-01", end="2022-12-09")  # a system span that ends one day before


def test_undated_system_matches_only_gold_the_text_does_not_date(tmp_path):
    undated = incident("artillery_shelling", None, 30.91769, 66.45259)
    gold = load_one(tmp_path, incidents=[base_incident(date_precision="year")])
    result = evaluate(gold, {"900": [undated]})
    assert result["slices"]["all"]["recall"] == 1.0
    assert result["diagnostics"]["undated_matches"] == 1
    gold = load_one(tmp_path, incidents=[base_incident(date_precision="week")])
    assert evaluate(gold, {"900": [undated]})["slices"]["all"]["recall"] == 0.0
    assert (
        evaluate(gold, {"900": [undated]}, undated_precisions=("week", "year"))["slices"]["all"]["recall"]
        == 1.0
    )


def test_matching_is_one_to_one(tmp_path):
    two_gold = [base_incident(), base_incident(id="900-2", claims=["Kabul: one border guard killed"])]
    gold = load_one(tmp_path, incidents=two_gold)
    one = incident("artillery_shelling", "2022-12-11", 30.91769, 66.45259)
    result = evaluate(gold, {"900": [one]})
    assert result["slices"]["all"]["matched_gold"] == 1
    assert result["slices"]["all"]["recall"] == 0.5 and result["slices"]["all"]["precision"] == 1.0

    gold = load_one(tmp_path)
    result = evaluate(gold, {"900": [one, one]})
    assert result["slices"]["all"]["recall"] == 1.0 and result["slices"]["all"]["precision"] == 0.5


def test_matching_maximises_pairs_over_greedy_choice(tmp_path):
    # g1 (day, alt armed_clash) can take s1 or s2; g2 (armed_clash only) can take only s1.
    # s1 is g1's better candidate (same day) — a greedy matcher would give g1 s1 and leave g2 unmatched.
    g1 = base_incident()
    g2 = base_incident(id="900-2", type="armed_clash", alt_types=[])
    gold = load_one(tmp_path, incidents=[g1, g2])
    s1 = incident("armed_clash", "2022-12-11", 30.91769, 66.45259)
    s2 = incident("artillery_shelling", "2022-12-12", 30.95, 66.45)
    result = evaluate(gold, {"900": [s1, s2]})
    assert result["slices"]["all"]["matched_gold"] == 2
    pairs = {m["gold"]: m["system_index"] for m in result["matches"]}
    assert pairs == {"900-1": 1, "900-2": 0}


def test_tie_breaks_prefer_closer_date_then_distance(tmp_path):
    gold = load_one(tmp_path)
    near_date_far = incident("artillery_shelling", "2022-12-11", 30.91769 + 10 / 111.2, 66.45259)
    off_date_near = incident("artillery_shelling", "2022-12-12", 30.91769, 66.45259)
    result = evaluate(gold, {"900": [off_date_near, near_date_far]})
    assert result["matches"][0]["system_index"] == 1
    closer = incident("artillery_shelling", "2022-12-11", 30.91769 + 2 / 111.2, 66.45259)
    result = evaluate(gold, {"900": [near_date_far, closer]})
    assert result["matches"][0]["system_index"] == 1


def test_systems_are_matched_within_their_article_only(tmp_path):
    entries = [
        article_entry(),
        article_entry(aid="901", incidents=[base_incident(article="901", id="901-1")]),
    ]
    gold_path, adir = write_set(tmp_path, entries)
    gold = load_gold(gold_path, adir)
    s = incident("artillery_shelling", "2022-12-11", 30.91769, 66.45259)
    result = evaluate(gold, {"900": [s, s]})
    assert result["slices"]["all"]["matched_gold"] == 1
    assert result["unmatched_gold"] == ["901-1"]


def test_negative_articles_count_system_incidents_as_false_positives(tmp_path):
    entries = [article_entry(), article_entry(aid="901", incidents=[], negative=True)]
    gold_path, adir = write_set(tmp_path, entries)
    gold = load_gold(gold_path, adir)
    s = incident("artillery_shelling", "2022-12-11", 30.91769, 66.45259)
    result = evaluate(gold, {"900": [s], "901": [s, s], "999": [s]})
    assert result["slices"]["all"]["precision"] == pytest.approx(1 / 3)
    assert result["slices"]["all"]["recall"] == 1.0
    neg = result["negatives"]
    assert neg["false_positives"] == 2 and neg["accuracy"] == 0.0 and neg["false_alarm_articles"] == ["901"]
    assert result["articles"]["ignored_system_articles"] == ["999"]
    assert evaluate(gold, {"900": [s]})["negatives"]["accuracy"] == 1.0


def test_slices_primary_core_and_peripheral(tmp_path):
    incs = [
        base_incident(),
        base_incident(id="900-2", mention="background", date="2022-12-01", date_precision="week"),
        base_incident(id="900-3", type="other", alt_types=[], scope="peripheral"),
    ]
    gold = load_one(tmp_path, incidents=incs)
    system = {
        "900": [
            incident("artillery_shelling", "2022-12-11", 30.91769, 66.45259),
            incident("other", "2022-12-11", 30.91769, 66.45259),
        ]
    }
    result = evaluate(gold, system)
    s = result["slices"]
    assert s["all"]["recall"] == pytest.approx(2 / 3) and s["all"]["precision"] == 1.0
    # the system incident matched to peripheral gold is neither a hit nor a false positive in core
    assert s["core"]["gold"] == 2 and s["core"]["system"] == 1 and s["core"]["precision"] == 1.0
    assert s["core"]["recall"] == 0.5
    assert s["primary"]["gold"] == 2 and s["primary"]["recall"] == 1.0
    assert s["primary_core"]["gold"] == 1 and s["primary_core"]["recall"] == 1.0
    assert result["by_type"]["other"]["recall"] == 1.0
    assert result["by_location_precision"]["town"]["gold"] == 3


def test_group_recall(tmp_path):
    incs = [
        base_incident(group="900-G1", claims_scope="whole group"),
        base_incident(
            id="900-2",
            group="900-G1",
            claims_scope="whole group",
            places=["Torkham"],
            lat=34.11472,
            lon=71.08472,
        ),
    ]
    gold = load_one(tmp_path, incidents=incs)
    result = evaluate(gold, {"900": [incident("artillery_shelling", "2022-12-11", 34.11472, 71.08472)]})
    assert result["slices"]["all"]["recall"] == 0.5
    assert result["groups"]["group_recall"] == 1.0 and result["groups"]["event_recall"] == 1.0


def test_diagnostics_on_matched_pairs(tmp_path):
    gold = load_one(tmp_path)
    place = Place(
        id="x", name="Chaman", kind="populated_place", country="PK", admin1="Balochistan", admin2="Chaman"
    )
    s = incident(
        "artillery_shelling",
        "2022-12-12",
        30.91769 + 10 / 111.2,
        66.45259,
        place=place,
        mentions=["Chaman"],
        country="PK",
    )
    d = evaluate(gold, {"900": [s]})["diagnostics"]
    assert d["date_exact"] == 0.0 and d["date_within_1_day"] == 1.0
    assert d["distance_median_km"] == pytest.approx(10, abs=0.1)
    assert d["within_25_km"] == 1.0
    assert d["same_district"] == 1.0 and d["same_province"] == 1.0 and d["same_country"] == 1.0
    assert d["toponym_recall"] == 1.0
    wrong = Place(id="y", name="Spin Boldak", kind="populated_place", country="AF", admin1="Kandahar")
    s2 = incident(
        "artillery_shelling", "2022-12-11", 30.91769 + 12 / 111.2, 66.45259, place=wrong, country="AF"
    )
    d = evaluate(gold, {"900": [s2]})["diagnostics"]
    assert d["same_province"] == 0.0 and d["same_country"] == 0.0 and d["toponym_recall"] == 0.0


def test_percentile_and_hungarian_agree_with_brute_force():
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == pytest.approx(9.1)
    rng = random.Random(7)
    for _ in range(200):
        n, m = rng.randint(1, 4), rng.randint(1, 5)
        if n > m:
            n, m = m, n
        cost = [[rng.randint(0, 20) for _ in range(m)] for _ in range(n)]
        assignment = hungarian(cost)
        assert len(set(assignment)) == n
        best = min(sum(cost[i][p[i]] for i in range(n)) for p in itertools.permutations(range(m), n))
        assert sum(cost[i][assignment[i]] for i in range(n)) == best


# ---------------------------------------------------------------------------------------------
# claims


def test_claimant_sides():
    assert claimant_side("Kabul (Afghan government)") == "AF"
    assert claimant_side("Enayatullah Khowarazmi (Afghan Ministry of Defense spokesman)") == "AF"
    assert claimant_side("Afghan defence ministry") == "AF"
    assert claimant_side("Taliban officials") == "AF"
    assert claimant_side("ISPR") == "PK"
    assert claimant_side("Islamabad") == "PK"
    assert claimant_side("Pakistani military sources") == "PK"
    assert claimant_side("Article (according to reports)") is None
    assert claimant_side("Local sources") is None
    # a known spokesperson's name tells the side even when the gold gives no side word
    assert claimant_side("Enayatullah Khwarazmi (Ministry of National Defense spokesman)") == "AF"
    assert claimant_side("Tariq Mehmood Khan (Chaman Deputy Commissioner)") is None


def test_claimant_compatibility():
    assert claimants_compatible("Kabul (Afghan government)", "Afghan Taliban (Defence Ministry)")
    assert claimants_compatible(
        "Afghanistan's Defence Ministry (press conference)", "Zabihullah Mujahid, Taliban"
    )
    assert claimants_compatible("ISPR", "Pakistani military")
    assert not claimants_compatible("ISPR", "Taliban")
    assert not claimants_compatible("Kabul (Afghan government)", "ISPR")
    assert claimants_compatible("Article (according to reports)", "Article")
    assert claimants_compatible("Local sources", "local sources in Khost")
    assert claimants_compatible("Residents of Bajaur", "resident")
    assert not claimants_compatible("Local sources", "ISPR")
    assert not claimants_compatible("Article", "Taliban")
    # an explicit side on the system claim wins over its claimant text
    assert claimants_compatible("ISPR", "the military's media wing", "PK")
    assert not claimants_compatible("ISPR", "the spokesman", "AF")
    # "independent" is the system's answer too: a side word inside the label does not overturn it
    assert claimants_compatible("Khaama Press", "Afghan news agency Khaama Press", "independent")
    assert not claimants_compatible(
        "Kabul (Afghan government)", "Afghan news agency Khaama Press", "independent"
    )
    assert claimants_compatible(
        "Traders on the Pakistani side", "traders on the Pakistani side", "independent"
    )
    # one named person is one speaker, whatever side words the gold label lacks
    assert claimants_compatible(
        "Abdul Nasir Khan (deputy commissioner, Khyber district)",
        "Abdul Nasir Khan (deputy commissioner of Pakistan's Khyber district)",
        "PK",
    )
    assert not claimants_compatible("Local sources", "Abdul Nasir Khan (deputy commissioner)", "PK")
    # two words before "(" that are no person's name are no one speaker
    assert not claimants_compatible("Security sources (Pakistani)", "Security sources (Afghan)", "AF")
    # a generic label on either side is compared word by word, not emptied by the stop list
    assert claimants_compatible("Sources (to TOLOnews)", "Sources")
    assert claimants_compatible("Sources", "Sources (to TOLOnews)")
    assert not claimants_compatible("Sources (to TOLOnews)", "Officials")


def test_numbers_in_claims():
    assert numbers_in("58 soldiers and 1,200 trucks; six civilians, 17 wounded") >= {58.0, 1200.0, 6.0, 17.0}
    assert numbers_in("no figures") == set()


def test_claim_matching_needs_compatible_claimant_and_a_number():
    gold = "ISPR: six civilians killed and 17 wounded"
    assert claim_matches(
        gold, Claim(claimant="ISPR", statement="killing six civilians", quantity=6, unit="killed")
    )
    assert claim_matches(gold, Claim(claimant="Pakistani military", statement="17 others were wounded"))
    assert not claim_matches(gold, Claim(claimant="ISPR", statement="seven civilians killed", quantity=7))
    assert not claim_matches(gold, Claim(claimant="Kabul", statement="six civilians killed", quantity=6))
    assert claim_matches(
        "Taliban officials: the strikes were retaliation",
        Claim(claimant="Afghan Taliban", statement="retaliation"),
    )


def test_claim_scores_in_evaluate(tmp_path):
    inc = base_incident(claims=["ISPR: six people were killed", "Kabul: one border guard killed"])
    gold = load_one(tmp_path, incidents=[inc])
    s = incident(
        "artillery_shelling",
        "2022-12-11",
        30.91769,
        66.45259,
        claims=[Claim(claimant="ISPR", statement="six people were killed", quantity=6, side="PK")],
    )
    claims = evaluate(gold, {"900": [s]})["claims"]
    assert claims["gold_claims_in_matched"] == 2 and claims["found"] == 1 and claims["share_found"] == 0.5
    assert claims["share_claimant_found"] == 0.5
    assert evaluate(gold, {})["claims"]["share_found_of_all"] == 0.0


# ---------------------------------------------------------------------------------------------
# place recognition


def _span(text: str, needle: str, nth: int = 0, lat=None, lon=None):
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return (start, start + len(needle), needle, lat, lon)


def test_place_recognition_scoring(tmp_path):
    gold = load_one(tmp_path)  # gold places: ["Chaman"], occurring twice in BODY
    spans = [
        _span(BODY, "Chaman", nth=1, lat=30.92, lon=66.45),  # the second occurrence also counts
        _span(BODY, "PESHAWAR"),  # a dateline: not an incident place
        _span(BODY, "Torkham"),  # named, but not this article's incident place
    ]
    result = evaluate(gold, {}, {"900": spans})["places"]
    assert result["recall"] == 1.0
    assert result["precision"] == pytest.approx(1 / 3)
    assert result["resolution_within_25_km"] == 1.0
    assert result["resolution_mean_error_km"] < 1.0
    # a partial overlap counts; a miss does not; a far-off resolution is reported as such
    partial = [(BODY.index("Chaman") + 2, BODY.index("Chaman") + 12, "aman on Sun", 34.5, 69.2)]
    result = evaluate(gold, {}, {"900": partial})["places"]
    assert result["recall"] == 1.0 and result["resolution_within_25_km"] == 0.0
    assert result["resolution_mean_error_km"] > 400
    result = evaluate(gold, {}, {"900": []})["places"]
    assert result["recall"] == 0.0 and result["precision"] is None
    assert evaluate(gold, {})["places"] is None


def test_incident_place_recognition_scores_only_the_strings_that_locate_incidents(tmp_path):
    gold = load_one(tmp_path)  # gold places: ["Chaman"] at (30.92, 66.45)
    right = incident("artillery_shelling", "2022-12-11", 30.92, 66.45, mentions=("chaman",))
    dateline = incident("armed_clash", "2022-12-11", 34.0, 71.5, mentions=("PESHAWAR",))
    result = evaluate(gold, {"900": [right, dateline]})["incident_places"]
    assert result["recall"] == 1.0 and result["precision"] == pytest.approx(0.5)
    assert result["resolution_within_25_km"] == 1.0
    # containment either way matches ("Chaman" / "Chaman district"); a far point is an error
    far = incident("artillery_shelling", "2022-12-11", 34.5, 69.2, mentions=("Chaman district",))
    result = evaluate(gold, {"900": [far]})["incident_places"]
    assert result["f1"] == 1.0 and result["resolution_within_25_km"] == 0.0
    assert result["resolution_mean_error_km"] > 400
    # nothing located: recall 0, precision undefined
    result = evaluate(gold, {"900": [incident("artillery_shelling", "2022-12-11")]})["incident_places"]
    assert result["recall"] == 0.0 and result["precision"] is None


def test_place_recognition_accepts_mention_objects():
    m = types.SimpleNamespace(
        start=3,
        end=9,
        text="Chaman",
        place=Place(id="c", name="Chaman", kind="populated_place", country="PK", lat=30.9, lon=66.4),
    )
    assert mention_tuple(m) == (3, 9, "Chaman", 30.9, 66.4)
    assert mention_tuple((3, 9, "Chaman", None, None)) == (3, 9, "Chaman", None, None)
    assert mention_tuple(("x",)) is None


# ---------------------------------------------------------------------------------------------
# command line


def test_run_with_stub_pipeline(tmp_path, monkeypatch, capsys):
    folder = DATA / "extra_gold"
    gold = load_gold(folder / "gold.yaml", folder / "articles")
    truth = {
        aid: [dataclasses.replace(inc, sources=(Source(aid, "t", "o", None, None, "q"),)) for inc in incs]
        for aid, incs in perfect_system(gold).items()
    }

    class Gazetteer:
        def find_mentions(self, text):
            return [(0, 3, text[:3], None, None)]

    stub = types.ModuleType("geodata.gazetteer")
    stub.load_gazetteer = lambda: Gazetteer()
    monkeypatch.setitem(sys.modules, "geodata.gazetteer", stub)
    import geodata.pipeline

    monkeypatch.setattr(
        geodata.pipeline, "extract_article_incidents", lambda article, gaz=None: truth[article.id]
    )
    out = tmp_path / "result.json"
    parser = ev.add_arguments(argparse.ArgumentParser())
    args = parser.parse_args(
        ["--gold", str(folder / "gold.yaml"), "--articles", str(folder / "articles"), "--json", str(out)]
    )
    assert ev.run(args) == 0
    printed = capsys.readouterr().out
    assert "core (headline)" in printed and "100.0%" in printed
    result = json.loads(out.read_text())
    assert result["slices"]["core"]["f1"] == 1.0
    assert result["places"]["system_spans"] == len(gold.articles)
    # the merged view scores every merged incident in each of its source articles
    assert "after cross-source merge" in printed
    assert result["after_merge"]["recall"] > 0.8 and result["after_merge"]["incidents"] <= len(gold.incidents)


def test_run_reports_bad_gold(tmp_path, capsys):
    gold, adir = write_set(tmp_path, [article_entry(incidents=[base_incident(type="bombing")])])
    assert ev.main(["--gold", str(gold), "--articles", str(adir)]) == 2
    assert "type 'bombing'" in capsys.readouterr().err


def test_package_does_not_import_streamlit_or_pipeline_at_import_time():
    modules = sorted(Path(ev.__file__).parent.glob("*.py"))
    assert len(modules) > 5
    for module in modules:
        source = module.read_text()
        assert "streamlit" not in source, module.name
        top_level = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
        for line in top_level:
            assert not any(name in line for name in ("pipeline", "gazetteer", "extract", "articles")), line


def test_date_exact_over_days_the_text_gives_leaves_out_annotator_supplied_days(tmp_path):
    incs = [
        base_incident(id="900-1"),  # 'on Sunday': the text pins the day
        base_incident(
            id="900-2",
            type="airstrike",
            date="2022-12-08",
            date_precision="week",
            date_basis="'earlier this week' - the text gives only the week; annotator-supplied fact: Thursday 8 Dec",
        ),
    ]
    gold = load_one(tmp_path, incidents=incs)
    system = [
        incident("artillery_shelling", "2022-12-11", 30.91769, 66.45259),
        incident("airstrike", "2022-12-10", 30.91769, 66.45259),
    ]
    d = evaluate(gold, {"900": system})["diagnostics"]
    assert d["date_exact"] == 0.5  # the week-precise day is a miss of the exact metric
    assert d["date_exact_text_pinned"] == 1.0 and d["date_text_pinned_pairs"] == 1


def test_the_evaluator_reads_a_set_written_ahead_of_the_machine_clock(tmp_path, capsys):
    # the gold's reference day is a valid publication day even if it is still in the future
    future = "2099-03-16"  # a Monday
    inc = base_incident(date="2099-03-15", date_basis="'on Sunday' in an article of Monday 16 Mar 2099")
    gold, adir = write_set(tmp_path, [article_entry(incidents=[inc], published=future)], published=future)
    out = tmp_path / "result.json"
    args = ev.add_arguments(argparse.ArgumentParser()).parse_args(
        ["--gold", str(gold), "--articles", str(adir), "--json", str(out)]
    )
    assert ev.run(args) == 0
    result = json.loads(out.read_text())
    assert result["slices"]["core"]["recall"] == 1.0
    assert result["diagnostics"]["date_exact"] == 1.0


def test_an_article_dated_only_in_its_text_ahead_of_the_clock_is_read_in_its_set(tmp_path):
    # no reference day of its own: the set's latest reference day is the evaluator's "today"
    inc = base_incident(
        date="2099-03-15", date_basis="'on Sunday' in an article printed 'Published March 16, 2099'"
    )
    other = base_incident(
        id="901-1",
        article="901",
        date="2099-03-19",
        date_basis="'on Thursday' in an article of Friday 20 Mar 2099",
    )
    entries = [
        article_entry(incidents=[inc], published=None),
        article_entry(aid="901", incidents=[other], published="2099-03-20"),
    ]
    bodies = {"900": "Published March 16, 2099\n\n" + BODY, "901": BODY.replace("on Sunday", "on Thursday")}
    gold, adir = write_set(tmp_path, entries, bodies=bodies, published=None)
    text = (adir / "901.md").read_text()
    (adir / "901.md").write_text(
        text.replace("outlet: Test Outlet\n", "outlet: Test Outlet\npublished: '2099-03-20'\n"),
        encoding="utf-8",
    )
    out = tmp_path / "result.json"
    args = ev.add_arguments(argparse.ArgumentParser()).parse_args(
        ["--gold", str(gold), "--articles", str(adir), "--json", str(out)]
    )
    assert ev.run(args) == 0
    result = json.loads(out.read_text())
    assert result["slices"]["core"]["recall"] == 1.0 and result["diagnostics"]["date_exact"] == 1.0


def test_date_exact_over_days_the_text_gives_leaves_out_week_and_month_guesses(tmp_path):
    """A week- or month-precise gold day is a guess even when the basis names no outside fact."""
    incs = [
        base_incident(id="900-1"),
        base_incident(
            id="900-2",
            type="airstrike",
            date="2022-12-08",
            date_precision="month",
            date_basis="'earlier this month' in an article of 12 Dec 2022; the 8th is the latest it can be",
        ),
    ]
    gold = load_one(tmp_path, incidents=incs)
    system = [
        incident("artillery_shelling", "2022-12-11", 30.91769, 66.45259),
        incident("airstrike", "2022-12-01", 30.91769, 66.45259),
    ]
    d = evaluate(gold, {"900": system})["diagnostics"]
    assert d["date_exact_text_pinned"] == 1.0 and d["date_text_pinned_pairs"] == 1
