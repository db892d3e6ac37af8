"""pysbd's English rules with a cheaper abbreviation scan that gives the same text.

pysbd's AbbreviationReplacer tries each of its 188 abbreviations on every line of a paragraph: a
substring test, then a regex search wherever one begins a word ("is", "co", "al" in most lines),
then a re.sub over the line for every such word. That was over half of pysbd's time. Each of
those substitutions only turns a "." right after the abbreviation (at the start of the line or
after a space) into "∯", so an abbreviation that never stands before a full stop in the line
cannot change it. pysbd's own scan runs on each line with its list cut down to the others, in
pysbd's order. The substitutions only remove full stops, so what the line had before the scan
bounds what it has during it. A test compares this with pysbd's scan on varied text.
"""

from __future__ import annotations

import re
from typing import Any

from pysbd.lang.english import English

_ABBREVIATIONS = list(English.Abbreviation.ABBREVIATIONS)
_PLACES: dict[str, list[int]] = {}  # stripped abbreviation -> its places in pysbd's list
for _i, _a in enumerate(_ABBREVIATIONS):
    _PLACES.setdefault(_a.strip(), []).append(_i)
# "u.s", "e.g": pysbd puts them in its search unescaped, "." matching any character
_DOTTED = [(a.strip(), i) for i, a in enumerate(_ABBREVIATIONS) if "." in a]
# a word at the start of the line or after a space, up to a full stop
_WORD_BEFORE_STOP = re.compile(r"(?:^|(?<=\s))([^\s.]+)\.")
# the only characters but ASCII letters that match an ASCII letter in a case-blind regex, where
# str.lower() does not give that letter (a test checks all of Unicode): such lines get pysbd's scan
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


class _Only:
    """`target` with one attribute replaced (pysbd reads its abbreviation list as
    `self.lang.Abbreviation.ABBREVIATIONS`)."""

    def __init__(self, target: Any, name: str, value: Any):
        self._target, self._name, self._value = target, name, value

    def __getattr__(self, name: str) -> Any:
        return self._value if name == self._name else getattr(self._target, name)


class _AbbreviationReplacer(English.AbbreviationReplacer):
    lang: Any  # set by pysbd's __init__

    def search_for_abbreviations_in_string(self, text: str) -> str:
        if _FOLDS_TO_ASCII.search(text):
            return str(super().search_for_abbreviations_in_string(text))
        lowered = text.lower()
        words = {w.lower() for w in _WORD_BEFORE_STOP.findall(text)}
        found = {i for w in words & _PLACES.keys() for i in _PLACES[w]}
        found.update(i for a, i in _DOTTED if a in lowered)
        if not found:
            return text
        full = self.lang
        wanted = [_ABBREVIATIONS[i] for i in sorted(found)]
        self.lang = _Only(full, "Abbreviation", _Only(full.Abbreviation, "ABBREVIATIONS", wanted))
        try:
            return str(super().search_for_abbreviations_in_string(text))
        finally:
            self.lang = full


class FastEnglish(English):
    AbbreviationReplacer = _AbbreviationReplacer
