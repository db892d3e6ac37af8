"""A rule tried only where its matches can start, when only some of its alternatives have
leading pieces: `BranchAnchored`.

`attack_on_post` has no leading pieces as a whole: one alternative starts with "\\w+day's firing".
Every match of it holds "firing", though: in a sentence without it, that alternative finds
nothing, and the others' leading pieces are where every match starts. Per sentence, the
alternatives its pieces leave (`Rule.branch_needs`, as `Rule.scanner` reads them) decide: all of
them with leading pieces, the pattern is tried at those only (the argument of anchors.py);
else the sentence is scanned as before.
"""

from __future__ import annotations

import re

import ahocorasick

from . import Rule, _piece_index, pieces_in
from .anchors import DIGIT, found_in, leading_pieces, spaced


class BranchAnchored:
    """One rule's alternatives, each with its needed pieces (None: always possible) and its
    leading pieces (None: none known, or one too short to be worth the tries)."""

    def __init__(self, r: Rule) -> None:
        self.rule = r
        index = _piece_index().pieces
        before, _, after = r._cut or ("", [], "")
        self._branches: list[tuple[frozenset[str] | None, frozenset[str] | None]] = []
        for branch, needs in r.branch_needs:
            lead = leading_pieces(f"{before}(?:{branch}){after}", r.flags)
            if lead is not None and any(p == DIGIT or len(p) < 3 for p in lead):
                lead = None  # "in", a digit: found nearly everywhere
            self._branches.append((needs if needs is not None and needs <= index else None, lead))
        self.finder = ahocorasick.Automaton()
        for piece in set().union(*(lead for _, lead in self._branches if lead is not None)):
            self.finder.add_word(piece, piece)
        self.finder.make_automaton()

    @property
    def useful(self) -> bool:
        """Whether some alternative has leading pieces and the rest can be ruled out by a text."""
        return (
            self.rule.requires is None
            and any(lead is not None for _, lead in self._branches)
            and all(lead is not None or needs is not None for needs, lead in self._branches)
        )

    def finditer(self, text: str, lowered: str) -> list[re.Match[str]] | None:
        """`list(rule.regex.finditer(text))` (`lowered`: its `gate_text`), tried only where a
        match can start; None when an alternative the text leaves has no leading pieces."""
        found = pieces_in(lowered)
        pieces: set[str] = set()
        for needs, lead in self._branches:
            if needs is not None and needs.isdisjoint(found):
                continue  # this alternative finds nothing anywhere in the text
            if lead is None:
                return None
            pieces |= lead
        if not pieces:
            return []
        starts = sorted(
            {end - len(p) + 1 for end, p in found_in(self.finder, spaced(lowered)) if p in pieces}
        )
        matches: list[re.Match[str]] = []
        pos, match = 0, self.rule.regex.match
        for start in starts:
            if start >= pos and (m := match(text, start)) is not None:
                matches.append(m)
                pos = m.end()  # never empty: a match starts with a piece
        return matches
