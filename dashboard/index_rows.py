"""The index rows (dashboard/columns.py `Rows`) from light property columns (large GeoParquet
data, geodata.geoparquet.LightColumns) instead of one feature dict per incident.

The per-feature functions of dashboard/filters.py and map_view.place_text are still what decides:
they are called once per distinct combination of the values they read (a few thousand at 100,000
incidents: days, places, actor lists repeat), on a feature made of just those values, and the
answer is reused. tests/scale/test_geoparquet.py checks the result against the per-feature index.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
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


def _factorize(columns: Sequence[Sequence], n: int) -> tuple[np.ndarray, list[tuple]]:
    """(code per row, the distinct rows of values in first-seen order)."""
    seen: dict[tuple, int] = {}
    codes = np.fromiter((seen.setdefault(key, len(seen)) for key in zip(*columns)), np.int64, count=n)
    return codes, list(seen)


def _hashable(values: Sequence) -> list:
    return [tuple(v) if type(v) is list else v for v in values]


def _by_value(rows_of: dict[Any, list[int]], codes: np.ndarray, names: list, offset: int) -> None:
    """rows_of[name] gets every row (offset + i) whose distinct value (codes[i]) names it, names
    added in the order of their first row."""
    order = np.argsort(codes, kind="stable")
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    for group in np.split(order, bounds):
        if not len(group):
            continue
        positions = (group + offset).tolist()
        for value in names[int(codes[group[0]])]:
            rows_of.setdefault(value, []).extend(positions)


def _fill(rows: Rows, offset: int, table: LightColumns, memos: tuple) -> None:
    """Rows offset.. from one chunk of columns: each per-feature function runs once per distinct
    combination of the values it reads, and its answers are spread back over the rows."""
    days, where, place, actor_names, outlet_names = memos
    n = len(table.ids)
    none = [None] * n
    col = {name: table.values.get(name) or none for name in PROPERTIES}
    etypes, fids = col["event_type"], table.ids
    has_geometry = [g >= 0 for g in table.geometry_type]

    day_codes, day_keys = _factorize((col["date"], col["date_end"]), n)
    spans = [days(*key) for key in day_keys]
    firsts = [spans[c][0] for c in day_codes.tolist()]
    rows.keys.extend(map(filters.sort_key_of, firsts, etypes, fids))
    rows.ids.extend(str(fid) for fid in fids)
    part = slice(offset, offset + n)
    for target, vocab, values in (
        (rows.type_code, rows.type_vocab, etypes),
        (rows.verif_code, rows.verif_vocab, col["verification"]),
        (rows.prec_code, rows.prec_vocab, col["location_precision"]),
    ):
        codes, keys = _factorize((_hashable(values),), n)
        # a list (made a tuple to be counted) equals no filter value: -1, as _code gives it
        found = [-1 if isinstance(key[0], tuple) else _code(vocab, key[0]) for key in keys]
        target[part] = np.array(found, np.int32)[codes]
    where_codes, where_keys = _factorize(
        (col["country"], has_geometry, col["place_kind"], col["location_precision"], col["place"]), n
    )
    side_border = np.array([where(*key) for key in where_keys], dtype=np.int64).reshape(-1, 2)
    rows.side_code[part] = side_border[where_codes, 0]
    rows.border[part] = side_border[where_codes, 1].astype(bool)
    rows.background[part] = [m == "background" for m in col["mention"]]
    ordinal = np.array(
        [(s[0].toordinal(), s[1].toordinal()) if s[0] is not None and s[1] is not None else (UNDATED, UNDATED)
         for s in spans],
        dtype=np.int64,
    ).reshape(-1, 2)  # fmt: skip
    rows.start[part], rows.end[part] = ordinal[day_codes, 0], ordinal[day_codes, 1]
    rows.dates.extend(d if isinstance(d, str) else None for d in col["date"])
    rows.labels.extend(_intern(label or etype) for label, etype in zip(col["event_label"], etypes))
    mentions = _hashable(col["place_mentions"])
    place_codes, place_keys = _factorize(
        (col["place"], col["admin1"], col["place_kind"], mentions, col["country"]), n
    )
    texts = [place(*key) for key in place_keys]
    rows.places.extend(texts[c] for c in place_codes.tolist())
    for rows_of, values, names_of in (
        (rows.actors, col["actors"], actor_names),
        (rows.outlets, col["outlets"], outlet_names),
    ):
        codes, keys = _factorize((_hashable(values),), n)
        _by_value(rows_of, codes, [names_of(key[0]) for key in keys], offset)
    # a point with coordinates (filters.is_located): shapely type 0, not empty
    x, y = np.asarray(table.x, dtype=float), np.asarray(table.y, dtype=float)
    located = (np.asarray(table.geometry_type) == 0) & ~np.isnan(x)
    rows.located[part] = located
    rows.lon[part][located], rows.lat[part][located] = x[located], y[located]
