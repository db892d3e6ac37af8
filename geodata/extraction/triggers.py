"""Event triggers: typed patterns that name an event in a sentence (the `triggers` pass).

Each trigger rule has a name (recorded on every trigger it fires), an event type and a strength:
strong | weak | anaphoric ("the strikes": the type of the previous event) | causal (the attack
another event answers; an optional group "noun" gives the trigger span) | militant (a militant
attack). The rules are geodata/rules/triggers.yaml, in order: where two overlap, the earlier
rule wins."""

from __future__ import annotations

import re

from ..rules import folds_like_lower, ruleset
from .state import Trigger

# (rule name, event type, strength, pattern, gate words); type "" for anaphoric triggers (the type
# of the previous event)
TRIGGERS: list[tuple[str, str, str, re.Pattern[str], tuple[str, ...]]] = [
    (r.name, r.meta.get("type") or "", r.meta["strength"], r.regex, tuple(r.meta.get("gate_words") or ()))
    for r in ruleset("triggers").values()
]


def raw_triggers(text: str, *, gated: bool = True) -> list[Trigger]:
    """Every trigger of a sentence, non-overlapping (earlier rules win), in text order. A rule
    whose gate words are all absent from the sentence cannot match and is not run (`gated=False`
    runs every pattern: the tests compare both)."""
    raw: list[Trigger] = []
    gated = gated and folds_like_lower(text)
    lowered = text.lower()
    for name, etype, strength, pattern, gate in TRIGGERS:
        if gated and gate and not any(word in lowered for word in gate):
            continue
        for m in pattern.finditer(text):
            start, end = m.span("noun") if "noun" in pattern.groupindex else m.span()
            if any(start < t.end and t.start < end for t in raw):
                continue
            raw.append(Trigger(etype, strength, start, end, text[start:end], name))
    raw.sort(key=lambda t: t.start)
    return raw
