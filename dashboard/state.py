"""Widget keys, defaults, and the URL (query-param) binding of every filter and the selection.

Widget keys (stable: the browser tests and AppTest tests address widgets by them)
-------------------------------------------------------------------------------
==================  =====================================  ===================================
key                 widget                                 query param (URL)
==================  =====================================  ===================================
``dates``           st.slider (date range, step 1 day)     ``dates=YYYY-MM-DD&dates=YYYY-MM-DD``
``date_from``       st.date_input "From"                   (sets ``dates``)
``date_to``         st.date_input "To"                     (sets ``dates``)
``range_7``         st.button "Week" (7 days to the end)   (sets ``dates``)
``range_30``        st.button "Month" (30 days to the end) (sets ``dates``)
``range_all``       st.button "All"                        (sets ``dates``)
``step_back``       st.button "◀" (period's length back)   (moves ``dates``)
``step_forward``    st.button "▶" (period's length on)     (moves ``dates``)
``play``            st.toggle "Play" (steps forward)       —
``timeline_chart``  st.altair_chart, x brush               (sets ``dates``)
``timeline_measure`` st.segmented_control chart measure    —
``types``           st.multiselect event types             ``types=airstrike&types=armed_clash``
``actors``          st.multiselect actors                  ``actors=...`` (exact actor names)
``sides``           st.multiselect side                    ``sides=AF|PK|border|unknown``
``precision``       st.multiselect location precision      ``precision=1..7`` (UCDP where_prec)
``verification``    st.multiselect verification            ``verification=single_source|...``
``outlets``         st.multiselect outlets                 ``outlets=...`` (exact outlet names)
``background``      st.checkbox include background (on)    ``background=0`` (hide them)
``crossing_horizon`` st.number_input crossing status days  ``horizon=7..730`` (default 90)
``reset_filters``   st.button "Reset filters"              (clears all of the above)
``map``             st_folium component                    ``view=lat,lon,zoom``, ``base=<layer>``
``incidents_table`` st.dataframe, single-row selection     ``incident=<feature id>``
``download_geojson`` st.download_button GeoJSON            —
``download_csv``    st.download_button CSV                 —
==================  =====================================  ===================================

An empty multiselect means "all". Parameters equal to the default are left out of the URL.

Why not ``bind="query-params"``: Streamlit's binding writes a multiselect's *formatted* label to
the URL (``types=Armed+clash``), accepts a reversed date range silently and drops bad values
without telling anyone. Here the URL carries the stable codes, every bad or stale value is
dropped with a short notice (reversed dates are swapped, out-of-span dates clamped), and the URL
is rewritten to what is actually shown. The URL is read once per session (on page load), then
the widgets own the state and the URL follows them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import streamlit as st

from geodata.crossings import HORIZON_DAYS
from geodata.model import EVENT_LABELS, EVENT_TYPES, VERIFICATION_STATES

from .filters import SIDES, Filters, parse_day

# the map's base layers (dashboard/map_view.BASE_LAYER_NAMES; repeated here to keep this module
# free of folium)
BASE_LAYER_NAMES = ("Street map", "Terrain", "Satellite imagery", "Outline map (no tiles)")

# ---- keys --------------------------------------------------------------------------------------

DATES = "dates"
RANGE_7 = "range_7"
RANGE_30 = "range_30"
RANGE_ALL = "range_all"
STEP_BACK = "step_back"
STEP_FORWARD = "step_forward"
DATE_FROM = "date_from"
DATE_TO = "date_to"
PLAY = "play"
TIMELINE_CHART = "timeline_chart"
MEASURE = "timeline_measure"
TYPES = "types"
ACTORS = "actors"
SIDES_KEY = "sides"
PRECISION = "precision"
VERIFICATION = "verification"
OUTLETS = "outlets"
BACKGROUND = "background"
HORIZON = "crossing_horizon"  # st.number_input: days a crossing report tells its status
HORIZON_PARAM = "horizon"
HORIZON_RANGE = (7, 730)
RESET = "reset_filters"
MAP = "map"
TABLE = "incidents_table"
DOWNLOAD_GEOJSON = "download_geojson"
DOWNLOAD_CSV = "download_csv"
UNLOCATED_OPEN = "unlocated_open"  # the expander listing incidents without a point: open or not

INCIDENT_PARAM = "incident"
VIEW_PARAM = "view"  # the map's centre and zoom: "lat,lon,zoom"
BASE_PARAM = "base"  # the map's base layer, by name
SELECTED = "selected_incident"  # session_state: the selected feature id (or None)

LIST_KEYS = (TYPES, ACTORS, SIDES_KEY, PRECISION, VERIFICATION, OUTLETS)
FILTER_KEYS = (DATES, *LIST_KEYS, BACKGROUND)
URL_PARAMS = (*FILTER_KEYS, HORIZON_PARAM, INCIDENT_PARAM, VIEW_PARAM, BASE_PARAM)

MAX_VALUES = 50  # per parameter; more is ignored
MAX_VALUE_LENGTH = 200  # characters; longer values are ignored
PRECISION_CODES = (1, 2, 3, 4, 5, 6, 7)
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}

_LOADED = "_url_loaded"
_NOTICES = "_url_notices"
_NOTICE_FOR = "_url_notices_view"
_SPAN = "_data_span"


@dataclass(frozen=True)
class Choices:
    """What the data offers: bounds for the widgets and for URL validation."""

    span: tuple[date, date] | None
    actors: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    ids: frozenset[str] = field(default_factory=frozenset)


# ---- URL -> state ------------------------------------------------------------------------------


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
        horizon = _horizon(str(raw_horizon[-1]).strip())
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


def _horizon(value: object) -> int | None:
    """A crossing status horizon in days, or None when it is not a whole number in range."""
    if isinstance(value, bool):
        return None
    try:
        days = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    return days if HORIZON_RANGE[0] <= days <= HORIZON_RANGE[1] else None


def horizon_days() -> int:
    """The crossing status horizon the reader chose (the default when unset or invalid)."""
    return _horizon(st.session_state.get(HORIZON)) or HORIZON_DAYS


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


# Streamlit's own parameters (embedding on the hosted app): not ours to report
STREAMLIT_PARAMS = frozenset({"embed", "embed_options"})


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


def init_from_url(choices: Choices) -> list[str]:
    """Once per session: seed the widgets' session state from the URL. Returns notices (only on
    that first run)."""
    if st.session_state.get(_LOADED):
        return []
    params = {key: st.query_params.get_all(key) for key in URL_PARAMS}
    state, notices = parse_url(params, choices)
    notices += unknown_params(list(st.query_params.keys()))
    for key, value in state.items():
        st.session_state[key] = value
    view, base = parse_map_view(
        st.query_params.get_all(VIEW_PARAM), st.query_params.get_all(BASE_PARAM), notices
    )
    if view is not None:
        st.session_state[_VIEW] = view
        st.session_state[_USER_VIEW] = view
    st.session_state[_BASE] = base
    st.session_state[_LOADED] = True
    st.session_state[_NOTICES] = notices
    return notices


# ---- state kept valid against the data ---------------------------------------------------------


def normalise(choices: Choices) -> None:
    """Before the widgets: drop session values the (possibly reloaded) data no longer offers."""
    ss = st.session_state
    previous_span = ss.get(_SPAN)
    ss[_SPAN] = choices.span
    if DATES in ss and previous_span is not None and choices.span != previous_span:
        value = ss[DATES]
        if isinstance(value, (tuple, list)) and tuple(value) == tuple(previous_span):
            del ss[DATES]  # "all dates" stays "all dates" when new articles widen the span
    if DATES in ss:
        value = ss[DATES]
        span = choices.span
        ok = (
            span is not None
            and isinstance(value, (tuple, list))
            and len(value) == 2
            and all(isinstance(v, date) for v in value)
        )
        if not ok or span is None:  # (ok implies a span; the test is for the type checker)
            del ss[DATES]
        else:
            start, end = sorted(value)
            start, end = max(start, span[0]), min(end, span[1])
            if start > end:
                del ss[DATES]
            elif (start, end) != tuple(value):
                ss[DATES] = (start, end)
    allowed: dict[str, Collection[object]] = {
        TYPES: set(EVENT_TYPES),
        ACTORS: set(choices.actors),
        SIDES_KEY: set(SIDES),
        PRECISION: set(PRECISION_CODES),
        VERIFICATION: set(VERIFICATION_STATES),
        OUTLETS: set(choices.outlets),
    }
    for key, options in allowed.items():
        if key in ss:
            value = ss[key]
            if not isinstance(value, list):
                del ss[key]
                continue
            kept = [v for v in value if v in options]
            if kept != value:
                ss[key] = kept
    if HORIZON in ss and _horizon(ss[HORIZON]) is None:
        del ss[HORIZON]
    if ss.get(SELECTED) is not None and ss[SELECTED] not in choices.ids:
        ss[SELECTED] = None


def dates_value(choices: Choices) -> tuple[date, date] | None:
    if choices.span is None:
        return None
    value = st.session_state.get(DATES)
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return tuple(sorted(value))
    return choices.span


def current_filters(choices: Choices) -> Filters:
    ss = st.session_state
    dates = dates_value(choices)
    start, end = dates if dates else (None, None)
    return Filters(
        start=start,
        end=end,
        types=tuple(ss.get(TYPES) or ()),
        # every actor chosen = no actor filter: incidents naming no actor stay, as with "All actors"
        actors=() if set(ss.get(ACTORS) or ()) >= set(choices.actors) else tuple(ss.get(ACTORS) or ()),
        sides=tuple(ss.get(SIDES_KEY) or ()),
        precisions=tuple(ss.get(PRECISION) or ()),
        verification=tuple(ss.get(VERIFICATION) or ()),
        outlets=tuple(ss.get(OUTLETS) or ()),
        include_background=bool(ss.get(BACKGROUND, True)),
        include_undated=dates is None or dates == choices.span,
    )


# ---- callbacks ---------------------------------------------------------------------------------


def set_dates(value: tuple[date, date]) -> None:
    st.session_state[DATES] = value


def reset_filters(span: tuple[date, date] | None) -> None:
    for key in LIST_KEYS:
        st.session_state[key] = []
    st.session_state[BACKGROUND] = True
    st.session_state[HORIZON] = HORIZON_DAYS
    if span is not None:
        st.session_state[DATES] = span
    st.session_state[SELECTED] = None
    st.session_state[PLAY] = False


# ---- state -> URL ------------------------------------------------------------------------------


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


def link_notices(flt: Filters, choices: Choices) -> list[str]:
    """The notices about the link, for as long as the view is still the one the link opened
    (a map pan reruns the app; the notice must not vanish with it)."""
    ss = st.session_state
    signature = url_params(flt, choices, None)
    if _NOTICE_FOR not in ss:
        ss[_NOTICE_FOR] = signature
    return list(ss.get(_NOTICES) or []) if ss[_NOTICE_FOR] == signature else []


def sync_url(flt: Filters, choices: Choices, selected: str | None) -> None:
    """Write the view to the URL, touching only our parameters and only when they differ."""
    wanted = url_params(flt, choices, selected, horizon_days())
    # parameters this app does not read were named in the notice on load: drop them from the link
    for key in list(st.query_params.keys()):
        if key not in URL_PARAMS and key not in STREAMLIT_PARAMS:
            del st.query_params[key]
    for key in URL_PARAMS:
        if key in (VIEW_PARAM, BASE_PARAM):
            continue  # written by remember_map_view, after the map
        current = st.query_params.get_all(key)
        target = wanted.get(key, [])
        if current == target:
            continue
        if target:
            st.query_params[key] = target
        elif key in st.query_params:
            del st.query_params[key]


# ---- selection ---------------------------------------------------------------------------------

_LAST_ROWS = "_last_table_rows"
_TABLE_IDS = "_table_ids"
_LAST_CLICK = "_last_map_click"
_ORIGIN = "_selection_origin"
_VIEW = "_map_view"
_USER_VIEW = "_map_user_view"  # where the reader panned / zoomed to (for the link)
_BASE = "_map_base"
_VIEW_FOR = "_map_view_for"


def _table_rows() -> tuple[int, ...]:
    table = st.session_state.get(TABLE)
    if table is None:
        return ()
    selection = getattr(table, "selection", None)
    if selection is None and isinstance(table, dict):
        selection = table.get("selection")
    if selection is None:
        return ()
    rows = getattr(selection, "rows", None)
    if rows is None and isinstance(selection, dict):
        rows = selection.get("rows")
    return tuple(int(r) for r in rows or ())


def features_at(features: Sequence[dict], lat: float, lng: float) -> list[str]:
    """Ids of located features at the clicked point (markers sit exactly on their coordinates)."""
    hits = []
    for feature in features:
        geometry = feature.get("geometry") or {}
        coords = geometry.get("coordinates")
        if (
            geometry.get("type") == "Point"
            and coords
            and abs(coords[1] - lat) < 1e-5
            and abs(coords[0] - lng) < 1e-5
        ):
            hits.append(str(feature.get("id")))
    return hits


def resolve_selection(shown: Sequence[dict], by_id: Mapping[str, dict], at=None) -> str | None:
    """Before the map is drawn: the selected incident, from (newest wins) a table row click, a
    map marker click, or the URL / previous run. Also decides where the map should look.
    `at(lat, lng)`: optional faster `features_at(shown, lat, lng)` (the app's column index)."""
    ss = st.session_state
    selected = ss.get(SELECTED)
    if SELECTED in ss and ss.get(_ORIGIN) is None and selected is not None:
        ss[_ORIGIN] = "url"

    rows = _table_rows()
    if rows != ss.get(_LAST_ROWS, ()):
        ss[_LAST_ROWS] = rows
        ids = ss.get(_TABLE_IDS) or []
        if rows:
            if 0 <= rows[0] < len(ids):
                selected = ids[rows[0]]
                ss[_ORIGIN] = "table"
        else:
            selected = None

    map_state = ss.get(MAP) or {}
    click = map_state.get("last_object_clicked") if isinstance(map_state, dict) else None
    click_key = None
    if (
        isinstance(click, dict)
        and isinstance(click.get("lat"), (int, float))
        and isinstance(click.get("lng"), (int, float))
    ):
        click_key = (round(float(click["lat"]), 6), round(float(click["lng"]), 6))
    if click_key != ss.get(_LAST_CLICK):
        ss[_LAST_CLICK] = click_key
        if click_key is not None:
            hits = at(*click_key) if at is not None else features_at(shown, *click_key)
            if hits:
                selected = hits[0]
                ss[_ORIGIN] = "map"

    if selected is not None and selected not in by_id:
        selected = None
    ss[SELECTED] = selected
    return selected


def selection_origin() -> str | None:
    return st.session_state.get(_ORIGIN)


def remember_table_ids(ids: list[str]) -> None:
    st.session_state[_TABLE_IDS] = ids


def map_view_state(selected_feature: dict | None, view_for) -> tuple[tuple[float, float] | None, int | None]:
    """(center, zoom) for st_folium: moves to a selection made in the table or the URL, then
    stays put (same values -> the component does not move the map again)."""
    ss = st.session_state
    if selected_feature is not None and ss.get(_ORIGIN) in ("table", "url"):
        fid = str(selected_feature.get("id"))
        if ss.get(_VIEW_FOR) != fid:
            center, zoom = view_for(selected_feature)
            if center is not None:
                ss[_VIEW] = (center, zoom)
                ss[_VIEW_FOR] = fid
    return ss.get(_VIEW, (None, None))


def base_layer() -> str | None:
    """The base layer the link asked for (once per session), or None for the default."""
    return st.session_state.get(_BASE)


def remember_map_view(value: object) -> None:
    """After the map: keep the reader's centre, zoom and base layer in the URL (``view``,
    ``base``), so a copied link opens the same map view."""
    if not isinstance(value, dict):
        return
    ss = st.session_state
    center, zoom = value.get("center"), value.get("zoom")
    if isinstance(center, dict) and isinstance(zoom, (int, float)):
        lat, lng = center.get("lat"), center.get("lng")
        if isinstance(lat, (int, float)) and isinstance(lng, (int, float)):
            ss[_USER_VIEW] = ((round(float(lat), 4), round(float(lng), 4)), int(zoom))
    for layer in value.get("selected_layers") or ():
        if isinstance(layer, dict) and layer.get("url") == "base" and layer.get("name") in BASE_LAYER_NAMES:
            ss[_BASE] = layer["name"]
    view = ss.get(_USER_VIEW)
    wanted = {VIEW_PARAM: [f"{view[0][0]},{view[0][1]},{view[1]}"] if view else []}
    wanted[BASE_PARAM] = [ss[_BASE]] if ss.get(_BASE) and ss[_BASE] != BASE_LAYER_NAMES[0] else []
    for key, target in wanted.items():
        if st.query_params.get_all(key) != target:
            if target:
                st.query_params[key] = target
            elif key in st.query_params:
                del st.query_params[key]
