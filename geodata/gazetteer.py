"""Gazetteer: Afghanistan–Pakistan place names, the Durand Line, and toponym finding in text.

Data (built by ``python -m geodata.build_gazetteer``, see ``geodata/data/README.md``):

* ``gazetteer.json``  – places (GeoNames cities500 AF/PK + a curated, cited supplement);
* ``af_pk_boundary.geojson`` – the Durand Line (Natural Earth 1:10m) and simplified AFG/PAK polygons;
* ``common_words.txt`` – names that are also English words (stricter case rule);
* ``not_places.txt`` – organisations/rivers/outlets that contain a place name but are not places.

Matching is one Aho–Corasick pass over the normalised text (casefolded, diacritics folded, hyphens
and dashes as spaces) with a map back to the original offsets; candidates are ranked like
Mordecai/CLIFF (exact name over alias, feature-type cue next to the name, parent area named
elsewhere, distance to the other places, population, the article's country focus) and the finder
abstains when two distant candidates tie. No streamlit import here.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick

from .model import PLACE_KINDS, Place

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_PATH = DATA_DIR / "gazetteer.json"
BOUNDARY_FILENAME = "af_pk_boundary.geojson"
COMMON_WORDS_FILENAME = "common_words.txt"
NOT_PLACES_FILENAME = "not_places.txt"
FORMAT_VERSION = 1
BORDER_ZONE_KM = 5.0

__all__ = [
    "GazetteerDataError",
    "Gazetteer",
    "PlaceMention",
    "load_gazetteer",
    "normalise",
    "validate_place_rows",
    "validate_boundary",
]


class GazetteerDataError(ValueError):
    """A gazetteer data file is missing or broken; the message names the file and the row."""


# ---------------------------------------------------------------------------------------------
# Normalisation

_DASHES = set("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d")
_APOSTROPHES = set("'\u2018\u2019\u201a\u201b\u02bc\u02bb\u02b9\u02bf\u02be\u0060\u00b4\u2032\uff07")
_DROP = set("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_SPECIAL = {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ħ": "h"}


@functools.lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in _DROP:
        return ""
    if c in _DASHES:
        return "-"
    if c in _APOSTROPHES:
        return "'"
    if c.isspace():
        return " "
    if c.isascii():
        return c.lower()
    out = []
    for d in unicodedata.normalize("NFKD", c):
        if unicodedata.combining(d):
            continue
        for e in d.casefold():
            out.append(_SPECIAL.get(e, e))
    return "".join(out)


def _fold(text: str, hyphen_space: bool = False) -> tuple[str, list[int]]:
    """Fold `text` char by char; returns the folded string and, per folded char, its original index.

    Whitespace runs collapse to one space. With `hyphen_space`, hyphens/dashes become spaces too
    (the matching form); otherwise they are unified to '-'.
    """
    out: list[str] = []
    offs: list[int] = []
    prev_space = False
    for i, c in enumerate(text):
        f = _fold_char(c)
        if not f:
            continue
        if hyphen_space and f == "-":
            f = " "
        for ch in f:
            if ch == " ":
                if prev_space:
                    continue
                prev_space = True
            else:
                prev_space = False
            out.append(ch)
            offs.append(i)
    return "".join(out), offs


def normalise(text: str) -> str:
    """Casefold, fold diacritics (Spīn Bōldak -> spin boldak), unify hyphens/apostrophes, collapse spaces."""
    return _fold(text or "")[0].strip()


def _key(text: str) -> str:
    """The matching key of a name: `normalise` with hyphens as spaces."""
    s, _ = _fold(text or "", hyphen_space=True)
    return s.strip()


# Transliteration variants applied to curated names and to not-place phrases (one rule at a time).
_VARIANT_RULES: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"ee", "i"),
        (r"(?<=\w)i(?=k\b)", "ee"),  # Tehrik -> Tehreek
        (r"oo", "u"),
        (r"\bangur\b", "angoor"),
        (r"\badda\b", "ada"),
        (r"\bqila\b", "killa"),
        (r"\bkilla\b", "qila"),
        (r"\bqila\b", "qilla"),
        (r"\bqila\b", "kila"),
        (r"\bkhost\b", "khowst"),
        (r"\btorkham\b", "torkhum"),
        (r" e ", " i "),
        (r" i ", " e "),
        (r" e ", " "),
        (r"'", ""),
        (r"'", " "),
        (r"\bpak\b", "pakistan"),
        (r"\bdistrict\b", "agency"),
        (r"\bagency\b", "district"),
    )
)


def _variants(key: str) -> set[str]:
    out = set()
    for pat, rep in _VARIANT_RULES:
        v = pat.sub(rep, key)
        v = re.sub(r"\s+", " ", v).strip()
        if v and v != key:
            out.add(v)
    return out


# ---------------------------------------------------------------------------------------------
# Validation (shared by the build script and the loader)

_PLACE_FIELDS = (
    "id",
    "name",
    "kind",
    "country",
    "admin1",
    "admin2",
    "lat",
    "lon",
    "precision",
    "aliases",
    "population",
    "source",
    "licence",
)
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_FLAGS = {"capital", "government", "strict"}


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def validate_place_rows(rows: list[dict], filename: str, row_numbers: list[int] | None = None) -> None:
    """Raise GazetteerDataError naming file and row for the first broken row (and duplicate ids)."""
    if not isinstance(rows, list) or not rows:
        raise GazetteerDataError(f"{filename}: no place rows")
    seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        n = row_numbers[i] if row_numbers else i
        where = f"{filename}: row {n}"
        if not isinstance(row, dict):
            raise GazetteerDataError(f"{where}: not an object")
        pid = row.get("id")
        where += f" (id {pid!r})"
        for f in _PLACE_FIELDS:
            if f not in row:
                raise GazetteerDataError(f"{where}: missing field {f!r}")
        if not isinstance(pid, str) or not re.match(r"^(gn:\d+|sup:[a-z_]+:[a-z0-9_:]+)$", pid):
            raise GazetteerDataError(f"{where}: bad id")
        if pid in seen:
            raise GazetteerDataError(f"{where}: duplicate id (first at row {seen[pid]})")
        seen[pid] = n
        if not isinstance(row["name"], str) or not row["name"].strip() or not _key(row["name"]):
            raise GazetteerDataError(f"{where}: empty name")
        if row["kind"] not in PLACE_KINDS:
            raise GazetteerDataError(f"{where}: kind {row['kind']!r} not in PLACE_KINDS")
        c = row["country"]
        if c is not None and not (isinstance(c, str) and _COUNTRY_RE.match(c)):
            raise GazetteerDataError(f"{where}: country {c!r} is not ISO2 or null")
        if c is None and row["kind"] not in ("boundary", "crossing"):
            raise GazetteerDataError(f"{where}: country is required for kind {row['kind']}")
        for f in ("admin1", "admin2"):
            if row[f] is not None and not (isinstance(row[f], str) and row[f].strip()):
                raise GazetteerDataError(f"{where}: {f} must be a non-empty string or null")
        lat, lon = row["lat"], row["lon"]
        prec = row["precision"]
        if not (isinstance(prec, int) and not isinstance(prec, bool) and 1 <= prec <= 7):
            raise GazetteerDataError(f"{where}: precision {prec!r} not an int 1..7")
        if lat is None or lon is None:
            if not (lat is None and lon is None):
                raise GazetteerDataError(f"{where}: lat and lon must both be numbers or both null")
            if row["kind"] != "boundary" and prec != 7:
                raise GazetteerDataError(
                    f"{where}: no coordinates but precision {prec} (only boundary or 7 may lack a point)"
                )
        else:
            if not (_is_num(lat) and _is_num(lon)):
                raise GazetteerDataError(f"{where}: lat/lon not numbers")
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise GazetteerDataError(f"{where}: lat/lon out of range ({lat}, {lon})")
        if row["kind"] == "boundary" and prec != 5:
            raise GazetteerDataError(f"{where}: a boundary must have precision 5")
        al = row["aliases"]
        if not isinstance(al, (list, tuple)) or not all(isinstance(a, str) and a.strip() for a in al):
            raise GazetteerDataError(f"{where}: aliases must be a list of non-empty strings")
        pop = row["population"]
        if not (isinstance(pop, int) and not isinstance(pop, bool) and pop >= 0):
            raise GazetteerDataError(f"{where}: population {pop!r} not a non-negative int")
        for f in ("source", "licence"):
            if not isinstance(row[f], str) or not row[f].strip():
                raise GazetteerDataError(f"{where}: {f} is required")
        flags = row.get("flags", [])
        if (
            not isinstance(flags, (list, tuple))
            or not all(isinstance(f, str) for f in flags)
            or not set(flags) <= _FLAGS
        ):
            raise GazetteerDataError(f"{where}: flags {flags!r} not a subset of {sorted(_FLAGS)}")


def validate_boundary(data: Any, filename: str) -> dict[str, Any]:
    """Check the boundary FeatureCollection; return {'line': LineString, 'AF': geom, 'PK': geom}."""
    from shapely.geometry import shape

    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise GazetteerDataError(f"{filename}: not a GeoJSON FeatureCollection")
    out: dict[str, Any] = {}
    for i, feat in enumerate(data["features"]):
        props = feat.get("properties") if isinstance(feat, dict) else None
        fid = props.get("id") if isinstance(props, dict) else None
        where = f"{filename}: feature {i} (id {fid!r})"
        if fid not in ("durand_line", "AF", "PK"):
            raise GazetteerDataError(f"{where}: unknown feature id")
        try:
            geom = shape(feat["geometry"])
        except Exception as exc:  # noqa: BLE001
            raise GazetteerDataError(f"{where}: bad geometry ({exc})") from exc
        if geom.is_empty:
            raise GazetteerDataError(f"{where}: empty geometry")
        if fid == "durand_line":
            if geom.geom_type != "LineString" or len(geom.coords) < 2:
                raise GazetteerDataError(f"{where}: the Durand Line must be one LineString")
            out["line"] = geom
        else:
            if geom.geom_type not in ("Polygon", "MultiPolygon") or not geom.is_valid:
                raise GazetteerDataError(f"{where}: country outline must be a valid (Multi)Polygon")
            out[fid] = geom
        minx, miny, maxx, maxy = geom.bounds
        if not (minx >= 55 and maxx <= 80 and miny >= 20 and maxy <= 40):
            raise GazetteerDataError(f"{where}: coordinates outside the AF/PK window (lon/lat order?)")
    for need in ("line", "AF", "PK"):
        if need not in out:
            raise GazetteerDataError(
                f"{filename}: missing feature {'durand_line' if need == 'line' else need}"
            )
    return out


def _read_word_list(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerDataError(f"{path}: cannot read ({exc})") from exc
    out = []
    for n, line in enumerate(lines, 1):
        s = line.split("#", 1)[0].strip()
        if not s:
            continue
        if not _key(s):
            raise GazetteerDataError(f"{path}: line {n}: empty after normalisation")
        out.append(s)
    return out


# ---------------------------------------------------------------------------------------------
# Mentions


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str  # text[start:end] of the original string
    place: Place
    score: float
    role: str  # "place" | "speaker" | "boundary"
    cue: str | None  # "district", "province", "crossing", "pass", "valley", "city", "region" or None


_CUE_WORDS = {
    "district": "district",
    "districts": "district",
    "agency": "district",
    "tehsil": "district",
    "province": "province",
    "provinces": "province",
    "crossing": "crossing",
    "crossings": "crossing",
    "border crossing": "crossing",
    "border point": "crossing",
    "gate": "crossing",
    "border": "crossing",
    "pass": "pass",
    "valley": "valley",
    "city": "city",
    "town": "city",
    "region": "region",
}
_CUE_AFTER = re.compile(
    r"^[ \t]+(border crossing|border point|district|districts|agency|tehsil|province|provinces|crossing|crossings|gate|pass|valley|city|town|region)\b",
    re.I,
)
_CUE_BEFORE = re.compile(r"\b(province|district|city|town|valley|region) of[ \t]+$", re.I)
_NO_EXTEND = {"districts", "provinces", "crossings"}
_CUE_COMPAT = {
    "district": {"district"},
    "province": {"province"},
    "crossing": {"crossing"},
    "pass": {"pass", "crossing"},
    "valley": {"region", "district"},
    "city": {"populated_place"},
    "region": {"region"},
}
_KIND_PRIOR = {
    "populated_place": 0.2,
    "crossing": 0.12,
    "district": 0.1,
    "pass": 0.08,
    "province": 0.05,
    "region": 0.0,
    "country": 0.0,
    "boundary": 0.0,
}
_MATCH_BASE = (1.0, 0.85, 0.75)  # primary name, alias, generated variant

_SPEAKER_AFTER = re.compile(
    r"^[ \t]*(?:(?:has|have|had|is|was|were|been|will|would|also|again|long|then|now|too|itself|has also|had also|"
    r"on \w+day)[ \t]+)*(?:\w+ly[ \t]+)?"
    r"(?:claim|say|said|says|accus|deny|denie|denied|reject|warn|alleg|insist|maintain|blam|demand|urg|condemn|"
    r"announc|confirm|respond|vow|threaten|dismiss|protest|summon|assert|rebuff|retort|acknowledg|admit|refus|"
    r"sought|seek|hit back|lodg|told|tell|counter|continu|want|believ|argu|view|sees|saw|consider|regard|"
    r"could|can|must|should|may|might|underestimat|backed|back|support|negotiat|agree|signed|welcom|expect|issu)",
    re.I,
)
_POSSESSIVE = re.compile(r"^['’]s?[ \t]+([A-Za-z-]+)(?:[ \t]+([A-Za-z-]+))?")
_GOV_NOUNS = {
    "government",
    "govt",
    "ministry",
    "foreign",
    "defence",
    "defense",
    "military",
    "army",
    "armed",
    "air",
    "security",
    "intelligence",
    "leadership",
    "leaders",
    "officials",
    "authorities",
    "embassy",
    "envoy",
    "ambassador",
    "narrative",
    "allegations",
    "allegation",
    "claims",
    "claim",
    "position",
    "stance",
    "policy",
    "assertion",
    "interior",
    "information",
    "prime",
    "president",
    "national",
    "spokesman",
    "spokesperson",
    "regime",
    "administration",
    "rulers",
    "establishment",
    "top",
    "chief",
    "acting",
    "caretaker",
    "taliban",
    "mission",
    "delegation",
    "cabinet",
    "parliament",
    "senate",
    "accusations",
    "accusation",
    "response",
    "decision",
    "demand",
    "demands",
    "warning",
    "statement",
    "engagement",
    "diplomatic",
    "strategic",
    "request",
    "refusal",
    "denial",
    "retaliation",
    "offensive",
    "aggression",
    "airstrike",
    "airstrikes",
    "strikes",
    "forces",
    "troops",
    "approach",
    "support",
    "influence",
    "outreach",
    "relations",
    "ties",
}
_PHYSICAL_NOUNS = {
    "streets",
    "street",
    "outskirts",
    "suburbs",
    "suburb",
    "airport",
    "neighbourhood",
    "neighbourhoods",
    "neighborhood",
    "neighborhoods",
    "residents",
    "city",
    "centre",
    "center",
    "hospitals",
    "hospital",
    "district",
    "districts",
    "eastern",
    "western",
    "northern",
    "southern",
    "east",
    "west",
    "north",
    "south",
    "old",
    "main",
    "population",
    "skyline",
    "markets",
    "market",
    "roads",
    "road",
    "university",
    "police",
    "province",
    "people",
    "citizens",
    "area",
    "areas",
    "mosques",
    "mosque",
    "schools",
    "green",
    "red",
}
_SPEAKER_BEFORE = re.compile(
    r"(?:\bbetween|\baccus\w*|\burg\w*|\bwarn\w*|\bpress\w*|\bby|\bblam\w*|\b(?:relations|ties|talks|tensions|dialogue|rift)\s+with)[ \t]+$",
    re.I,
)
_RELATIONS_AFTER = re.compile(
    r"^(?:[ \t]*[-–—][ \t]*[A-Z][\w’']*(?:[ \t]+[A-Z][\w’']*)?)?[ \t]+(?:relations|ties|talks|rift|dialogue)\b"
)


@dataclass
class _KeyInfo:
    candidates: list[tuple[str, int]]  # (place id, match type index into _MATCH_BASE)
    mode: str  # "lower" | "cap" | "acronym"
    strict: bool
    block: bool


def _form_mode(form: str) -> str:
    letters = [c for c in form if c.isalpha()]
    if not letters:
        return "lower"
    if len(letters) >= 2 and all(c.isupper() for c in letters) and len(letters) <= 6:
        return "acronym"
    return "cap" if letters[0].isupper() else "lower"


_MODE_RANK = {"lower": 0, "cap": 1, "acronym": 2}


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _dist(a: Place, b: Place) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    return _haversine_km(a.lat, a.lon, b.lat, b.lon)


# ---------------------------------------------------------------------------------------------
# Gazetteer


class Gazetteer:
    """Places by id, name look-ups, toponym finding, the Durand Line and the AF/PK side of a point."""

    def __init__(
        self,
        rows: list[dict],
        boundary: dict[str, Any],
        common_words: list[str],
        not_places: list[str],
        metadata: dict,
    ):
        self.places: dict[str, Place] = {}
        self.flags: dict[str, frozenset[str]] = {}
        for row in rows:
            p = Place(
                id=row["id"],
                name=row["name"],
                kind=row["kind"],
                country=row["country"],
                admin1=row["admin1"],
                admin2=row["admin2"],
                lat=row["lat"],
                lon=row["lon"],
                precision=row["precision"],
                aliases=tuple(row["aliases"]),
                population=row["population"],
                source=row["source"],
                licence=row["licence"],
            )
            self.places[p.id] = p
            self.flags[p.id] = frozenset(row.get("flags", ()))
        self.metadata = metadata
        self._line = boundary["line"]
        self._polys = {"AF": boundary["AF"], "PK": boundary["PK"]}
        from shapely.prepared import prep

        self._prepared = {k: prep(v) for k, v in self._polys.items()}
        self._common = {_key(w) for w in common_words}
        self._keys: dict[str, _KeyInfo] = {}
        self._by_kind_name: dict[tuple[str, str | None, str], Place] = {}
        self._build_index(not_places)

    # -- index -----------------------------------------------------------------------------------
    def _add_key(self, key: str, form: str, pid: str | None, mtype: int, strict: bool = False) -> None:
        if not key:
            return
        info = self._keys.get(key)
        mode = _form_mode(form)
        if info is None:
            info = self._keys[key] = _KeyInfo([], mode, strict or key in self._common, pid is None)
        else:
            if _MODE_RANK[mode] < _MODE_RANK[info.mode]:
                info.mode = mode
            info.strict = info.strict or strict
        if pid is None:
            info.block = True
            return
        for i, (q, t) in enumerate(info.candidates):
            if q == pid:
                if mtype < t:
                    info.candidates[i] = (pid, mtype)
                return
        info.candidates.append((pid, mtype))

    def _build_index(self, not_places: list[str]) -> None:
        for p in self.places.values():
            strict = "strict" in self.flags[p.id]
            curated = p.id.startswith("sup:") or bool(self.flags[p.id])
            forms = [(p.name, 0)] + [(a, 1) for a in p.aliases]
            for form, mtype in forms:
                k = _key(form)
                self._add_key(k, form, p.id, mtype, strict)
                if curated:
                    for v in _variants(k):
                        if (
                            v not in self._keys
                            or any(q == p.id for q, _ in self._keys[v].candidates)
                            or not self._keys[v].candidates
                        ):
                            self._add_key(v, form, p.id, 2, strict)
                elif "'" in k:
                    self._add_key(k.replace("'", ""), form, p.id, 2, strict)
            if p.kind in ("province", "district", "country", "region"):
                self._by_kind_name.setdefault((p.kind, p.country, _key(p.name)), p)
                if p.kind == "district":
                    for a in p.aliases:
                        self._by_kind_name.setdefault((p.kind, p.country, _key(a)), p)
        for phrase in not_places:
            k = _key(phrase)
            for v in {k} | _variants(k):
                info = self._keys.get(v)
                if info is not None and info.candidates:
                    continue  # never block a real place name
                self._add_key(v, phrase.lower(), None, 0)
        # blockers match in any case
        for info in self._keys.values():
            if info.block and not info.candidates:
                info.mode = "lower"
        auto = ahocorasick.Automaton()
        for k in self._keys:
            auto.add_word(k, k)
        auto.make_automaton()
        self._auto = auto
        self._choice_keys = [k for k, v in self._keys.items() if v.candidates]

    # -- simple look-ups -------------------------------------------------------------------------
    def get(self, place_id: str) -> Place | None:
        return self.places.get(place_id)

    def _rank_static(self, pid: str, mtype: int) -> tuple:
        p = self.places[pid]
        return (mtype, -_KIND_PRIOR.get(p.kind, 0), -p.population, p.id)

    def lookup(self, name: str) -> list[Place]:
        """Exact normalised name/alias matches, best first (name over alias, kind prior, population)."""
        key = _key(name)
        info = self._keys.get(key)
        cue = None
        if info is None or not info.candidates:
            m = re.match(
                r"^(.*\S)\s+(district|agency|tehsil|province|crossing|border crossing|pass|valley|city|town|region)$",
                key,
            )
            if not m:
                return []
            info = self._keys.get(m.group(1))
            cue = _CUE_WORDS[m.group(2)]
            if info is None or not info.candidates:
                return []
        cands = sorted(info.candidates, key=lambda c: self._rank_static(*c))
        places = [self.places[pid] for pid, _ in cands]
        if cue:
            fitting = [p for p in places if p.kind in _CUE_COMPAT[cue]]
            places = fitting or places
        return places

    def fuzzy_lookup(self, name: str, limit: int = 5) -> list[tuple[Place, float]]:
        """Closest names by rapidfuzz (0..100). For suggestions only: find_mentions never uses it."""
        from rapidfuzz import fuzz, process

        key = _key(name)
        if not key:
            return []
        best: dict[str, float] = {}
        for k, score, _ in process.extract(
            key, self._choice_keys, scorer=fuzz.WRatio, limit=max(limit * 6, 20)
        ):
            for pid, mtype in self._keys[k].candidates:
                s = float(score) - (0.5 if mtype else 0.0)
                if s > best.get(pid, -1):
                    best[pid] = s
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], -self.places[kv[0]].population, kv[0]))
        return [(self.places[pid], round(s, 2)) for pid, s in ranked[:limit]]

    def parent(self, place: Place, kind: str) -> Place | None:
        """The enclosing entry of `kind` ("district", "province", "country") named by the place's admin fields."""
        if place is None or place.kind == kind:
            return None
        if kind == "country":
            if not place.country:
                return None
            for p in self.places.values():
                if p.kind == "country" and p.country == place.country:
                    return p
            return None
        name = place.admin1 if kind == "province" else place.admin2 if kind == "district" else None
        if not name:
            return None
        return self._by_kind_name.get((kind, place.country, _key(name)))

    # -- geometry --------------------------------------------------------------------------------
    def boundary_line(self):
        """The Durand Line as a shapely LineString (lon, lat), Iran tripoint to China tripoint."""
        return self._line

    def distance_to_line_km(self, lon: float, lat: float) -> float:
        from shapely.geometry import Point

        pt = Point(lon, lat)
        near = self._line.interpolate(self._line.project(pt))
        return _haversine_km(lat, lon, near.y, near.x)

    def border_side(self, lon: float, lat: float) -> str | None:
        """ "AF" or "PK" by point-in-polygon; None within ~5 km of the line (border zone) or outside both."""
        from shapely.geometry import Point

        if not (_is_num(lon) and _is_num(lat)):
            return None
        pt = Point(lon, lat)
        if self._line.distance(pt) < 0.2 and self.distance_to_line_km(lon, lat) <= BORDER_ZONE_KM:
            return None
        for code in ("AF", "PK"):
            if self._prepared[code].contains(pt):
                return code
        return None

    # -- mention finding -------------------------------------------------------------------------
    def find_mentions(self, text: str) -> list[PlaceMention]:
        """All toponyms in `text`, non-overlapping (longest first), resolved with article-wide context."""
        if not text:
            return []
        folded, offs = _fold(text, hyphen_space=True)
        n = len(folded)
        raw: list[tuple[int, int, str]] = []
        for end, key in self._auto.iter(folded):
            start = end - len(key) + 1
            if start > 0 and (folded[start - 1].isalnum() or folded[start - 1] in "#@_/"):
                continue
            if end + 1 < n and (folded[end + 1].isalnum() or folded[end + 1] in "_"):
                continue
            raw.append((start, end + 1, key))
        raw.sort(key=lambda r: (-(r[1] - r[0]), r[0]))
        taken: list[tuple[int, int]] = []
        spans: list[dict] = []
        for s, e, key in raw:
            if any(s < te and ts < e for ts, te in taken):
                continue
            info = self._keys[key]
            ostart = offs[s]
            oend = offs[e - 1] + 1
            while oend < len(text) and unicodedata.combining(text[oend]):
                oend += 1
            if info.block and not info.candidates:
                taken.append((s, e))
                continue
            surface = text[ostart:oend]
            cue, cue_end = self._cue(text, key, ostart, oend)
            if not self._case_ok(surface, info, text, ostart, cue):
                continue
            taken.append((s, e))
            spans.append(
                {
                    "start": ostart,
                    "end": cue_end or oend,
                    "name_end": oend,
                    "key": key,
                    "info": info,
                    "cue": cue,
                }
            )
        spans.sort(key=lambda d: d["start"])
        self._resolve(spans)
        out: list[PlaceMention] = []
        for i, sp in enumerate(spans):
            if sp.get("place") is None:
                continue
            sp["role"] = self._role(text, sp, spans, i)
        # first member of "Islamabad and Kabul have issued ...": a speaker when the second one is
        resolved = [sp for sp in spans if sp.get("place") is not None]
        for a, b in zip(reversed(resolved[:-1]), reversed(resolved[1:])):
            if b["role"] == "speaker" and a["role"] == "place" and self._governmental(a["place"]):
                if re.fullmatch(r"[ \t]*(?:and|&|,)[ \t]*", text[a["end"] : b["start"]]):
                    a["role"] = "speaker"
        for sp in resolved:
            out.append(
                PlaceMention(
                    sp["start"],
                    sp["end"],
                    text[sp["start"] : sp["end"]],
                    sp["place"],
                    round(sp["score"], 3),
                    sp["role"],
                    sp["cue"],
                )
            )
        return out

    def _governmental(self, place: Place) -> bool:
        flags = self.flags.get(place.id, frozenset())
        return place.kind == "country" or "capital" in flags or "government" in flags

    def _cue(self, text: str, key: str, ostart: int, oend: int) -> tuple[str | None, int | None]:
        last = key.rsplit(" ", 1)[-1]
        if " " in key and last in _CUE_WORDS and last != "border":
            return _CUE_WORDS[last], None
        m = _CUE_AFTER.match(text[oend : oend + 24])
        if m:
            word = m.group(1).lower()
            word = re.sub(r"\s+", " ", word)
            return _CUE_WORDS[word], (None if word in _NO_EXTEND else oend + m.end())
        m = _CUE_BEFORE.search(text[max(0, ostart - 24) : ostart])
        if m:
            return _CUE_WORDS[m.group(1).lower()], None
        # "Khost and Paktika provinces"
        m = re.match(
            r"^[ \t]*(?:,|and|&)[ \t]+(?:[A-Z][\w'’-]*[ \t]+){1,3}?(provinces|districts)\b",
            text[oend : oend + 60],
        )
        if m:
            return _CUE_WORDS[m.group(1).lower()], None
        return None, None

    @staticmethod
    def _sentence_initial(text: str, ostart: int) -> bool:
        i = ostart - 1
        while i >= 0 and text[i] in " \t\"'“‘(«":
            i -= 1
        return i < 0 or text[i] in ".!?:;\n\r•*#-–—|"

    def _case_ok(self, surface: str, info: _KeyInfo, text: str, ostart: int, cue: str | None) -> bool:
        letters = [c for c in surface if c.isalpha()]
        if not letters:
            return True
        if info.mode == "acronym":
            if not all(c.isupper() for c in letters):
                return False
        elif info.mode == "cap":
            if not letters[0].isupper():
                return False
        if info.strict:
            if not letters[0].isupper():
                return False
            if self._sentence_initial(text, ostart) and not cue:
                return False
        return True

    def _score(self, pid: str, mtype: int, sp: dict, ctx: dict) -> float:
        p = self.places[pid]
        s = _MATCH_BASE[mtype]
        cue = sp["cue"]
        if cue:
            s += 0.5 if p.kind in _CUE_COMPAT[cue] else -0.4
        else:
            s += _KIND_PRIOR.get(p.kind, 0.0)
        if p.admin1 and ctx["provinces"].get((p.country, _key(p.admin1)), 0) > (
            1 if sp.get("self_prov") == (p.country, _key(p.admin1)) else 0
        ):
            s += 0.25
        if p.admin2 and p.kind != "district" and ctx["districts"].get((p.country, _key(p.admin2)), 0) > 0:
            s += 0.2
        total = sum(ctx["countries"].values())
        if total and p.country:
            s += 0.1 * ctx["countries"].get(p.country, 0) / total
        for a in ctx["points"]:
            if a[0] is sp:
                continue
            d = _dist(p, a[1])
            if d is not None and d <= 150:
                s += 0.15
                break
        s += 0.15 * math.log10(p.population + 1) / 7
        if p.id.startswith("sup:") or self.flags[p.id]:
            s += 0.05
        return s

    def _resolve(self, spans: list[dict]) -> None:
        # 1. candidate lists (cue-filtered) and unambiguous anchors
        for sp in spans:
            cands = list(sp["info"].candidates)
            if sp["cue"]:
                fit = [c for c in cands if self.places[c[0]].kind in _CUE_COMPAT[sp["cue"]]]
                cands = fit or cands
            sp["cands"] = cands
        ctx: dict = {"provinces": {}, "districts": {}, "countries": {}, "points": []}
        for sp in spans:
            places = [self.places[c[0]] for c in sp["cands"]]
            if not places:
                continue
            first = places[0]
            unambiguous = len(places) == 1 or all(
                (d := _dist(first, q)) is not None and d <= 25 for q in places[1:]
            )
            if not unambiguous:
                continue
            p = min(places, key=lambda q: self._rank_static(q.id, 0))
            if p.kind in ("boundary",):
                continue
            if p.kind != "country":
                ctx["points"].append((sp, p))
                if p.kind == "province":
                    k = (p.country, _key(p.name))
                    ctx["provinces"][k] = ctx["provinces"].get(k, 0) + 1
                    sp["self_prov"] = k
                elif p.admin1:
                    k = (p.country, _key(p.admin1))
                    ctx["provinces"][k] = ctx["provinces"].get(k, 0) + 1
                if p.kind == "district":
                    k = (p.country, _key(p.name))
                    ctx["districts"][k] = ctx["districts"].get(k, 0) + 1
            if p.country in ("AF", "PK"):
                ctx["countries"][p.country] = ctx["countries"].get(p.country, 0) + 1
        # 2. score every candidate with the article context; abstain on distant ties
        for sp in spans:
            scored = sorted(
                ((self._score(pid, t, sp, ctx), pid) for pid, t in sp["cands"]), key=lambda x: (-x[0], x[1])
            )
            if not scored:
                continue
            best_s, best = scored[0]
            if len(scored) > 1:
                second_s, second = scored[1]
                if best_s - second_s < 0.05:
                    d = _dist(self.places[best], self.places[second])
                    if d is None or d > 25:
                        continue  # ambiguous with nothing to decide: no mention
            sp["place"] = self.places[best]
            sp["score"] = best_s

    def _role(self, text: str, sp: dict, spans: list[dict], i: int) -> str:
        place: Place = sp["place"]
        if place.kind == "boundary":
            return "boundary"
        flags = self.flags.get(place.id, frozenset())
        capital = "capital" in flags
        government = capital or place.kind == "country" or "government" in flags
        if not government:
            return "place"
        start, end = sp["start"], sp["name_end"]
        after = text[end : end + 80]
        before = text[max(0, start - 40) : start]
        if _SPEAKER_AFTER.match(after):
            return "speaker"
        m = _POSSESSIVE.match(after)
        if m:
            w1 = m.group(1).lower()
            w2 = (m.group(2) or "").lower()
            if capital and w1 not in _PHYSICAL_NOUNS:
                return "speaker"
            if (
                w1 in _GOV_NOUNS
                or (w1.endswith("ly") and w2 in _GOV_NOUNS)
                or (w1 in ("own", "new", "former") and w2 in _GOV_NOUNS)
            ):
                return "speaker"
        if _SPEAKER_BEFORE.search(before):
            return "speaker"
        if _RELATIONS_AFTER.match(after):
            return "speaker"
        # second member of "between X and Y" / "X-Y relations"
        if i > 0 and spans[i - 1].get("role") == "speaker":
            gap = text[spans[i - 1]["end"] : start]
            if re.fullmatch(r"[ \t]*(?:and|[-–—])[ \t]*", gap):
                return "speaker"
        return "place"


# ---------------------------------------------------------------------------------------------
# Loading


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_gazetteer_file(path: Path) -> dict:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GazetteerDataError(
            f"{path}: cannot read gazetteer data ({exc}); rebuild with python -m geodata.build_gazetteer"
        ) from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GazetteerDataError(f"{path}: not valid JSON ({exc})") from exc
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT_VERSION
        or not isinstance(data.get("places"), list)
    ):
        raise GazetteerDataError(f"{path}: not a gazetteer file of format {FORMAT_VERSION}")
    return data


def _load(path: Path) -> Gazetteer:
    data = read_gazetteer_file(path)
    rows = data["places"]
    validate_place_rows(rows, str(path))
    folder = path.parent
    bpath = folder / data.get("boundary_file", BOUNDARY_FILENAME)
    try:
        bdata = json.loads(bpath.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GazetteerDataError(f"{bpath}: cannot read boundary ({exc})") from exc
    boundary = validate_boundary(bdata, str(bpath))
    common = _read_word_list(folder / COMMON_WORDS_FILENAME)
    not_places = _read_word_list(folder / NOT_PLACES_FILENAME)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["kind"]] = counts.get(r["kind"], 0) + 1
    metadata = {
        "name": data.get("name", "durand-gazetteer"),
        "file": path.name,
        "version": _sha256(path)[:16],
        "sha256": _sha256(path),
        "boundary_file": bpath.name,
        "boundary_sha256": _sha256(bpath),
        "entries": len(rows),
        "aliases": sum(len(r["aliases"]) for r in rows),
        "counts": dict(sorted(counts.items())),
        "sources": data.get("sources", []),
    }
    return Gazetteer(rows, boundary, common, not_places, metadata)


@functools.lru_cache(maxsize=8)
def load_gazetteer(path: str | None = None) -> Gazetteer:
    """Load (and cache per path) the gazetteer; a broken data file raises GazetteerDataError."""
    return _load(Path(path) if path else DEFAULT_PATH)
