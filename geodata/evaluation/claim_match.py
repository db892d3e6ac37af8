"""Does a system claim find a gold claim? Claimants by side (AF / PK / neither), figures by value.

A gold claim reads '<who>: <claim>' (GOLD_FORMAT rule 7). It is found when a system claim of the
matched incident comes from a compatible claimant and, if the gold claim gives numbers, carries one
of them.
"""

from __future__ import annotations

import functools

from ..claims.people import is_name
from ..rules import Rule, ruleset
from .names import fold, numbers_in

# Claimant side words live in geodata/rules/actors.yaml (rules claimant_side_*), one home
# with the actor words of extraction and claims.
_SIDE_RULE_PREFIX = "claimant_side_"


@functools.cache
def _side_rules(strength: str) -> tuple[tuple[str, Rule], ...]:
    """(side, rule) of the claimant side words of one strength, in file order (AF first)."""
    return tuple(
        (r.meta["side"], r)
        for r in ruleset("actors").values()
        if r.name.startswith(_SIDE_RULE_PREFIX) and r.meta.get("strength") == strength
    )


_STOPWORDS = {
    "the", "a", "an", "of", "and", "in", "on", "for", "to", "by", "s", "its", "their", "said", "says",
    "according", "spokesman", "spokesperson", "official", "officials", "sources", "source", "statement",
    "incl", "including", "per", "reports", "report", "press", "conference", "unnamed", "anonymous",
}  # fmt: skip


_FUNCTION_WORDS = {"the", "a", "an", "of", "and", "in", "on", "for", "to", "by", "s", "its", "their"}


def claimant_side(who: str) -> str | None:
    """'AF', 'PK' or None (independent, article's own voice, or both sides named)."""
    folded = fold(who)
    strong = [(m.start(), side) for side, r in _side_rules("strong") if (m := r.search(folded))]
    if strong:
        # "Taliban police chief ... (Kabul)" vs "Pakistani ... (Taliban)": the first named wins
        return min(strong)[1]
    # the cited list of spokespeople (data/spokespeople.csv), by full name only: the gold is not
    # read through the fuzzy surname matching that the pipeline is scored on
    from ..claims import known_person_by_full_name

    # "Enayatullah Khwarazmi (Ministry of National Defense spokesman)"
    person = known_person_by_full_name(who)
    if person is not None and person.side in ("AF", "PK"):
        return person.side
    for side, r in _side_rules("weak"):
        if r.search(folded):
            return side
    return None


def _plain_tokens(who: str) -> set[str]:
    return {t for t in fold(who).split() if t not in _FUNCTION_WORDS}


def _key_tokens(who: str) -> set[str]:
    return {t for t in fold(who).split() if t not in _STOPWORDS and not t.isdigit()}


def _same_person(gold_who: str, system_who: str) -> bool:
    """The same name of two words or more before the role ("Abdul Nasir Khan (deputy
    commissioner, Khyber district)"): one speaker, whichever side a label's words suggest."""
    g_raw = gold_who.split("(")[0].strip()
    g_name, s_name = (fold(w.split("(")[0]).split() for w in (gold_who, system_who))
    # "Security sources (Pakistani)" and "(Afghan)" are two sides, not one person
    return len(g_name) >= 2 and g_name == s_name and is_name(g_raw)


def claimants_compatible(gold_who: str, system_who: str, system_side: str | None = None) -> bool:
    """Same side (by key tokens: Kabul/Taliban/Afghan/defence ministry vs Pakistan/ISPR/military), or,
    when the gold claimant is on neither side ('Article', 'Local sources'), overlapping key tokens."""
    if fold(gold_who) == fold(system_who) or _same_person(gold_who, system_who):
        return True
    g_side = claimant_side(gold_who)
    # the system's own answer wins: "independent" is neither side, whatever words the label holds
    # ("Afghan news agency Khaama Press" is not the Afghan side)
    s_side = system_side if system_side in ("AF", "PK", "independent") else claimant_side(system_who)
    if g_side in ("AF", "PK"):
        return s_side == g_side
    if s_side in ("AF", "PK"):
        return False
    g_tokens, s_tokens = _key_tokens(gold_who), _key_tokens(system_who)
    if not (g_tokens and s_tokens):
        # a generic label on one side ("Sources" vs "Sources (to TOLOnews)"): compare all words
        g_tokens, s_tokens = _plain_tokens(gold_who), _plain_tokens(system_who)
    if g_tokens & s_tokens:
        return True
    # singular/plural variants: "resident" ~ "residents", "local" ~ "locals"
    strip = lambda ts: {t.rstrip("s") for t in ts}  # noqa: E731
    return bool(strip(g_tokens) & strip(s_tokens))


def split_claim(claim: str) -> tuple[str, str]:
    who, _, what = claim.partition(": ")
    return who.strip(), what.strip()


def claim_matches(gold_claim: str, system_claim) -> bool:
    """A gold claim '<who>: <claim>' is found by a system Claim when the claimants are compatible
    and, if the gold claim has numbers, at least one of them is the system claim's quantity or
    appears in its statement."""
    who, what = split_claim(gold_claim)
    claimant = getattr(system_claim, "claimant", "") or ""
    if not claimants_compatible(who, claimant, getattr(system_claim, "side", None)):
        return False
    gold_numbers = numbers_in(what)
    if not gold_numbers:
        return True
    system_numbers = numbers_in(getattr(system_claim, "statement", "") or "")
    quantity = getattr(system_claim, "quantity", None)
    if quantity is not None:
        try:
            system_numbers.add(float(quantity))
        except (TypeError, ValueError):
            pass
    return bool(gold_numbers & system_numbers)
