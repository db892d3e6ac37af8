"""Toponym finding in text: one Aho-Corasick pass, then cue, case, score and role per candidate.

A mixin of `Gazetteer` (it reads the gazetteer's index); kept apart so each module stays small.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from typing import Any

from .model import Place
from .place_cues import (
    _CUE_AFTER,
    _CUE_BEFORE,
    _CUE_COMPAT,
    _CUE_WORDS,
    _DEED_AFTER,
    _GOV_NOUNS,
    _KIND_PRIOR,
    _MATCH_BASE,
    _NO_EXTEND,
    _PHYSICAL_NOUNS,
    _PLACE_PREPOSITION_BEFORE,
    _POSSESSIVE,
    _PROVINCE_OF_NAMED_DISTRICT,
    _RELATIONS_AFTER,
    _SPEAKER_AFTER,
    _SPEAKER_BEFORE,
    PlaceMention,
    _KeyInfo,
)
from .placename import _fold_lookup, _key
from .sameness import place_distance_km


class MentionFinder:
    """Finds place mentions in text with the index built by `Gazetteer`."""

    # built by Gazetteer.__init__
    places: dict[str, Place]
    flags: dict[str, frozenset[str]]
    _keys: dict[str, _KeyInfo]
    _auto: Any  # ahocorasick.Automaton

    def _rank_static(self, pid: str, mtype: int) -> tuple:
        raise NotImplementedError

    def find_mentions(self, text: str) -> list[PlaceMention]:
        """All toponyms in `text`, non-overlapping (longest first), resolved with article-wide context."""
        if not text:
            return []
        folded, offs = _fold_lookup(text, hyphen_space=True)
        n = len(folded)
        raw: list[tuple[int, int, str]] = []
        for end, key in self._auto.iter(folded):
            start = end - len(key) + 1
            if start > 0 and (folded[start - 1].isalnum() or folded[start - 1] in "#@_/"):
                continue
            if end + 1 < n and (folded[end + 1].isalnum() or folded[end + 1] in "_"):
                continue
            raw.append((start, end + 1, key))
        # longest first; a name ending in a designator ("Waziristan region") counts without it, so
        # that "the North Waziristan region" is North Waziristan with its cue, not the region
        raw.sort(key=lambda r: (-_length_without_designator(r[2]), -len(r[2]), r[0]))
        # the folded characters taken by a name: a candidate overlaps one iff it covers one
        taken = bytearray(n)
        spans: list[dict] = []
        for s, e, key in raw:
            if 1 in taken[s:e]:
                continue
            info = self._keys[key]
            ostart = offs[s]
            oend = offs[e - 1] + 1
            while oend < len(text) and unicodedata.combining(text[oend]):
                oend += 1
            if info.block and not info.candidates:
                taken[s:e] = b"\x01" * (e - s)
                continue
            surface = text[ostart:oend]
            cue, cue_end = self._cue(text, key, ostart, oend)
            if not self._case_ok(surface, info, text, ostart, cue):
                continue
            taken[s:e] = b"\x01" * (e - s)
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
        self._list_cues(text, spans)
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
                if _PAIR_JOINT.fullmatch(text[a["end"] : b["start"]]):
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
            word = _SPACES.sub(" ", m.group(1).lower())
            return _CUE_WORDS[word], (None if word in _NO_EXTEND else oend + m.end())
        if _PROVINCE_OF_NAMED_DISTRICT.search(text[max(0, ostart - 48) : ostart]):
            return "province", None
        m = _CUE_BEFORE.search(text[max(0, ostart - 24) : ostart])
        if m:
            return _CUE_WORDS[(m.group(1) or m.group(2)).lower()], None
        # "Khost and Paktika provinces"
        m = _PLURAL_CUE_AFTER_LIST.match(text[oend : oend + 60])
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
        # the first letter is nearly always the first character: no list of letters for it
        first = surface[0] if surface[:1].isalpha() else next((c for c in surface if c.isalpha()), None)
        if first is None:
            return True
        if info.mode == "acronym":
            if not all(c.isupper() for c in surface if c.isalpha()):
                return False
        elif info.mode == "cap":
            if not first.isupper():
                return False
        if info.strict:
            if not first.isupper():
                return False
            if self._sentence_initial(text, ostart) and not cue:
                return False
        return True

    def _memo_score(self, memo: dict, pid: str, mtype: int, sp: dict, ctx: dict, own: tuple) -> float:
        key = (pid, mtype, *own)
        found = memo.get(key)
        if found is None:
            found = memo[key] = self._score(pid, mtype, sp, ctx)
        return found

    def _score(self, pid: str, mtype: int, sp: dict, ctx: dict) -> float:
        p = self.places[pid]
        s = _MATCH_BASE[mtype]
        cue = sp["cue"]
        if cue:
            s += 0.5 if p.kind in _CUE_COMPAT[cue] else -0.4
        else:
            s += _KIND_PRIOR.get(p.kind, 0.0)
        if p.admin1 and ctx["provinces"].get((p.country, _name_key(p.admin1)), 0) > (
            1 if sp.get("self_prov") == (p.country, _name_key(p.admin1)) else 0
        ):
            s += 0.25
        if (
            p.admin2
            and p.kind != "district"
            and ctx["districts"].get((p.country, _name_key(p.admin2)), 0) > 0
        ):
            s += 0.2
        total = ctx["total"]
        if total and p.country:
            s += 0.1 * ctx["countries"].get(p.country, 0) / total
        for a in ctx["points"]:
            if a[0] is sp:
                continue
            d = place_distance_km(p, a[1])
            if d is not None and d <= 150:
                s += 0.15
                break
        s += 0.15 * math.log10(p.population + 1) / 7
        if p.id.startswith("sup:") or self.flags[p.id]:
            s += 0.05
        return s

    def _list_cues(self, text: str, spans: list[dict]) -> None:
        """'Kabul, Khost and Paktika': in a list with a name that can only be a province, a name
        that can be a town or a province is the province (never more precise than the text); so
        with districts ('Bajaur, Kurram and Chitral': Chitral district)."""
        chains: list[list[dict]] = []
        for sp in spans:
            if chains and _LIST_JOINT.fullmatch(text[chains[-1][-1]["end"] : sp["start"]]):
                chains[-1].append(sp)
            else:
                chains.append([sp])
        for chain in chains:
            for unit in ("province", "district"):
                if len(chain) > 1 and any(self._kinds(m) == {unit} for m in chain):
                    for member in chain:
                        if member["cue"] is None and unit in self._kinds(member):
                            member["cue"] = unit

    def _kinds(self, sp: dict) -> set[str]:
        return {self.places[c[0]].kind for c in sp["info"].candidates}

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
                (d := place_distance_km(first, q)) is not None and d <= 25 for q in places[1:]
            )
            if not unambiguous:
                continue
            p = min(places, key=lambda q: self._rank_static(q.id, 0))
            if p.kind in ("boundary",):
                continue
            if p.kind != "country":
                ctx["points"].append((sp, p))
                if p.kind == "province":
                    k = (p.country, _name_key(p.name))
                    ctx["provinces"][k] = ctx["provinces"].get(k, 0) + 1
                    sp["self_prov"] = k
                elif p.admin1:
                    k = (p.country, _name_key(p.admin1))
                    ctx["provinces"][k] = ctx["provinces"].get(k, 0) + 1
                if p.kind == "district":
                    k = (p.country, _name_key(p.name))
                    ctx["districts"][k] = ctx["districts"].get(k, 0) + 1
            if p.country in ("AF", "PK"):
                ctx["countries"][p.country] = ctx["countries"].get(p.country, 0) + 1
        ctx["total"] = sum(ctx["countries"].values())
        # 2. score every candidate with the article context; abstain on distant ties
        holders = {id(a[0]) for a in ctx["points"]}
        memo: dict[tuple, float] = {}
        for sp in spans:
            # a score depends on the span only by its cue, its own province and its own point
            # (left out of the nearby ones): "Pakistan" named five times is scored once
            own = (sp["cue"], sp.get("self_prov"), id(sp) if id(sp) in holders else None)
            scored = sorted(
                ((self._memo_score(memo, pid, t, sp, ctx, own), pid) for pid, t in sp["cands"]),
                key=lambda x: (-x[0], x[1]),
            )
            if not scored:
                continue
            best_s, best = scored[0]
            if len(scored) > 1:
                second_s, second = scored[1]
                if best_s - second_s < 0.05:
                    d = place_distance_km(self.places[best], self.places[second])
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
        if _DEED_AFTER.match(after) and not _PLACE_PREPOSITION_BEFORE.search(before):
            return "speaker"
        m = _POSSESSIVE.match(after)
        if m:
            w1 = m.group(1).lower()
            w2 = (m.group(2) or "").lower()
            # "Kabul's Shahr-e-Naw area": a named part of the capital, a place
            named_part = m.group(1)[:1].isupper() and w2 in _PHYSICAL_NOUNS
            if capital and w1 not in _PHYSICAL_NOUNS and not named_part:
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
            if _RELATION_JOINT.fullmatch(gap):
                return "speaker"
        return "place"


# the index keys of gazetteer names (a place's name, province, district), once per process
_name_key = functools.cache(_key)
_SPACES = re.compile(r"\s+")
# a list ending in its plural cue word, after the name: ", Khost and Paktika provinces"
_PLURAL_CUE_AFTER_LIST = re.compile(
    r"^[ \t]*(?:,|and|&)[ \t]+(?:[A-Z][\w'’-]*[ \t]+){1,3}?(provinces|districts)\b"
)
_PAIR_JOINT = re.compile(r"[ \t]*(?:and|&|,)[ \t]*")  # "Islamabad and Kabul have issued"
_RELATION_JOINT = re.compile(r"[ \t]*(?:and|[-–—])[ \t]*")  # "between X and Y", "X-Y relations"
_LIST_JOINT = re.compile(r"[ \t]*(?:,[ \t]*(?:and[ \t]+)?|and[ \t]+|&[ \t]*)")


def _length_without_designator(key: str) -> int:
    head, _, last = key.rpartition(" ")
    return len(head) if head and _CUE_WORDS.get(last) in ("district", "province", "region") else len(key)
