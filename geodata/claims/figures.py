"""Figures: how many a sentence says were killed, wounded, captured or destroyed, and of whom.

The patterns are the figure_* rules of rules/claims.yaml; what a subject counts (side and role,
so that "Fifteen Afghan fighters and three Pakistani soldiers" stay two figures) are the
subject_side_* and subject_role_* rules of rules/actors.yaml.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..rules import gate_text, rule, ruleset
from ..rules.anchors import Anchored

_COUNT_WORDS: dict[str, int | None] = {
    **rule("count_word").meta["values"],
    **rule("article_count").meta["values"],
    **rule("large_count_word").meta["values"],
}
_POST_NOUN = rule("figure_post_noun").regex
# figure verb -> unit, in file order (the first that matches the whole verb wins)
_VERB_UNIT = [(r.regex, str(r.meta["unit"])) for r in ruleset("claims").values() if "unit" in r.meta]
_NOUN_UNIT: dict[str, str] = rule("figure_noun_verb").meta["units"]
# Rules, not their regexes: finditer skips a text that lacks every piece a match needs
_FIG_NUM_FIRST = rule("figure_number_first")
_FIG_INCLUDING = rule("figure_including")
_BREAKDOWN_BEFORE = rule("breakdown_before").regex
_FIG_VERB_FIRST = rule("figure_verb_first")
_FIG_STATE = rule("figure_state")
_FIG_TOLL = rule("figure_toll")
_FIG_BODIES = rule("figure_bodies")
_FIG_BODIES_COUNTED = rule("figure_bodies_counted")
_FIG_SINGLE = rule("figure_single")
_FIG_CONJUNCT_COUNT = rule("figure_conjunct_count")
_FIG_VERB_BARE = rule("figure_verb_bare")
_FIG_NOUN = rule("figure_noun")
_FIG_UNNUMBERED_POSTS = rule("figure_unnumbered_posts")
_FIGURE_CUE = rule("figure_cue")
_CLAUSE_VERB = rule("clause_verb").regex
_CONJUNCT_AFTER = rule("figure_conjunct_after").regex
_CONJUNCT_BEFORE = rule("figure_conjunct_before").regex
_VERB_BEFORE = rule("figure_verb_before").regex
_HEDGE_BEFORE = rule("figure_hedge_before").regex
_LIVES_OF_BEFORE = rule("figure_lives_of_before").regex
_OWN_FORCES = rule("own_forces_prefix").regex
_SINGLE_COUNT = rule("single_count_prefix").regex
_NUMBER_OF_SUFFIX = rule("number_of_suffix").regex
# what a conjunct says of whom it counts: side (AF, PK, TTP) and role (state forces, fighters,
# civilians); conjuncts that differ in either are not summed ("Fifteen Afghan fighters and three
# Pakistani soldiers were killed" is two figures, not 18)
_SIDE_WORDS = [
    (r.meta["side"], r.regex) for r in ruleset("actors").values() if r.name.startswith("subject_side_")
]
_ROLE_WORDS = [
    (r.meta["role"], r.regex) for r in ruleset("actors").values() if r.name.startswith("subject_role_")
]
# at most this many conjuncts are summed into one figure ("a woman and two children" ...)
_MAX_CONJUNCTS = 6
# how far back the patterns anchored at a position ("...$") look: a conjunct, a verb, "the lives of"
_LOOKBACK = 150

Kind = tuple[str | None, str | None]  # (side, role) of a figure's subject


def search_before(
    pattern: re.Pattern[str], text: str, pos: int, width: int = _LOOKBACK
) -> re.Match[str] | None:
    """`pattern.search(text[:pos])` for a pattern anchored at the end ("$"), over the last `width`
    characters only (from a word start), so that a long sentence is not rescanned from its start
    for every figure; match offsets are positions in `text`."""
    lo = max(0, pos - width)
    while 0 < lo < pos and text[lo - 1].isalnum():
        lo += 1  # not from inside a word ("...teen soldiers" is no "teen")
    return pattern.search(text, lo, pos)


def _kind(subject: str) -> Kind:
    side = next((label for label, p in _SIDE_WORDS if p.search(subject)), None)
    role = next((label for label, p in _ROLE_WORDS if p.search(subject)), None)
    return side, role


def _same_kind(a: Kind, b: Kind) -> bool:
    return all(x is None or y is None or x == y for x, y in zip(a, b))


def _merge_kind(a: Kind, b: Kind) -> Kind:
    return (a[0] or b[0], a[1] or b[1])


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    quantity: float | None
    unit: str
    subject: str | None
    hedge: str | None


def _number(token: str) -> float | None:
    token = token.lower().strip()
    token = _NUMBER_OF_SUFFIX.sub("", token)
    if token.replace(",", "").isdigit():
        return float(token.replace(",", ""))
    if token == "a dozen":
        return 12.0
    value = _COUNT_WORDS.get(token)
    if value is None:
        return _compound_number(token)
    return float(value)


_RANGE_START = rule("figure_range_start").regex
_FIGURE_NUMBER = rule("figure_number").regex


def _range_in_digits(hedge: str, upper: float | None) -> str:
    """A range's start with its count in digits ("six or" -> "6 or", "between seven and" ->
    "between 7 and"), so that the casualty summary can read the lower end; other hedges as given.
    A start that cannot be the lower end of `upper` ("two or [three dozen]": the multiplier is
    the upper count's) is dropped: the count stands alone, its statement keeps the words."""
    m = _RANGE_START.fullmatch(hedge)
    low = _number(m.group("low")) if m else None
    if m is None or low is None:
        return hedge
    if upper is None or not (upper / 10 <= low < upper):
        return ""
    return f"{m.group('between') or ''}{int(low) if low.is_integer() else low} {m.group('joint')}"


def _run_hedge(hedge: str, text: str, start: int, total: float | None) -> str | None:
    """The hedge before a run of conjuncts, for their sum: a range's start moves up by what the
    later conjuncts add ("between seven and [nine children and a woman]": between 8 and 10)."""
    first = _FIGURE_NUMBER.match(text, start)
    first_count = _number(first.group()) if first else None
    digits = _range_in_digits(hedge, first_count)
    m = _RANGE_START.fullmatch(digits) if digits else None
    low = _number(m.group("low")) if m else None
    if m is None or low is None or total is None or first_count is None:
        return digits or None
    low += total - first_count
    return f"{m.group('between') or ''}{int(low) if low.is_integer() else low} {m.group('joint')}"


def _compound_number(token: str) -> float | None:
    """'twenty-one' -> 21, 'two hundred' -> 200, 'two dozen' -> 24 (the compounds figure_number
    reads), else None."""
    words = token.replace("-", " ").split()
    if len(words) != 2:
        return None
    first = 1 if words[0] == "a" else _COUNT_WORDS.get(words[0])
    second = _COUNT_WORDS.get(words[1])
    if first is None or second is None:
        return None
    return float(first * second if second in (100, 12) else first + second)  # two hundred, two dozen


def _unit(verb: str, subject: str | None) -> str:
    verb = verb.lower()
    unit = next((u for pattern, u in _VERB_UNIT if pattern.fullmatch(verb)), None)
    if unit is None:
        unit = _NOUN_UNIT.get(verb, "killed")
    is_post = bool(subject and _POST_NOUN.search(subject))
    if unit in ("captured", "destroyed"):
        return f"posts_{unit}" if is_post else unit
    return unit


def find_figures(text: str, *, gated: bool = True) -> list[Figure]:
    """Casualty and post figures of a sentence, in text order, non-overlapping. A sentence holding
    none of the pieces every figure verb or noun contains has none, and a pattern is tried only
    where its matches can start (`gated=False`: neither, every pattern scans the whole sentence)."""
    lowered = gate_text(text)
    if gated and not _FIGURE_CUE.opens(lowered):
        return []
    scan = _ANCHORED.scan(text, lowered if gated else None)
    found: list[Figure] = []  # sorted by start; the spans are disjoint, so their ends are sorted too
    starts: list[int] = []

    def overlaps(start: int, end: int) -> bool:
        i = bisect.bisect_left(starts, end)  # found[:i] start before `end`
        return i > 0 and found[i - 1].end > start

    def insert(f: Figure) -> None:
        i = bisect.bisect_right(starts, f.start)
        starts.insert(i, f.start)
        found.insert(i, f)

    def clean(subject: str | None) -> str | None:
        subj = subject.strip(" \"“”'") if subject else None
        if subj and _OWN_FORCES.search(subj):
            subj = _OWN_FORCES.sub("", subj)
        return subj

    def add(m: re.Match[str], subject: str | None, coordinate: str | None = None) -> None:
        if overlaps(m.start(), m.end()):
            return
        num = m.groupdict().get("num")
        quantity = _number(num) if num else None
        hedge = _range_in_digits((m.groupdict().get("hedge") or "").strip(), quantity) or None
        if num and quantity is None:  # "dozens of", "hundreds of"
            hedge = hedge or num.strip()
        pieces: list[tuple[int, int, float | None, str | None, bool]]
        if coordinate and quantity is not None and subject:
            pieces = _coordinated(text, m, quantity, coordinate)
        else:
            pieces = [(m.start(), m.end(), quantity, subject, True)]
        for start, end, q, subj, head in pieces:
            subj = clean(subj)
            own = hedge if head else None
            if own is None and start < m.start() and (h := search_before(_HEDGE_BEFORE, text, start)):
                own = _run_hedge(h.group("hedge"), text, start, q)  # "at least [nine children and] a woman"
            if head or not overlaps(start, end):
                insert(Figure(start, end, q, _unit(m.group("verb"), subj), subj, own))

    for m in scan.finditer(_FIG_INCLUDING):  # a total with its breakdown: the total, first
        add(m, m.group("subj"))
    for m in scan.finditer(_FIG_NUM_FIRST):
        if search_before(_LIVES_OF_BEFORE, text, m.start()):
            continue
        if _in_breakdown(text, m.start()):
            continue  # "15 were killed, among them four children and a woman who were killed"
        if m.group("num").lower() in ("a", "an") and not _counted_conjunct_before(text, m.start()):
            continue  # "and a woman" counts only after "nine children": not "and a further three"
        add(m, m.group("subj"), "before")
    for figure_rule, coordinate in _PLAIN_SHAPES:
        for m in scan.finditer(figure_rule):
            add(m, m.groupdict().get("subj"), coordinate)
    # a bare figure ("wounding 17 others", "and six in Kunar") takes the previous figure's subject
    result: list[Figure] = []
    for f in found:
        if f.subject is None and result:
            f = Figure(f.start, f.end, f.quantity, f.unit, result[-1].subject, f.hedge)
        result.append(f)
    return result


# the other figure shapes, in order (an earlier one wins an overlap), with the side of their
# count where a conjunct may stand ("killing three soldiers and two civilians": after)
_PLAIN_SHAPES = (
    (_FIG_SINGLE, None),
    (_FIG_NOUN, "after"),
    (_FIG_VERB_FIRST, "after"),
    (_FIG_VERB_BARE, None),
    (_FIG_STATE, None),
    (_FIG_TOLL, None),
    (_FIG_BODIES, None),
    (_FIG_BODIES_COUNTED, None),
    (_FIG_CONJUNCT_COUNT, None),
    (_FIG_UNNUMBERED_POSTS, None),
)
# per process: the pieces every figure pattern's matches start with, in one automaton
_ANCHORED = Anchored([_FIG_INCLUDING, _FIG_NUM_FIRST, *(r for r, _ in _PLAIN_SHAPES)])


def _in_breakdown(text: str, pos: int) -> bool:
    """The figure at `pos`, or the conjuncts just before it, follow "including" / "among them"."""
    c = search_before(_CONJUNCT_BEFORE, text, pos)
    start = c.start() if c is not None else pos
    return search_before(_BREAKDOWN_BEFORE, text, start) is not None


def _counted_conjunct_before(text: str, pos: int) -> bool:
    """A conjunct with a number of its own just before `pos` ("nine children and |a woman")."""
    c = search_before(_CONJUNCT_BEFORE, text, pos)
    return c is not None and c.group("num").lower() not in ("a", "an") and _number(c.group("num")) is not None


@dataclass
class _Run:
    """Alike conjuncts summed into one figure: its span, its subject's span, the sum, the kind."""

    start: int
    end: int
    subj_start: int
    subj_end: int
    quantity: float
    kind: Kind
    head: bool  # holds the matched figure (the others are conjuncts of another kind)


def _coordinated(
    text: str, m: re.Match[str], quantity: float, direction: str
) -> list[tuple[int, int, float | None, str | None, bool]]:
    """Figures for coordinated objects, summed: "wounding a woman and two children" is 3
    wounded, not 1 (the first conjunct alone would undercount). `direction` is where the other
    conjuncts are: "after" the matched object (verb first) or "before" it (verb last). Conjuncts
    of another kind (posts vs people) or of unknown size ("dozens") end the list; at most
    _MAX_CONJUNCTS are taken. Conjuncts of another side or role ("Fifteen Afghan fighters and three
    Pakistani soldiers were killed") are not added in: each run of alike conjuncts is a figure.
    Returns (start, end, quantity, subject, is_the_matched_one) per figure, in text order."""
    is_post = bool(_POST_NOUN.search(m.group("subj")))
    runs = [_Run(m.start(), m.end(), m.start("subj"), m.end("subj"), quantity, _kind(m.group("subj")), True)]
    count = 1
    pos = m.end() if direction == "after" else m.start()
    while count < _MAX_CONJUNCTS:
        if direction == "after":
            c = _CONJUNCT_AFTER.match(text, pos)
        else:
            c = search_before(_CONJUNCT_BEFORE, text, pos)
        value = _number(c.group("num")) if c else None
        if c is None or value is None or bool(_POST_NOUN.search(c.group("subj"))) != is_post:
            break
        if direction == "after" and _CLAUSE_VERB.search(c.group("subj")):
            break  # "wounding two soldiers and an officer said the attackers ...": a new clause
        if direction == "before" and search_before(_VERB_BEFORE, text, c.start()):
            break  # "killing three soldiers and two civilians were wounded": the object of another verb
        kind = _kind(c.group("subj"))
        run = runs[-1]
        if not _same_kind(run.kind, kind):
            runs.append(
                _Run(c.start("num"), c.end("subj"), c.start("subj"), c.end("subj"), value, kind, False)
            )
        elif direction == "after":
            run.end = run.subj_end = c.end("subj")
            run.quantity += value
            run.kind = _merge_kind(run.kind, kind)
        else:
            run.start = run.subj_start = c.start()
            run.quantity += value
            run.kind = _merge_kind(run.kind, kind)
        pos = c.end() if direction == "after" else c.start()
        count += 1
    if direction == "before":
        runs.reverse()
    out: list[tuple[int, int, float | None, str | None, bool]] = []
    for run in runs:
        subject = text[run.subj_start : run.subj_end]
        if direction == "before":
            subject = _SINGLE_COUNT.sub("", subject)
        out.append((run.start, run.end, run.quantity, subject, run.head))
    return out
