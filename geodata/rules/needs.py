"""The literal pieces a pattern cannot match without: `needed_pieces(pattern, flags)`.

"\\b(?:killed|wounded)\\s+in\\b" matches no text that holds neither "killed" nor "wounded", so a
sentence holding neither need not be scanned (`Rule.needs`). The pieces are read from the parsed
pattern (the standard library's own parser, `re._parser`: the pattern as the regex engine sees it,
macros expanded). Only what every match must contain counts: a piece inside an optional group, a
negative lookaround or a back-reference counts for nothing, and of the pieces a sequence requires
the most selective set is kept. When in doubt the answer is None (no gate: always scan).
"""

from __future__ import annotations

import re
from typing import Any

try:  # private modules of the standard library (3.11+): without them, no rule is gated
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python's re
    sre = sre_parse = None

# a set of more alternatives than this opens for nearly every text: no gate worth its look-up
_MAX_PIECES = 64
# the tree reaches the pattern's groups only (a few levels); past this depth, no gate
_MAX_DEPTH = 60

Pieces = tuple[str, ...]


class _Unsure(Exception):
    """The pattern switches case sensitivity inside (or nests too deep): no gate."""


def needed_pieces(pattern: str, flags: int) -> tuple[Pieces, bool] | None:
    """(pieces, ignore_case): every match of the pattern holds one of the pieces (lower-cased when
    the pattern ignores case, to be looked up in lower-cased text); None when no such set is known."""
    if sre_parse is None:
        return None
    try:
        parsed = sre_parse.parse(pattern, flags)
        ignore_case = bool(parsed.state.flags & re.IGNORECASE)
        pieces = _sequence(parsed.data, ignore_case, 0)
    except (_Unsure, re.error, RecursionError, AttributeError, TypeError, ValueError):
        return None  # a pattern (or a parser) this reading does not know: no gate, always scan
    return (pieces, ignore_case) if pieces else None


def _better(a: Pieces | None, b: Pieces | None) -> Pieces | None:
    """The more selective of two requirements: longer shortest piece, then fewer pieces."""
    if a is None:
        return b
    if b is None:
        return a
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b


def _sequence(items: Any, ignore_case: bool, depth: int) -> Pieces | None:
    """What a sequence of items requires: each item's requirement holds, so the best one; runs of
    plain ASCII characters join into one piece."""
    if depth > _MAX_DEPTH:
        raise _Unsure
    best: Pieces | None = None
    run: list[str] = []
    for i, (op, av) in enumerate(items):
        if op is sre.LITERAL and av < 128:
            run.append(chr(av).lower() if ignore_case else chr(av))
            continue
        if run:
            best = _better(best, _run_onward("".join(run), items[i:], ignore_case))
            run = []
        best = _better(best, _item(op, av, ignore_case, depth + 1))
    if run:
        best = _better(best, ("".join(run),))
    return best


def _run_onward(run: str, rest: Any, ignore_case: bool) -> Pieces:
    """A run of letters and the word it starts: "c" before "(?:laim|onfirm)ed" needs "claimed"
    or "confirmed" (a word list written as a prefix tree), read by `anchors.leading_pieces` of
    what follows, cut at a space or a digit (there "\\s" reads as " ", a digit as `DIGIT`)."""
    from .anchors import DIGIT, onward_pieces  # noqa: PLC0415 - anchors imports this module

    onward = onward_pieces(list(rest)) if ignore_case else None
    if not onward:
        return (run,)
    cut = _minimal(run + p.split(" ", 1)[0].split(DIGIT, 1)[0] for p in onward)
    return cut if len(cut) <= _MAX_PIECES else (run,)


def _item(op: Any, av: Any, ignore_case: bool, depth: int) -> Pieces | None:
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if (add_flags | del_flags) & re.IGNORECASE:
            raise _Unsure  # "(?-i:[A-Z])": pieces of mixed case sensitivity
        return _sequence(sub.data, ignore_case, depth)
    if op is sre.BRANCH:
        return _alternatives(av[1], ignore_case, depth)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _sequence(av[2].data, ignore_case, depth)
    if op is sre.ATOMIC_GROUP:
        return _sequence(av.data, ignore_case, depth)
    if op is sre.ASSERT:  # a positive lookaround: what it sees is in the text too
        return _sequence(av[1].data, ignore_case, depth)
    return None


def _alternatives(branches: Any, ignore_case: bool, depth: int) -> Pieces | None:
    """Every alternative must require something; the pieces are their union, a piece holding
    another one dropped (the shorter one is found wherever the longer one is)."""
    pieces: list[str] = []
    for branch in branches:
        required = _sequence(branch.data, ignore_case, depth)
        if required is None:
            return None
        pieces.extend(required)
    kept = _minimal(pieces)
    return kept if len(kept) <= _MAX_PIECES else None


def _minimal(pieces: Any) -> Pieces:
    """The pieces without those holding another (the shorter one is found wherever they are)."""
    kept: list[str] = []
    for piece in sorted(set(pieces), key=lambda p: (len(p), p)):
        if not any(k in piece for k in kept):
            kept.append(piece)
    return tuple(kept)


# a global inline flag ("(?i)") reads differently once the alternatives are cut apart
_GLOBAL_FLAG = re.compile(r"\(\?[aiLmsux]+\)")


def top_alternatives(pattern: str, flags: int) -> tuple[str, list[str], str] | None:
    """(before, alternatives, after): the pattern's top-level alternatives ("a|b(?:c|d)" ->
    ("", ["a", "b(?:c|d)"], "")), or those of its first top-level group of them ("\\b(?:a|b)s" ->
    ("\\b", ["a", "b"], "s")); the pattern is `before(?:a|b|...)after`. None when there are none,
    or when cutting the pattern apart could change what a piece means (a verbose pattern, a global
    inline flag, a back-reference)."""
    if flags & re.VERBOSE or _GLOBAL_FLAG.search(pattern) or "(?P=" in pattern or "(?(" in pattern:
        return None
    read = _top_level(pattern)
    if read is None:
        return None
    bars, closes = read
    if bars:
        return "", [pattern[a + 1 : b] for a, b in zip([-1, *bars], [*bars, len(pattern)], strict=True)], ""
    for start, end in closes.items():
        inner = _top_level(pattern[start + 3 : end]) if pattern.startswith("(?:", start) else None
        if inner is not None and inner[0]:
            cut = top_alternatives(pattern[start + 3 : end], flags)
            return None if cut is None else (pattern[:start], cut[1], pattern[end + 1 :])
    return None


def _top_level(pattern: str) -> tuple[list[int], dict[int, int]] | None:
    """Where the top-level bars are, and where each top-level group closes (by where it opens);
    None for an unbalanced pattern or one with a numbered back-reference ("\\1")."""
    bars: list[int] = []
    closes: dict[int, int] = {}
    opened, depth, in_class, i = 0, 0, False, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            if pattern[i + 1 : i + 2].isdigit():
                return None  # "\\1": a group of another alternative
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += 2 if pattern[i + 1 : i + 2] == "^" else 1  # "[]" or "[^]": "]" is a member there
            i += pattern[i : i + 1] == "]"
            continue
        elif c == "(":
            opened = i if depth == 0 else opened
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                closes[opened] = i
        elif c == "|" and depth == 0:
            bars.append(i)
        i += 1
    return None if depth != 0 or in_class else (bars, closes)
