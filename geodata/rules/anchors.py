"""Where a pattern's matches can start: `leading_pieces(pattern, flags)`, and `Anchored`, which
tries a pattern at those positions only.

"(?:at least\\s+)?(?:\\d+|seven|...)\\s+soldiers" starts with no fixed word, so the regex engine
tries it at every position of a sentence (ignoring case, each alternative in turn). Every match of
it starts with "at least", a digit or a count word: found in one Aho-Corasick pass, those
positions are the only ones `re.Pattern.match` is tried at. The matches are the same, in the same
order: `finditer` is `search` from the end of the last match, and `search` is `match` at the
first position that matches, so skipping positions where no match can start changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import ahocorasick

from .needs import sre, sre_parse

if TYPE_CHECKING:
    from . import Rule

# the leading piece "a digit" (of "\d", "\d+"): found by `_DIGIT`, not by the automaton
DIGIT = "\0"
_DIGIT = re.compile(r"\d")
# more pieces than this (a product of word lists): no anchors, the pattern is scanned as before
_MAX_PIECES = 400
_MAX_DEPTH = 60
_ZERO_WIDTH = () if sre is None else (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
# what "\s" matches in a str pattern: str.isspace() (the same Unicode test); none past U+3000.
# Pieces read "\s" as " ", and the text is looked up with each of them turned into " "
SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
_ONE_SPACE = str.maketrans(dict.fromkeys(SPACES, " "))


def spaced(lowered: str) -> str:
    """The text as leading pieces are looked up in: every space character as " " (a piece reads
    "\\s" as " "), one for one, so positions stay. Every other space is a control or separator
    character, not printable: a printable text is given back as it is."""
    return lowered if lowered.isprintable() else lowered.translate(_ONE_SPACE)


def found_in(finder: Any, text: str) -> Iterable[tuple[int, str]]:
    """`finder.iter(text)`; nothing for an automaton without words (pyahocorasick raises there:
    a rule whose matches all start with a digit adds none)."""
    return finder.iter(text) if len(finder) else ()


class _Unsure(Exception):
    """The pattern holds what this reading does not know (a back-reference, a nested case flag)."""


def leading_pieces(pattern: str, flags: int) -> frozenset[str] | None:
    """Lower-case pieces one of which every match of the pattern starts with (`DIGIT`: a decimal
    digit), none a prefix of another; None when no such set is known (a match may start with
    anything, or be empty)."""
    if sre_parse is None:
        return None
    try:
        parsed = sre_parse.parse(pattern, flags)
        pieces = _sequence(list(parsed.data), 0, 0)
    except (_Unsure, re.error, RecursionError, AttributeError, TypeError, ValueError):
        return None
    pieces = {p[: p.index(DIGIT)] or DIGIT if DIGIT in p else p for p in pieces}
    if not pieces or "" in pieces or any(p[0] == " " for p in pieces):
        return None  # empty, or starting with any space: nearly every position
    kept: list[str] = []  # a piece found wherever a shorter one starting it is: the shorter suffices
    for piece in sorted(pieces, key=lambda p: (len(p), p)):
        if not any(piece.startswith(k) for k in kept):
            kept.append(piece)
    return frozenset(kept)


def onward_pieces(items: list[Any]) -> set[str] | None:
    """`leading_pieces` of a parsed pattern's items (lower-cased, "\\s" read as " ", a digit as
    `DIGIT`); None when unknown, or when a match may start with anything ("")."""
    try:
        pieces = _sequence(items, 0, 0)
    except (_Unsure, RecursionError):
        return None
    return None if "" in pieces else pieces


def _product(heads: Iterable[str], tails: Iterable[str]) -> set[str]:
    tails = list(tails)
    out = {h + t for h in heads for t in tails}
    if len(out) > _MAX_PIECES:
        raise _Unsure
    return out


def _extended(heads: set[str], tails: Callable[[], set[str]]) -> set[str]:
    """Each head followed by each of the tails; the heads alone when those would be too many (a
    match starting with a head and a tail starts with the head)."""
    try:
        return _product(heads, tails())
    except _Unsure:
        return _product(heads, {""})


def _sequence(items: Sequence[Any], i: int, depth: int) -> set[str]:
    """The pieces every match of items[i:] starts with ("": nothing known)."""
    if depth > _MAX_DEPTH:
        raise _Unsure
    if i == len(items):
        return {""}
    op, av = items[i]
    if op in _ZERO_WIDTH:
        return _sequence(items, i + 1, depth)  # a lookaround or a \b consumes nothing
    exact = _exact(op, av, depth + 1)
    if exact is not None:  # the item is one of these strings: the rest follows each of them
        return _extended(exact, lambda: _sequence(items, i + 1, depth))
    rest = items[i + 1 :]
    # a group, each alternative, an optional item: read on into what follows it ("(?:a|an)\s+",
    # a match of the group's first alternative is followed by a space: "a ", not every "a")
    if op is sre.SUBPATTERN and not (av[1] or av[2]):
        return _sequence([*av[3].data, *rest], 0, depth + 1)
    if op is sre.BRANCH:
        return set().union(*(_sequence([*b.data, *rest], 0, depth + 1) for b in av[1]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[:2] == (0, 1):
        return _sequence([*av[2].data, *rest], 0, depth + 1) | _sequence(items, i + 1, depth)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] == 0:
        # an optional item: a match starts with it, or with what follows it
        return _leading(op, av, depth + 1) | _sequence(items, i + 1, depth)
    return _leading(op, av, depth + 1)


def _leading(op: Any, av: Any, depth: int) -> set[str]:
    """The pieces every (non-empty) match of one item starts with."""
    if op is sre.SUBPATTERN:
        if av[1] or av[2]:
            raise _Unsure  # "(?-i:...)": case rules change inside
        return _sequence(av[3].data, 0, depth)
    if op is sre.BRANCH:
        return set().union(*(_sequence(b.data, 0, depth) for b in av[1]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return _sequence(av[2].data, 0, depth)
    if op is sre.ATOMIC_GROUP:
        return _sequence(av.data, 0, depth)
    if op is sre.IN and av == [(sre.CATEGORY, sre.CATEGORY_DIGIT)]:
        return {DIGIT}
    if op in (sre.GROUPREF, sre.GROUPREF_EXISTS):
        raise _Unsure
    return {""}


def _exact(op: Any, av: Any, depth: int) -> set[str] | None:
    """The strings one item matches (lower-cased), when they are few, plain and ASCII; else None."""
    if depth > _MAX_DEPTH:
        raise _Unsure
    if op is sre.LITERAL:
        return {_letter(av)} if 0 < av < 128 else None  # NUL stands for DIGIT
    if op is sre.IN and all(o is sre.LITERAL and 0 < a < 128 for o, a in av):
        return {_letter(a) for _o, a in av}
    if op is sre.IN and av == [(sre.CATEGORY, sre.CATEGORY_SPACE)]:
        return {" "}  # "\s": any space, looked up in the text with its spaces made " "
    if op is sre.SUBPATTERN and not (av[1] or av[2]):
        return _exact_sequence(av[3].data, depth)
    if op is sre.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            alternative = _exact_sequence(branch.data, depth)
            if alternative is None:
                return None
            out |= alternative
        return out
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[:2] == (0, 1):
        inner = _exact_sequence(av[2].data, depth)
        return None if inner is None else inner | {""}
    return None


def _letter(code: int) -> str:
    """A literal as the pieces hold it: lower-cased, a space (a tab...) as " " (see `SPACES`)."""
    c = chr(code)
    return " " if c in SPACES else c.lower()


def _exact_sequence(items: Sequence[Any], depth: int) -> set[str] | None:
    out = {""}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the strings matched are the same
        exact = _exact(op, av, depth + 1)
        if exact is None:
            return None
        out = _product(out, exact)
    return out


class Anchored:
    """Rules tried only where their matches can start (their `leading_pieces`), the pieces of all
    of them looked up in one pass over a text (`scan`). A rule without leading pieces is scanned
    with `Rule.finditer` as before."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self._pieces: dict[str, frozenset[str]] = {}
        self._gate_pieces: dict[str, frozenset[str]] = {}  # of the rules' `requires` gates
        for r in rules:
            pieces = leading_pieces(r.pattern, r.flags)
            if pieces is not None:
                self._pieces[r.name] = pieces
            gate = leading_pieces(r.requires, r.flags) if r.requires is not None else None
            if pieces is not None and gate is not None:
                self._gate_pieces[r.name] = gate
        every = set().union(*self._pieces.values(), *self._gate_pieces.values())
        self.rules_of: dict[str, list[str]] = {}  # piece -> the rules whose matches it starts
        for name, pieces in self._pieces.items():
            for piece in pieces:
                self.rules_of.setdefault(piece, []).append(name)
        self.finder = ahocorasick.Automaton()  # every piece but DIGIT
        for piece in every - {DIGIT}:
            self.finder.add_word(piece, piece)
        self.finder.make_automaton()
        self.digits = DIGIT in every

    def pieces(self, name: str) -> frozenset[str] | None:
        return self._pieces.get(name)

    def scan(self, text: str, lowered: str | None) -> Scan:
        """The matches of the rules in `text`; `lowered` is its `gate_text` (None: lower() cannot
        be trusted there, every rule scans the whole text)."""
        return Scan(self, text, lowered)


class Scan:
    """One text's matches, rule by rule (`finditer`): the pieces are looked up once, on first use."""

    def __init__(self, anchored: Anchored, text: str, lowered: str | None) -> None:
        self._anchored, self._text, self._lowered = anchored, text, lowered
        self._starts: dict[str, list[int]] | None = None
        self._rule_starts: dict[str, list[int]] | None = None

    def _piece_starts(self) -> dict[str, list[int]]:
        """Where each piece starts in the text (DIGIT: every decimal digit)."""
        if self._starts is None:
            assert self._lowered is not None
            starts: dict[str, list[int]] = {}
            lowered = spaced(self._lowered)
            for end, piece in found_in(self._anchored.finder, lowered):
                starts.setdefault(piece, []).append(end - len(piece) + 1)
            if self._anchored.digits:
                starts[DIGIT] = [m.start() for m in _DIGIT.finditer(self._text)]
            self._starts = starts
        return self._starts

    def _starts_by_rule(self) -> dict[str, list[int]]:
        """Where a match of each rule can start, in order (no entry: nowhere). Read for every
        rule at once: most rules start nowhere in a sentence, and are done with one look-up."""
        if self._rule_starts is None:
            by_rule: dict[str, set[int]] = {}
            rules_of = self._anchored.rules_of
            for piece, at in self._piece_starts().items():
                for rule_name in rules_of.get(piece, ()):
                    by_rule.setdefault(rule_name, set()).update(at)
            self._rule_starts = {rule_name: sorted(at) for rule_name, at in by_rule.items()}
        return self._rule_starts

    def finditer(self, r: Rule) -> list[re.Match[str]]:
        """`list(r.finditer(text))`, trying the pattern only where a match can start."""
        if r.name not in self._anchored._pieces or self._lowered is None:
            return list(r.finditer(self._text))
        starts = self._starts_by_rule().get(r.name)
        return [] if starts is None else self._matches(r, starts, first=False)

    def search(self, r: Rule) -> re.Match[str] | None:
        """`r.search(text)`, trying the pattern only where a match can start."""
        if r.name not in self._anchored._pieces or self._lowered is None:
            return r.search(self._text)
        starts = self._starts_by_rule().get(r.name)
        found = [] if starts is None else self._matches(r, starts, first=True)
        return found[0] if found else None

    def _matches(self, r: Rule, starts: list[int], first: bool) -> list[re.Match[str]]:
        text = self._text
        if r.hopeless(text):
            return []
        matches: list[re.Match[str]] = []
        pos, match = 0, r.regex.match
        for start in starts:
            if start >= pos and (m := match(text, start)) is not None:
                matches.append(m)
                if first:
                    break
                pos = m.end()  # never empty: a match starts with a piece
        if matches and not self._gate_opens(r):
            return []  # as Rule.finditer: its `requires` gate found nothing
        return matches

    def _gate_opens(self, r: Rule) -> bool:
        """`r.gate.search(text) is not None` (True without a gate), the gate tried where its
        matches can start."""
        if r.gate is None:
            return True
        pieces = self._anchored._gate_pieces.get(r.name)
        if pieces is None or self._lowered is None:
            return r.gate.search(self._text) is not None
        text, match = self._text, r.gate.match
        starts = self._piece_starts()
        return any(match(text, s) is not None for p in pieces for s in starts.get(p, ()))
