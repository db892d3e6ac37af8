"""Event triggers: typed patterns that name an event in a sentence (the `triggers` pass).

Each trigger rule has a name (recorded on every trigger it fires), an event type and a strength:
strong | weak | anaphoric ("the strikes": the type of the previous event) | causal (the attack
another event answers; an optional group "noun" gives the trigger span) | militant (a militant
attack). The rules are geodata/rules/triggers.yaml, in order: where two overlap, the earlier
rule wins."""

from __future__ import annotations

from ..rules import Rule, gate_text, ruleset
from .state import Trigger

# in file order; a rule's `type` is "" for anaphoric triggers (the type of the previous event)
TRIGGERS: list[Rule] = list(ruleset("triggers").values())


def raw_triggers(text: str, *, gated: bool = True) -> list[Trigger]:
    """Every trigger of a sentence, non-overlapping (earlier rules win), in text order. A rule
    whose gate words (or needed pieces) are all absent from the sentence cannot match and is not
    run (`gated=False` runs every pattern: the tests compare both)."""
    raw: list[Trigger] = []
    lowered = gate_text(text) if gated else None
    for r in TRIGGERS:
        # the hand-listed gate words first, then the pieces read from the pattern (sharper for
        # some: "fire" opens `clash`, which then needs "exchange", "between", "trad"...)
        if not r.opens(lowered):
            continue
        pattern = r.scanner(text) if gated else r.regex  # None: hopeless
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            start, end = m.span("noun") if "noun" in pattern.groupindex else m.span()
            if any(start < t.end and t.start < end for t in raw):
                continue
            raw.append(
                Trigger(r.meta.get("type") or "", r.meta["strength"], start, end, text[start:end], r.name)
            )
    raw.sort(key=lambda t: t.start)
    return raw
