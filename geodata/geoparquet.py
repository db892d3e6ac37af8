"""GeoParquet next to the GeoJSON (`python -m geodata build --format parquet`), and a reader that
gives the app what it needs column by column instead of parsing the whole file as JSON.

The file (GeoParquet 1.1 written by geopandas, zstd, one row per incident, WGS 84):

* ``geometry``: the incident's point (WKB; null when it has no point);
* ``feature_id``: the feature's id;
* one column per property (first seen, first): texts, whole numbers, flags and lists of texts keep their type
  (``event_type``, ``date``, ``location_precision``, ``actors``…); nested values (``claims``,
  ``sources``, ``notes``, ``casualties``) and columns whose values mix types are JSON text;
* ``feature_packed``: the whole feature as geodata.compact.pack bytes (zlib-compressed GeoJSON),
  so the app restores each incident exactly as the GeoJSON has it (key order, nulls); other tools
  can ignore it;
* the collection's other members (generator, gazetteer, articles, problems) in the attributes
  ``geopandas.read_parquet(path).attrs["durand"]`` gives back.

The app keeps the file open and reads incidents from it when they are opened, so a new version
must replace it (a new file renamed over it, as `write_geoparquet` does), not be copied over it in
place: the open file keeps the old version, a rewritten one would be read half old, half new.

`read_collection` mirrors geodata.compact.load_collection_compact: up to ``SLIM_ABOVE`` incidents
the features are plain dicts; above, they stay packed (`PackedRecords`) and carry their *light*
properties (every property that is not nested JSON; crossing incidents also their sources) as
small dicts read from the columns, which is all the app's index and crossing layer need; an
incident is inflated only when opened.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, overload

from .compact import SLIM_ABOVE, pack, unpack
from .export import readable_like_new

MAGIC = b"PAR1"
GEOMETRY = "geometry"
FEATURE_ID = "feature_id"
PACKED = "feature_packed"
ATTRS_KEY = "durand"
KIND_KEY = "durand_kinds"  # {column: kind} for the reader, in the same attributes
UNREADABLE_KEY = "durand_unreadable_geometry"  # rows whose GeoJSON geometry shapely cannot read
# nested by design and only shown when an incident is opened: never among the light properties
# (the crossing layer gets the crossing incidents' sources on their own)
NOT_LIGHT = frozenset({"claims", "sources", "notes", "casualties"})
REQUIRED = (FEATURE_ID, GEOMETRY, PACKED)
UNREADABLE_COLUMN = "__unreadable_geometry"  # in memory only: LightStore marks those rows
OTHER_SHAPE = 7  # the shapely type id an unreadable geometry is given (any id but -1 and 0)
RESERVED = frozenset({GEOMETRY, FEATURE_ID, PACKED})
INT64 = (-(2**63), 2**63 - 1)

# kinds of property column: stored as their Arrow type, or as JSON text
TEXT, WHOLE, DECIMAL, FLAG, TEXTS, MIXED, NESTED, EMPTY = (
    "text",
    "int",
    "float",
    "bool",
    "texts",
    "mixed",  # scalars of several types: JSON text, decoded again for the light properties
    "nested",  # dicts or lists of non-texts: JSON text, left out of the light properties
    "empty",  # null in every row
)


def is_parquet(path: str | Path) -> bool:
    """Whether the file starts like a Parquet file (whatever its name)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == MAGIC
    except OSError:
        return False


# ---- writing ------------------------------------------------------------------------------------


def _kind_of(value: Any) -> str:
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        return FLAG
    if isinstance(value, int):
        return WHOLE if INT64[0] <= value <= INT64[1] else MIXED
    if isinstance(value, float):
        return DECIMAL
    if isinstance(value, str):
        return TEXT
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return TEXTS
    return NESTED


def column_kind(values: Sequence[Any]) -> str:
    """The kind of one property column from all its values."""
    kinds = {_kind_of(v) for v in values} - {EMPTY}
    if not kinds:
        return EMPTY
    if len(kinds) == 1:
        return kinds.pop()
    return NESTED if NESTED in kinds else MIXED


def _arrow_column(kind: str, values: list):
    import pyarrow as pa

    if kind in (MIXED, NESTED):
        dumped = [
            None if v is None else json.dumps(v, ensure_ascii=False, separators=(",", ":")) for v in values
        ]
        return pa.array(dumped, type=pa.string())
    types = {
        TEXT: pa.string(),
        WHOLE: pa.int64(),
        DECIMAL: pa.float64(),
        FLAG: pa.bool_(),
        TEXTS: pa.list_(pa.string()),
        EMPTY: pa.string(),
    }
    return pa.array(values, type=types[kind])


def usable(feature: object) -> bool:
    """A feature the app can show (what the GeoParquet file keeps): a dict with properties."""
    return (
        isinstance(feature, dict)
        and isinstance(feature.get("properties"), dict)
        and bool(feature["properties"])
    )


def _point(geometry: object):
    """A shapely geometry for a GeoJSON geometry, None when there is none or it is unreadable."""
    import shapely.geometry

    if not isinstance(geometry, dict):
        return None
    try:
        return shapely.geometry.shape(geometry)
    except Exception:  # noqa: BLE001 - a malformed geometry is kept in feature_packed only
        return None


def to_geodataframe(collection: dict):
    """The collection's usable features as a GeoDataFrame (Arrow-typed columns) and the collection's
    other members in ``.attrs["durand"]``."""
    import geopandas as gpd
    import pandas as pd
    import pyarrow as pa

    # in the collection's order (build output is in date order, as the app lists it, so a page
    # of the table reads neighbouring row groups); reordering would change the order of ties
    features = [f for f in collection.get("features") or [] if usable(f)]
    names: dict[str, None] = {}
    for feature in features:
        names.update(dict.fromkeys(k for k in feature["properties"] if k not in RESERVED))
    columns: dict[str, Any] = {FEATURE_ID: pa.array([_text_id(f.get("id")) for f in features], pa.string())}
    kinds: dict[str, str] = {}
    for name in names:
        values = [f["properties"].get(name) for f in features]
        kinds[name] = column_kind(values)
        columns[name] = _arrow_column(kinds[name], values)
    columns[PACKED] = pa.array([pack(f) for f in features], type=pa.binary())
    # nullable pandas types where numpy would turn a null into NaN; not ArrowDtype, whose
    # pandas metadata geopandas.read_parquet cannot read back (lists of texts)
    nullable = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    frame = pa.table(columns).to_pandas(types_mapper=nullable.get)
    shapes = [_point(f.get("geometry")) for f in features]
    # a geometry given but unreadable still counts as "has a geometry" for the app (its side,
    # border-wide or not), as in the GeoJSON: its rows are listed
    unreadable = [
        i for i, (f, shape) in enumerate(zip(features, shapes)) if f.get("geometry") and shape is None
    ]
    geometry = gpd.GeoSeries(shapes, crs="EPSG:4326")
    gdf = gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")
    gdf.attrs[ATTRS_KEY] = {k: v for k, v in collection.items() if k not in ("features", "slim")}
    gdf.attrs[KIND_KEY] = kinds
    gdf.attrs[UNREADABLE_KEY] = unreadable
    return gdf


def _text_id(value: object) -> str | None:
    return None if value is None else str(value)


def write_geoparquet(collection: dict, path: str | Path) -> int:
    """Write the collection as GeoParquet; readers only ever see the old or the new complete file.
    Returns the number of incidents written (features without properties are left out)."""
    path = Path(path)
    gdf = to_geodataframe(collection)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        # row groups of 10,000: the app reads one at a time (small buffers); the packed
        # features are zlib already, zstd would only spend time on them
        compression = {name: "zstd" for name in gdf.columns}
        compression[PACKED] = "none"
        gdf.to_parquet(tmp_name, index=False, compression=compression, row_group_size=10_000)
        readable_like_new(tmp_name)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return len(gdf)


# ---- reading ------------------------------------------------------------------------------------


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


def read_footer(path: str | Path) -> tuple[dict, dict[str, str], list[int]]:
    """The footer of a GeoParquet file written here, checked: the columns the app needs, and
    points in longitude/latitude (a file re-saved in another CRS would put every incident far
    off the map). (the collection's other members, {column: kind}, rows with an unreadable
    geometry); ValueError with a readable reason otherwise."""
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    metadata = schema.metadata or {}
    try:
        attrs = json.loads(metadata[b"PANDAS_ATTRS"])
        geo = json.loads(metadata[b"geo"])["columns"][GEOMETRY]
    except (KeyError, ValueError, TypeError) as exc:
        raise ValueError("not a GeoParquet file written by geodata (no collection attributes)") from exc
    meta, kinds, unreadable = attrs.get(ATTRS_KEY), attrs.get(KIND_KEY), attrs.get(UNREADABLE_KEY, [])
    if not isinstance(meta, dict) or not isinstance(kinds, dict) or not isinstance(unreadable, list):
        raise ValueError("not a GeoParquet file written by geodata (no collection attributes)")
    missing = [name for name in (*REQUIRED, *kinds) if name not in schema.names]
    if missing:
        raise ValueError(f"columns missing from the file: {', '.join(missing[:5])}")
    crs = geo.get("crs", "OGC:CRS84")  # GeoParquet: no crs means longitude/latitude on WGS 84
    code = crs.get("id", {}).get("code") if isinstance(crs, dict) else None
    if geo.get("encoding") != "WKB" or not (crs in ("OGC:CRS84", None) or code in (4326, "CRS84")):
        raise ValueError(
            "the points are not WKB in longitude/latitude (EPSG:4326); write it with build --format parquet"
        )
    return meta, kinds, unreadable


def use_system_allocator() -> None:
    """Arrow memory from the C library's malloc, not pyarrow's default mimalloc, for this process:
    mimalloc kept the freed read buffers of a 100,000-incident file mapped (read, index and
    crossing layer in one thread, 2026-12-05: peak 401 -> 330 MB, read 0.40 -> 0.26 s; in the
    app's script thread the peak gain was smaller, ~10 MB). Buffers already made stay with the
    pool that made them."""
    import pyarrow as pa

    if pa.default_memory_pool().backend_name != "system":
        pa.set_memory_pool(pa.system_memory_pool())


def read_collection(
    path: str | Path, *, slim_above: int | None = None, columns: Sequence[str] | None = None
) -> dict:
    """The collection in the file, shaped like geodata.compact.load_collection_compact's: above
    `slim_above` incidents (default SLIM_ABOVE) packed and column-wise, with the light columns
    `columns` (all when None) and the crossing incidents' sources read now."""
    if slim_above is None:
        slim_above = SLIM_ABOVE
    import pyarrow as pa
    import pyarrow.parquet as pq

    meta, kinds, unreadable = read_footer(path)
    collection = {**meta, "type": meta.get("type", "FeatureCollection")}
    light = {name: kind for name, kind in kinds.items() if name not in NOT_LIGHT}
    # stays open: the packed incidents are read from it when opened
    source = pq.ParquetFile(path, read_dictionary=_dictionary_columns(pq.read_schema(path), light))
    try:
        if source.metadata.num_rows <= slim_above:
            packed = source.read(columns=[PACKED]).column(PACKED)
            collection["features"] = [unpack(b) for b in packed.to_pylist()]
            return collection
        store = LightStore(source, light, kinds, unreadable)
        # read now, while the file is being opened anyway (a damaged one says so here)
        store.table(columns)
        store.crossing_sources()
    except (KeyError, zlib.error, UnicodeDecodeError) as exc:  # Arrow's errors are ValueError/OSError
        raise ValueError(f"damaged file: {exc}") from exc
    collection["features"] = PackedRecords(PackedColumn(source), store)
    # the allocator keeps the decompression buffers of every row group (~2x the data) unless asked
    pa.default_memory_pool().release_unused()
    collection["slim"] = True
    articles = collection.get("articles")
    if isinstance(articles, list):  # as the compact loader: the app lists only the problem ones
        collection["articles"] = [a for a in articles if isinstance(a, dict) and a.get("problems")]
    return collection


def _dictionary_columns(schema, light: dict[str, str]) -> list[str]:
    """The light text columns (and lists of texts), to be read dictionary-encoded as they are
    stored: half the memory of their values, and the index works on the codes. Not the "id"
    property, whose values are all different."""
    import pyarrow as pa

    out = []
    for name, kind in light.items():
        if name == "id" or name not in schema.names:
            continue
        field = schema.field(name)
        if kind == TEXT and (pa.types.is_string(field.type) or pa.types.is_large_string(field.type)):
            out.append(name)
        elif kind == TEXTS and pa.types.is_list(field.type):
            out.append(f"{name}.list.{field.type.value_field.name}")
    return out


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
