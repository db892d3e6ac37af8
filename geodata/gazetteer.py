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
import json
import re
from pathlib import Path
from typing import Any

import ahocorasick

from .gazetteer_files import (
    BORDER_ZONE_KM,
    BOUNDARY_FILENAME,
    COMMON_WORDS_FILENAME,
    DEFAULT_PATH,
    NOT_PLACES_FILENAME,
    GazetteerDataError,
    _is_num,
    _read_word_list,
    _sha256,
    read_gazetteer_file,
    validate_boundary,
    validate_place_rows,
)
from .mention_finder import MentionFinder
from .model import Place
from .place_cues import (
    _CUE_COMPAT,
    _CUE_WORDS,
    _KIND_PRIOR,
    _MODE_RANK,
    PlaceMention,
    _form_mode,
    _KeyInfo,
)
from .placename import _key, _variants, normalise, spelling_skeleton
from .sameness import haversine_km

__all__ = [
    "GazetteerDataError",
    "Gazetteer",
    "PlaceMention",
    "load_gazetteer",
    "normalise",
    "validate_place_rows",
    "validate_boundary",
]


# ---------------------------------------------------------------------------------------------
# Gazetteer


class Gazetteer(MentionFinder):
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
        self._sides: dict[tuple[float, float], str | None] = {}  # border_side by (lon, lat)
        self._common = {_key(w) for w in common_words}
        self._keys: dict[str, _KeyInfo] = {}
        self._by_kind_name: dict[tuple[str, str | None, str], Place] = {}
        # kind -> spelling skeleton -> (place, letters of the form that has it)
        self._skeletons: dict[str, dict[str, list[tuple[Place, str]]]] = {}
        self._build_index(not_places)

    # -- index -----------------------------------------------------------------------------------
    def _spell_like_originals(self, spelt_from: dict[str, set[tuple[str, str, bool]]]) -> None:
        """A variant spelling that is no name of its own means what its original means: "Speen
        Boldak" the town, the district and the crossing, as "Spin Boldak" does (the variant was
        added only for the curated places, and only for the first of them)."""
        for v, origins in sorted(spelt_from.items()):
            info = self._keys.get(v)
            if info is None or any(t < 2 for _, t in info.candidates):
                continue
            for k, form, strict in sorted(origins):
                for pid, _t in list(self._keys[k].candidates):
                    self._add_key(v, form, pid, 2, strict)

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
        spelt_from: dict[str, set[tuple[str, str, bool]]] = {}  # variant key -> (key, form, strict)
        for p in self.places.values():
            strict = "strict" in self.flags[p.id]
            curated = p.id.startswith("sup:") or bool(self.flags[p.id])
            forms = [(p.name, 0)] + [(a, 1) for a in p.aliases]
            for form, mtype in forms:
                k = _key(form)
                self._add_key(k, form, p.id, mtype, strict)
                if curated:
                    for v in _variants(k):
                        spelt_from.setdefault(v, set()).add((k, form, strict))
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
        self._spell_like_originals(spelt_from)
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

    def areas_spelt_like(self, name: str, kind: str = "district", shortest: int = 3) -> list[Place]:
        """Places of `kind` whose name or an alias has the spelling skeleton of `name` (another
        transliteration: "Spurra" for Spera, "Gorbz" for Gurbuz, "Tari Mengal" for Teri Mangal);
        none for a skeleton of fewer than `shortest` consonants."""
        skeleton = spelling_skeleton(name)
        if len(skeleton) < shortest:
            return []
        index = self._skeletons.get(kind)
        if index is None:
            index = self._skeletons[kind] = {}
            for p in self.places.values():
                if p.kind == kind:
                    for form in {p.name, *p.aliases}:
                        form = form.removesuffix(f" {kind}")
                        index.setdefault(spelling_skeleton(form), []).append((p, _letters(form)))
        # the same first sound and about the same length: "Samar" is not "Asmar", "Darab" not "Durbaba"
        letters = _letters(name)
        fits = [
            p
            for p, form in index.get(skeleton, [])
            if form[:1] == letters[:1] and abs(len(form) - len(letters)) <= 1
        ]
        return list({p.id: p for p in fits}.values())

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
        return haversine_km(lat, lon, near.y, near.x)

    def border_side(self, lon: float, lat: float) -> str | None:
        """ "AF" or "PK" by point-in-polygon; None within ~5 km of the line (border zone) or outside both."""
        if not (_is_num(lon) and _is_num(lat)):  # NaN keys never equal themselves: not cached
            return self._border_side(lon, lat)
        key = (lon, lat)
        if key not in self._sides:  # the same places recur article after article: one reading each
            self._sides[key] = self._border_side(lon, lat)
        return self._sides[key]

    def _border_side(self, lon: float, lat: float) -> str | None:
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


def _letters(name: str) -> str:
    return "".join(ch for ch in _key(name) if ch.isalpha())


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
def _load_cached(path: str) -> Gazetteer:
    return _load(Path(path))


def load_gazetteer(path: str | None = None) -> Gazetteer:
    """Load (and cache per path) the gazetteer; a broken data file raises GazetteerDataError.
    The cache is keyed by the file actually read: a load of another DEFAULT_PATH that ends after
    a `cache_clear()` cannot stand in for this one (a build thread of an earlier test did)."""
    return _load_cached(str(Path(path) if path else DEFAULT_PATH))


load_gazetteer.cache_clear = _load_cached.cache_clear  # type: ignore[attr-defined]
