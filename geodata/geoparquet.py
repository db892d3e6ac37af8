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
the features are plain dicts; above, they stay packed (`PackedRecords`, geodata/parquet_records.py)
with their *light* properties (every property that is not nested JSON; crossing incidents also
their sources) as Arrow columns, read when first asked for: all the app's index and crossing
layer need; an incident is inflated only when opened.
"""

from __future__ import annotations

import json
import os
import tempfile
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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

    from .parquet_records import LightStore, PackedColumn, PackedRecords

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
