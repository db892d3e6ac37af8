"""Place-name normalisation: casefold, fold diacritics, dashes and apostrophes, transliteration variants.

Shared by the gazetteer index, its data validation and the build script (`_key` is the index key).
"""

from __future__ import annotations

import functools
import re
import unicodedata

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
