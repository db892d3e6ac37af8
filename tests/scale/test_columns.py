"""The columnar index (dashboard/columns.py) answers exactly what the reference functions answer:
the same selection, in the same order, as filters.apply_filters over the sorted features, on
random data and random filter combinations; the same crossing status, timeline counts, grid cells
and click hits."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import charts, filters, state
from dashboard.columns import Index
from geodata.aggregate import adaptive_grid, points_of
from geodata.compact import pack
from geodata.model import EVENT_TYPES

DAY0 = date(2024, 1, 1)
TYPES = ["armed_clash", "airstrike", "crossing_closed", "crossing_reopened", "other", None, "", "weird"]
ACTORS = ["Pakistani military", "Afghan Taliban forces", "TTP", "Afghan border forces"]
OUTLETS = ["Dawn", "Tolo News", "Pajhwok", "Reuters"]
PLACES = [(69.1, 34.5, "p1"), (66.4, 30.9, "p2"), (71.0, 35.2, None), (69.1, 34.5, "p1")]

day_text = st.one_of(
    st.integers(0, 60).map(lambda d: (DAY0 + timedelta(days=d)).isoformat()),
    st.sampled_from([None, "", "2024-13-01", "yesterday", "2024-02-30"]),
)


@st.composite
def feature(draw, i):
    located = draw(st.integers(0, 9))
    geometry = None
    props = {
        "event_type": draw(st.sampled_from(TYPES)),
        "date": draw(day_text),
        "date_end": draw(st.one_of(st.none(), day_text)),
        "verification": draw(st.sampled_from(["single_source", "corroborated", "contested", None, "bogus"])),
        "location_precision": draw(st.sampled_from([1, 2, 3, 4, 5, 6, 7, None, 2.0, "3"])),
        "country": draw(st.sampled_from(["AF", "PK", None, "IR"])),
        "mention": draw(st.sampled_from(["primary", "primary", "background", None])),
        "actors": draw(st.one_of(st.none(), st.lists(st.sampled_from(ACTORS), max_size=3))),
        "outlets": draw(st.one_of(st.none(), st.lists(st.sampled_from(OUTLETS), max_size=3))),
        "place": None,
        "place_kind": None,
        "place_id": None,
        "admin1": None,
        "sources": [{"outlet": "Dawn", "title": f"t{i}", "quote": "q"}],
        "claims": [],
    }
    if located >= 2:
        lon, lat, place_id = draw(st.sampled_from(PLACES))
        jitter = draw(st.sampled_from([0.0, 0.0, 0.3, 1.7]))
        geometry = {"type": "Point", "coordinates": [lon + jitter, lat - jitter]}
        props.update(place=f"Place {place_id}", place_id=place_id, place_kind="crossing")
    elif located == 1:
        props.update(place_kind=draw(st.sampled_from(["boundary", None])), location_precision=5)
    fid = draw(st.sampled_from([f"inc-{i:03d}", f"inc-{i % 3:03d}"]))  # some repeated ids
    return {"type": "Feature", "id": fid, "geometry": geometry, "properties": {"id": fid, **props}}


features_st = st.integers(0, 25).flatmap(lambda n: st.tuples(*[feature(i) for i in range(n)]).map(list))
day_st = st.one_of(st.none(), st.integers(-5, 65).map(lambda d: DAY0 + timedelta(days=d)))
filters_st = st.builds(
    filters.Filters,
    start=day_st,
    end=day_st,
    types=st.lists(st.sampled_from(TYPES[:5] + ["drone_strike"]), max_size=3, unique=True).map(tuple),
    actors=st.lists(st.sampled_from(ACTORS + ["Nobody"]), max_size=2, unique=True).map(tuple),
    sides=st.lists(st.sampled_from(filters.SIDES), max_size=3, unique=True).map(tuple),
    precisions=st.lists(st.sampled_from([1, 2, 3, 4, 5, 6, 7]), max_size=3, unique=True).map(tuple),
    verification=st.lists(
        st.sampled_from(["single_source", "corroborated", "contested"]), max_size=2, unique=True
    ).map(tuple),
    outlets=st.lists(st.sampled_from(OUTLETS + ["Nobody"]), max_size=2, unique=True).map(tuple),
    include_background=st.booleans(),
    include_undated=st.booleans(),
)
SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@SETTINGS
@given(features_st, st.lists(filters_st, min_size=1, max_size=4))
def test_select_is_apply_filters(features, flts):
    index = Index.build(features)
    ordered = sorted(features, key=filters.sort_key)
    assert [index.feature(p) for p in range(len(features))] == ordered
    assert index.span == filters.date_span(ordered)
    assert index.options == filters.options(ordered)
    for flt in flts:
        expected = filters.apply_filters(ordered, flt)
        got = list(index.view(index.select(flt)))
        assert len(got) == len(expected) and all(a is b for a, b in zip(got, expected)), flt


@SETTINGS
@given(features_st, filters_st)
def test_packed_records_give_the_same_selection(features, flt):
    packed = Index.build([pack(f) for f in features])
    plain = Index.build(features)
    assert list(packed.view(packed.select(flt))) == list(plain.view(plain.select(flt)))


@SETTINGS
@given(features_st, filters_st)
def test_timeline_grid_and_clicks_are_the_reference(features, flt):
    index = Index.build(features)
    positions = index.select(flt)
    shown = list(index.view(positions))
    assert sorted(index.timeline_counts(positions)) == sorted(charts.day_counts(shown))
    for max_cells in (1, 2, 800):
        deg, cells = index.grid(positions, max_cells=max_cells)
        ref_deg, ref_cells = adaptive_grid(points_of(shown), max_cells=max_cells)
        assert deg == ref_deg
        assert [(c.key, c.n, c.by_type, c.first, c.last, c.recent) for c in cells] == [
            (c.key, c.n, c.by_type, c.first, c.last, c.recent) for c in ref_cells
        ]
        for c, r in zip(cells, ref_cells):
            assert abs(c.lon - r.lon) < 1e-9 and abs(c.lat - r.lat) < 1e-9
    for lon, lat, _ in PLACES:
        assert index.ids_at(positions, lat, lon) == state.features_at(shown, lat, lon)


def test_timeline_switches_to_weeks_then_months():
    day = DAY0.toordinal()
    short = [(day + d, t, 1) for d in range(60) for t in ("airstrike", "other")]
    assert charts.choose_unit(short) == "day"
    years = [(day + d, t, 1) for d in range(0, 3650) for t in EVENT_TYPES]  # 10 years, 8 types
    assert charts.choose_unit(years) == "month"
    assert charts.choose_unit(years, DAY0, DAY0 + timedelta(days=900)) == "week"
    assert charts.choose_unit(years, DAY0, DAY0 + timedelta(days=120)) == "day"
    # no more than charts.MAX_BARS bars: 300 days are weeks, 4 years (1,595 days) months
    assert charts.choose_unit(short, DAY0, DAY0 + timedelta(days=300)) == "week"
    assert charts.choose_unit(short, DAY0, DAY0 + timedelta(days=1595)) == "month"
    frame = charts.timeline_frame(years, "month")
    assert len(frame) == 120 * len(EVENT_TYPES) and frame["incidents"].sum() == len(years)
    chart, unit = charts.timeline(counts=years)
    assert unit == "month" and "per month" in str(chart.to_dict()["title"])
