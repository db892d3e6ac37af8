"""The index rows (dashboard/columns.py `Rows`) from light property columns (large GeoParquet
data, geodata.geoparquet.LightColumns) instead of one feature dict per incident.

The per-feature functions of dashboard/filters.py and map_view.place_text are still what decides:
they are called once per distinct combination of the values they read (a few thousand at 100,000
incidents: days, places, actor lists repeat), on a feature made of just those values, and the
answer is reused. tests/scale/test_geoparquet.py checks the result against the per-feature index.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import date
from typing import Any

import numpy as np

from geodata.geoparquet import LightColumns

from . import filters
from .columns import UNDATED, Rows, _code, _intern, _members
from .filters import SIDES
from .map_view import place_text


def _memo(compute: Callable[..., Any]) -> Callable[..., Any]:
    """compute(*key) once per distinct key."""
    seen: dict[Hashable, Any] = {}

    def get(*key):
        try:
            return seen[key]
        except KeyError:
            value = seen[key] = compute(*key)
            return value

    return get


def _days(day, day_end):
    return filters.feature_days({"properties": {"date": day, "date_end": day_end}})


def _where(country, has_geometry, place_kind, precision, place):
    feature = {
        "geometry": {"type": "Geometry"} if has_geometry else None,
        "properties": {
            "country": country,
            "place_kind": place_kind,
            "location_precision": precision,
            "place": place,
        },
    }
    return SIDES.index(filters.side_of(feature)), filters.is_border_wide(feature)


def _place(place, admin1, place_kind, mentions, country):
    props = {
        "place": place,
        "admin1": admin1,
        "place_kind": place_kind,
        "place_mentions": list(mentions) if mentions is not None else None,
        "country": country,
    }
    return _intern(place_text(props))


def _tuple(value):
    return tuple(value) if isinstance(value, list) else value


# the properties rows_from_columns reads (the per-feature functions read no others)
PROPERTIES = (
    "event_type",
    "event_label",
    "verification",
    "location_precision",
    "mention",
    "date",
    "date_end",
    "country",
    "place_kind",
    "place",
    "admin1",
    "place_mentions",
    "actors",
    "outlets",
)


def rows_from_columns(chunks: Iterable[LightColumns], n: int) -> Rows:
    """The rows of n incidents given as column chunks, in order."""
    rows = Rows(n)
    offset = 0
    memos = (_memo(_days), _memo(_where), _memo(_place), _memo(filters.actor_names), _memo(_members))
    for table in chunks:
        _fill(rows, offset, table, memos)
        offset += len(table.ids)
    dated = rows.start != UNDATED
    if dated.any():
        rows.span = (
            date.fromordinal(int(rows.start[dated].min())),
            date.fromordinal(int(rows.end[dated].max())),
        )
    return rows


def _fill(rows: Rows, offset: int, table: LightColumns, memos: tuple) -> None:
    """Rows offset.. from one chunk of columns."""
    days, where, place, actor_names, outlet_names = memos
    n = len(table.ids)
    none = [None] * n
    type_code, verif_code, prec_code, side, border, background = [], [], [], [], [], []
    start, end, dated = [], [], []
    columns = zip(table.ids, table.geometry_type, *(table.values.get(name) or none for name in PROPERTIES))
    for i, (fid, geometry_type, etype, label, verif, prec, mention, day, day_end, *where_) in enumerate(
        columns, offset
    ):
        country, kind, name, admin1, mentions, actors, outlets = where_
        first, last = days(day, day_end)
        rows.keys.append(filters.sort_key_of(first, etype, fid))
        rows.ids.append(str(fid))
        type_code.append(_code(rows.type_vocab, etype))
        verif_code.append(_code(rows.verif_vocab, verif))
        prec_code.append(_code(rows.prec_vocab, prec))
        side_of, border_wide = where(country, geometry_type >= 0, kind, prec, name)
        side.append(side_of)
        border.append(border_wide)
        background.append(mention == "background")
        if first is not None and last is not None:
            dated.append(i)
            start.append(first.toordinal())
            end.append(last.toordinal())
        rows.dates.append(day if isinstance(day, str) else None)
        rows.labels.append(_intern(label or etype))
        rows.places.append(place(name, admin1, kind, _tuple(mentions), country))
        for value in actor_names(_tuple(actors)):
            rows.actors.setdefault(value, []).append(i)
        for value in outlet_names(_tuple(outlets)):
            rows.outlets.setdefault(value, []).append(i)
    part = slice(offset, offset + n)
    rows.type_code[part], rows.verif_code[part], rows.prec_code[part] = type_code, verif_code, prec_code
    rows.side_code[part], rows.border[part], rows.background[part] = side, border, background
    rows.start[dated], rows.end[dated] = start, end
    # a point with coordinates (filters.is_located): shapely type 0, not empty
    x, y = np.asarray(table.x, dtype=float), np.asarray(table.y, dtype=float)
    located = (np.asarray(table.geometry_type) == 0) & ~np.isnan(x)
    rows.located[part] = located
    rows.lon[part][located], rows.lat[part][located] = x[located], y[located]
