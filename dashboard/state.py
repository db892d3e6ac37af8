"""The session's filters, selection and map view: seeded once from the share link
(dashboard/url_params.py reads it), kept valid against the data, written back to the address
bar as the reader changes them. The widget keys and URL parameter names are dashboard/keys.py.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date

import streamlit as st

from geodata.crossings import HORIZON_DAYS
from geodata.model import EVENT_TYPES, VERIFICATION_STATES

from .filters import SIDES, Filters
from .keys import (
    ACTORS,
    BACKGROUND,
    BASE_LAYER_NAMES,
    BASE_PARAM,
    DATES,
    HORIZON,
    LIST_KEYS,
    MAP,
    OUTLETS,
    PLAY,
    PRECISION,
    PRECISION_CODES,
    SELECTED,
    SESSION_STARTED,
    SIDES_KEY,
    STREAMLIT_PARAMS,
    TABLE,
    TYPES,
    URL_PARAMS,
    VERIFICATION,
    VIEW_PARAM,
)
from .url_params import Choices, parse_map_view, parse_url, unknown_params, url_params, valid_horizon

_LOADED = "_url_loaded"
_NOTICES = "_url_notices"
_NOTICE_FOR = "_url_notices_view"
_SPAN = "_data_span"

# ---- the link -> the session (once) ------------------------------------------------------------


def horizon_days() -> int:
    """The crossing status horizon the reader chose (the default when unset or invalid)."""
    return valid_horizon(st.session_state.get(HORIZON)) or HORIZON_DAYS


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
    if HORIZON in ss and valid_horizon(ss[HORIZON]) is None:
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


# ---- the session -> the link -------------------------------------------------------------------


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


def below_map_now(map_value: object) -> bool:
    """Draw the timeline, the table and the rest below the map in this run? Not in the first run of a
    browser's session before its map has reported: drawn at once, they take the browser's main
    thread while the map frame loads (at 100,000 incidents a second visitor's map came 0.67 s later,
    as the page stamps it: tests/benchmarks/first_paint.py). The map frame reports its view as soon
    as it is drawn, and that rerun draws them (as does any widget). A run without a browser (the
    server's warm-up, AppTest) has no map to wait for."""
    ss = st.session_state
    later_run = bool(ss.get(SESSION_STARTED))
    ss[SESSION_STARTED] = True
    return later_run or not st.context.headers or map_has_reported(map_value)


def map_has_reported(value: object) -> bool:
    """The map frame has sent a view of its own (the component's default holds no centre). Also
    a frame that stayed mounted while the browser reconnected to a new session: it sends its
    last view, not a first report again."""
    return isinstance(value, dict) and isinstance(value.get("center"), dict)
