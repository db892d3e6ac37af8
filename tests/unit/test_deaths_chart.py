"""Claimed deaths over time (dashboard.charts.deaths_frame): sides apart, each claim once."""

from __future__ import annotations

from dashboard import charts

AF = {"claimant": "Taliban spokesman", "side": "AF", "unit": "killed", "quantity": 58,
      "statement": "The spokesman said 58 soldiers were killed."}  # fmt: skip
PK = {"claimant": "ISPR", "side": "PK", "unit": "killed", "quantity": 23, "statement": "ISPR said 23 died."}


def _incident(day: str, *claims: dict) -> dict:
    return {"properties": {"date": day, "claims": list(claims)}}


def _deaths(features) -> dict[str, float]:
    frame, _unit = charts.deaths_frame(features)
    assert frame is not None
    frame = frame.dropna()
    return dict(zip(frame["claimant"], frame["deaths"], strict=True))


def test_one_claim_attached_to_three_incidents_counts_once():
    # a strike on three places: the same sentence is the claim of each of them
    features = [_incident("2025-10-12", AF, PK), _incident("2025-10-12", AF, PK), _incident("2025-10-13", AF)]
    assert _deaths(features) == {"Afghan side's claims": 58.0, "Pakistani side's claims": 23.0}


def test_different_claims_of_one_week_add_up_within_a_side_never_across():
    other = {**AF, "quantity": 4, "statement": "The spokesman said four more died in Khost."}
    features = [_incident("2025-10-13", AF), _incident("2025-10-14", other), _incident("2025-10-14", PK)]
    assert _deaths(features) == {"Afghan side's claims": 62.0, "Pakistani side's claims": 23.0}


def test_the_chart_draws_lines_that_are_never_stacked():
    chart, _unit = charts.deaths_chart([_incident("2025-10-12", AF, PK)])
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "line" and spec["encoding"]["y"]["stack"] is None


def test_a_side_silent_for_weeks_breaks_its_line_and_is_not_a_zero():
    features = [_incident("2025-09-01", AF), _incident("2025-09-29", {**AF, "statement": "Later, 58 more."})]
    frame, unit = charts.deaths_frame(features)
    assert unit == "week" and frame is not None
    weeks = frame.sort_values("period")["deaths"].tolist()
    assert len(weeks) == 5 and weeks[0] == weeks[-1] == 58.0
    assert all(value != value for value in weeks[1:-1])  # NaN: no claim, not zero deaths
    spec = charts.deaths_chart(features)[0].to_dict()
    assert spec["mark"]["invalid"] == "break-paths-filter-domains"


def test_the_same_claim_retold_in_other_words_by_another_outlet_counts_once():
    retold = {**AF, "claimant": "Afghan Taliban (Kabul)", "statement": "Kabul claimed that 58 soldiers died."}
    features = [_incident("2025-10-13", AF), _incident("2025-10-14", retold)]  # one week
    assert _deaths(features) == {"Afghan side's claims": 58.0}
