"""The share link: query parameters read into widget values, and the view written back as them.
Pure (no Streamlit): dashboard/state.py applies them to the session and the address bar; the
keys and parameter names are dashboard/keys.py.

An empty multiselect means "all". Parameters equal to the default are left out of the URL.

Why not ``bind="query-params"``: Streamlit's binding writes a multiselect's *formatted* label to
the URL (``types=Armed+clash``), accepts a reversed date range silently and drops bad values
without telling anyone. Here the URL carries the stable codes, every bad or stale value is
dropped with a short notice (reversed dates are swapped, out-of-span dates clamped), and the URL
is rewritten to what is actually shown. The URL is read once per session (on page load), then
the widgets own the state and the URL follows them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from geodata.crossings import HORIZON_DAYS
from geodata.model import EVENT_LABELS, EVENT_TYPES, VERIFICATION_STATES

from .filters import SIDES, Filters, parse_day
from .keys import (
    ACTORS,
    BACKGROUND,
    BASE_LAYER_NAMES,
    BASE_PARAM,
    DATES,
    FALSE_WORDS,
    HORIZON,
    HORIZON_PARAM,
    HORIZON_RANGE,
    INCIDENT_PARAM,
    MAX_VALUE_LENGTH,
    MAX_VALUES,
    OUTLETS,
    PRECISION,
    PRECISION_CODES,
    SELECTED,
    SIDES_KEY,
    STREAMLIT_PARAMS,
    TRUE_WORDS,
    TYPES,
    URL_PARAMS,
    VERIFICATION,
    VIEW_PARAM,
)


@dataclass(frozen=True)
class Choices:
    """What the data offers: bounds for the widgets and for URL validation."""

    span: tuple[date, date] | None
    actors: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    ids: frozenset[str] = field(default_factory=frozenset)


def _short(value: str, limit: int = 40) -> str:
    value = "".join(ch if ch.isprintable() else "?" for ch in value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _list_values(raw: Sequence[str], name: str, notices: list[str]) -> list[str]:
    values = [v for v in raw if isinstance(v, str)]
    if len(values) > MAX_VALUES:
        notices.append(f"{name}: only the first {MAX_VALUES} of {len(values)} values were read")
        values = values[:MAX_VALUES]
    too_long = [v for v in values if len(v) > MAX_VALUE_LENGTH]
    if too_long:
        notices.append(f"{name}: {len(too_long)} over-long value(s) ignored")
    seen: dict[str, None] = {}
    for v in values:
        if len(v) <= MAX_VALUE_LENGTH and v.strip():
            seen.setdefault(v.strip(), None)
    return list(seen)


def _pick(values: list[str], allowed: Mapping[str, object], name: str, notices: list[str]) -> list:
    """Map URL values onto allowed options (keys: accepted spellings); report the rest."""
    chosen: dict[object, None] = {}
    unknown = []
    for v in values:
        if v in allowed:
            chosen.setdefault(allowed[v], None)
        elif v.casefold() in allowed:
            chosen.setdefault(allowed[v.casefold()], None)
        else:
            unknown.append(v)
    if unknown:
        sample = ", ".join(_short(u, 24) for u in unknown[:3]) + (" …" if len(unknown) > 3 else "")
        notices.append(f"{name}: unknown value(s) ignored ({sample})")
    return list(chosen)


def parse_url(params: dict[str, list[str]], choices: Choices) -> tuple[dict, list[str]]:
    """Pure: raw query params -> (session-state values for the keys present, notices)."""
    notices: list[str] = []
    state: dict = {}

    raw_dates = _list_values(params.get(DATES, []), DATES, notices)
    if raw_dates:
        state_dates = _parse_dates(raw_dates, choices.span, notices)
        if state_dates is not None:
            state[DATES] = state_dates

    type_spellings: dict[str, object] = {}
    for code in EVENT_TYPES:
        type_spellings[code] = code
        type_spellings[EVENT_LABELS[code].casefold()] = code
    specs = (
        (TYPES, type_spellings),
        (ACTORS, {a: a for a in choices.actors} | {a.casefold(): a for a in choices.actors}),
        (SIDES_KEY, {s: s for s in SIDES} | {s.casefold(): s for s in SIDES} | {"border zone": "border"}),
        (PRECISION, {str(p): p for p in PRECISION_CODES}),
        (VERIFICATION, {v: v for v in VERIFICATION_STATES}),
        (OUTLETS, {o: o for o in choices.outlets} | {o.casefold(): o for o in choices.outlets}),
    )
    for key, allowed in specs:
        values = _list_values(params.get(key, []), key, notices)
        if values:
            picked = _pick(values, allowed, key, notices)
            if key == TYPES:  # keep the canonical order of the widget
                picked = [t for t in EVENT_TYPES if t in picked]
            if picked:
                state[key] = picked

    raw_bg = params.get(BACKGROUND, [])
    if raw_bg:
        word = str(raw_bg[-1]).strip().casefold()
        if word in TRUE_WORDS:
            state[BACKGROUND] = True
        elif word in FALSE_WORDS:
            state[BACKGROUND] = False
        else:
            notices.append(f"{BACKGROUND}: '{_short(str(raw_bg[-1]), 20)}' is not yes/no, ignored")

    raw_horizon = params.get(HORIZON_PARAM, [])
    if raw_horizon:
        horizon = valid_horizon(str(raw_horizon[-1]).strip())
        if horizon is None:
            lo, hi = HORIZON_RANGE
            notices.append(
                f"{HORIZON_PARAM}: '{_short(str(raw_horizon[-1]), 20)}' is not {lo}–{hi} days, ignored"
            )
        else:
            state[HORIZON] = horizon

    raw_incident = params.get(INCIDENT_PARAM, [])
    if raw_incident:
        incident = str(raw_incident[-1]).strip()
        if incident in choices.ids:
            state[SELECTED] = incident
        else:
            notices.append(f"{INCIDENT_PARAM}: no incident '{_short(incident, 30)}' in the data, ignored")
    return state, notices


def valid_horizon(value: object) -> int | None:
    """A crossing status horizon in days, or None when it is not a whole number in range."""
    if isinstance(value, bool):
        return None
    try:
        days = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    return days if HORIZON_RANGE[0] <= days <= HORIZON_RANGE[1] else None


def _parse_dates(
    raw: list[str], span: tuple[date, date] | None, notices: list[str]
) -> tuple[date, date] | None:
    if span is None:
        notices.append("dates: the data has no dated incidents, date range ignored")
        return None
    if len(raw) > 2:
        notices.append(f"dates: expected 2 dates, got {len(raw)}; the first two were used")
        raw = raw[:2]
    parsed = [parse_day(v) for v in raw]
    days = [d for d in parsed if d is not None]
    if len(days) < len(parsed):
        bad = [_short(v, 24) for v, d in zip(raw, parsed) if d is None]
        notices.append(f"dates: not a YYYY-MM-DD date ({', '.join(bad)}), date range ignored")
        return None
    start, end = (days[0], days[0]) if len(days) == 1 else (days[0], days[1])
    if end < start:
        notices.append(f"dates: start after end, swapped to {end} – {start}")
        start, end = end, start
    lo, hi = span
    if end < lo or start > hi:
        notices.append(f"dates: {start} – {end} is outside the data ({lo} – {hi}), ignored")
        return None
    if start < lo or end > hi:
        notices.append(f"dates: clamped to the data's span ({lo} – {hi})")
        start, end = max(start, lo), min(end, hi)
    return start, end


def parse_map_view(
    raw_view: Sequence[str], raw_base: Sequence[str], notices: list[str], bases: Sequence[str] = ()
) -> tuple[tuple[tuple[float, float], int] | None, str | None]:
    """Pure: ``view=lat,lon,zoom`` and ``base=<layer name>`` -> ((centre, zoom) or None, base)."""
    view = None
    if raw_view:
        try:
            lat, lon, zoom = (float(v) for v in str(raw_view[-1]).split(","))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 1 <= zoom <= 18):
                raise ValueError
            view = ((round(lat, 5), round(lon, 5)), int(zoom))
        except ValueError:
            notices.append(f"{VIEW_PARAM}: '{_short(str(raw_view[-1]), 30)}' is not lat,lon,zoom, ignored")
    base = None
    if raw_base:
        name = str(raw_base[-1]).strip()
        known = bases or BASE_LAYER_NAMES
        match = next((b for b in known if b.casefold() == name.casefold()), None)
        if match is None:
            notices.append(f"{BASE_PARAM}: no base layer '{_short(name, 30)}', ignored")
        base = match
    return view, base


def unknown_params(names: Sequence[str]) -> list[str]:
    """Pure: a notice naming URL parameters this app does not read ("start=" for "dates=")."""
    unknown = [n for n in dict.fromkeys(names) if n not in URL_PARAMS and n not in STREAMLIT_PARAMS]
    if not unknown:
        return []
    sample = ", ".join(_short(n, 24) for n in unknown[:5]) + (" …" if len(unknown) > 5 else "")
    return [f"unknown URL parameter(s) ignored ({sample}); this app reads {', '.join(URL_PARAMS)}"]


def url_params(
    flt: Filters, choices: Choices, selected: str | None, horizon: int = HORIZON_DAYS
) -> dict[str, list[str]]:
    """Pure: what the URL should say for this view (defaults left out)."""
    out: dict[str, list[str]] = {}
    if (
        choices.span is not None
        and flt.start is not None
        and flt.end is not None
        and (flt.start, flt.end) != choices.span
    ):
        out[DATES] = [flt.start.isoformat(), flt.end.isoformat()]
    for key, values in (
        (TYPES, flt.types),
        (ACTORS, flt.actors),
        (SIDES_KEY, flt.sides),
        (PRECISION, tuple(str(p) for p in flt.precisions)),
        (VERIFICATION, flt.verification),
        (OUTLETS, flt.outlets),
    ):
        if values:
            out[key] = [str(v) for v in values]
    if not flt.include_background:
        out[BACKGROUND] = ["0"]
    if horizon != HORIZON_DAYS:
        out[HORIZON_PARAM] = [str(horizon)]
    if selected:
        out[INCIDENT_PARAM] = [selected]
    return out
