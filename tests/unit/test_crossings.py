"""geodata.crossings on an invented data set with known answers: closures and reopenings at
several crossings over years, folded aliases and twin towns, a province, a reopening without a
place, stale reports."""

from __future__ import annotations

from datetime import date

import pytest

from geodata import crossings as C

PLACES = [
    {
        "id": "x:torkham",
        "name": "Torkham",
        "kind": "crossing",
        "lat": 34.11,
        "lon": 71.08,
        "aliases": ["Torkham border"],
    },
    {
        "id": "x:chaman",
        "name": "Chaman–Spin Boldak crossing",
        "kind": "crossing",
        "lat": 30.92,
        "lon": 66.44,
        "aliases": ["Chaman", "Spin Boldak", "Friendship Gate"],
    },
    {"id": "x:ghulam", "name": "Ghulam Khan", "kind": "crossing", "lat": 33.14, "lon": 70.02, "aliases": []},
    {"id": "p:khost", "name": "Khost", "kind": "province", "lat": 33.3, "lon": 69.9, "aliases": []},
]
REGISTRY = C.registry_from_places(PLACES)


def incident(
    fid,
    kind,
    day,
    place,
    *,
    place_id=None,
    place_kind=None,
    quote="",
    article=None,
    mentions=(),
    background=False,
):
    return {
        "type": "Feature",
        "id": fid,
        "geometry": None,
        "properties": {
            "id": fid,
            "event_type": "crossing_closed" if kind == "closed" else "crossing_reopened",
            "date": day,
            "place": place,
            "place_id": place_id,
            "place_kind": place_kind,
            "place_mentions": list(mentions),
            "mention": "background" if background else "primary",
            "sources": [{"article": article or f"art-{fid}", "outlet": "The Invented Times", "quote": quote}],
        },
    }


DATA = [
    # Torkham: closed 2021, reopened 2021; closed 2023 (reported three times), reopened by an
    # article that names no crossing; closed 2025, still closed at the end.
    incident(
        "t1",
        "closed",
        "2021-03-01",
        "Torkham",
        place_id="x:torkham",
        place_kind="crossing",
        quote="Torkham was shut on Monday.",
    ),
    incident(
        "t2",
        "open",
        "2021-03-05",
        "Torkham",
        place_id="x:torkham",
        place_kind="crossing",
        quote="Torkham reopened.",
    ),
    incident(
        "t3",
        "closed",
        "2023-06-10",
        "Torkham",
        place_id="x:torkham",
        place_kind="crossing",
        quote="Torkham closed again.",
        article="a-2023",
    ),
    incident(
        "t4",
        "closed",
        "2023-06-12",
        "Peshawar",
        place_id="gn:1",
        place_kind="populated_place",
        quote="Trucks piled up as the Torkham border stayed shut.",
    ),
    incident(
        "t5", "open", "2023-06-20", None, quote="The crossing reopened after ten days.", article="a-2023"
    ),
    incident(
        "t6",
        "closed",
        "2025-10-12",
        "Torkham",
        place_id="x:torkham",
        place_kind="crossing",
        quote="Torkham remained shut for a third day.",
    ),
    # Chaman under three names: the crossing, its twin town, the other twin town
    incident(
        "c1",
        "closed",
        "2022-01-10",
        "Chaman",
        place_id="gn:2",
        place_kind="populated_place",
        quote="The border at Chaman was closed.",
    ),
    incident(
        "c2",
        "closed",
        "2022-01-11",
        "Chaman–Spin Boldak crossing",
        place_id="x:chaman",
        place_kind="crossing",
        quote="The Friendship Gate stayed closed.",
    ),
    incident(
        "c3",
        "open",
        "2022-02-01",
        "Spin Boldak",
        place_id="gn:3",
        place_kind="populated_place",
        quote="Spin Boldak traders crossed again.",
    ),
    # Ghulam Khan: a reopening placed at the province, naming the crossing in its evidence
    incident(
        "g1",
        "closed",
        "2024-04-01",
        "Ghulam Khan",
        place_id="x:ghulam",
        place_kind="crossing",
        quote="Ghulam Khan was closed.",
    ),
    incident(
        "g2",
        "open",
        "2024-04-09",
        "Khost",
        place_id="p:khost",
        place_kind="province",
        quote="Ghulam Khan in Khost province reopened for trade.",
    ),
    # Khost on its own, naming no crossing: no crossing at all
    incident(
        "k1",
        "closed",
        "2024-05-01",
        "Khost",
        place_id="p:khost",
        place_kind="province",
        quote="Roads in Khost were closed.",
    ),
    # a background recall of a Torkham closure, before the period it recalls matters
    incident(
        "t0",
        "closed",
        "2020-12-01",
        "Torkham",
        place_id="x:torkham",
        place_kind="crossing",
        quote="Torkham had been shut in 2020.",
        background=True,
    ),
]


@pytest.fixture(scope="module")
def reports():
    return C.collect_reports(DATA, REGISTRY)


def by_name(statuses):
    return {s.crossing.name: s for s in statuses}


def test_one_entry_per_crossing_aliases_and_twin_towns_fold(reports):
    found, unattributed = reports
    assert set(found) == {"x:torkham", "x:chaman", "x:ghulam"}
    assert [r.incident for r in found["x:chaman"]] == ["c1", "c2", "c3"]
    assert [r.basis for r in found["x:chaman"]] == ["name", "place", "name"]
    # a province is never a crossing; the one naming Ghulam Khan reports Ghulam Khan
    assert "p:khost" not in found
    assert [r.incident for r in found["x:ghulam"]] == ["g1", "g2"]
    assert unattributed == ["k1"]


def test_reopening_without_place_reopens_the_crossing_closed_in_the_same_article(reports):
    torkham = reports[0]["x:torkham"]
    assert [(r.incident, r.basis) for r in torkham] == [
        ("t0", "place"), ("t1", "place"), ("t2", "place"), ("t3", "place"), ("t4", "evidence"),
        ("t5", "article"), ("t6", "place"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2021, 3, 3), {"Torkham": ("closed", "2021-03-01", "2020-12-01")}),
        (date(2021, 3, 5), {"Torkham": ("open", "2021-03-05", "2021-03-05")}),
        (
            date(2022, 1, 20),
            {
                "Torkham": ("unknown", "2021-03-05", "2021-03-05"),
                "Chaman–Spin Boldak crossing": ("closed", "2022-01-11", "2022-01-10"),
            },
        ),
        (
            date(2023, 6, 15),
            {
                "Torkham": ("closed", "2023-06-12", "2023-06-10"),
                "Chaman–Spin Boldak crossing": ("unknown", "2022-02-01", "2022-02-01"),
            },
        ),
        (date(2023, 6, 20), {"Torkham": ("open", "2023-06-20", "2023-06-20")}),
        (date(2024, 4, 5), {"Ghulam Khan": ("closed", "2024-04-01", "2024-04-01")}),
        (date(2024, 4, 30), {"Ghulam Khan": ("open", "2024-04-09", "2024-04-09")}),
        (
            date(2025, 12, 31),
            {
                "Torkham": ("closed", "2025-10-12", "2025-10-12"),
                "Ghulam Khan": ("unknown", "2024-04-09", "2024-04-09"),
            },
        ),
    ],
)
def test_status_at_any_period_end(reports, as_of, expected):
    statuses = by_name(C.status_at(reports[0], REGISTRY, as_of))
    for name, (status, last, since) in expected.items():
        got = statuses[name]
        assert (got.status, got.last.day.isoformat(), got.since.isoformat()) == (status, last, since), name
    # never two entries for one crossing
    assert len(statuses) == len({s.crossing.id for s in statuses.values()})


def test_nothing_before_the_first_report(reports):
    assert C.status_at(reports[0], REGISTRY, date(2020, 1, 1)) == []


def test_background_reports_can_be_left_out(reports):
    at = date(2021, 3, 3)
    with_bg = by_name(C.status_at(reports[0], REGISTRY, at))["Torkham"]
    without = by_name(C.status_at(reports[0], REGISTRY, at, include_background=False))["Torkham"]
    assert (with_bg.since, without.since) == (date(2020, 12, 1), date(2021, 3, 1))
    assert (with_bg.reports, without.reports) == (2, 1)


def test_status_text_gives_date_and_evidence(reports):
    statuses = by_name(C.status_at(reports[0], REGISTRY, date(2025, 10, 20)))
    assert (
        statuses["Torkham"].text()
        == "closed — last report 2025-10-12, “Torkham remained shut for a third day.”"
    )
    assert (
        statuses["Ghulam Khan"]
        .text()
        .startswith(
            "unknown since 2024-07-09 (no report for 90 days; last report 2024-04-09: open, “Ghulam Khan in Khost"
        )
    )


def test_horizon_is_configurable(reports):
    at = date(2022, 1, 20)
    assert by_name(C.status_at(reports[0], REGISTRY, at, horizon_days=400))["Torkham"].status == "open"
    assert (
        by_name(C.status_at(reports[0], REGISTRY, at, horizon_days=5))["Chaman–Spin Boldak crossing"].status
        == "unknown"
    )
    # the status keeps the horizon it was judged with: its popup timeline uses the same one
    assert {s.horizon_days for s in C.status_at(reports[0], REGISTRY, at, horizon_days=5)} == {5}


def test_bands_over_time(reports):
    torkham = reports[0]["x:torkham"]
    got = [
        (b.start.isoformat(), b.end.isoformat(), b.status)
        for b in C.bands(torkham, date(2023, 7, 1), horizon_days=90)
    ]
    assert got == [
        ("2020-12-01", "2021-03-04", "closed"),
        ("2021-03-05", "2021-06-03", "open"),
        ("2021-06-04", "2023-06-09", "unknown"),
        ("2023-06-10", "2023-06-19", "closed"),
        ("2023-06-20", "2023-07-01", "open"),
    ]


def test_undated_and_other_types_are_ignored():
    data = [incident("u1", "closed", None, "Torkham", place_id="x:torkham", place_kind="crossing")]
    data.append(
        {**incident("o1", "closed", "2024-01-01", "Torkham", place_id="x:torkham", place_kind="crossing")}
    )
    data[-1]["properties"]["event_type"] = "armed_clash"
    assert C.collect_reports(data, REGISTRY) == ({}, [])


def test_bundled_registry_folds_chaman_and_has_no_province():
    registry = C.load_registry()
    ids = {c.name: c.id for c in registry.values()}
    assert "Torkham" in ids and "Chaman–Spin Boldak crossing" in ids
    namer = C._Namer(registry)
    assert namer.exact("Chaman") == namer.exact("Spin Boldak") == ids["Chaman–Spin Boldak crossing"]
    assert namer.exact("Khost") is None
