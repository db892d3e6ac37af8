"""dashboard.filters: pure filtering of incident features."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard import filters
from dashboard.filters import Filters, apply_filters
from geodata import crossings
from tests.app.synthetic import large_collection, small_collection


@pytest.fixture(scope="module")
def features():
    return small_collection()["features"]


def by_type(features, event_type):
    return [f for f in features if f["properties"]["event_type"] == event_type]


def test_background_shown_by_default_and_can_be_hidden(features):
    assert len(apply_filters(features, Filters())) == len(features)  # nothing extracted is hidden
    shown = apply_filters(features, Filters(include_background=False))
    assert all(f["properties"]["mention"] == "primary" for f in shown)
    assert len(shown) == sum(1 for f in features if f["properties"]["mention"] == "primary") < len(features)


def test_empty_selection_means_all(features):
    assert apply_filters(features, Filters(types=(), sides=(), outlets=())) == apply_filters(
        features, Filters()
    )


def test_types(features):
    shown = apply_filters(features, Filters(types=("airstrike", "drone_strike")))
    assert {f["properties"]["event_type"] for f in shown} == {"airstrike", "drone_strike"}


def test_dates_overlap_and_undated(features):
    shown = apply_filters(
        features, Filters(start=date(2025, 10, 8), end=date(2025, 10, 10), include_undated=False)
    )
    assert {f["properties"]["date"] for f in shown} == {"2025-10-08", "2025-10-09"}
    with_undated = apply_filters(
        features, Filters(start=date(2025, 10, 8), end=date(2025, 10, 10), include_undated=True)
    )
    assert any(f["properties"]["date"] is None for f in with_undated)


def test_date_range_incident_overlaps():
    feature = {
        "type": "Feature",
        "id": "x",
        "geometry": None,
        "properties": {"date": "2025-10-01", "date_end": "2025-10-05", "mention": "primary"},
    }
    assert filters.matches(feature, Filters(start=date(2025, 10, 4), end=date(2025, 10, 9)))
    assert not filters.matches(feature, Filters(start=date(2025, 10, 6), end=date(2025, 10, 9)))


def test_sides(features):
    af = apply_filters(features, Filters(sides=("AF",)))
    assert af and all(f["properties"]["country"] == "AF" for f in af)
    border = apply_filters(features, Filters(sides=("border",)))
    assert border and all(f["properties"]["country"] is None for f in border)
    assert any(filters.is_border_wide(f) for f in border)  # border-wide counts as border zone
    unknown = apply_filters(features, Filters(sides=("unknown",)))
    assert unknown and all(not f["geometry"] and not filters.is_border_wide(f) for f in unknown)


def test_precision_verification_outlets_actors(features):
    assert {
        f["properties"]["location_precision"] for f in apply_filters(features, Filters(precisions=(3,)))
    } == {3}
    contested = apply_filters(features, Filters(verification=("contested",)))
    assert contested and {f["properties"]["verification"] for f in contested} == {"contested"}
    dawn = apply_filters(features, Filters(outlets=("Dawn",)))
    assert dawn and all("Dawn" in f["properties"]["outlets"] for f in dawn)
    mil = apply_filters(features, Filters(actors=("Pakistani military",)))
    assert mil and all("Pakistani military" in f["properties"]["actors"] for f in mil)


def test_combined_and_empty(features):
    assert apply_filters(features, Filters(types=("drone_strike",), sides=("AF",))) == []


def test_span_and_quick_range(features):
    span = filters.date_span(features)
    assert span == (date(2024, 12, 28), date(2025, 10, 12))
    assert filters.quick_range(span, 7) == (date(2025, 10, 6), date(2025, 10, 12))
    assert filters.quick_range(span, None) == span
    assert filters.quick_range((date(2025, 1, 1), date(2025, 1, 3)), 30) == (
        date(2025, 1, 1),
        date(2025, 1, 3),
    )
    assert filters.date_span([]) is None


def test_options_sorted(features):
    offered = filters.options(features)
    assert offered["outlets"] == sorted(offered["outlets"], key=str.casefold)
    assert "Dawn" in offered["outlets"] and "Pakistani military" in offered["actors"]


def test_crossing_status_as_of(features):
    """The synthetic data through geodata.crossings with the bundled registry (the status
    logic itself: tests/unit/test_crossings.py)."""
    registry = crossings.load_registry()
    reports, _ = crossings.collect_reports(features, registry)

    def at(day):
        return {s.crossing.name: s for s in crossings.status_at(reports, registry, day)}

    at_end = at(date(2025, 10, 12))
    assert at_end["Torkham"].status == "open" and at_end["Torkham"].since == date(2025, 10, 8)
    chaman = at_end["Chaman–Spin Boldak crossing"]  # the synthetic data says "Chaman"
    assert chaman.status == "closed" and chaman.since == date(2025, 10, 12)
    earlier = at(date(2025, 10, 5))
    assert earlier["Torkham"].status == "closed" and earlier["Torkham"].since == date(2025, 10, 1)
    assert "Chaman–Spin Boldak crossing" not in earlier
    assert at(date(2020, 1, 1)) == {}


def test_malformed_features_do_not_raise():
    odd = [
        {
            "type": "Feature",
            "id": "a",
            "geometry": None,
            "properties": {"date": "not a date", "actors": None},
        },
        {"type": "Feature", "id": "b", "geometry": {"type": "Point", "coordinates": [1]}, "properties": {}},
    ]
    apply_filters(odd, Filters(start=date(2025, 1, 1), end=date(2025, 2, 1), actors=("x",)))
    assert filters.date_span(odd) is None
    assert not filters.is_located(odd[1])


def test_filter_is_pure_and_ordered():
    features = large_collection(300)["features"]
    copy = [dict(f) for f in features]
    shown = apply_filters(features, Filters(types=("airstrike",)))
    assert features == copy
    positions = [features.index(f) for f in shown]
    assert positions == sorted(positions)


def test_shift_range_steps_by_a_day_within_the_span():
    span = (date(2025, 10, 1), date(2025, 10, 12))
    week = (date(2025, 10, 3), date(2025, 10, 9))
    assert filters.shift_range(week, span, 1) == (date(2025, 10, 4), date(2025, 10, 10))
    assert filters.shift_range(week, span, -1) == (date(2025, 10, 2), date(2025, 10, 8))
    # at an end it stops, keeping the range's length
    assert filters.shift_range((date(2025, 10, 6), date(2025, 10, 12)), span, 1) == (
        date(2025, 10, 6),
        date(2025, 10, 12),
    )
    assert filters.shift_range((date(2025, 10, 1), date(2025, 10, 3)), span, -5) == (
        date(2025, 10, 1),
        date(2025, 10, 3),
    )
    assert filters.shift_range((date(2025, 10, 10), date(2025, 10, 11)), span, 5) == (
        date(2025, 10, 11),
        date(2025, 10, 12),
    )
    # a single day steps as a single day; the whole span does not move; reversed input is sorted
    assert filters.shift_range((date(2025, 10, 5), date(2025, 10, 5)), span, 1) == (
        date(2025, 10, 6),
        date(2025, 10, 6),
    )
    assert filters.shift_range(span, span, 1) == span
    assert filters.shift_range((date(2025, 10, 9), date(2025, 10, 3)), span, 1) == (
        date(2025, 10, 4),
        date(2025, 10, 10),
    )


def test_range_ending_and_step_by_the_period_length():
    span = (date(2021, 1, 1), date(2025, 12, 31))
    week = filters.range_ending(date(2023, 6, 30), 7, span)
    assert week == (date(2023, 6, 24), date(2023, 6, 30))  # the week ending at the period's end
    assert filters.step_range(week, span, 1) == (date(2023, 7, 1), date(2023, 7, 7))
    assert filters.step_range(week, span, -1) == (date(2023, 6, 17), date(2023, 6, 23))
    assert filters.range_ending(date(2021, 1, 10), 30, span) == (date(2021, 1, 1), date(2021, 1, 10))
    assert filters.step_range((date(2025, 12, 25), date(2025, 12, 31)), span, 1) == (
        date(2025, 12, 25),
        date(2025, 12, 31),
    )


def test_brushed_range_from_an_altair_selection():
    from dashboard.time_nav import brushed_range

    ms = lambda d: (date.fromisoformat(d) - date(1970, 1, 1)).days * 86_400_000  # noqa: E731
    selection = {"selection": {"brush": {"day": [ms("2024-03-05"), ms("2024-02-01")]}}}
    assert brushed_range(selection) == (date(2024, 2, 1), date(2024, 3, 5))
    assert brushed_range({"selection": {"brush": {}}}) is None
    assert brushed_range(None) is None


def test_play_starts_over_at_the_end_and_steps_a_month_on_all():
    span = (date(2021, 1, 1), date(2025, 12, 31))
    month = (date(2023, 6, 1), date(2023, 6, 30))
    assert filters.play_start(month, span) == month  # later days remain: play from here
    assert filters.play_start((date(2025, 12, 25), date(2025, 12, 31)), span) == (
        date(2021, 1, 1),
        date(2021, 1, 7),
    )
    # "All" (or any period over half the span) has nothing to step through: a month from the start
    assert filters.play_start(span, span) == (date(2021, 1, 1), date(2021, 1, 30))
    assert filters.play_start((date(2022, 1, 1), date(2025, 12, 31)), span) == (
        date(2021, 1, 1),
        date(2021, 1, 30),
    )
    one_day = (date(2024, 1, 1), date(2024, 1, 1))
    assert filters.play_start(one_day, one_day) == one_day
