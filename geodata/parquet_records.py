"""The records of a large GeoParquet file in memory (geodata/geoparquet.py reads the file): the
packed incidents read a row group at a time when opened (`PackedColumn`), the light property
columns as Arrow (`LightStore`), and `PackedRecords`, the sequence the app's index and crossing
layer read them from, column-wise or as small plain features."""

from __future__ import annotations

import functools
import json
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import Any, overload

from .geoparquet import FEATURE_ID, GEOMETRY, MIXED, NESTED, OTHER_SHAPE, PACKED, TEXT, UNREADABLE_COLUMN


class PackedColumn:
    """The ``feature_packed`` column of an open GeoParquet file, read a row group at a time when
    an incident is opened (the last few row groups kept): 100,000 packed incidents are ~70 MB the
    server need not hold. The open file keeps the version that was read, even if it is replaced."""

    KEEP = 4  # row groups kept decoded (~7 MB each at 10,000 rows)

    def __init__(self, source):
        import bisect

        self.source = source  # pyarrow.parquet.ParquetFile
        starts = [0]
        for i in range(source.num_row_groups):
            starts.append(starts[-1] + source.metadata.row_group(i).num_rows)
        self.starts = starts
        self._group_of = functools.partial(bisect.bisect_right, starts)
        self._groups: OrderedDict[int, Any] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self.starts[-1]

    def _group(self, group: int):
        with self._lock:  # one reader at a time; sessions share the file
            values = self._groups.get(group)
            if values is None:
                values = self.source.read_row_group(group, columns=[PACKED]).column(PACKED).combine_chunks()
                self._groups[group] = values
                while len(self._groups) > self.KEEP:
                    self._groups.popitem(last=False)
            else:
                self._groups.move_to_end(group)
            return values

    def __getitem__(self, row: int) -> bytes:
        group = self._group_of(row) - 1
        return self._group(group)[row - self.starts[group]].as_py()


class LightStore:
    """The light property columns of an open GeoParquet file (Arrow, in file order) and the
    crossing incidents' sources (their file rows, their JSON texts). A column is read when first
    asked for (the index and the crossing layer need 15 of the ~25), all are freed by `drop` and
    read again from the same open file if needed after that."""

    def __init__(self, source, light: dict[str, str], kinds: dict[str, str], unreadable: list[int]):
        self.source = source  # pyarrow.parquet.ParquetFile
        self.kinds = light  # the light columns' kinds
        # the crossing incidents' sources, when they are JSON (as build writes them)
        self.sources_kind = kinds.get("sources") if kinds.get("sources") in (NESTED, MIXED) else None
        self.type_kind = kinds.get("event_type")
        self.unreadable = unreadable
        self._columns: dict[str, Any] = {}
        self._crossing: tuple | None = None
        self._lock = threading.Lock()

    def table(self, names: Sequence[str] | None = None):
        """The id, geometry and light columns `names` (all when None) present in the file, with
        the unreadable-geometry marker when some rows have one."""
        import numpy as np
        import pyarrow as pa

        wanted = [
            FEATURE_ID,
            GEOMETRY,
            *(n for n in (self.kinds if names is None else names) if n in self.kinds),
        ]
        with self._lock:
            missing = [name for name in wanted if name not in self._columns]
            if missing:
                self._columns.update(self._read(missing))
            columns = {name: self._columns[name] for name in wanted}
        if self.unreadable:
            given = np.zeros(self.source.metadata.num_rows, dtype=bool)
            given[self.unreadable] = True
            columns[UNREADABLE_COLUMN] = pa.chunked_array([given])
        return pa.table(columns)

    def get(self) -> tuple:
        """(every light column, the crossing incidents' sources or None)."""
        return self.table(), self.crossing_sources()

    def drop(self, keep: Sequence[str] = ()) -> None:
        """Free the columns but `keep` (and the crossing sources unless kept), and give the
        memory the C library keeps after frees back to the system (malloc_trim)."""
        import pyarrow as pa

        with self._lock:
            self._columns = {name: self._columns[name] for name in keep if name in self._columns}
            if "sources" not in keep:
                self._crossing = None
        pa.default_memory_pool().release_unused()

    def _read(self, names: list[str]) -> dict[str, Any]:
        import pyarrow as pa

        # a row group at a time: small read buffers
        parts = [self.source.read_row_group(i, columns=names) for i in range(self.source.num_row_groups)]
        table = pa.concat_tables(parts)
        # the allocator keeps the decompression buffers of every row group (~2x the data)
        pa.default_memory_pool().release_unused()
        return {name: table.column(name) for name in names}

    def crossing_sources(self) -> tuple | None:
        """(file rows of the crossing incidents, their ``sources`` JSON texts), or None when the
        file has no such texts."""
        if not (self.sources_kind and self.type_kind in (TEXT, MIXED)):
            return None
        import numpy as np
        import pyarrow as pa

        types = self.table(["event_type"]).column("event_type")
        with self._lock:
            if self._crossing is None:
                rows, texts, offset = [], [], 0
                for i in range(self.source.num_row_groups):
                    size = self.source.metadata.row_group(i).num_rows
                    found, text = _crossing_sources(self.source, i, types.slice(offset, size), self.type_kind)
                    rows.append(found + offset)
                    texts.append(text)
                    offset += size
                self._crossing = (np.concatenate(rows), pa.chunked_array(texts, pa.large_string()))
            return self._crossing


class PackedRecords(Sequence[bytes]):
    """The incidents of a large GeoParquet file as compact.pack bytes, read from the file when
    opened (`PackedColumn`), with the light property columns in memory as Arrow (not 100,000
    Python objects). `light(positions)` gives plain features with the light properties of some
    incidents, made when asked."""

    __slots__ = ("packed", "store", "rows")

    def __init__(self, packed: PackedColumn, store: LightStore, rows=None):
        import numpy as np

        self.packed = packed  # in file order
        self.store = store  # the light columns, shared by every ordering of these records
        self.rows = np.arange(len(packed)) if rows is None else rows  # position -> file row

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, item: int) -> bytes: ...

    @overload
    def __getitem__(self, item: slice) -> PackedRecords: ...

    def __getitem__(self, item: int | slice) -> bytes | PackedRecords:
        if isinstance(item, slice):
            return PackedRecords(self.packed, self.store, self.rows[item])
        return self.packed[int(self.rows[item])]

    def __iter__(self) -> Iterator[bytes]:
        for row in self.rows.tolist():
            yield self.packed[row]

    def take(self, order: Sequence[int]) -> PackedRecords:
        """The same records in another order (the index's sorted order)."""
        import numpy as np

        return PackedRecords(self.packed, self.store, self.rows[np.asarray(order, dtype=np.int64)])

    def drop_light(self, keep: Sequence[str] = ()) -> None:
        """Free the light columns but `keep` (of every ordering of these records) once the index
        has read them (~20 MB at 100,000 incidents; "sources": the crossing incidents'); `light`
        and `table` read them again if asked."""
        self.store.drop(keep)

    def light(
        self,
        positions: Sequence[int] | None = None,
        *,
        sources: bool = False,
        names: Sequence[str] | None = None,
        chunk: int = 5_000,
    ) -> Iterator[dict]:
        """Plain features (id, geometry, light properties; with `sources`, the crossing incidents'
        sources too) at `positions` (all when None), made a chunk at a time so that 100,000 of
        them never exist at once. With `names`, only those properties and no geometry (for a
        reader of a few properties: the crossing layer)."""
        import numpy as np
        import pyarrow as pa

        rows = self.rows if positions is None else self.rows[np.asarray(positions, dtype=np.int64)]
        table = self.store.table(names)
        if names is not None:  # a few columns: one take, then Python objects a chunk at a time
            table = table.take(pa.array(rows, type=pa.int64()))
        crossing_sources = self.store.crossing_sources() if sources else None
        for lo in range(0, len(rows), chunk):
            part = table.slice(lo, chunk) if names is not None else table.take(rows[lo : lo + chunk])
            features = _light_features(part, self.store.kinds, geometry=names is None)
            if crossing_sources is not None:
                _add_sources(features, rows[lo : lo + chunk], *crossing_sources)
            yield from features

    def table(self, names: Sequence[str]) -> tuple[Any, dict[str, str]]:
        """(the id, geometry and light columns `names` present, as one Arrow table in this order of
        the records; those columns' kinds): for column operations (dashboard/index_rows.py)."""
        import numpy as np
        import pyarrow as pa

        table = self.store.table(names)
        if not (len(self.rows) == table.num_rows and np.array_equal(self.rows, np.arange(len(self.rows)))):
            table = table.take(pa.array(self.rows, type=pa.int64()))
        kinds = self.store.kinds
        return table, {name: kinds[name] for name in names if name in kinds}


def _crossing_sources(source, i: int, types, type_kind: str):
    """(rows within row group i, their ``sources`` JSON texts) of its crossing incidents: the
    crossing layer quotes them (geodata.crossings), and keeping those rows' sources is far
    cheaper than inflating the incidents or holding every incident's sources."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from .crossings import CROSSING_TYPES

    wanted = list(CROSSING_TYPES) if type_kind == TEXT else [json.dumps(t) for t in CROSSING_TYPES]
    crossing = pc.is_in(types, pa.array(wanted))
    sources = source.read_row_group(i, columns=["sources"]).column("sources")
    rows = np.flatnonzero(crossing.to_numpy(zero_copy_only=False))
    return rows, pc.filter(sources, crossing).cast(pa.large_string()).combine_chunks()


def _add_sources(features: list[dict], rows, crossing_rows, crossing_texts) -> None:
    """Each crossing incident's decoded sources in its light properties."""
    import numpy as np
    import pyarrow as pa

    at = np.minimum(np.searchsorted(crossing_rows, rows), max(len(crossing_rows) - 1, 0))
    found = np.flatnonzero(crossing_rows[at] == rows) if len(crossing_rows) else at[:0]
    # one take for the chunk: a ChunkedArray read item by item costs a lookup per row
    texts = crossing_texts.take(pa.array(at[found], type=pa.int64())).to_pylist()
    for i, value in zip(found.tolist(), _decoded(texts)):
        features[i]["properties"]["sources"] = value


def _decoded(texts: list[str | None]) -> list:
    """json.loads of each text (None for None), in one call: the texts are JSON values written
    by json.dumps, so as the items of one JSON array they decode to the same values, without
    the per-call overhead (about half the time for 25,000 short texts)."""
    try:
        values = json.loads("[" + ",".join("null" if t is None else t for t in texts) + "]")
    except ValueError:
        values = None
    if not isinstance(values, list) or len(values) != len(texts):  # not one value each: one by one
        values = [None if t is None else json.loads(t) for t in texts]
    return values


def _light_features(table, kinds: dict[str, str], geometry: bool = True) -> list[dict]:
    """One plain feature per row of `table`: id, geometry (unless not asked for), the light
    properties (JSON columns decoded)."""
    names = [name for name in table.column_names if name in kinds]
    values = []
    for name in names:
        column = _pylist(table.column(name))
        if kinds[name] in (MIXED, NESTED):
            column = [None if v is None else json.loads(v) for v in column]
        values.append(column)
    ids = table.column(FEATURE_ID).to_pylist()
    rows = zip(*values) if values else ([] for _ in ids)
    if not geometry:
        return [{"id": fid, "properties": dict(zip(names, row))} for fid, row in zip(ids, rows)]
    type_ids, xs, ys = (a.tolist() for a in points(table))
    return [
        {
            "id": fid,
            "geometry": {"type": "Point", "coordinates": [x, y]}
            if kind == 0 and x == x
            else _geometry(kind, x, y),
            "properties": dict(zip(names, row)),
        }
        for fid, kind, x, y, row in zip(ids, type_ids, xs, ys, rows)
    ]


def _pylist(column) -> list:
    """column.to_pylist(); for dictionary-encoded texts (and lists of them) the texts are made
    once and gathered by code: Arrow makes each value a Python object itself, ~30x slower."""
    import numpy as np
    import pyarrow as pa

    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if pa.types.is_dictionary(array.type):
        values = np.empty(len(array.dictionary) + 1, dtype=object)  # the last one: null
        values[:-1] = array.dictionary.to_pylist()
        return values[array.indices.fill_null(len(array.dictionary)).to_numpy()].tolist()
    if pa.types.is_list(array.type) and pa.types.is_dictionary(array.type.value_type):
        flat = _pylist(array.values)
        offsets = array.offsets.to_pylist()
        valid = array.is_valid().to_pylist()
        return [flat[a:b] if ok else None for a, b, ok in zip(offsets, offsets[1:], valid)]
    return array.to_pylist()


def points(table) -> tuple[Any, Any, Any]:
    """(shapely type id or -1, x, y) per row of the geometry column as numpy arrays; NaN x, y for
    other shapes and empty points."""
    import numpy as np
    import shapely

    geometries = shapely.from_wkb(table.column(GEOMETRY).to_numpy(zero_copy_only=False))
    type_ids = shapely.get_type_id(geometries)
    if UNREADABLE_COLUMN in table.column_names:  # a geometry was given: of no readable shape
        type_ids[table.column(UNREADABLE_COLUMN).to_numpy()] = OTHER_SHAPE
    points = (type_ids == 0) & ~shapely.is_empty(geometries)  # GEOS has no x of an empty point
    x_of, y_of = np.full(len(geometries), np.nan), np.full(len(geometries), np.nan)
    x_of[points], y_of[points] = shapely.get_x(geometries[points]), shapely.get_y(geometries[points])
    return type_ids, x_of, y_of


def _geometry(type_id: int, x: float, y: float) -> dict | None:
    """The light geometry: a GeoJSON point, a stand-in for other shapes, None for none."""
    if type_id < 0:
        return None
    if type_id == 0:  # an empty point has no coordinates, as in its GeoJSON
        return {"type": "Point", "coordinates": [] if x != x else [x, y]}
    return {"type": "Geometry"}  # the app asks only whether there is one and whether it is a point
