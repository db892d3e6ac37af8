"""Altair timeline: incidents per day (per week or month over long spans), stacked by type, same
colours as the map.

One bar per day is kept while the period × the types shown stay under `MAX_ROWS` rows; over a
longer period (years of data) the bars are weeks, then months, and the chart's title says so, so
the browser gets a few thousand rows at most whatever the number of incidents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

import altair as alt
import numpy as np
import pandas as pd

from geodata import casualties
from geodata.model import EVENT_LABELS, EVENT_TYPES

from .filters import feature_days
from .popups import TYPE_COLORS

MAX_ROWS = 3000
MAX_BARS = 150  # bars across the chart: more would be ~2 px wide on a long span
BRUSH = "brush"  # the x interval selection: dragging across the chart sets the period
UNITS = ("day", "week", "month")
AXIS_FORMAT = {"day": "%d %b %Y", "week": "%d %b %Y", "month": "%b %Y"}
TOOLTIP = {"day": ("Day", "%Y-%m-%d"), "week": ("Week of", "%Y-%m-%d"), "month": ("Month", "%B %Y")}


# the plot's own height: Streamlit's default autosize ("fit") squeezed the plot into the whole
# 220 px with the title and the legend (about 35 px of bars); fit-x fits the width only
PLOT_HEIGHT = 200
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")


def day_counts(features: Sequence[dict]) -> list[tuple[int, str, int]]:
    """(day ordinal, event type, incidents); an incident counts on its first day."""
    counts: Counter[tuple[int, str]] = Counter()
    for feature in features:
        start, _ = feature_days(feature)
        if start is None:
            continue
        counts[(start.toordinal(), feature["properties"].get("event_type") or "other")] += 1
    return [(day, t, n) for (day, t), n in counts.items()]


def bucket_start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())  # Monday
    if unit == "month":
        return day.replace(day=1)
    return day


def choose_unit(
    counts: Sequence[tuple[int, str, int]],
    start: date | None = None,
    end: date | None = None,
    max_rows: int = MAX_ROWS,
) -> str:
    """The finest of day / week / month whose bars × types shown stay within `max_rows` and whose
    bars number at most `MAX_BARS` (so a bar stays wide enough to see and to point at)."""
    if not counts:
        return "day"
    lo = start.toordinal() if start else min(c[0] for c in counts)
    hi = end.toordinal() if end else max(c[0] for c in counts)
    days = max(hi - lo + 1, 1)
    types = len({c[1] for c in counts})
    for unit, size in (("day", 1), ("week", 7), ("month", 30.44)):
        if (days / size) * types <= max_rows and days / size <= MAX_BARS:
            return unit
    return "month"


EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def timeline_frame(counts: Iterable[tuple[int, str, int]], unit: str = "day") -> pd.DataFrame:
    """One row per (day / week / month, type) with a count (the day column holds the bucket's
    first day: the Monday of a week, the 1st of a month)."""
    counts = list(counts)
    if not counts:
        df = pd.DataFrame(columns=["day", "type", "event_type", "incidents"])
        df["day"] = pd.to_datetime(df["day"])
        return df
    ordinals = np.fromiter((c[0] for c in counts), dtype=np.int64, count=len(counts))
    if unit == "week":
        ordinals = ordinals - (ordinals - 1) % 7  # ordinal 1 (0001-01-01) is a Monday
    days = (ordinals - EPOCH_ORDINAL).astype("datetime64[D]")
    if unit == "month":
        days = days.astype("datetime64[M]").astype("datetime64[D]")
    df = pd.DataFrame(
        {"day": days, "event_type": [c[1] for c in counts], "incidents": [c[2] for c in counts]}
    )
    df = df.groupby(["day", "event_type"], as_index=False, sort=True)["incidents"].sum()
    df["type"] = [EVENT_LABELS.get(t, t) for t in df["event_type"]]
    df["day"] = pd.to_datetime(df["day"])
    return df[["day", "type", "event_type", "incidents"]]


def timeline_data(features: Sequence[dict]) -> pd.DataFrame:
    """One row per (day, type) with a count; an incident counts on its first day."""
    return timeline_frame(day_counts(features), "day")


def timeline(
    features: Sequence[dict] | None = None,
    start=None,
    end=None,
    *,
    counts: Sequence[tuple[int, str, int]] | None = None,
) -> tuple[alt.Chart | None, str]:
    """(chart, unit): the chart of `features` (or of precomputed `day_counts`-style counts) and
    whether its bars are days, weeks or months."""
    counts = day_counts(features or ()) if counts is None else counts
    unit = choose_unit(counts, start, end)
    df = timeline_frame(counts, unit)
    if df.empty:
        return None, unit
    present = set(df["event_type"])  # the legend lists only the types with data
    domain = [EVENT_LABELS[t] for t in EVENT_TYPES if t in present]
    colors = [TYPE_COLORS[t] for t in EVENT_TYPES if t in present]
    x_scale = (
        alt.Scale(domain=[pd.Timestamp(start).isoformat(), pd.Timestamp(end).isoformat()])
        if start and end
        else alt.Undefined
    )
    tip_title, tip_format = TOOLTIP[unit]
    title = (
        alt.Undefined
        if unit == "day"
        # the heading above says "per week"; this says why (it used to repeat the heading)
        else f"One bar per {unit}: too long a period for one bar per day (narrow the dates to see days)."
    )
    return (
        alt.Chart(
            df,
            height=PLOT_HEIGHT,
            autosize=FIT_WIDTH,
            title=alt.TitleParams(title, fontSize=11, fontWeight="normal", anchor="start")
            if title is not alt.Undefined
            else alt.Undefined,
        )
        .mark_bar()
        .add_params(alt.selection_interval(encodings=["x"], name=BRUSH))
        .encode(
            x=alt.X(
                "day:T", title=None, scale=x_scale, axis=alt.Axis(format=AXIS_FORMAT[unit], labelAngle=0)
            ),
            y=alt.Y("sum(incidents):Q", title="Incidents", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "type:N",
                title="Type",
                scale=alt.Scale(domain=domain, range=colors),
                legend=alt.Legend(orient="bottom", columns=2),  # 4 columns are cut on a phone
            ),
            tooltip=[
                alt.Tooltip("day:T", title=tip_title, format=tip_format),
                alt.Tooltip("type:N", title="Type"),
                alt.Tooltip("incidents:Q", title="Incidents"),
            ],
        )
    ), unit


def timeline_chart(features: Sequence[dict], start=None, end=None) -> alt.Chart | None:
    return timeline(features, start, end)[0]


# ---- claimed deaths ----------------------------------------------------------------------------

MEASURES = ("Incidents by type", "Claimed deaths by claimant")
CLAIMANT_GROUPS = {
    "AF": "Afghan side's claims",
    "PK": "Pakistani side's claims",
    "independent": "Independent claims",
    None: "Other / unattributed",
    "own": "Outlets' own reporting",
}
CLAIMANT_COLORS = {
    "AF": "#b5472f",
    "PK": "#2f6db5",
    "independent": "#198754",
    None: "#7f7f7f",
    "own": "#b8a000",
}


def deaths_rows(features: Iterable[dict]) -> list[tuple[date, str, float]]:
    """(first day, claimant group, deaths) per incident and claimant group: the group's largest
    claimant figure for the incident (geodata.casualties). Groups are never added together."""
    rows: list[tuple[date, str, float]] = []
    for feature in features:
        start, _ = feature_days(feature)
        if start is None:
            continue
        claims = [c for c in feature["properties"].get("claims") or () if isinstance(c, dict)]
        per_group: dict[str | None, float] = {}
        for item in casualties.summary(claims)["killed"]["by_claimant"]:
            group = "own" if casualties.is_own_voice(item["claimant"]) else item["side"]
            per_group[group] = max(per_group.get(group, 0.0), float(item["quantity"]))
        rows.extend((start, CLAIMANT_GROUPS[g], n) for g, n in per_group.items())
    return rows


def deaths_frame(features: Iterable[dict], start=None, end=None) -> tuple[pd.DataFrame | None, str]:
    """Claimed deaths per week (per month over long spans) and claimant group. One claim attached
    to several incidents ("58 soldiers killed" for a strike on three places), or retold by several
    outlets in their own words ("The Taliban claim 58 soldiers killed", "Kabul claimed that 58
    soldiers were killed"), counts once per period: the same side's same figure in one period is
    one claim; different figures of a side add up, sides never do."""
    rows = deaths_rows(features)
    if not rows:
        return None, "week"
    span_days = ((end or max(r[0] for r in rows)) - (start or min(r[0] for r in rows))).days
    unit = "week" if span_days <= 7 * 156 else "month"
    df = pd.DataFrame(
        {
            "period": [pd.Timestamp(bucket_start(r[0], unit)) for r in rows],
            "claimant": [r[1] for r in rows],
            "deaths": [r[2] for r in rows],
        }
    )
    df = df.drop_duplicates(["period", "claimant", "deaths"])
    return _with_gaps(df.groupby(["period", "claimant"], as_index=False)["deaths"].sum(), unit), unit


def _with_gaps(df: pd.DataFrame, unit: str) -> pd.DataFrame:
    """Every period from the first to the last for every side, deaths NaN where a side claimed
    nothing: its line breaks there instead of drawing a trend through weeks without a claim
    (and a missing claim is not a claim of zero)."""
    periods = pd.date_range(df["period"].min(), df["period"].max(), freq="W-MON" if unit == "week" else "MS")
    grid = pd.MultiIndex.from_product([periods, df["claimant"].unique()], names=["period", "claimant"])
    return df.set_index(["period", "claimant"]).reindex(grid).reset_index()


def deaths_chart(features: Iterable[dict], start=None, end=None) -> tuple[alt.Chart | None, str]:
    """Claimed deaths per week (per month over long spans) by claimant side: one line per side,
    never stacked (stacking would add Kabul's figure to Islamabad's)."""
    df, unit = deaths_frame(features, start, end)
    if df is None:
        return None, unit
    groups = [g for g in CLAIMANT_GROUPS if CLAIMANT_GROUPS[g] in set(df["claimant"])]
    chart = (
        alt.Chart(df, height=PLOT_HEIGHT, autosize=FIT_WIDTH)
        .mark_line(point=alt.OverlayMarkDef(size=60), strokeWidth=2, invalid="break-paths-filter-domains")
        .encode(
            x=alt.X("period:T", title=None, axis=alt.Axis(format=AXIS_FORMAT[unit], labelAngle=0)),
            y=alt.Y("deaths:Q", title=f"Claimed deaths per {unit}", stack=None),
            color=alt.Color(
                "claimant:N",
                title="Claimed by",
                scale=alt.Scale(
                    domain=[CLAIMANT_GROUPS[g] for g in groups], range=[CLAIMANT_COLORS[g] for g in groups]
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("period:T", title=TOOLTIP[unit][0], format=TOOLTIP[unit][1]),
                alt.Tooltip("claimant:N", title="Claimed by"),
                alt.Tooltip("deaths:Q", title="Claimed deaths"),
            ],
        )
    )
    return chart, unit
