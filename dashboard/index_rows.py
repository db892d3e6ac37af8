"""The index rows (dashboard/columns.py `Rows`) of large GeoParquet data from its light columns
(geodata.parquet_records.PackedRecords.table) with Arrow and numpy column operations: no Python work
per incident, and no Python object per incident but its id.

The per-feature functions of dashboard/filters.py and popups.place_text still decide: each runs
once per distinct combination of the values it reads (a few thousand at 100,000 incidents: days,
places, actor lists repeat), and its answers are spread over the rows by their codes.
tests/scale/test_geoparquet.py checks the result against the per-feature index.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from geodata.geoparquet import EMPTY, FEATURE_ID, FLAG, TEXT, TEXTS, WHOLE
from geodata.parquet_records import points

from . import filters
from .columns import UNDATED, Rows, _code, _intern
from .filters import SIDES
from .popups import place_text

# the properties rows_from_table reads (the per-feature functions read no others)
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
LISTS = frozenset({"place_mentions", "actors", "outlets"})
# kinds read here; any other (floats: each NaN is its own filter value in the reference; JSON
# text of mixed types) goes through the per-feature path
SCALAR_KINDS = frozenset({TEXT, WHOLE, FLAG, EMPTY})
LIST_KINDS = frozenset({TEXTS, EMPTY})

Coded = tuple[np.ndarray, list]  # (code per row, the distinct values in the order first seen)


def supported(kinds: dict[str, str]) -> bool:
    """Whether rows_from_table reads columns of these kinds (the event type orders the rows: text)."""
    if kinds.get("event_type", EMPTY) not in (TEXT, EMPTY):
        return False
    return all(kinds.get(n, EMPTY) in (LIST_KINDS if n in LISTS else SCALAR_KINDS) for n in PROPERTIES)


def _dense(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(code per row numbered in the order first seen, the first row of each code)."""
    n = len(key)
    if n and key.min() >= 0 and key.max() < 4 * n + 65_536:
        # small non-negative keys (dictionary codes and their combinations): a table indexed by
        # the key finds each one's first row in one pass, instead of np.unique's sort (~8x faster)
        first_at = np.full(int(key.max()) + 1, n, np.int64)
        np.minimum.at(first_at, key, np.arange(n, dtype=np.int64))
        seen = np.flatnonzero(first_at < n)
        firsts = first_at[seen]
        order = np.argsort(firsts, kind="stable")
        renumber = np.empty(len(first_at), np.int64)
        renumber[seen[order]] = np.arange(len(seen))
        return renumber[key], firsts[order]
    return _dense_sorted(key)


def _dense_sorted(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """_dense for any keys (large or negative), by sorting."""
    uniq, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    renumber = np.empty(len(uniq), np.int64)
    renumber[order] = np.arange(len(uniq))
    return renumber[inverse.reshape(-1)], first[order]


def _combined(codes: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """_dense of the combinations of several code columns (made dense at each step: no overflow)."""
    key = codes[0]
    for more in codes[1:]:
        key = _dense(key * (int(more.max(initial=0)) + 1) + more)[0]
    return _dense(key)


def _scalar(column, n: int) -> Coded:
    if column is None:
        return np.zeros(n, np.int64), [None]
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if pa.types.is_null(array.type):
        return np.zeros(n, np.int64), [None]
    if not pa.types.is_dictionary(array.type):
        array = pc.dictionary_encode(array)
    values = [*array.dictionary.to_pylist(), None]
    raw = array.indices.fill_null(len(values) - 1).to_numpy().astype(np.int64)
    codes, first = _dense(raw)
    return codes, [values[i] for i in raw[first].tolist()]


def _lists(column, n: int) -> Coded:
    """The distinct lists (None for a null list, not the same as an empty one)."""
    if column is None:
        return np.zeros(n, np.int64), [None]
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if not pa.types.is_list(array.type):  # a column null in every row
        return _scalar(array, n)
    offsets = array.offsets.to_numpy().astype(np.int64)
    starts, lengths = offsets[:-1], np.diff(offsets)
    elements = _scalar(array.values, len(array.values))[0]
    # a list's key: its length (-1: null), then one element at a time
    key = np.where(array.is_null().to_numpy(zero_copy_only=False), -1, lengths) + 1
    width = int(elements.max(initial=0)) + 2
    for j in range(int(lengths.max(initial=0))):
        element = np.zeros(n, np.int64)
        longer = lengths > j
        element[longer] = elements[starts[longer] + j] + 1
        key = _dense(key * width + element)[0]
    codes, first = _dense(key)
    return codes, array.take(pa.array(first)).to_pylist()


def _each(compute: Callable[..., Any], *columns: Coded) -> tuple[np.ndarray, list]:
    """(combination code per row, compute's answer per distinct combination of the columns)."""
    codes, first = _combined([c for c, _ in columns])
    answers = [compute(*(values[c[row]] for c, values in columns)) for row in first.tolist()]
    return codes, answers


def _objects(values: list) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):
        out[i] = value
    return out


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
    props = {"place": place, "admin1": admin1, "place_kind": place_kind, "place_mentions": mentions}
    return _intern(place_text({**props, "country": country}))


def _label(label, event_type):
    return _intern(label or event_type)


def _named_rows(codes: np.ndarray, names: list[set]) -> dict[Any, np.ndarray]:
    """{name: rows whose distinct value (codes) names it}, rows ascending."""
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
    out: dict[Any, list] = {}
    for code, named in enumerate(names):
        for name in named:
            out.setdefault(name, []).append(order[bounds[code] : bounds[code + 1]])
    return {name: np.sort(np.concatenate(parts)) for name, parts in out.items()}


def rows_from_table(table, kinds: dict[str, str]) -> Rows | None:
    """The rows of a table of light columns (id, geometry, PROPERTIES), in its order; None when
    a column's kind is not read here."""
    if not supported(kinds):
        return None
    n = table.num_rows
    rows = Rows(n)
    col = {
        name: (_lists if name in LISTS else _scalar)(
            table.column(name) if name in table.column_names else None, n
        )
        for name in PROPERTIES
    }
    type_ids, x, y = points(table)
    first_days = _dates(rows, col)
    _codes_and_texts(rows, col, type_ids)
    ids = pc.fill_null(table.column(FEATURE_ID), "None").combine_chunks()
    rows.ids = ids.to_pylist()
    _order(rows, ids, first_days, col["event_type"])
    for rows_of, (codes, values), names_of in (
        (rows.actors, col["actors"], filters.actor_names),
        (rows.outlets, col["outlets"], lambda v: set(v or ())),
    ):
        rows_of.update(_named_rows(codes, [names_of(v) for v in values]))
    # a point with coordinates (filters.is_located): shapely type 0, not empty
    rows.located = (type_ids == 0) & ~np.isnan(x)
    rows.lon[rows.located], rows.lat[rows.located] = x[rows.located], y[rows.located]
    return rows


def _dates(rows: Rows, col: dict[str, Coded]) -> Coded:
    """First and last day (filters.feature_days), the span, the "date" texts and their ranks;
    returns the first days (coded)."""
    codes, spans = _each(_days, col["date"], col["date_end"])
    ordinal = np.array(
        [(s.toordinal(), e.toordinal()) if s is not None and e is not None else (UNDATED, UNDATED)
         for s, e in spans],
        dtype=np.int64,
    ).reshape(-1, 2)  # fmt: skip
    rows.start[:], rows.end[:] = ordinal[codes, 0], ordinal[codes, 1]
    dated = rows.start != UNDATED
    if dated.any():
        rows.span = (
            date.fromordinal(int(rows.start[dated].min())),
            date.fromordinal(int(rows.end[dated].max())),
        )
    day_codes, days = col["date"]
    texts = [d if isinstance(d, str) else None for d in days]
    rows.dates = _objects(texts)[day_codes].tolist()
    # Index.date_rank: the rank of the text ("" for none) among the distinct texts
    ranked = sorted({t or "" for t in texts})
    rank_of = {t: r for r, t in enumerate(ranked)}
    rows.date_rank = np.array([rank_of[t or ""] for t in texts], np.int64)[day_codes]
    rows.undated_rank = rank_of.get("", -1)
    return codes, [s for s, _ in spans]


def _codes_and_texts(rows: Rows, col: dict[str, Coded], type_ids: np.ndarray) -> None:
    """Vocabulary codes (numbered as first seen, as `_code` numbers them row by row), side, border,
    background, type labels and place texts."""
    for target, vocab, (codes, values) in (
        (rows.type_code, rows.type_vocab, col["event_type"]),
        (rows.verif_code, rows.verif_vocab, col["verification"]),
        (rows.prec_code, rows.prec_vocab, col["location_precision"]),
    ):
        target[:] = np.array([_code(vocab, v) for v in values], np.int32)[codes]
    has_geometry: Coded = ((type_ids >= 0).astype(np.int64), [False, True])
    where = (col["country"], has_geometry, col["place_kind"], col["location_precision"], col["place"])
    codes, answers = _each(_where, *where)
    side_border = np.array(answers, dtype=np.int64).reshape(-1, 2)
    rows.side_code[:] = side_border[codes, 0]
    rows.border[:] = side_border[codes, 1].astype(bool)
    codes, answers = _each(lambda m: m == "background", col["mention"])
    rows.background[:] = np.array(answers, dtype=bool)[codes]
    codes, answers = _each(_label, col["event_label"], col["event_type"])
    rows.labels = _objects(answers)[codes].tolist()
    place = (col["place"], col["admin1"], col["place_kind"], col["place_mentions"], col["country"])
    codes, answers = _each(_place, *place)
    rows.places = _objects(answers)[codes].tolist()


def _order(rows: Rows, ids, first_days: Coded, event_types: Coded) -> None:
    """The order of sorted(features, key=filters.sort_key) (a stable sort): undated last, then
    by first day, event type ("" for none) and id text (UTF-8 order is code point order)."""
    (day_codes, days), (type_codes, types) = first_days, event_types
    day_key = np.array([d.toordinal() if d is not None else 1 << 40 for d in days], np.int64)
    ranked = sorted({t or "" for t in types})
    type_key = np.array([ranked.index(t or "") for t in types], np.int64)
    id_key = pc.rank(ids, sort_keys="ascending", tiebreaker="dense").to_numpy().astype(np.int64)
    rows.order = np.lexsort((id_key, type_key[type_codes], day_key[day_codes]))
    rows.id_key = id_key
