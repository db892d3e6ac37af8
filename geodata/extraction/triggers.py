"""Event triggers: typed patterns that name an event in a sentence (the `triggers` pass).

Each trigger rule has a name (recorded on every trigger it fires), an event type and a strength:
strong | weak | anaphoric ("the strikes": the type of the previous event) | causal (the attack
another event answers; an optional group "noun" gives the trigger span) | militant (a militant
attack). The rules are geodata/rules/triggers.yaml, in order: where two overlap, the earlier
rule wins."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..rules import Rule, gate_text, pieces_in, ruleset
from ..rules.anchors import DIGIT, Anchored, leading_pieces
from ..rules.branch_anchors import BranchAnchored
from ..rules.shut import shutting_sets
from .state import Trigger

# in file order; a rule's `type` is "" for anaphoric triggers (the type of the previous event)
TRIGGERS: list[Rule] = list(ruleset("triggers").values())


def _worth_anchoring(r: Rule) -> bool:
    """Whether the rule's matches start with pieces of three letters or more: `post_taken` or
    `clash` (long alternations, tried at every position of a sentence) are then tried at a few;
    a rule that may start with "a" starts nearly everywhere, and is scanned as before."""
    pieces = leading_pieces(r.pattern, r.flags)
    return pieces is not None and all(p != DIGIT and len(p) >= 3 for p in pieces)


# one Aho-Corasick pass per sentence finds where the anchored rules' matches can start
_ANCHORED = Anchored(r for r in TRIGGERS if _worth_anchoring(r))


def _by_branch(r: Rule) -> BranchAnchored | None:
    """`attack_on_post`: anchored in the sentences that rule out its alternatives that are not."""
    if _ANCHORED.pieces(r.name):
        return None
    by_branch = BranchAnchored(r)
    return by_branch if by_branch.useful else None


# most rules are ruled out by the sentence's pieces: a set operation each, not their gate calls
_SHUT = [(r, *shutting_sets(r), bool(_ANCHORED.pieces(r.name)), _by_branch(r)) for r in TRIGGERS]


def raw_triggers(text: str, *, gated: bool = True) -> list[Trigger]:
    """Every trigger of a sentence, non-overlapping (earlier rules win), in text order. A rule
    whose gate words (or needed pieces) are all absent from the sentence cannot match and is not
    run, and an anchored rule is tried only where its matches can start (`gated=False` runs every
    pattern over the whole sentence: the tests compare both)."""
    raw: list[Trigger] = []
    lowered = gate_text(text) if gated else None
    scan = _ANCHORED.scan(text, lowered)  # its pieces are looked up on first use only
    found = pieces_in(lowered) if lowered is not None else None
    for r, words, needs, anchored, by_branch in _SHUT:
        if found is not None and (
            (words is not None and words.isdisjoint(found)) or (needs is not None and needs.isdisjoint(found))
        ):
            continue  # `opens` is False or `scanner` None: the same answers, read at once
        # the hand-listed gate words first, then the pieces read from the pattern (sharper for
        # some: "fire" opens `clash`, which then needs "exchange", "between", "trad"...)
        if not r.opens(lowered):
            continue
        matches: Iterable[re.Match[str]] | None = None
        if anchored and lowered is not None:
            # no narrowed pattern (`scanner`): compiling one costs more than the few tries saved
            matches = scan.finditer(r)
        elif by_branch is not None and lowered is not None:
            matches = by_branch.finditer(text, lowered)  # None: scanned as before
        if matches is None:
            pattern = r.scanner(text) if gated else r.regex  # None: hopeless
            if pattern is None:
                continue
            matches = pattern.finditer(text)
        for m in matches:
            start, end = m.span("noun") if "noun" in m.re.groupindex else m.span()
            if any(start < t.end and t.start < end for t in raw):
                continue
            raw.append(
                Trigger(r.meta.get("type") or "", r.meta["strength"], start, end, text[start:end], r.name)
            )
    raw.sort(key=lambda t: t.start)
    return raw
