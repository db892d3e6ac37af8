"""Rules searched in windows of a sentence ("the 70 letters before a trigger"): `Windowed`.

A window is a substring of its sentence (or two substrings joined by `JOINER`), so the literal
pieces of the window are pieces of the sentence, which `pieces_in` has read already: a rule whose
needed pieces the sentence lacks cannot match any window of it, and an alternative whose pieces
it lacks can be left out of the pattern. Looking the window itself up would cost more than its
search saves; the sentence's pieces cost a set operation.
"""

from __future__ import annotations

import functools
import re

from . import Rule, _piece_index, gate_text, pieces_in

JOINER = "@"  # joins two substrings of the sentence into one window ("before@after")


class Windowed:
    """One rule, read for windows of a sentence: `pattern(sentence)` is None where the rule cannot
    match any window of the sentence, else a pattern that finds in any window exactly what the
    rule's finds (the rule without the alternatives whose pieces the sentence lacks, when those
    are all of the alternatives that have pieces; else the whole pattern)."""

    def __init__(self, r: Rule) -> None:
        self.rule = r
        index = _piece_index().pieces
        needs = r.needs
        # every piece must be in the shared index and free of the joiner, or it is not used
        self._needs = needs if needs and needs <= index and not _joined(needs) else None
        branches = [n for _, n in r.branch_needs]
        read = [n is not None and n <= index and not _joined(n) for n in branches]
        self._kept = tuple(i for i, ok in enumerate(read) if not ok)  # kept whatever the sentence
        pieces = [n for n, ok in zip(branches, read) if ok and n is not None]
        self._branch_pieces = frozenset().union(*pieces) if pieces else None

    @functools.cached_property
    def _rest(self) -> re.Pattern[str]:
        """The pattern of the alternatives that have no pieces to read (compiled once)."""
        return self.rule._compile_kept(self._kept)

    def pattern(self, sentence: str) -> re.Pattern[str] | None:
        """The pattern to search windows of `sentence` with; None: no window of it can match."""
        lowered = gate_text(sentence)
        if lowered is None:
            return self.rule.regex
        found = pieces_in(lowered)
        if self._needs is not None and self._needs.isdisjoint(found):
            return None
        if self._branch_pieces is not None and self._branch_pieces.isdisjoint(found):
            return self._rest
        return self.rule.regex


def _joined(pieces: frozenset[str]) -> bool:
    return any(JOINER in p for p in pieces)
