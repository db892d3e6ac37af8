"""Casualty numbers per incident from its claims: killed and wounded per claimant (and the
claimant's side), with a low / high range across claimants (UCDP GED's low / high) and a best
figure only where the claimants agree. Pure, no UI.

Rules, and why:
* A claimant's figure for a unit is the largest it states for the incident: a claimant who repeats
  "23 soldiers were killed" in three sentences claims 23, not 69. (Figures of one claimant for
  different groups of people in one incident are rare in this data; taking the largest never
  invents deaths, it can only undercount them.)
* A claimant with no side (an outlet's own voice, "Article"; "Officials", "Residents") is a
  different claimant in each article: two outlets reporting 3 and 8 dead in their own words are
  two figures, "3–8", labelled by outlet ("Article (Dawn)"), not one claimant's largest. A named
  side's claimant (ISPR, Zabihullah Mujahid) is the same claimant whichever outlet quotes it.
* low / high are the smallest and largest claimant figures; a claimant's range ("between 7 and 9
  killed") gives its lower end to low and its upper end to high. Figures are never averaged, within
  a side or across sides: Kabul's 58 and Pakistan's 23 give "23–58", not 40.5.
* best is given only when every claimant states the same figure (UCDP picks a "best" by
  judgement; a pipeline cannot, so it abstains when the claimants differ).
* Claims without a number or with another unit (posts captured) are not casualty figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

UNITS = ("killed", "wounded")
SIDES = ("AF", "PK", "independent")
OWN_VOICE = "Article"  # geodata.claims: a claim the article makes in its own voice


def as_number(value: object) -> float | None:
    """A claim's quantity as a number, None for anything else (text, booleans, negatives)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if value >= 0 else None


# the start of a range as geodata.claims.figures writes it ("between 7 and", "6 or", "10 to")
_RANGE_START = re.compile(r"(?:between\s+)?(\d+(?:\.\d+)?)\s+(?:and|to|or)", re.IGNORECASE)


def range_low(item: Mapping) -> float | int:
    """A claimant's figure at its lower end: 7 for "between 7 and 9" (a range's count is its upper
    end, like "up to 9"), the figure itself otherwise."""
    m = _RANGE_START.fullmatch(str(item.get("hedge") or ""))
    return _as_int(min(float(m.group(1)), float(item["quantity"]))) if m else item["quantity"]


def _as_int(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def is_own_voice(claimant: str) -> bool:
    """The outlet's own reporting: "Article", "Article (Dawn)", "Article (according to reports)"."""
    return claimant == OWN_VOICE or claimant.startswith(OWN_VOICE + " (")


def by_claimant(claims: list[Mapping], unit: str, labels: Mapping[tuple[str, str], str]) -> list[dict]:
    """[{claimant, side, quantity, hedge}] for `unit`, one per claimant (its largest figure),
    in a stable order: AF, PK, independent, other, then the outlets' own reporting. `labels`
    (`sideless_labels`) name a sideless claimant that speaks in several articles."""
    best: dict[tuple[str, str], dict] = {}
    for claim in claims:
        if claim.get("unit") != unit:
            continue
        quantity = as_number(claim.get("quantity"))
        if quantity is None:
            continue
        claimant = str(claim.get("claimant") or "Unattributed")
        side = claim.get("side") if claim.get("side") in SIDES else None
        article = str(claim.get("article") or "")
        key = (claimant, "" if side else "#" + article)  # "#": a reviewer's claim has no article
        current = best.get(key)
        if current is None or quantity > current["quantity"]:
            best[key] = {
                "claimant": claimant if side else labels.get((claimant, article), claimant),
                "side": side,
                "quantity": _as_int(quantity),
                "hedge": claim.get("hedge") or None,
            }
    order = {"AF": 0, "PK": 1, "independent": 2, None: 3}

    def rank(item: dict) -> tuple:
        return (is_own_voice(item["claimant"]), order[item["side"]], item["claimant"].casefold())

    return sorted(best.values(), key=rank)


def sideless_labels(claims: Iterable[Mapping], outlets: Mapping[str, str]) -> dict[tuple[str, str], str]:
    """(claimant, article) -> its name, for a sideless claimant with figures in several articles,
    the same for killed and wounded: 'Article (Dawn)', 'Article (Tolo News)'; with the article id
    where the outlet is unknown or shared ('Article (unknown outlet, 909)', 'Article (Dawn, a2)');
    a reviewer's claim (no article) is 'Article (added by a reviewer)'."""
    articles_of: dict[str, set[str]] = {}
    for c in claims:
        if c.get("unit") not in UNITS or as_number(c.get("quantity")) is None or c.get("side") in SIDES:
            continue
        articles_of.setdefault(str(c.get("claimant") or "Unattributed"), set()).add(
            str(c.get("article") or "")
        )
    labels: dict[tuple[str, str], str] = {}
    for claimant, articles in articles_of.items():
        if len(articles) < 2:
            continue
        names = {a: str(outlets.get(a) or "").strip() for a in articles}
        for article in sorted(articles):
            name = names[article]
            unknown = name.lower() in ("", "unknown")
            shared = unknown or list(names.values()).count(name) > 1
            if not article:
                label = "added by a reviewer"
            else:
                label = f"{'unknown outlet' if unknown else name}, {article}" if shared else name
            labels[(claimant, article)] = f"{claimant} ({label})"
    return labels


def outlets_of(sources: Iterable) -> dict[str, str]:
    """article id -> outlet, from Source records or their dicts."""
    out: dict[str, str] = {}
    for s in sources:
        article, outlet = (
            (s.get("article"), s.get("outlet")) if isinstance(s, Mapping) else (s.article, s.outlet)
        )
        if article:
            out[str(article)] = str(outlet or "")
    return out


def summary(claims: Iterable[Mapping], outlets: Mapping[str, str] | None = None) -> dict:
    """{unit: {"by_claimant": [...], "low", "high", "best"}} for killed and wounded (None where
    nobody gives a number)."""
    claims = [c for c in claims if isinstance(c, Mapping)]
    labels = sideless_labels(claims, outlets or {})
    out: dict = {}
    for unit in UNITS:
        figures = by_claimant(claims, unit, labels)
        values = [f["quantity"] for f in figures]
        low = min(range_low(f) for f in figures) if figures else None
        high = max(values) if values else None
        out[unit] = {
            "by_claimant": figures,
            "low": low,
            "high": high,
            "best": low if values and low == high else None,
        }
    return out


def _figure_text(item: Mapping) -> str:
    """'58', or a range as '7–9'."""
    low = range_low(item)
    return f"{low}–{item['quantity']}" if low != item["quantity"] else f"{item['quantity']}"


def flat_properties(claims: Iterable[Mapping], outlets: Mapping[str, str] | None = None) -> dict:
    """The GeoJSON / CSV members: killed_low, killed_high, killed_best, wounded_…, and
    `casualties` (per claimant)."""
    figures = summary(claims, outlets)
    out: dict = {}
    for unit in UNITS:
        for key in ("low", "high", "best"):
            out[f"{unit}_{key}"] = figures[unit][key]
    out["casualties"] = {unit: figures[unit]["by_claimant"] for unit in UNITS}
    return out


def text(figures: Mapping, unit: str) -> str:
    """One table cell, the figure first so a narrow column still shows it: '23–58: Zabihullah
    Mujahid (AF) 58 · ISPR (PK) 23', 'at least 5: Eyewitnesses' ('' when nobody gave one)."""
    entry = figures.get(unit) or {}
    items = entry.get("by_claimant") or []
    if not items:
        return ""
    spread = entry.get("low") != entry.get("high")
    if spread:
        lead = f"{entry['low']}–{entry['high']}"
    else:
        hedges = {item.get("hedge") or "" for item in items}
        hedge = hedges.pop() if len(hedges) == 1 else ""
        lead = f"{hedge + ' ' if hedge else ''}{items[0]['quantity']}"
    who = (
        f"{item['claimant']}{' (' + item['side'] + ')' if item.get('side') else ''}"
        + (f" {_figure_text(item)}" if spread else "")
        for item in items
    )
    return f"{lead}: " + " · ".join(who)
