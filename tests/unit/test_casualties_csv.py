"""Casualty numbers per claimant (geodata.casualties) and the ACLED-style CSV
(geodata.csv_export), on invented claims with known answers."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from geodata import casualties, csv_export
from geodata.export import feature_collection
from geodata.model import Claim, Incident, Place, Source

KABUL = Claim(
    "Zabihullah Mujahid", "58 Pakistani soldiers were killed", 58, "killed", "soldiers", None, "a1", "AF"
)
ISPR = Claim("ISPR", "23 soldiers embraced martyrdom", 23, "killed", "soldiers", None, "a2", "PK")
ISPR_AGAIN = Claim("ISPR", "the 23 soldiers", 23, "killed", "soldiers", None, "a2", "PK")
ISPR_WOUNDED = Claim("ISPR", "29 were injured", 29, "wounded", "soldiers", None, "a2", "PK")
POSTS = Claim("Zabihullah Mujahid", "25 posts captured", 25, "posts_captured", "posts", None, "a1", "AF")
WORDS = Claim("Article", "Heavy fighting was reported.", None, None, None, None, "a1", None)

PLACE = Place(
    "x:angoor", "Angoor Adda", "crossing", "PK", "Khyber Pakhtunkhwa", "South Waziristan", 32.5, 69.3
)


def claims_dicts(*claims):
    from dataclasses import asdict

    return [asdict(c) for c in claims]


def test_per_claimant_range_never_averaged():
    figures = casualties.summary(claims_dicts(KABUL, ISPR, ISPR_AGAIN, ISPR_WOUNDED, POSTS, WORDS))
    killed = figures["killed"]
    assert [(f["claimant"], f["side"], f["quantity"]) for f in killed["by_claimant"]] == [
        ("Zabihullah Mujahid", "AF", 58),
        ("ISPR", "PK", 23),
    ]
    assert (killed["low"], killed["high"], killed["best"]) == (23, 58, None)  # not 40.5
    wounded = figures["wounded"]
    assert (wounded["low"], wounded["high"], wounded["best"]) == (29, 29, 29)
    # the figure first: a narrow table column still shows it
    assert casualties.text(figures, "killed") == "23–58: Zabihullah Mujahid (AF) 58 · ISPR (PK) 23"


def test_no_numbers_no_figures():
    figures = casualties.summary(claims_dicts(WORDS, POSTS))
    assert figures["killed"] == {"by_claimant": [], "low": None, "high": None, "best": None}
    assert casualties.text(figures, "killed") == ""


def incident(claims, sources):
    return Incident(
        event_type="armed_clash",
        date=date(2025, 10, 12),
        date_end=None,
        date_precision="day",
        place=PLACE,
        place_mentions=("Angoor Adda",),
        location_precision=1,
        lat=32.5,
        lon=69.3,
        country="PK",
        admin1="Khyber Pakhtunkhwa",
        actors=("Afghan Taliban forces", "target: TTP"),
        claims=tuple(claims),
        sources=tuple(sources),
    )


SOURCES = (
    Source(
        "a1",
        "Kabul says 58 killed",
        "Tolo",
        "https://example.org/a1",
        "2025-10-12",
        "Kabul said “58” soldiers died.",
    ),
    Source(
        "a2", "ISPR: 23 martyred", "Dawn", "https://example.org/a2", "2025-10-12", "=23 soldiers, ISPR said."
    ),
)


def test_geojson_gets_new_members_and_keeps_old():
    props = feature_collection([incident([KABUL, ISPR], SOURCES)])["features"][0]["properties"]
    assert (props["killed_low"], props["killed_high"], props["killed_best"]) == (23, 58, None)
    assert props["wounded_low"] is None
    assert [c["claimant"] for c in props["casualties"]["killed"]] == ["Zabihullah Mujahid", "ISPR"]
    assert len(props["claims"]) == 2 and props["actors"] == ["Afghan Taliban forces", "target: TTP"]


def test_csv_one_row_per_incident_bom_urls_acled_columns():
    features = feature_collection(
        [incident([KABUL, ISPR, ISPR_WOUNDED], SOURCES), incident([], SOURCES[1:])]
    )["features"]
    buffer = io.StringIO()
    assert csv_export.write_csv(features, buffer) == 2
    data = buffer.getvalue().encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 2
    for column in (
        "event_date", "event_type", "sub_event_type", "actor1", "actor2", "admin1", "admin2", "location",
        "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
    ):  # fmt: skip
        assert column in rows[0], column
    first = rows[0]
    assert first["source_urls"] == "https://example.org/a1 https://example.org/a2"
    assert first["source"] == "Tolo; Dawn"
    assert (first["actor1"], first["actor2"]) == ("Afghan Taliban forces", "TTP")  # not "target: TTP"
    assert (first["event_type"], first["sub_event_type"]) == ("Battles", "Armed clash")
    assert (first["fatalities"], first["killed_low"], first["killed_high"]) == ("23", "23", "58")
    assert first["killed_by_claimant"] == "Zabihullah Mujahid (AF): 58; ISPR (PK): 23"
    assert first["wounded_best"] == "29"
    assert "“58”" in first["notes"]  # curly quotes survive
    assert rows[1]["notes"].startswith("'=23 soldiers")  # formula injection neutralised
    assert rows[1]["fatalities"] == ""  # unknown, not zero


def test_one_figure_keeps_its_hedge():
    one = {
        "killed": {
            "by_claimant": [{"claimant": "Eyewitnesses", "side": "", "hedge": "at least", "quantity": 5}],
            "low": 5,
            "high": 5,
        }
    }
    assert casualties.text(one, "killed") == "at least 5: Eyewitnesses"


def test_the_csv_names_an_unlisted_village_s_district_without_loading_the_pipeline():
    # a CSV download in the app must not compile the extraction rules (~0.7 s) to read a place id
    import subprocess
    import sys

    code = (
        "import sys; from geodata.csv_export import admin2_of; "
        "print(admin2_of('unlisted:sup:district:pk:kurram:zarkai-kandao')); "
        "print('geodata.extraction' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["Kurram", "False"]


def own_voice(quantity, article, claimant="Article"):
    return Claim(
        claimant, f"{quantity} soldiers were killed", quantity, "killed", "soldiers", None, article, None
    )


def test_two_outlets_own_figures_are_two_claims_not_the_largest():
    outlets = {"a1": "Tolo", "a2": "Dawn"}
    killed = casualties.summary(claims_dicts(own_voice(3, "a1"), own_voice(8, "a2")), outlets)["killed"]
    assert (killed["low"], killed["high"], killed["best"]) == (3, 8, None)
    assert [(f["claimant"], f["quantity"]) for f in killed["by_claimant"]] == [
        ("Article (Dawn)", 8),
        ("Article (Tolo)", 3),
    ]
    # the same generic claimant in two articles is two claimants too
    officials = casualties.summary(
        claims_dicts(own_voice(3, "a1", "Officials"), own_voice(8, "a2", "Officials"))
    )
    assert [f["claimant"] for f in officials["killed"]["by_claimant"]] == [
        "Officials (unknown outlet, a1)",
        "Officials (unknown outlet, a2)",
    ]
    # one article repeating its own figure is still one claimant with its largest
    one = casualties.summary(claims_dicts(own_voice(3, "a1"), own_voice(5, "a1")), outlets)["killed"]
    assert [(f["claimant"], f["quantity"]) for f in one["by_claimant"]] == [("Article", 5)]


def test_a_sided_claimant_quoted_by_two_outlets_stays_one_claimant():
    ispr_in_tolo = Claim("ISPR", "23 soldiers embraced martyrdom", 23, "killed", "soldiers", None, "a1", "PK")
    killed = casualties.summary(claims_dicts(ispr_in_tolo, ISPR), {"a1": "Tolo", "a2": "Dawn"})["killed"]
    assert [(f["claimant"], f["quantity"]) for f in killed["by_claimant"]] == [("ISPR", 23)]
    assert killed["best"] == 23


def test_own_voice_labels_fall_back_to_article_ids_when_outlets_do_not_tell_apart():
    same_outlet = casualties.summary(
        claims_dicts(own_voice(3, "a1"), own_voice(8, "a2")), {"a1": "Dawn", "a2": "Dawn"}
    )
    assert [f["claimant"] for f in same_outlet["killed"]["by_claimant"]] == [
        "Article (Dawn, a1)",
        "Article (Dawn, a2)",
    ]
    unknown = casualties.summary(
        claims_dicts(own_voice(3, "a1"), own_voice(8, "a2")), {"a1": "unknown", "a2": "Dawn"}
    )
    assert [f["claimant"] for f in unknown["killed"]["by_claimant"]] == [
        "Article (Dawn)",
        "Article (unknown outlet, a1)",
    ]


def test_geojson_and_csv_keep_two_outlets_figures_apart():
    features = feature_collection([incident([own_voice(3, "a1"), own_voice(8, "a2")], SOURCES)])["features"]
    props = features[0]["properties"]
    assert (props["killed_low"], props["killed_high"], props["killed_best"]) == (3, 8, None)
    buffer = io.StringIO()
    csv_export.write_csv(features, buffer)
    row = next(csv.DictReader(io.StringIO(buffer.getvalue().lstrip("\ufeff"))))
    assert row["fatalities"] == "3"
    assert row["killed_by_claimant"] == "Article (Dawn): 8; Article (Tolo): 3"


def test_a_reviewer_s_claim_and_both_units_get_the_same_distinct_names():
    reviewer = dict(claims_dicts(own_voice(8, ""))[0])
    wounded = Claim("Article", "5 were wounded", 5, "wounded", "soldiers", None, "a1", None)
    figures = casualties.summary([*claims_dicts(own_voice(3, "a1"), wounded), reviewer], {"a1": "Tolo"})
    assert [f["claimant"] for f in figures["killed"]["by_claimant"]] == [
        "Article (added by a reviewer)",
        "Article (Tolo)",
    ]
    # the wounded figure of the same voice carries the same name, though only one article gives one
    assert [f["claimant"] for f in figures["wounded"]["by_claimant"]] == ["Article (Tolo)"]
    assert casualties.text(figures, "killed") == "3–8: Article (added by a reviewer) 8 · Article (Tolo) 3"


def test_rows_of_one_multi_place_event_share_an_event_group(gazetteer):
    # one toll told for the whole event lands on each of its rows: the group tells a reader
    # summing fatalities which rows are one event
    from geodata.extraction import extract_incidents
    from geodata.model import Article

    body = (
        "Pakistani and Afghan forces clashed at Torkham and Chaman on Monday, and 23 soldiers were "
        "killed, the ISPR said.\n\nSeparately, a drone strike hit a house in Barmal on Tuesday."
    )
    article = Article("g1", "g1.md", "Clashes", "Test Outlet", None, date(2026, 3, 10), body)
    features = feature_collection(extract_incidents(article, gazetteer))["features"]
    buffer = io.StringIO()
    csv_export.write_csv(features, buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue().lstrip("\ufeff"))))
    clashes = [r for r in rows if r["durand_event_type"] == "armed_clash"]
    assert len(clashes) == 2 and clashes[0]["event_group"] and len({r["event_group"] for r in clashes}) == 1
    assert all(r["fatalities"] == "23" for r in clashes)
    others = [r for r in rows if r["durand_event_type"] != "armed_clash"]
    assert others and all(r["event_group"] != clashes[0]["event_group"] for r in others)


def test_a_range_gives_its_lower_end_to_low_and_its_upper_end_to_high():
    # "between seven and nine killed": never read as 9 (nor 7) alone, never averaged
    from geodata.claims import find_figures

    (figure,) = find_figures("A source said between seven and nine soldiers were killed.")
    assert (figure.quantity, figure.hedge) == (9.0, "between 7 and")
    (figure,) = find_figures("Six or seven militants died.")
    assert (figure.quantity, figure.hedge, figure.subject) == (7.0, "6 or", "militants")
    claims = [
        {
            "claimant": "Sources",
            "side": None,
            "quantity": 9.0,
            "unit": "killed",
            "hedge": "between 7 and",
            "article": "a",
        }
    ]
    killed = casualties.summary(claims)["killed"]
    assert (killed["low"], killed["high"], killed["best"]) == (7, 9, None)
    assert casualties.text({"killed": killed}, "killed") == "7–9: Sources 7–9"
    claims.append(
        {"claimant": "ISPR", "side": "PK", "quantity": 23.0, "unit": "killed", "hedge": None, "article": "a"}
    )
    killed = casualties.summary(claims)["killed"]
    assert (killed["low"], killed["high"]) == (7, 23)


def test_a_range_whose_multiplier_is_the_upper_count_s_is_no_range():
    # "two or three dozen": 2 is no lower end of 36; the count stands alone, never "2-36"
    from geodata.claims import find_figures

    (figure,) = find_figures("Two or three dozen militants were killed.")
    assert (figure.quantity, figure.hedge) == (36.0, None)
    item = {"claimant": "X", "quantity": 7, "hedge": "between 9 and"}  # a range written backwards
    assert casualties.range_low(item) == 7


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # the range's start moves up by the later conjuncts: 8-10, not 7-10 and not a bare 10
        (
            "Between seven and nine children and a woman were killed by the shell.",
            [(10.0, "woman", "Between 8 and")],
        ),
        # "Six or seven soldiers": one conjunct of 7 whose range starts at 6, not 6 "or seven soldiers"
        (
            "Six or seven soldiers and two civilians were wounded in the attack.",
            [(7.0, "soldiers", "6 or"), (2.0, "civilians", None)],
        ),
        # a hedge before a run of another kind is that run's
        (
            "At least three soldiers and two civilians were killed.",
            [(3.0, "soldiers", "At least"), (2.0, "civilians", None)],
        ),
    ],
)
def test_a_hedge_before_a_run_of_conjuncts_counts_for_their_sum(sentence, expected):
    from geodata.claims import find_figures

    got = [
        (f.quantity, f.subject.split()[-1] if f.subject else None, f.hedge) for f in find_figures(sentence)
    ]
    assert got == expected
    low = casualties.range_low({"quantity": expected[0][0], "hedge": expected[0][2]})
    assert low == {"Between 8 and": 8, "6 or": 6}.get(str(expected[0][2]), expected[0][0])
