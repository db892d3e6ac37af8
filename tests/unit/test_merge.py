"""Merging one event reported by several articles (geodata.merge)."""

import random
from datetime import date

from geodata.merge import merge_incidents
from geodata.model import Claim, Incident, Place, Source

KP = Place("kp", "Khyber Pakhtunkhwa", "province", "PK", None, None, 34.01, 71.58, 4)
TORKHAM = Place("torkham", "Torkham", "crossing", "PK", "Khyber Pakhtunkhwa", "Khyber", 34.11, 71.08, 1)
CHAMAN = Place("chaman", "Chaman", "populated_place", "PK", "Balochistan", "Chaman", 30.92, 66.44, 2)
DURAND = Place("durand", "Durand Line", "boundary", None, precision=5)


def inc(article, etype="armed_clash", day=date(2025, 6, 14), place=TORKHAM, outlet=None, precision="day",
        end=None, claims=(), quote=None):  # fmt: skip
    quote = quote or f"Quote of {article} about {etype}."
    return Incident(
        event_type=etype,
        date=day,
        date_end=end,
        date_precision=precision,
        place=place,
        place_mentions=(place.name,) if place and place.kind != "boundary" else (),
        location_precision=place.precision if place else 7,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        country=place.country if place else None,
        admin1=place.admin1 if place else None,
        actors=(),
        claims=tuple(claims),
        sources=(
            Source(article, f"Title {article}", outlet or f"Outlet {article}", None, "2025-06-15", quote),
        ),
    )


def test_same_event_two_outlets_is_corroborated():
    merged = merge_incidents([inc("a"), inc("b", day=date(2025, 6, 15))])
    assert len(merged) == 1
    assert merged[0].verification == "corroborated"
    assert {s.article for s in merged[0].sources} == {"a", "b"}


def test_unknown_outlets_count_per_article():
    merged = merge_incidents([inc("a", outlet="unknown"), inc("b", outlet="unknown")])
    assert merged[0].verification == "corroborated"
    merged = merge_incidents([inc("a", outlet="Same"), inc("b", outlet="Same")])
    assert len(merged) == 1 and merged[0].verification == "single_source"


def test_never_merge_different_types_places_or_far_dates():
    assert len(merge_incidents([inc("a"), inc("b", etype="artillery_shelling")])) == 2
    assert len(merge_incidents([inc("a"), inc("b", place=CHAMAN)])) == 2
    assert len(merge_incidents([inc("a"), inc("b", day=date(2025, 6, 10))])) == 2
    assert len(merge_incidents([inc("a", place=None), inc("b")])) == 2


def test_undated_reports_of_two_articles_stay_apart():
    # nothing ties two undated reports of a Torkham clash to one event: not one "corroborated" record
    undated = [inc("a", day=None, precision="unknown"), inc("b", day=None, precision="unknown")]
    merged = merge_incidents(undated)
    assert len(merged) == 2
    assert {m.verification for m in merged} == {"single_source"}
    assert len(merge_incidents([inc("a", day=None, precision="unknown"), inc("b")])) == 2


def test_date_tolerance_follows_precision_and_night_spans():
    assert len(merge_incidents([inc("a", precision="week", day=date(2025, 6, 9)), inc("b")])) == 1
    night = inc("a", day=date(2025, 6, 13), end=date(2025, 6, 14))
    assert len(merge_incidents([night, inc("b", day=date(2025, 6, 15))])) == 1


def test_nested_places_merge_keeping_the_most_specific():
    merged = merge_incidents([inc("a", place=KP), inc("b", place=TORKHAM)])
    assert len(merged) == 1 and merged[0].place == TORKHAM
    assert set(merged[0].place_mentions) == {"Khyber Pakhtunkhwa", "Torkham"}


def test_unlocated_and_border_wide_merge_together_only():
    merged = merge_incidents([inc("a", place=None), inc("b", place=DURAND)])
    assert len(merged) == 1


def test_same_article_never_merged():
    assert len(merge_incidents([inc("a", quote="One."), inc("a", quote="Two.")])) == 2


def test_contested_and_claims_deduplicated():
    af = Claim("Afghan Taliban", "s1", 40, "killed", "Pakistani soldiers", None, "a", "AF")
    pk = Claim("ISPR", "s2", 3, "killed", "soldiers", None, "b", "PK")
    merged = merge_incidents([inc("a", claims=[af]), inc("b", claims=[pk, af])])
    assert merged[0].verification == "contested"
    assert len(merged[0].claims) == 2


def test_most_precise_date_wins():
    merged = merge_incidents(
        [inc("a", precision="week", day=date(2025, 6, 12)), inc("b", day=date(2025, 6, 14))]
    )
    assert (merged[0].date, merged[0].date_precision) == (date(2025, 6, 14), "day")


def test_deterministic_regardless_of_input_order():
    items = [
        inc("a"), inc("b", day=date(2025, 6, 15)), inc("c", place=KP), inc("d", place=CHAMAN),
        inc("e", etype="crossing_closed"), inc("f", place=None), inc("g", place=DURAND), inc("h", day=date(2025, 6, 1)),
    ]  # fmt: skip
    expected = merge_incidents(items)
    rng = random.Random(7)
    for _ in range(20):
        shuffled = list(items)
        rng.shuffle(shuffled)
        assert merge_incidents(shuffled) == expected
    assert merge_incidents([]) == []


def test_the_merge_searches_fewer_clusters_but_finds_the_same_ones():
    from datetime import timedelta

    # _all_clusters: the plain complete-linkage, every cluster tried in order
    from geodata.merge import _all_clusters, _clusters, _sort_key

    rng = random.Random(11)
    precisions = ["day", "day", "day", "week", "month", "year", "unknown"]
    for case in range(60):
        backwards = [-3, -40] if case % 2 else []  # half the cases: every span forwards
        items = []
        for n in range(rng.randint(20, 120)):
            precision = rng.choice(precisions)
            day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 150))
            # spans written backwards too: nothing upstream forbids date_end < date
            end = (
                day + timedelta(days=rng.choice([0, 0, 1, 6, 30, *backwards]))
                if precision != "year"
                else None
            )
            if precision == "year":
                day, end = (
                    date(2025, 1, 1),
                    date(2024, 11, 1) if backwards and rng.random() < 0.3 else date(2025, 12, 31),
                )
            items.append(
                inc(
                    f"a{rng.randint(0, 25)}",
                    etype=rng.choice(["armed_clash", "airstrike"]),
                    day=None if rng.random() < 0.1 else day,
                    place=rng.choice([TORKHAM, CHAMAN, KP, DURAND, None]),
                    precision=precision,
                    end=end if end != day else None,
                    quote=f"q{n}",
                )
            )
        ordered = sorted(items, key=_sort_key)
        assert _clusters(ordered) == _all_clusters(ordered)
