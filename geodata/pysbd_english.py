"""pysbd's English rules with a cheaper abbreviation scan that gives the same text.

pysbd's AbbreviationReplacer tries each of its 188 abbreviations on every line of a paragraph: a
substring test, then a regex search wherever one begins a word ("is", "co", "al" in most lines),
then a re.sub over the line for every such word. That was over half of pysbd's time. Each of
those substitutions only turns a "." right after the abbreviation (at the start of the line or
after a space) into "∯", so an abbreviation that never stands before a full stop in the line
cannot change it: it is skipped, and the others run pysbd's own code in pysbd's order. The
substitutions only remove full stops, so what the line had before the scan bounds what it has
during it. A test compares this with pysbd's scan on varied text.
"""

from __future__ import annotations

import re

from pysbd.lang.english import English

_ABBREVIATIONS = [a.strip() for a in English.Abbreviation.ABBREVIATIONS]
_ORDER = {a: i for i, a in reversed(list(enumerate(_ABBREVIATIONS)))}
# "u.s", "e.g": pysbd puts them in its search unescaped, "." matching any character
_DOTTED = [a for a in _ABBREVIATIONS if "." in a]
# a word at the start of the line or after a space, up to a full stop
_WORD_BEFORE_STOP = re.compile(r"(?:^|(?<=\s))([^\s.]+)\.")
# the only characters but ASCII letters that match an ASCII letter in a case-blind regex, where
# str.lower() does not give that letter (a test checks all of Unicode): such lines get pysbd's scan
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


class _AbbreviationReplacer(English.AbbreviationReplacer):
    def search_for_abbreviations_in_string(self, text: str) -> str:
        if _FOLDS_TO_ASCII.search(text):
            return str(super().search_for_abbreviations_in_string(text))
        lowered = text.lower()
        found = {_ORDER[w] for w in map(str.lower, _WORD_BEFORE_STOP.findall(text)) if w in _ORDER}
        found.update(_ORDER[a] for a in _DOTTED if a in lowered)
        for index in sorted(found):
            text = self._replace(text, _ABBREVIATIONS[index])
        return text

    def _replace(self, text: str, stripped: str) -> str:
        # the body of pysbd 0.3.4's loop over its abbreviations, as it stands
        abbrev_match = re.findall(rf"(?:^|\s|\r|\n){stripped}", text, flags=re.IGNORECASE)
        if not abbrev_match:
            return text
        next_word_start = r"(?<={" + str(re.escape(stripped)) + "} ).{1}"
        char_array = re.findall(next_word_start, text)
        for ind, match in enumerate(abbrev_match):
            text = self.scan_for_replacements(text, match, ind, char_array)
        return text


class FastEnglish(English):
    AbbreviationReplacer = _AbbreviationReplacer
