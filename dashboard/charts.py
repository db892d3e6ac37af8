"""Altair timeline: incidents per day, stacked by type, same colours as the map."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import altair as alt
import pandas as pd

from geodata.model import EVENT_LABELS, EVENT_TYPES

from .filters import feature_days
from .map_view import TYPE_COLORS


def timeline_data(features: Sequence[dict]) -> pd.DataFrame:
    """One row per (day, type) with a count; an incident counts on its first day."""
    counts: Counter[tuple[str, str]] = Counter()
    for feature in features:
        start, _ = feature_days(feature)
        if start is None:
            continue
        event_type = feature["properties"].get("event_type") or "other"
        counts[(start.isoformat(), event_type)] += 1
    rows = [
        {"day": day, "type": EVENT_LABELS.get(t, t), "event_type": t, "incidents": n}
        for (day, t), n in sorted(counts.items())
    ]
    df = pd.DataFrame(rows, columns=["day", "type", "event_type", "incidents"])
    df["day"] = pd.to_datetime(df["day"])
    return df


def timeline_chart(features: Sequence[dict], start=None, end=None) -> alt.Chart | None:
    df = timeline_data(features)
    if df.empty:
        return None
    domain = [EVENT_LABELS[t] for t in EVENT_TYPES]
    colors = [TYPE_COLORS[t] for t in EVENT_TYPES]
    x_scale = alt.Scale(domain=[pd.Timestamp(start).isoformat(), pd.Timestamp(end).isoformat()]) if start and end else alt.Undefined
    return (
        alt.Chart(df, height=220)
        .mark_bar()
        .encode(
            x=alt.X("day:T", title=None, scale=x_scale, axis=alt.Axis(format="%d %b %Y", labelAngle=0)),
            y=alt.Y("sum(incidents):Q", title="Incidents", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("type:N", title="Type", scale=alt.Scale(domain=domain, range=colors),
                            legend=alt.Legend(orient="bottom", columns=4)),
            tooltip=[alt.Tooltip("day:T", title="Day", format="%Y-%m-%d"), alt.Tooltip("type:N", title="Type"),
                     alt.Tooltip("incidents:Q", title="Incidents")],
        )
    )
