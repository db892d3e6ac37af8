"""Columnar index of the incidents, built once per data version, so that a rerun at 100,000
incidents never walks 100,000 feature dicts.

`Index.build(features)` reads every feature once (packed records from geodata.compact are
inflated one at a time) into numpy columns, in `filters.sort_key` order: the filter fields (type,
verification, precision, side, background, first/last day, actors, outlets), whether it has a
point / is border-wide, its coordinates, and the crossing events. Then:

* `select(flt)` is `filters.apply_filters(sorted features, flt)` as vectorised masks (positions
  into the sorted order; tests/scale/test_columns.py checks it against the reference);
* `view(positions)` is a lazy sequence of the features at those positions (a feature is
  inflated only when read: the table page, the markers, the opened incident, a download);
* `grid`, `timeline_counts`, `ids_at` answer the map, the crossings layer, the
  chart and a map click from the columns.

The stored features are the input items themselves (dicts stay the same objects; packed bytes
stay packed), so small collections behave exactly as before. No Streamlit here.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, overload

import numpy as np

from geodata.aggregate import Cell
from geodata.compact import full

from . import filters
from .filters import SIDES, Filters
from .popups import place_text

UNDATED = np.iinfo(np.int32).min


def _code(vocab: dict, value) -> int:
    """Code of a (hashable) value in a vocabulary, added when new; -1 for unhashable values
    (which equal no filter value)."""
    try:
        code = vocab.get(value)
    except TypeError:
        return -1
    if code is None:
        code = vocab[value] = len(vocab)
    return code


def _codes(vocab: dict, wanted) -> list[int]:
    out = []
    for value in wanted:
        try:
            if value in vocab:
                out.append(vocab[value])
        except TypeError:
            continue
    return out


def _members(value) -> set:
    """The elements `filters.matches` intersects with (``set(value or ())``)."""
    try:
        return set(value or ())
    except TypeError:
        return set()


class FeatureView(Sequence[dict]):
    """The features at some positions of an Index, inflated when read (a Sequence[dict])."""

    # not "index": that name is Sequence.index, the method
    __slots__ = ("source", "positions")

    def __init__(self, index: Index, positions: np.ndarray):
        self.source = index
        self.positions = positions

    def __len__(self) -> int:
        return len(self.positions)

    @overload
    def __getitem__(self, item: int) -> dict: ...

    @overload
    def __getitem__(self, item: slice) -> FeatureView: ...

    def __getitem__(self, item: int | slice) -> dict | FeatureView:
        if isinstance(item, slice):
            return FeatureView(self.source, self.positions[item])
        return self.source.feature(int(self.positions[item]))

    def __iter__(self) -> Iterator[dict]:
        feature = self.source.feature
        for pos in self.positions.tolist():
            yield feature(pos)

    def records(self) -> Iterator[dict | bytes]:
        """The stored records as they are (packed bytes above SLIM_ABOVE): for streaming a
        download without inflating 100,000 dicts."""
        items = self.source.items
        for pos in self.positions.tolist():
            yield items[pos]


class ById(Mapping[str, dict]):
    """{feature id: feature} over an Index (the last feature wins for a repeated id, as a dict
    comprehension over the sorted features would)."""

    def __init__(self, index: Index):
        self.index = index

    def __getitem__(self, key: str) -> dict:
        return self.index.feature(self.index.pos[key])

    def __contains__(self, key: object) -> bool:
        return key in self.index.pos

    def __iter__(self) -> Iterator[str]:
        return iter(self.index.pos)

    def __len__(self) -> int:
        return len(self.index.pos)


class Index:
    # the columns, all in sorted order; set by `build`
    n: int
    ids: list[str]
    dates: list[str | None]
    labels: list[str]
    places: list[str]
    pos: dict[str, int]
    id_set: frozenset[str]
    type_vocab: dict
    verif_vocab: dict
    prec_vocab: dict
    # code -> event_type as read from the JSON (a str in valid data, but not checked here)
    type_names: dict[int, Any]
    type_code: np.ndarray
    verif_code: np.ndarray
    prec_code: np.ndarray
    side_code: np.ndarray
    background: np.ndarray
    start: np.ndarray
    end: np.ndarray
    dated: np.ndarray
    located: np.ndarray
    border: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    date_rank: np.ndarray
    # a non-empty "date" text (what aggregate.adaptive_grid's first/last read), not `dated`
    has_date_text: np.ndarray
    id_rank: np.ndarray
    actors: dict[str, np.ndarray]
    outlets: dict[str, np.ndarray]
    options: dict[str, list[str]]
    span: tuple[date, date] | None

    def __init__(self) -> None:
        self.items: Sequence = []  # a list, or PackedRecords for large GeoParquet data

    # ---- build -------------------------------------------------------------------------------

    @classmethod
    def build(cls, features: Sequence) -> Index:
        # large GeoParquet data (geodata.parquet_records.PackedRecords) brings its light properties
        # as columns (or, when a column mixes types, as plain features): everything the index
        # reads, without inflating 100,000 packed records
        table = getattr(features, "table", None)
        light = getattr(features, "light", None)
        from .index_rows import PROPERTIES, rows_from_table

        rows = rows_from_table(*table(PROPERTIES)) if table is not None else None
        if rows is None:
            rows = _rows_from_features(features if light is None else light(), len(features))
        return cls._finish(rows, features)

    @classmethod
    def _finish(cls, rows: Rows, features: Sequence) -> Index:
        """Sort the rows like sorted(features, key=filters.sort_key) and keep them as columns."""
        self = cls()
        n = rows.n
        keys, ids, dates, labels, places = rows.keys, rows.ids, rows.dates, rows.labels, rows.places
        type_vocab, verif_vocab, prec_vocab = rows.type_vocab, rows.verif_vocab, rows.prec_vocab
        actors, outlets = rows.actors, rows.outlets
        # stable, like sorted(features, key=sort_key)
        order = rows.order if rows.order is not None else sorted(range(n), key=keys.__getitem__)
        perm = np.asarray(order, dtype=np.int64)
        rank = np.empty(n, np.int64)
        rank[perm] = np.arange(n)
        self.n = n
        take = getattr(features, "take", None)  # PackedRecords reorder without reading the records
        self.items = take(perm) if take is not None else [features[i] for i in order]
        self.ids, self.dates, self.labels, self.places = (
            _permuted(values, perm) for values in (ids, dates, labels, places)
        )
        self.pos = dict(zip(self.ids, range(n)))  # the last of a repeated id wins
        self.id_set = frozenset(self.pos)
        self.type_vocab, self.verif_vocab, self.prec_vocab = type_vocab, verif_vocab, prec_vocab
        self.type_names = {code: value for value, code in type_vocab.items()}
        self.type_code, self.verif_code, self.prec_code = (
            rows.type_code[perm],
            rows.verif_code[perm],
            rows.prec_code[perm],
        )
        self.side_code, self.background = rows.side_code[perm], rows.background[perm]
        self.start, self.end = rows.start[perm], rows.end[perm]
        self.dated = self.start != UNDATED
        self.located, self.border = rows.located[perm], rows.border[perm]
        self.lon, self.lat = rows.lon[perm], rows.lat[perm]
        # ranks of the "date" texts (as written; "" for none) and of the ids: the grid orders a
        # cell's incidents by (date, id) like geodata.aggregate does, with numbers
        if rows.date_rank is None:
            texts = sorted({d or "" for d in self.dates})
            rank_of = {d: r for r, d in enumerate(texts)}
            self.date_rank = np.fromiter((rank_of[d or ""] for d in self.dates), dtype=np.int64, count=n)
            self.has_date_text = self.date_rank != rank_of.get("", -1)
        else:
            self.date_rank = rows.date_rank[perm]
            self.has_date_text = self.date_rank != rows.undated_rank
        if rows.id_key is None:
            id_order: Any = sorted(range(n), key=self.ids.__getitem__)
        else:
            id_order = np.argsort(rows.id_key[perm], kind="stable")
        self.id_rank = np.empty(n, np.int64)
        self.id_rank[np.asarray(id_order, dtype=np.int64)] = np.arange(n)
        self.actors = {a: np.sort(rank[rows]) for a, rows in actors.items()}
        self.outlets = {o: np.sort(rank[rows]) for o, rows in outlets.items()}
        str_actors = (a for a in actors if isinstance(a, str))
        str_outlets = (o for o in outlets if isinstance(o, str))
        self.options = {
            "actors": sorted(str_actors, key=str.casefold),
            "outlets": sorted(str_outlets, key=str.casefold),
        }
        self.span = rows.span
        return self

    # ---- access ------------------------------------------------------------------------------

    def feature(self, pos: int) -> dict:
        return full(self.items[pos])

    def line(self, fid: str) -> tuple[str, str | None, str] | None:
        """(type label, date, place text) of one incident, without inflating it (cell popups)."""
        pos = self.pos.get(fid)
        return None if pos is None else (self.labels[pos], self.dates[pos], self.places[pos])

    def view(self, positions: np.ndarray) -> FeatureView:
        return FeatureView(self, positions)

    def by_id(self) -> ById:
        return ById(self)

    # ---- filters -----------------------------------------------------------------------------

    def mask(self, flt: Filters) -> np.ndarray:
        m = np.ones(self.n, np.bool_)
        if not flt.include_background:
            m &= ~self.background
        if flt.types:
            m &= np.isin(self.type_code, _codes(self.type_vocab, flt.types))
        if flt.verification:
            m &= np.isin(self.verif_code, _codes(self.verif_vocab, flt.verification))
        if flt.precisions:
            m &= np.isin(self.prec_code, _codes(self.prec_vocab, flt.precisions))
        if flt.sides:
            m &= np.isin(self.side_code, [SIDES.index(s) for s in SIDES if s in flt.sides])
        for wanted, table in ((flt.actors, self.actors), (flt.outlets, self.outlets)):
            if wanted:
                any_of = np.zeros(self.n, np.bool_)
                for value in _members(wanted):
                    rows = _lookup(table, value)
                    if rows is not None:
                        any_of[rows] = True
                m &= any_of
        if flt.start is not None or flt.end is not None:
            ok = self.dated.copy()
            if flt.start is not None:
                ok &= self.end >= flt.start.toordinal()
            if flt.end is not None:
                ok &= self.start <= flt.end.toordinal()
            if flt.include_undated:
                ok |= ~self.dated
            m &= ok
        return m

    def select(self, flt: Filters) -> np.ndarray:
        """Positions (in sorted order) of the features `filters.apply_filters` would keep."""
        return np.flatnonzero(self.mask(flt))

    # ---- what the page shows -----------------------------------------------------------------

    def ids_at(self, positions: np.ndarray, lat: float, lng: float) -> list[str]:
        """`state.features_at` over the features at `positions`."""
        near = positions[
            (np.abs(self.lat[positions] - lat) < 1e-5) & (np.abs(self.lon[positions] - lng) < 1e-5)
        ]
        return [self.ids[p] for p in near.tolist()]

    def timeline_counts(self, positions: np.ndarray) -> list[tuple[int, str, int]]:
        """(day ordinal, event type, incidents) for the dated features at `positions`, counted on
        their first day (charts.timeline_data's rows, from the columns)."""
        positions = positions[self.dated[positions]]
        if not len(positions):
            return []
        width = max(len(self.type_vocab), 1) + 1
        codes = self.type_code[positions].astype(np.int64) + 1  # -1 (unhashable) -> 0
        combined = self.start[positions].astype(np.int64) * width + codes
        values, counts = np.unique(combined, return_counts=True)
        out: dict[tuple[int, str], int] = {}
        for value, count in zip(values.tolist(), counts.tolist()):
            day, code = divmod(value, width)
            key = (day, self.type_names.get(code - 1) or "other")
            out[key] = out.get(key, 0) + count
        return [(day, name, count) for (day, name), count in out.items()]

    def grid(
        self, positions: np.ndarray, max_cells: int = 800, start_deg: float = 0.1, keep_recent: int = 3
    ) -> tuple[float, list[Cell]]:
        """geodata.aggregate.adaptive_grid over the located features at `positions`, vectorised."""
        positions = positions[
            self.located[positions] & ~np.isnan(self.lon[positions]) & ~np.isnan(self.lat[positions])
        ]
        lon, lat = self.lon[positions], self.lat[positions]
        cell_deg = start_deg
        while True:
            kx = np.floor(lon / cell_deg).astype(np.int64)
            ky = np.floor(lat / cell_deg).astype(np.int64)
            # one int64 per cell, ordered like the (kx, ky) tuples (lexicographic)
            combined = (kx - kx.min(initial=0)) * (int(ky.max(initial=0) - ky.min(initial=0)) + 1) + (
                ky - ky.min(initial=0)
            )
            uniq, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
            if len(uniq) <= max_cells:
                break
            cell_deg *= 2
        keys = np.stack([kx[first], ky[first]], axis=1)
        inverse = inverse.reshape(-1)
        k = len(keys)
        counts = np.bincount(inverse, minlength=k)
        lon_sum = np.bincount(inverse, weights=lon, minlength=k)
        lat_sum = np.bincount(inverse, weights=lat, minlength=k)
        width = max(len(self.type_vocab), 1) + 1
        codes = self.type_code[positions].astype(np.int64) + 1
        by_type = np.bincount(inverse * width + codes, minlength=k * width).reshape(k, width)
        cells = []
        for c in range(k):
            cell = Cell(
                key=(int(keys[c, 0]), int(keys[c, 1])),
                n=int(counts[c]),
                lon_sum=float(lon_sum[c]),
                lat_sum=float(lat_sum[c]),
            )
            for code in np.flatnonzero(by_type[c]).tolist():
                name = self.type_names.get(code - 1) or "other"
                cell.by_type[name] = cell.by_type.get(name, 0) + int(by_type[c, code])
            cells.append(cell)
        if k:
            # first / last date, and the latest incidents: (date or "", id) largest first
            order = np.lexsort((self.id_rank[positions], self.date_rank[positions], inverse))
            grouped = inverse[order]
            bounds = np.searchsorted(grouped, np.arange(k + 1))
            # from the column, not a per-incident loop: this runs on every rerun in grid mode
            dated = self.has_date_text[positions[order]]
            for c, cell in enumerate(cells):
                lo, hi = bounds[c], bounds[c + 1]
                members = order[lo:hi]
                dated_members = members[dated[lo:hi]]
                if len(dated_members):
                    cell.first = self.dates[int(positions[dated_members[0]])]
                    cell.last = self.dates[int(positions[dated_members[-1]])]
                if keep_recent:
                    cell.recent = [
                        (self.dates[p] or "", self.ids[p])
                        for p in positions[members[::-1][:keep_recent]].tolist()
                    ]
        return cell_deg, cells


@dataclass
class Rows:
    """Per incident, in input order: what the index sorts and keeps (`Index._finish`)."""

    n: int
    keys: list = field(default_factory=list)  # filters.sort_key
    ids: list[str] = field(default_factory=list)
    dates: list[str | None] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    type_vocab: dict = field(default_factory=dict)
    verif_vocab: dict = field(default_factory=dict)
    prec_vocab: dict = field(default_factory=dict)
    actors: dict[Any, list[int]] = field(default_factory=dict)
    outlets: dict[Any, list[int]] = field(default_factory=dict)
    span: tuple[date, date] | None = None
    # known from columns (index_rows.py); else Index._finish works them out from keys, ids, dates
    order: np.ndarray | None = None  # the sorted order
    id_key: np.ndarray | None = None  # the ids' rank, equal ids equal
    date_rank: np.ndarray | None = None  # Index.date_rank, in input order
    undated_rank: int = -1  # the date rank of "" (no date text), -1 if none

    def __post_init__(self) -> None:
        n = self.n
        self.type_code = np.empty(n, np.int32)
        self.verif_code = np.empty(n, np.int32)
        self.prec_code = np.empty(n, np.int32)
        self.side_code = np.empty(n, np.int8)
        self.background = np.zeros(n, np.bool_)
        self.start = np.full(n, UNDATED, np.int32)
        self.end = np.full(n, UNDATED, np.int32)
        self.located = np.zeros(n, np.bool_)
        self.border = np.zeros(n, np.bool_)
        self.lon = np.full(n, np.nan)
        self.lat = np.full(n, np.nan)


def _rows_from_features(items: Iterable, n: int) -> Rows:
    """The rows of n feature dicts (or packed records), one feature at a time."""
    rows = Rows(n)
    lo: date | None = None
    hi: date | None = None
    for i, item in enumerate(items):
        f = full(item)
        props = f.get("properties") or {}
        first, last = filters.feature_days(f)
        rows.keys.append(filters.sort_key_of(first, props.get("event_type"), f.get("id")))
        rows.ids.append(str(f.get("id")))
        rows.type_code[i] = _code(rows.type_vocab, props.get("event_type"))
        rows.verif_code[i] = _code(rows.verif_vocab, props.get("verification"))
        rows.prec_code[i] = _code(rows.prec_vocab, props.get("location_precision"))
        rows.side_code[i] = SIDES.index(filters.side_of(f))
        rows.background[i] = props.get("mention") == "background"
        if first is not None and last is not None:  # last is first when no date_end
            rows.start[i], rows.end[i] = first.toordinal(), last.toordinal()
            lo = first if lo is None or first < lo else lo
            hi = last if hi is None or last > hi else hi
        date_value = props.get("date")
        rows.dates.append(date_value if isinstance(date_value, str) else None)
        rows.labels.append(_intern(props.get("event_label") or props.get("event_type")))
        rows.places.append(_intern(place_text(props)))
        if filters.is_located(f):
            rows.located[i] = True
            coords = f["geometry"]["coordinates"]
            try:
                rows.lon[i], rows.lat[i] = float(coords[0]), float(coords[1])
            except (TypeError, ValueError):
                pass
        rows.border[i] = filters.is_border_wide(f)
        for value in filters.actor_names(props.get("actors")):
            rows.actors.setdefault(value, []).append(i)
        for value in _members(props.get("outlets")):
            rows.outlets.setdefault(value, []).append(i)
    rows.span = (lo, hi) if lo is not None and hi is not None else None
    return rows


def _permuted(values: list, perm: np.ndarray) -> list:
    """values[perm] as a list (the values are texts or None: no nested arrays)."""
    return np.fromiter(values, dtype=object, count=len(values))[perm].tolist()


def _intern(value) -> str:
    return sys.intern(value) if isinstance(value, str) else str(value)


def _lookup(table: dict, value):
    try:
        return table.get(value)
    except TypeError:
        return None
