"""dashboard.state: URL parsing/validation and the URL a view produces (pure parts)."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard import state, url_params
from dashboard.filters import Filters

CHOICES = url_params.Choices(
    span=(date(2025, 10, 1), date(2025, 10, 13)),
    actors=("Afghan Taliban forces", "Pakistani military"),
    outlets=("Dawn", "Tolo News"),
    ids=frozenset({"inc-aaa", "inc-bbb"}),
)


def parse(**params):
    return url_params.parse_url({k: v if isinstance(v, list) else [v] for k, v in params.items()}, CHOICES)


def test_valid_values():
    values, notices = parse(
        dates=["2025-10-03", "2025-10-08"],
        types=["airstrike", "Armed clash"],
        actors=["pakistani military"],
        sides=["AF", "border zone"],
        precision=["1", "4"],
        verification=["contested"],
        outlets=["Dawn"],
        background="yes",
        incident="inc-bbb",
    )
    assert notices == []
    assert values == {
        "dates": (date(2025, 10, 3), date(2025, 10, 8)),
        "types": ["armed_clash", "airstrike"],
        "actors": ["Pakistani military"],
        "sides": ["AF", "border"],
        "precision": [1, 4],
        "verification": ["contested"],
        "outlets": ["Dawn"],
        "background": True,
        "selected_incident": "inc-bbb",
    }


@pytest.mark.parametrize(
    "params, key, fragment",
    [
        ({"dates": ["2025-10-08", "2025-10-03"]}, "dates", "swapped"),
        ({"dates": ["2025-09-01", "2025-10-03"]}, "dates", "clamped"),
        ({"dates": ["2024-01-01", "2024-02-01"]}, None, "outside"),
        ({"dates": ["2025-02-30", "2025-10-03"]}, None, "not a YYYY-MM-DD"),
        ({"dates": ["x" * 5000]}, None, "over-long"),
        ({"types": ["airstrike", "tsunami"]}, "types", "unknown"),
        ({"types": ["airstrike"] * 80}, "types", "first 50"),
        ({"precision": ["8"]}, None, "unknown"),
        ({"background": "perhaps"}, None, "yes/no"),
        ({"incident": "inc-zzz"}, None, "no incident"),
        ({"outlets": ["<b>Dawn</b>"]}, None, "unknown"),
    ],
)
def test_bad_values_dropped_with_notice(params, key, fragment):
    values, notices = parse(**params)
    assert notices and fragment in " ".join(notices)
    assert set(values) == ({key} if key else set())


def test_swapped_and_clamped_values():
    values, _ = parse(dates=["2025-10-08", "2025-10-03"])
    assert values["dates"] == (date(2025, 10, 3), date(2025, 10, 8))
    values, _ = parse(dates=["2025-09-01", "2025-12-01"])
    assert values["dates"] == CHOICES.span


def test_no_dated_data():
    values, notices = url_params.parse_url(
        {"dates": ["2025-10-01", "2025-10-02"]}, url_params.Choices(span=None)
    )
    assert values == {} and "no dated" in notices[0]


def test_url_round_trip():
    flt = Filters(
        start=date(2025, 10, 3),
        end=date(2025, 10, 8),
        types=("airstrike",),
        actors=("Dawn",)[:0],
        sides=("PK", "unknown"),
        precisions=(3,),
        verification=("single_source",),
        outlets=("Tolo News",),
        include_background=False,
    )
    params = url_params.url_params(flt, CHOICES, "inc-aaa")
    assert params["background"] == ["0"]  # background reports are shown unless the URL hides them
    values, notices = url_params.parse_url(params, CHOICES)
    assert notices == []
    assert values["dates"] == (flt.start, flt.end)
    assert values["types"] == ["airstrike"] and values["sides"] == ["PK", "unknown"]
    assert (
        values["precision"] == [3]
        and values["background"] is False
        and values["selected_incident"] == "inc-aaa"
    )


def test_horizon_round_trips_and_bad_values_are_named():
    flt = Filters(start=CHOICES.span[0], end=CHOICES.span[1])
    assert url_params.url_params(flt, CHOICES, None, 90) == {}  # the default stays out of the link
    params = url_params.url_params(flt, CHOICES, None, 365)
    assert params == {"horizon": ["365"]}
    values, notices = url_params.parse_url(params, CHOICES)
    assert values == {"crossing_horizon": 365} and notices == []
    for bad in ("3", "9999", "90.5", "abc", ""):
        values, notices = url_params.parse_url({"horizon": [bad]}, CHOICES)
        assert "crossing_horizon" not in values
        assert bad == "" or (notices and notices[0].startswith("horizon:")), (bad, notices)


def test_defaults_leave_url_empty():
    flt = Filters(start=CHOICES.span[0], end=CHOICES.span[1])
    assert url_params.url_params(flt, CHOICES, None) == {}


def test_unknown_parameters_are_named():
    (notice,) = url_params.unknown_params(["start", "types", "embed", "start", "<x>"])
    assert "start" in notice and "<x>" in notice and "types" not in notice.split(";")[0]
    assert url_params.unknown_params(["dates", "incident", "embed_options"]) == []


def test_features_at():
    features = [
        {"id": "a", "geometry": {"type": "Point", "coordinates": [70.0, 34.0]}},
        {"id": "b", "geometry": {"type": "Point", "coordinates": [70.0, 34.0]}},
        {"id": "c", "geometry": None},
    ]
    assert state.features_at(features, 34.0, 70.0) == ["a", "b"]
    assert state.features_at(features, 34.1, 70.0) == []
