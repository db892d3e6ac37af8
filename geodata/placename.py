"""Place-name normalisation: casefold, fold diacritics, dashes and apostrophes, transliteration variants.

Shared by the gazetteer index, its data validation and the build script (`_key` is the index key).
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Sequence
from typing import overload

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


# code point -> folded text, filled as characters are met (str.translate tables); the second one
# is the matching form, where a character folding to "-" becomes a space. Per table: the
# characters met so far, and those among them that are dropped or expanded (not one character).
_TABLES: tuple[dict[int, str], dict[int, str]] = ({}, {})
_MET: tuple[set[str], set[str]] = (set(), set())
_NOT_ONE: tuple[set[str], set[str]] = (set(), set())
_SPACE_RUN = re.compile(" {2,}")


def _translated(text: str, hyphen_space: bool) -> tuple[str, bool]:
    """(`text` with every character folded, not yet collapsed; whether each character folded to
    exactly one character, so that folded index i is original index i)."""
    table, met, not_one = _TABLES[hyphen_space], _MET[hyphen_space], _NOT_ONE[hyphen_space]
    chars = set(text)
    for c in chars - met:  # set operations, not a Python step per character
        f = _fold_char(c)
        f = table[ord(c)] = " " if hyphen_space and f == "-" else f
        if len(f) != 1:
            not_one.add(c)
        met.add(c)
    return text.translate(table), chars.isdisjoint(not_one)


def _fold(text: str, hyphen_space: bool = False) -> tuple[str, list[int]]:
    """Fold `text` char by char; returns the folded string and, per folded char, its original index.

    Whitespace runs collapse to one space. With `hyphen_space`, hyphens/dashes become spaces too
    (the matching form); otherwise they are unified to '-'.
    """
    # one str.translate and a regex over the runs of spaces instead of a Python step per
    # character, when no character is dropped or expanded (nearly all text); same result
    folded, one_to_one = _translated(text, hyphen_space)
    if one_to_one:
        if "  " not in folded:
            return folded, list(range(len(folded)))
        parts: list[str] = []
        offsets: list[int] = []
        last = 0
        for run in _SPACE_RUN.finditer(folded):
            keep = run.start() + 1  # a run keeps its first space
            parts.append(folded[last:keep])
            offsets.extend(range(last, keep))
            last = run.end()
        parts.append(folded[last:])
        offsets.extend(range(last, len(folded)))
        return "".join(parts), offsets
    return _fold_by_char(text, hyphen_space)


class _RunOffsets(Sequence[int]):
    """The offsets `_fold` lists, as a look-up: folded index i of the segment that starts at
    folded index starts[k] is original index i + shifts[k] (the spaces dropped before it)."""

    def __init__(self, starts: list[int], shifts: list[int], length: int) -> None:
        self._starts, self._shifts, self._length = starts, shifts, length

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, i: int) -> int: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[int]: ...
    def __getitem__(self, i: int | slice) -> int | Sequence[int]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._length))]
        if i < 0:
            i += self._length
        if not 0 <= i < self._length:
            raise IndexError(i)
        return i + self._shifts[bisect.bisect_right(self._starts, i) - 1]


def _fold_lookup(text: str, hyphen_space: bool = False) -> tuple[str, Sequence[int]]:
    """`_fold` with the offsets as a look-up rather than a list: the name finder reads a few dozen
    of the thousands an article has (a list of them costs a quarter of the fold)."""
    folded, one_to_one = _translated(text, hyphen_space)
    if not one_to_one:
        return _fold_by_char(text, hyphen_space)
    if "  " not in folded:
        return folded, range(len(folded))
    parts: list[str] = []
    starts, shifts = [0], [0]
    last = dropped = 0
    for run in _SPACE_RUN.finditer(folded):
        keep = run.start() + 1  # a run keeps its first space
        parts.append(folded[last:keep])
        dropped += run.end() - keep
        last = run.end()
        starts.append(last - dropped)
        shifts.append(dropped)
    parts.append(folded[last:])
    out = "".join(parts)
    return out, _RunOffsets(starts, shifts, len(out))


def _fold_by_char(text: str, hyphen_space: bool) -> tuple[str, list[int]]:
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
    return _folded(text or "", hyphen_space=False)


def _key(text: str) -> str:
    """The matching key of a name: `normalise` with hyphens as spaces."""
    return _folded(text or "", hyphen_space=True)


def _folded(text: str, hyphen_space: bool) -> str:
    """`_fold(text)[0].strip()` without the offsets (the runs of spaces collapse the same way
    whether a character expanded or not)."""
    folded, _ = _translated(text, hyphen_space)
    return _SPACE_RUN.sub(" ", folded).strip()


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
        (r"\bspin\b", "speen"),  # Pashto "white": Speen Boldak, Speen Wam
        # "the Chaman-Spin Boldak border crossing": else the longer "Spin Boldak border crossing"
        # is matched first and splits the name
        (r"(?<!border )\bcrossing\b", "border crossing"),
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


_SKELETON_DROP = re.compile(r"[^a-z]|[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")


def spelling_skeleton(name: str) -> str:
    """The consonants of a name as transliterations keep them: folded, without vowels, y or
    doubled letters ('Spurra', 'Spura', 'Spera' -> 'spr'; 'Chaar Borjaaak', 'Chahar Burjak' ->
    'chrbrjk'). For area names read with a cue word ("X district"), never for free text; h and w
    stay ('Maiwand' is not 'Mohmand')."""
    return _REPEATS.sub(r"\1", _SKELETON_DROP.sub("", _key(name)))
