"""Popup and tooltip text of an incident, and the words the table and the review desk share with
them (place, date, precision, claims grouped by side, outlet names). No Streamlit here.

Every string that reaches HTML goes through `geodata.sanitize.escape_html`; links through
`safe_url` (via `link_html`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geodata.casualties import OWN_VOICE, is_own_voice
from geodata.model import EVENT_LABELS, LOCATION_PRECISION_LABELS
from geodata.sanitize import escape_html, link_html

from . import source_caps
from .filters import VERIFICATION_LABELS

# Colour-blind-friendly-ish categorical palette (Okabe-Ito + extras), one per event type.
TYPE_COLORS: dict[str, str] = {
    "armed_clash": "#d55e00",
    "airstrike": "#cc0000",
    "drone_strike": "#8e44ad",
    "artillery_shelling": "#e69f00",
    "post_captured_or_destroyed": "#0072b2",
    "crossing_closed": "#444444",
    "crossing_reopened": "#009e73",
    "other": "#7f7f7f",
}
# Precision 5 with a point: a part of a country, drawn as an area (map_view.AREA_RADIUS_M).
REGION_LABEL = "region, part of a country (representative point)"

VERIFICATION_BADGE = {
    "single_source": "#6c757d",
    "corroborated": "#198754",
    "contested": "#b02a37",
}
SIDE_TITLES = {
    "AF": "Afghan side",
    "PK": "Pakistani side",
    "independent": "Independent",
    None: "Other / unattributed",
    "own": "Outlets' own reporting",
}
SIDE_ORDER = ("AF", "PK", "independent", None, "own")

# geodata.claims gives a claim no speaker but the article itself the claimant "Article" (or
# "Article (according to reports)"): the outlet's own voice. Shown as "<outlet> (own reporting)";
# the data keeps "Article" (geodata.casualties.OWN_VOICE, is_own_voice).
UNKNOWN_OUTLETS = {"", "unknown", "none", "n/a"}

# Claim units (geodata.model.Claim.unit) as words.
UNIT_LABELS = {
    "posts_captured": "captured",
    "posts_destroyed": "destroyed",
}


# ---- popups ------------------------------------------------------------------------------------


def date_span(props: dict) -> str | None:
    """ "2025-10-11 – 2025-10-12", "2025-10-11"; None for an undated incident (popup and table)."""
    day = props.get("date")
    if not day:
        return None
    end = props.get("date_end")
    return f"{day} – {end}" if end and end != day else day


def _date_text(props: dict) -> str:
    text = date_span(props)
    if text is None:
        return "date unknown"
    return f"{text} (precision: {props.get('date_precision') or 'unknown'})"


def place_text(props: dict) -> str:
    place = props.get("place")
    if place:
        admin1 = props.get("admin1")
        name = f"{place}, {admin1}" if admin1 and admin1 != place else place
    elif props.get("place_kind") == "boundary":
        name = "Along the Durand Line"
    else:
        mentions = [m for m in props.get("place_mentions") or [] if isinstance(m, str)]  # hostile files
        name = ("mentioned: " + ", ".join(mentions)) if mentions else "unlocated"
    country = props.get("country")
    if country:
        name += f" ({country})"
    return name


def precision_label(props: dict) -> str:
    """The precision as people should read it: a precision-5 place that is a region (not the
    border line) is a region, not "along a line"."""
    code: Any = props.get("location_precision")  # a JSON value, looked up as it is
    if code == 5 and props.get("place_kind") == "region":
        return REGION_LABEL
    return props.get("location_precision_label") or LOCATION_PRECISION_LABELS.get(code, "unknown")


def precision_text(props: dict) -> str:
    return f"{precision_label(props)} (code {props.get('location_precision')})"


def claim_text(claim: dict) -> str:
    quantity = claim.get("quantity")
    if quantity is None:
        return str(claim.get("statement") or "")
    number = f"{quantity:g}" if isinstance(quantity, (int, float)) else str(quantity)
    unit: Any = claim.get("unit")  # a JSON value, looked up as it is
    parts = [claim.get("hedge"), number, claim.get("subject"), UNIT_LABELS.get(unit, unit)]
    return " ".join(str(p) for p in parts if p)


def claim_evidence(claim: dict) -> str:
    """The sentence a figure was read from ("" when the claim is the sentence itself): a number
    is never shown without the words that give it."""
    if claim.get("quantity") is None:
        return ""
    return source_caps.clip(claim.get("statement"), source_caps.QUOTE_CHARS)


def outlet_name(outlet: object) -> str:
    """An outlet as shown: 'unknown outlet' when the article did not say."""
    text = str(outlet or "").strip()
    return "unknown outlet" if text.casefold() in UNKNOWN_OUTLETS else text


def claimant_label(claim: dict, sources: Sequence[dict] = ()) -> str:
    """Who makes the claim, for people: "Article" (the outlet's own voice) becomes
    "<outlet> (own reporting)", named after the source the claim comes from (by its article id);
    when that outlet is unknown, after the article's title."""
    claimant = str(claim.get("claimant") or "Unattributed")
    if not is_own_voice(claimant):
        return claimant
    qualifier = claimant[len(OWN_VOICE) :].strip().strip("()").strip()
    source = next(
        (
            s
            for s in sources
            if isinstance(s, dict)
            and s.get("article") == claim.get("article")
            and claim.get("article") is not None
        ),
        None,
    )
    if source is None and len(sources) == 1 and isinstance(sources[0], dict):
        source = sources[0]
    if source is None:
        who = "The reporting outlet"
    elif str(source.get("outlet") or "").strip().casefold() not in UNKNOWN_OUTLETS:
        who = str(source["outlet"]).strip()
    elif source.get("title"):
        title = str(source["title"]).strip()
        who = "“" + (title if len(title) <= 48 else title[:47].rstrip() + "…") + "”"
    else:
        who = "The reporting outlet"
    return f"{who} (own reporting{', ' + qualifier if qualifier else ''})"


def claims_by_side(
    claims: Sequence[dict], sources: Sequence[dict] = ()
) -> list[tuple[str, list[tuple[str, list[dict]]]]]:
    """[(side title, [(claimant label, [claims])])] in a stable order: AF, PK, independent,
    other, then the outlets' own reporting ("Article" claims, labelled by `claimant_label`)."""
    grouped: dict[object, dict[str, list[dict]]] = {}
    for claim in claims:
        side: str | None
        if is_own_voice(str(claim.get("claimant") or "")):
            side = "own"
        else:
            side = claim.get("side") if claim.get("side") in ("AF", "PK", "independent") else None
        grouped.setdefault(side, {}).setdefault(claimant_label(claim, sources), []).append(claim)
    return [(SIDE_TITLES[s], list(grouped[s].items())) for s in SIDE_ORDER if s in grouped]


def _claims_block(side_title: str, claimants: list[tuple[str, list[dict]]]) -> list[str]:
    e = escape_html
    out = [f"<i>{e(side_title)}</i>"]
    for claimant, items in claimants:
        out.append(f'<div><b>{e(claimant)}</b><ul style="margin:0;padding-left:14px">')
        for claim in items:
            said = claim_evidence(claim)
            quote = f'<q class="said">{e(said)}</q>' if said else ""
            out.append(f"<li>{e(claim_text(claim))}{quote}</li>")
        out.append("</ul></div>")
    return out


def popup_html(props: dict) -> str:
    """The full, escaped popup of one incident."""
    e = escape_html
    event_type: Any = props.get("event_type")  # a JSON value, looked up as it is
    label = props.get("event_label") or EVENT_LABELS.get(event_type, str(event_type))
    verification = props.get("verification") or "single_source"
    badge = VERIFICATION_BADGE.get(verification, "#6c757d")
    out = [
        '<div class="inc-popup">',
        f'<h4 style="color:{TYPE_COLORS.get(event_type, "#333")}">{e(label)}</h4>',
        f'<span class="badge" style="background:{badge}">{e(VERIFICATION_LABELS.get(verification, verification))}</span>',
    ]
    if props.get("mention") == "background":
        out.append(f' <span class="badge" style="background:#999">{e("background report")}</span>')
    out.append(f"<div><b>Date:</b> {e(_date_text(props))}</div>")
    out.append(f"<div><b>Place:</b> {e(place_text(props))}</div>")
    out.append(f"<div><b>Location precision:</b> {e(precision_text(props))}</div>")
    notes = props.get("notes") or []
    if notes:  # e.g. a village the gazetteer lacks, drawn at its district's point
        out.append(f"<div><b>Note:</b> {e('; '.join(map(str, notes)))}</div>")
    mentions = props.get("place_mentions") or []
    if mentions:
        out.append(f"<div><b>Place as written:</b> {e(', '.join(map(str, mentions)))}</div>")
    actors = props.get("actors") or []
    if actors:
        out.append(f"<div><b>Actors:</b> {e(', '.join(map(str, actors)))}</div>")
    claims = props.get("claims") or []
    sources = props.get("sources") or []
    if claims:
        # The two sides' claims in columns next to each other (a contested incident shows its
        # conflicting figures side by side); independent / other voices below them; the outlets'
        # own narrative sentences folded away.
        groups = dict((title, claimants) for title, claimants in claims_by_side(claims, sources))
        out.append("<div><b>Claims</b></div>")
        sides = [t for t in (SIDE_TITLES["AF"], SIDE_TITLES["PK"]) if t in groups]
        if sides:
            out.append('<div class="claims">')
            for side, title in (("AF", SIDE_TITLES["AF"]), ("PK", SIDE_TITLES["PK"])):
                if title in groups:
                    out.append(f'<div class="side-{side}">')
                    out.extend(_claims_block(title, groups[title]))
                    out.append("</div>")
            out.append("</div>")
        for key in ("independent", None):
            title = SIDE_TITLES[key]
            if title in groups:
                out.append('<div class="claims-more">')
                out.extend(_claims_block(title, groups[title]))
                out.append("</div>")
        own = groups.get(SIDE_TITLES["own"])
        if own:
            count = sum(len(items) for _, items in own)
            out.append(f'<details class="claims-more"><summary>{e(SIDE_TITLES["own"])} ({count})</summary>')
            out.extend(_claims_block("", own)[1:])
            out.append("</details>")
    out.append(f"<div><b>Sources ({len(sources)})</b></div><ol>")
    for source in sources[: source_caps.SOURCES_SHOWN]:  # a merged incident may have hundreds
        title = source_caps.clip(source.get("title") or "untitled", source_caps.TITLE_CHARS)
        published = source_caps.clip(source.get("published") or "undated", source_caps.TITLE_CHARS)
        quote = source_caps.clip(source.get("quote"), source_caps.QUOTE_CHARS)
        out.append(
            f"<li>{e(outlet_name(source.get('outlet')))}: {link_html(source.get('url'), title)}"
            f" ({e(published)})<blockquote>{e(quote)}</blockquote>{_place_quote_html(source)}</li>"
        )
    out.append("</ol>")
    more = source_caps.more_text(len(sources), source_caps.SOURCES_SHOWN)
    if more:
        out.append(
            f"<div><i>{e(more + ': select the incident in the table to page through them all.')}</i></div>"
        )
    out.append(f'<div style="color:#888;font-size:11px">{e(props.get("id") or "")}</div></div>')
    return "".join(out)


def _place_quote_html(source: dict) -> str:
    """The sentence that names the place, when the evidence sentence does not."""
    place_quote = source.get("place_quote")
    if not place_quote:
        return ""
    clipped = source_caps.clip(place_quote, source_caps.QUOTE_CHARS)
    return f'<div class="place-quote"><i>Place named in:</i><blockquote>{escape_html(clipped)}</blockquote></div>'


def tooltip_html(props: dict) -> str:
    event_type: Any = props.get("event_type")  # a JSON value, looked up as it is
    label = props.get("event_label") or EVENT_LABELS.get(event_type, "")
    return (
        f"<b>{escape_html(label)}</b> · {escape_html(props.get('date') or 'undated')}<br>"
        f"{escape_html(place_text(props))}<br><small>{escape_html(precision_text(props))}</small>"
    )
