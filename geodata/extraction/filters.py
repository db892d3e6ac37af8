"""Trigger filters: the contexts in which a trigger names no event of its own (the `filters` pass).

Each filter has a name; a dropped trigger records the filter that dropped it. Per trigger:
conditional or future, negated, generic history, unrest, a topic of an account, a state ("while the
gate was shut"). Per sentence: crossing events need a crossing context, a strong clash absorbs
shelling, a militant attack on a post is `other`, anaphora only when nothing is typed."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import CROSSING_TYPES
from .state import Trigger
from .triggers import _MILITANTS_NAMED, _STATE_FORCES, raw_triggers

_CROSSING_CONTEXT = re.compile(
    r"\b(?:crossings?|gates?|border\s+points?|terminal|trade\s+(?:through|via|at)|border\s+(?:was|were|has\s+been|had\s+been)|closed\s+the\s+border|border\s+closure|trade\s+route)\b",
    re.I,
)
# the modal "may", not the month ("on 3 May", "In May")
_MAY = r"(?<!\d\s)(?-i:may)(?!\s+\d)"
_CONDITIONAL = re.compile(
    r"\b(?:if|unless|would|will|could|might|"
    + _MAY
    + r"|should|shall|threaten\w*|warn\w*|vow\w*|potential|possible|possibly|any|"
    r"prepared\s+to|ready\s+to|plans?\s+to|planned\s+to|seeks?\s+to|wants?|wanted|avoid\w*|prevent\w*|risks?|fears?|feared|"
    r"to\s+curb|future|demand\w*|call(?:ed|s)?\s+(?:for|on)|urg\w+|whether|when(?:ever)?\s+(?:they|it)\s+(?:are|is)|"
    # a decision is not the act: "the decision to reopen the border was taken on Wednesday"
    r"decisions?\s+to|decided\s+to|agreed\s+to|agreements?\s+to)\b",
    re.I,
)
_CONDITIONAL_AFTER = re.compile(r"^\W*(?:\w+\W+){0,2}?(?:could|would|will|might|" + _MAY + r")\b", re.I)
_NEGATION = re.compile(r"\b(?:not|no|never|without|denied|denies|deny|rejected|nobody)\b|n[’']t\b", re.I)
_GENERIC_STRONG = re.compile(
    r"\b(?:(?:weeks|months|years|decades)\s+of\s+(?:[\w-]+\s+){0,3}?(?:clashes|fighting|hostilities|skirmishes|shelling|strikes|violence)|for\s+(?:years|decades|months)|repeatedly|often|frequently|regularly|long\s+been|is\s+not\s+new|in\s+(?:the\s+)?past\s+years|over\s+the\s+years|history\s+of|have\s+long|(?:of|in)\s+recent\s+years|"
    # a forecast or a type of thing, not an event: "the likely outcome is more of the same: a clash here"
    r"more\s+of\s+the\s+same|likely\s+outcome|scenarios?)\b",
    re.I,
)
_GENERIC_WEAK = re.compile(r"\b(?:sporadic|occasional|periodic)\b", re.I)
_UNREST = re.compile(
    r"\b(?:TLP|Tehreek-e-Labbaik|Tehrik-e-Labbaik|protest\w*|demonstrat\w*|rall(?:y|ies)|riot\w*)\b", re.I
)

# an event named as the topic of an account, an inquiry or footage is reported elsewhere
_ACCOUNT_OF = re.compile(
    r"\b(?:gave|given|give|gives|offered|offers)\s+(?:a|an|its|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:account|version)\s+of\s+"
    r"(?:the\s+|this\s+|that\s+|[A-Z][a-z]+day['’]s\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)
# a closure named only as the time of something else ("while the gate was shut")
_WHILE_STATE = re.compile(
    r"\bwhile\s+(?:the\s+|that\s+|this\s+)?(?:[\w'’-]+\s+){0,2}?(?:gate|crossing|border|terminal|route|it)\s+"
    r"(?:was|were|is|are|had\s+been|has\s+been|remained|stayed|remains|stays)\s+(?:\w+ly\s+)?$",
    re.I,
)


def _clause_before(text: str, start: int, limit: int = 70) -> str:
    """Text before `start` back to the previous clause break (',', ';', ':', dash) or `limit`."""
    window = text[max(0, start - limit) : start]
    parts = re.split(r"[;:—–]|,\s+(?:but|while|and|as|which|who|although|though)\b|\bbut\b", window)
    return parts[-1] if parts else window


def _conditional(text: str, t: Trigger) -> bool:
    after = text[t.end : t.end + 30]
    return bool(_CONDITIONAL.search(_clause_before(text, t.start)) or _CONDITIONAL_AFTER.search(after))


def _negated(text: str, t: Trigger) -> bool:
    return bool(_NEGATION.search(text[max(0, t.start - 35) : t.start].split(",")[-1]))


def _closed_for_years(text: str, t: Trigger) -> bool:
    return t.type in CROSSING_TYPES and bool(
        re.match(r"\s+(?:to\s+\w+\s+)?for\s+(?:years|decades|months)", text[t.end : t.end + 30])
    )


def _generic(text: str, t: Trigger) -> bool:
    return bool(_GENERIC_STRONG.search(text))


def _unrest(text: str, t: Trigger) -> bool:
    return t.type in ("armed_clash", "artillery_shelling", "") and bool(_UNREST.search(text))


def _suicide(text: str, t: Trigger) -> bool:
    return t.strength != "causal" and bool(
        re.search(r"\bsuicide\s+$", text[max(0, t.start - 10) : t.start], re.I)
    )


def _closing_in(text: str, t: Trigger) -> bool:
    return t.type == "crossing_closed" and bool(re.match(r"(?i)clos(?:ed|ing)\s+(?:to|in)\s+on\b", t.text))


def _account_of(text: str, t: Trigger) -> bool:
    # "has not given its account of Friday's fire exchange": the event reported elsewhere
    return bool(_ACCOUNT_OF.search(text, max(0, t.start - 50), t.start))


def _while_state(text: str, t: Trigger) -> bool:
    # "traders lost millions while the gate was shut": the state, not a new event
    return t.type in CROSSING_TYPES and bool(_WHILE_STATE.search(text[max(0, t.start - 60) : t.start]))


# (name, predicate): the first that holds drops the trigger
TRIGGER_FILTERS: list[tuple[str, Callable[[str, Trigger], bool]]] = [
    ("conditional", _conditional),
    ("negated", _negated),
    ("closed_for_years", _closed_for_years),
    ("generic_history", _generic),
    ("unrest", _unrest),
    ("suicide_attack", _suicide),
    ("closing_in_on", _closing_in),
    ("account_of", _account_of),
    ("while_closed", _while_state),
]


def drop_rule(text: str, t: Trigger) -> str | None:
    """The name of the first filter that drops the trigger, None if it is kept."""
    return next((name for name, holds in TRIGGER_FILTERS if holds(text, t)), None)


Dropped = list[tuple[Trigger, str]]


def _sentence_filters(text: str, kept: list[Trigger], dropped: Dropped) -> list[Trigger]:
    """Filters over the triggers a sentence keeps, each dropping (or retyping) some of them."""

    def drop(rule: str, keep: Callable[[Trigger], bool]) -> list[Trigger]:
        dropped.extend((t, rule) for t in kept if not keep(t))
        return [t for t in kept if keep(t)]

    if any(t.type in CROSSING_TYPES for t in kept) and not _CROSSING_CONTEXT.search(text):
        kept = drop("no_crossing_context", lambda t: t.type not in CROSSING_TYPES)
    # a strong clash in the sentence absorbs shelling / weak clash triggers of the same sentence
    # (not across a ';': "fighting broke out at X; mortar rounds landed in Y" are two events)
    clashes = [t for t in kept if t.type == "armed_clash" and t.strength == "strong"]
    if clashes:
        kept = drop(
            "clash_absorbs_shelling",
            lambda t: (
                t.type != "artillery_shelling"
                or all(";" in text[min(c.end, t.end) : max(c.start, t.start)] for c in clashes)
            ),
        )
    if any(t.type == "artillery_shelling" for t in kept):
        kept = drop(
            "shelling_absorbs_attack", lambda t: not (t.type == "armed_clash" and t.strength == "weak")
        )
    # an attack on a post by militants (TTP, "terrorists"), with no state forces named as its
    # authors, is a militant attack: `other` (GOLD_FORMAT section 5)
    if _MILITANTS_NAMED.search(text) and not _STATE_FORCES.search(text):
        kept = [
            t.retyped("other")
            if t.type == "armed_clash" and t.strength == "weak" and re.match(r"(?i)attacks?\s+on\b", t.text)
            else t
            for t in kept
        ]
    # an anaphoric trigger is only needed when the sentence has no typed one (the attack an event
    # answers is not the event: "the strikes were a response to an attack")
    if any(t.strength not in ("anaphoric", "causal") for t in kept):
        kept = drop("anaphora_not_needed", lambda t: t.strength != "anaphoric")
    return kept


def screen_triggers(text: str) -> tuple[list[Trigger], Dropped]:
    """The triggers of a sentence that name events, and the dropped ones with the filter's name."""
    kept: list[Trigger] = []
    dropped: Dropped = []
    for t in raw_triggers(text):
        rule = drop_rule(text, t)
        if rule is None:
            kept.append(t)
        else:
            dropped.append((t, rule))
    return _sentence_filters(text, kept, dropped), dropped


def find_triggers(text: str) -> list[Trigger]:
    """Event triggers of a sentence, non-overlapping, in text order, negative contexts removed."""
    return screen_triggers(text)[0]
