"""Trigger filters: the contexts in which a trigger names no event of its own (the `filters` pass).

Each filter has a name; a dropped trigger records the filter that dropped it. Per trigger:
conditional or future, negated, generic history, unrest, a topic of an account, a state ("while the
gate was shut"). Per sentence: crossing events need a crossing context, a strong clash absorbs
shelling, a militant attack on a post is `other`, anaphora only when nothing is typed."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..model import CROSSING_TYPES
from ..rules import rule
from ..rules.windows import Windowed
from .state import Trigger
from .triggers import raw_triggers

_MILITANTS_NAMED = rule("militants_named")
_STATE_FORCES = rule("state_forces").regex
_CLOSED_FOR_YEARS = rule("closed_for_years").regex
_SUICIDE = rule("suicide_attack").regex
_CROSSING_CONTEXT = rule("crossing_context")  # Rules: whole sentences, read with their pieces
# read for windows of the sentence: the sentence's pieces leave most of its alternatives out
_CONDITIONAL = Windowed(rule("conditional"))
_CONDITIONAL_AFTER = rule("conditional_after").regex
_NEGATION = rule("negated").regex
_GENERIC_STRONG = rule("generic_history")  # a Rule: its search skips hopeless sentences
_GENERIC_HABIT = rule("generic_habit").regex
_DATED_WHEN_CLAUSE = rule("dated_when_clause").regex
_GENERIC_WEAK = rule("sporadic").regex
_UNREST = rule("unrest")

# an event named as the topic of an account, an inquiry or footage is reported elsewhere
_ACCOUNT_OF = Windowed(rule("account_of"))
# a closure named only as the time of something else ("while the gate was shut")
_WHILE_STATE = rule("while_closed").regex
# an event named as the time of another ("following the clash, ... launched rocket attacks")
_REFERENCED = rule("referenced_event").regex


# "urged restraint after five were killed in shelling": a past clause after "after" is told
_CLAUSE_BREAK = re.compile(
    r"[;:—–]|,\s+(?:but|while|and|as|which|who|although|though)\b|\bbut\b|\bafter\b(?=.*\b(?:was|were|had)\b)"
)


def _clause_before(text: str, start: int, limit: int = 70) -> str:
    """Text before `start` back to the previous clause break (',', ';', ':', dash) or `limit`."""
    window = text[max(0, start - limit) : start]
    parts = _CLAUSE_BREAK.split(window)
    return parts[-1] if parts else window


def _conditional(text: str, t: Trigger) -> bool:
    conditional = _CONDITIONAL.pattern(text)  # None: no conditional word in the whole sentence
    if conditional is not None and conditional.search(_clause_before(text, t.start)):
        return True
    return bool(_CONDITIONAL_AFTER.search(text[t.end : t.end + 30]))


def _negated(text: str, t: Trigger) -> bool:
    return bool(_NEGATION.search(text[max(0, t.start - 35) : t.start].split(",")[-1]))


def _closed_for_years(text: str, t: Trigger) -> bool:
    return t.type in CROSSING_TYPES and bool(_CLOSED_FOR_YEARS.match(text[t.end : t.end + 45]))


def _generic(text: str, t: Trigger) -> bool:
    # "... repeatedly since October 11, when Afghan forces attacked posts": that day's event
    # near the trigger, within its clause: "shelled X on Monday; residents fear more shelling"
    lo = max(0, t.start - 80, text.rfind(";", 0, t.start) + 1)
    semicolon = text.find(";", t.end)
    hi = min(len(text), t.end + 120, semicolon if semicolon >= 0 else len(text))
    if _GENERIC_HABIT.search(text, lo, hi):
        return True
    return bool(_GENERIC_STRONG.search(text)) and not _DATED_WHEN_CLAUSE.search(
        text, max(0, t.start - 90), t.start
    )


def _unrest(text: str, t: Trigger) -> bool:
    return t.type in ("armed_clash", "artillery_shelling", "") and bool(_UNREST.search(text))


def _suicide(text: str, t: Trigger) -> bool:
    return t.strength != "causal" and bool(_SUICIDE.search(text[max(0, t.start - 10) : t.start]))


def _account_of(text: str, t: Trigger) -> bool:
    # "has not given its account of Friday's fire exchange": the event reported elsewhere
    account_of = _ACCOUNT_OF.pattern(text)
    return account_of is not None and bool(account_of.search(text, max(0, t.start - 50), t.start))


def _while_state(text: str, t: Trigger) -> bool:
    # "traders lost millions while the gate was shut": the state, not a new event
    return t.type in CROSSING_TYPES and bool(_WHILE_STATE.search(text[max(0, t.start - 60) : t.start]))


_LABOUR_STRIKE = rule("labour_strike").regex
_WEAPON_CONTEXT = rule("weapon_context").regex
_FIRED_BY_DRONE = rule("fired_by_drone").regex
_SUBJECT_CLAUSE_OPENS = rule("subject_clause_opens").regex
_ATTACK_ON = rule("attack_on_posts_words").regex
_FIRED_BY_AIRCRAFT = rule("fired_by_aircraft").regex


_SINCE_IT_BEGAN = Windowed(rule("since_it_began"))
_PERIOD_START_PLACED = rule("period_start_placed").regex
_GATE_TAKEN_BY_CIVILIANS = rule("gate_taken_by_civilians").regex
_CAPTURE_NOT_ACHIEVED = rule("capture_not_achieved").regex
_COUNTED_TIMES = Windowed(rule("counted_times"))
_PERFECT_BEFORE = rule("perfect_before").regex
_CIVIC_CLOSURE = Windowed(rule("civic_closure"))
_CROSSING_WORD = rule("crossing_word").regex
_CLOSURE_AS_A_MEASURE = rule("closure_as_a_measure").regex


def _since_it_began(text: str, t: Trigger) -> bool:
    # "Since the clashes began, 10,000 people were sent back": '@' marks the trigger's end
    since = _SINCE_IT_BEGAN.pattern(text)
    return since is not None and bool(
        since.search(f"{text[max(0, t.start - 40) : t.end]}@{text[t.end : t.end + 30]}")
    )


def _gate_taken_by_civilians(text: str, t: Trigger) -> bool:
    if t.rule != "gate_taken":
        return False
    window = f"{text[max(0, t.start - 50) : t.start]}@{text[t.start : t.end + 40]}"
    return bool(_GATE_TAKEN_BY_CIVILIANS.search(window))


def _capture_not_achieved(text: str, t: Trigger) -> bool:
    return t.type == "post_captured_or_destroyed" and bool(
        _CAPTURE_NOT_ACHIEVED.search(_clause_before(text, t.start, 50))
    )


def _civic_closure(text: str, t: Trigger) -> bool:
    if t.type not in CROSSING_TYPES or t.text.lower() == "closure":
        return False  # "closed due to road closure in Parachinar": the noun keeps its place from the verb
    civic = _CIVIC_CLOSURE.pattern(text)
    if civic is None:
        return False  # no civic word in the whole sentence
    before = _clause_before(text, t.start, 60)
    if _CROSSING_WORD.search(before):
        return False  # "The Torkham crossing and markets in Landi Kotal were closed"
    return bool(civic.search(f"{before}@{text[t.start : t.end + 60]}"))


def _closure_as_a_measure(text: str, t: Trigger) -> bool:
    return t.type in CROSSING_TYPES and bool(
        _CLOSURE_AS_A_MEASURE.search(text[max(0, t.start - 30) : t.start])
    )


def _counted_times(text: str, t: Trigger) -> bool:
    # "have clashed more than 20 times": a tally; "struck Khost several times on Monday" is one event
    counted = _COUNTED_TIMES.pattern(text)
    if counted is None:
        return False  # no "times" in the sentence
    perfect = _PERFECT_BEFORE.search(text[max(0, t.start - 20) : t.start])
    return perfect is not None and bool(counted.match(text[t.end : t.end + 60]))


def _labour_strike(text: str, t: Trigger) -> bool:
    return t.rule == "bare_strikes" and bool(_LABOUR_STRIKE.search(text))


def _no_weapon(text: str, t: Trigger) -> bool:
    return t.rule == "facility_struck" and not _WEAPON_CONTEXT.search(text)


# (name, predicate): the first that holds drops the trigger
TRIGGER_FILTERS: list[tuple[str, Callable[[str, Trigger], bool]]] = [
    ("conditional", _conditional),
    ("negated", _negated),
    ("closed_for_years", _closed_for_years),
    ("generic_history", _generic),
    ("unrest", _unrest),
    ("suicide_attack", _suicide),
    ("account_of", _account_of),
    ("while_closed", _while_state),
    ("labour_strike", _labour_strike),
    ("since_it_began", _since_it_began),
    ("gate_taken_by_civilians", _gate_taken_by_civilians),
    ("capture_not_achieved", _capture_not_achieved),
    ("counted_times", _counted_times),
    ("civic_closure", _civic_closure),
    ("closure_as_a_measure", _closure_as_a_measure),
    ("no_weapon", _no_weapon),
]


def drop_rule(text: str, t: Trigger) -> str | None:
    """The name of the first filter that drops the trigger, None if it is kept."""
    return next((name for name, holds in TRIGGER_FILTERS if holds(text, t)), None)


Dropped = list[tuple[Trigger, str]]


@dataclass(frozen=True)
class ScreenContext:
    """What the article tells the filters beyond the sentence: a crossing the sentence or the
    dateline names ("TORKHAM: The border crossing remained closed"), and whether a fight was told
    before ("Since the clashes erupted in Kurram on Sunday, ..." as the article's only telling)."""

    crossing_named: bool = False
    fight_told: bool = True


def _sentence_filters(
    text: str, kept: list[Trigger], dropped: Dropped, context: ScreenContext
) -> list[Trigger]:
    """Filters over the triggers a sentence keeps, each dropping (or retyping) some of them."""

    def drop(filter_name: str, keep: Callable[[Trigger], bool]) -> list[Trigger]:
        dropped.extend((t, filter_name) for t in kept if not keep(t))
        return [t for t in kept if keep(t)]

    # the context is read only for a crossing trigger (most sentences have none; its scan is long)
    if any(t.type in CROSSING_TYPES for t in kept) and not (
        context.crossing_named or _CROSSING_CONTEXT.search(text)
    ):
        kept = drop("no_crossing_context", lambda t: t.type not in CROSSING_TYPES)
    # a strong clash in the sentence absorbs shelling / weak clash triggers of the same sentence
    # (not across a ';': "fighting broke out at X; mortar rounds landed in Y" are two events)
    clashes = [t for t in kept if t.type == "armed_clash" and t.strength == "strong"]
    referenced = [c for c in clashes if _REFERENCED.search(text[max(0, c.start - 60) : c.start])]
    if referenced and any(t.type == "artillery_shelling" for t in kept):
        # "following the clash, Pakistan launched rocket attacks": the news is the shelling
        kept = drop("referenced_event", lambda t: t not in referenced)
        clashes = [c for c in clashes if c not in referenced]
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
    # ("terrorists attacked two Pakistani military posts": the posts are the target, not authors)
    if _MILITANTS_NAMED.search(text):
        kept = [t.retyped("other") if _militants_fire(text, t) else t for t in kept]
    kept = [_fired_from_the_air(text, t) for t in kept]
    # an anaphoric trigger is only needed when the sentence has no typed one (the attack an event
    # answers is not the event: "the strikes were a response to an attack")
    if any(t.strength not in ("anaphoric", "causal") for t in kept):
        kept = drop("anaphora_not_needed", lambda t: t.strength != "anaphoric")
    return kept


def _militants_fire(text: str, t: Trigger) -> bool:
    """A weak clash trigger whose authors are militants: an attack on posts with no state forces
    named outside it, or fire opened by militants named just before it ("terrorists from
    Afghanistan opened fire on the army troops")."""
    if t.type != "armed_clash" or t.strength != "weak":
        return False
    if _ATTACK_ON.match(t.text):
        return not _STATE_FORCES.search(text[: t.start] + " " + text[t.end :])
    before = text[max(0, t.start - 160) : t.start]
    opens = [m.end() for m in _SUBJECT_CLAUSE_OPENS.finditer(before)]
    subject = before[opens[-1] :] if opens else before
    return bool(_MILITANTS_NAMED.search(subject)) and not _STATE_FORCES.search(subject)


def _fired_from_the_air(text: str, t: Trigger) -> Trigger:
    """'The rockets fired by the drone': shelling words for what a drone or a jet fired; 'the
    airstrike was carried out by a drone': a drone strike."""
    if t.type == "airstrike" and _FIRED_BY_DRONE.search(text[t.start : t.end + 40]):
        return t.retyped("drone_strike")
    if t.type != "artillery_shelling":
        return t
    window = text[max(0, t.start - 30) : t.end + 30]
    if _FIRED_BY_DRONE.search(window):
        return t.retyped("drone_strike")
    if _FIRED_BY_AIRCRAFT.search(window):
        return t.retyped("airstrike")
    return t


def screen_triggers(text: str, context: ScreenContext | None = None) -> tuple[list[Trigger], Dropped]:
    """The triggers of a sentence that name events, and the dropped ones with the filter's name."""
    context = context or ScreenContext()
    kept: list[Trigger] = []
    dropped: Dropped = []
    for t in raw_triggers(text):
        filter_name = drop_rule(text, t)
        if (
            filter_name == "since_it_began"
            and not context.fight_told
            and _PERIOD_START_PLACED.match(text[t.end :])
        ):
            filter_name = None  # "Since the clashes erupted in Kurram on Sunday, ...": told nowhere else
        if filter_name is None:
            kept.append(t)
        else:
            dropped.append((t, filter_name))
    return _sentence_filters(text, kept, dropped, context), dropped


def find_triggers(text: str) -> list[Trigger]:
    """Event triggers of a sentence, non-overlapping, in text order, negative contexts removed."""
    return screen_triggers(text)[0]
