"""Large collections in bounded memory: stream a GeoJSON file feature by feature and, above
`SLIM_ABOVE` features, keep each incident as one compressed record until something opens it.

At 100,000 incidents `json.load` of the whole file peaks near 800 MB and the dicts stay at
~540 MB (~375 MB even with claims and sources folded into a string, `slim`).
`load_collection_compact` never holds the whole text (it reads 1 MB chunks) and, above
`SLIM_ABOVE` features, stores each incident packed (`pack`: zlib-compressed JSON, ~0.7 kB): the
app reads what filters, map aggregation, crossings and the timeline need once into columns
(dashboard/columns.py), and `full(record)` re-inflates one incident (a new dict) for its popup,
the table page, the details or a download. `full` of a plain feature dict is the feature itself,
so small collections go through unchanged.
"""

from __future__ import annotations

import json
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

HEAVY_KEYS = ("claims", "sources", "notes")
HEAVY = "_heavy"  # properties key holding the heavy keys as compact JSON text
SLIM_ABOVE = 20_000
CHUNK = 1 << 20

_DECODER = json.JSONDecoder()
_WS = " \t\n\r"


class _Reader:
    """Chunked text reader with raw_decode of one JSON value at a time."""

    def __init__(self, handle):
        self.handle = handle
        self.buf = ""
        self.pos = 0
        self.eof = False

    def _more(self) -> bool:
        if self.eof:
            return False
        chunk = self.handle.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        if self.pos > len(self.buf) // 2:
            self.buf, self.pos = self.buf[self.pos :], 0
        self.buf += chunk
        return True

    def peek(self) -> str:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise ValueError(f"expected {char!r} at offset {self.pos}")
        self.pos += 1

    def value(self):
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError:
                if self._more():
                    continue
                raise
            # a number or literal cut at the chunk end parses short: make sure it ended
            if end == len(self.buf) and not self.eof and self._more():
                continue
            self.pos = end
            return value


def iter_collection(path: str | Path) -> Iterator[tuple[str, object]]:
    """("key", value) for each top-level member, except "features", which yields
    ("feature", feature) once per feature. Never holds more than a chunk plus one value."""
    with open(path, encoding="utf-8") as handle:
        reader = _Reader(handle)
        reader.expect("{")
        if reader.peek() == "}":
            return
        while True:
            key = reader.value()
            if not isinstance(key, str):
                raise ValueError("object key expected")
            reader.expect(":")
            if key == "features" and reader.peek() == "[":
                reader.expect("[")
                if reader.peek() == "]":
                    reader.pos += 1
                else:
                    while True:
                        yield "feature", reader.value()
                        nxt = reader.peek()
                        reader.pos += 1
                        if nxt == "]":
                            break
                        if nxt != ",":
                            raise ValueError("',' or ']' expected in features")
            else:
                yield key, reader.value()
            nxt = reader.peek()
            reader.pos += 1
            if nxt == "}":
                return
            if nxt != ",":
                raise ValueError("',' or '}' expected")


def slim(feature: dict, intern=sys.intern) -> dict:
    """The same feature with HEAVY_KEYS folded into one JSON string; short repeated strings
    (types, labels, places, dates, actors, outlets) interned."""
    props = feature.get("properties")
    if not isinstance(props, dict) or HEAVY in props:
        return feature
    light = {}
    heavy = {}
    for key, value in props.items():
        if key in HEAVY_KEYS:
            heavy[key] = value
        elif isinstance(value, str) and len(value) <= 64:
            light[key] = intern(value)
        elif isinstance(value, list) and all(isinstance(v, str) and len(v) <= 64 for v in value):
            light[key] = [intern(v) for v in value]
        else:
            light[key] = value
    light[HEAVY] = json.dumps(heavy, ensure_ascii=False, separators=(",", ":"))
    out = {k: v for k, v in feature.items() if k != "properties"}
    out["properties"] = light
    return out


def pack(feature: dict) -> bytes:
    """The whole feature as zlib-compressed compact JSON (~0.7 kB instead of ~3.7 kB of dicts):
    how `load_collection_compact` stores large collections. `full(packed)` gives it back."""
    return zlib.compress(json.dumps(feature, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


def unpack(packed: bytes) -> dict:
    return json.loads(zlib.decompress(packed))


def is_slim(feature: dict | bytes) -> bool:
    if isinstance(feature, (bytes, bytearray)):
        return True
    return HEAVY in (feature.get("properties") or {})


def full(feature: dict | bytes) -> dict:
    """The complete feature (a copy when slim or packed, the feature itself otherwise), keys in
    export order as far as the light part goes, heavy keys restored."""
    if isinstance(feature, (bytes, bytearray)):
        return unpack(feature)
    props = feature.get("properties") or {}
    heavy = props.get(HEAVY)
    if heavy is None:
        return feature
    restored = {k: v for k, v in props.items() if k != HEAVY}
    restored.update(json.loads(heavy))
    return {**feature, "properties": restored}


def full_all(features) -> list[dict]:
    return [full(f) for f in features]


def feature_json(feature: dict | bytes) -> bytes:
    """The complete feature as compact UTF-8 JSON. A packed record already is that text
    (compressed), so a download of 100,000 of them never builds the dicts."""
    if isinstance(feature, (bytes, bytearray)):
        return zlib.decompress(feature)
    return json.dumps(full(feature), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def load_collection_compact(path: str | Path, *, slim_above: int = SLIM_ABOVE) -> dict:
    """A FeatureCollection read in bounded memory. Above `slim_above` features, features are
    stored packed (`pack`: one compressed bytes object per feature; `full` restores it) and article summaries without problems are dropped (the app
    lists only the problem ones); the collection then has "slim": True."""
    collection: dict = {}
    features: list[dict | bytes] = []  # packed (bytes) once slimming starts
    pending: list[dict] = []
    slimming = False
    for key, value in iter_collection(path):
        if key != "feature":
            collection[key] = value
            continue
        if not isinstance(value, dict):
            continue
        if slimming:
            # (a feature without properties stays a dict: the app skips it)
            features.append(pack(value) if value.get("properties") else value)
            continue
        pending.append(value)
        if len(pending) > slim_above:
            slimming = True
            features.extend(pack(f) if f.get("properties") else f for f in pending)
            pending = []
    features.extend(pending)
    collection["features"] = features
    if slimming:
        collection["slim"] = True
        articles = collection.get("articles")
        if isinstance(articles, list):
            collection["articles"] = [a for a in articles if isinstance(a, dict) and a.get("problems")]
    return collection
