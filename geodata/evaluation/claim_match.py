"""Does a system claim find a gold claim? Claimants by side (AF / PK / neither), figures by value.

A gold claim reads '<who>: <claim>' (GOLD_FORMAT rule 7). It is found when a system claim of the
matched incident comes from a compatible claimant and, if the gold claim gives numbers, carries one
of them.
"""

from __future__ import annotations

from .names import fold, numbers_in

_AF_STRONG = {
    "kabul", "taliban", "afghan", "afghanistan", "afghanistans", "emirate", "iea", "mujahid",
    "khowarazmi", "muttaqi",
}  # fmt: skip
_PK_STRONG = {"pakistan", "pakistani", "pakistans", "ispr", "islamabad", "rawalpindi", "fc", "dawar"}
_AF_WEAK = ("defence ministry", "defense ministry", "ministry of defence", "ministry of defense", "mod")
_PK_WEAK = ("military", "army", "troops", "security officials", "security sources", "security official")
_STOPWORDS = {
    "the", "a", "an", "of", "and", "in", "on", "for", "to", "by", "s", "its", "their", "said", "says",
    "according", "spokesman", "spokesperson", "official", "officials", "sources", "source", "statement",
    "incl", "including", "per", "reports", "report", "press", "conference", "unnamed", "anonymous",
}  # fmt: skip


def claimant_side(who: str) -> str | None:
    """'AF', 'PK' or None (independent, article's own voice, or both sides named)."""
    tokens = set(fold(who).split())
    af, pk = bool(tokens & _AF_STRONG), bool(tokens & _PK_STRONG)
    if af and pk:
        # "Taliban police chief ... (Kabul)" vs "Pakistani ... (Taliban)": the first named wins
        first = next((t for t in fold(who).split() if t in _AF_STRONG | _PK_STRONG), None)
        return "AF" if first in _AF_STRONG else "PK"
    if af:
        return "AF"
    if pk:
        return "PK"
    # the cited list of spokespeople (data/spokespeople.csv), by full name only: the gold is not
    # read through the fuzzy surname matching that the pipeline is scored on
    from ..claims import known_person_by_full_name

    # "Enayatullah Khwarazmi (Ministry of National Defense spokesman)"
    person = known_person_by_full_name(who)
    if person is not None and person.side in ("AF", "PK"):
        return person.side
    folded = " " + fold(who) + " "
    if any(f" {w} " in folded for w in _AF_WEAK):
        return "AF"
    if any(f" {w} " in folded for w in _PK_WEAK):
        return "PK"
    return None


def _key_tokens(who: str) -> set[str]:
    return {t for t in fold(who).split() if t not in _STOPWORDS and not t.isdigit()}


def claimants_compatible(gold_who: str, system_who: str, system_side: str | None = None) -> bool:
    """Same side (by key tokens: Kabul/Taliban/Afghan/defence ministry vs Pakistan/ISPR/military), or,
    when the gold claimant is on neither side ('Article', 'Local sources'), overlapping key tokens."""
    g_side = claimant_side(gold_who)
    s_side = system_side if system_side in ("AF", "PK") else claimant_side(system_who)
    if g_side in ("AF", "PK"):
        return s_side == g_side
    if s_side in ("AF", "PK"):
        return False
    g_tokens = _key_tokens(gold_who) or set(fold(gold_who).split())
    s_tokens = _key_tokens(system_who) or set(fold(system_who).split())
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
