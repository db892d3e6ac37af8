"""Keeping the app usable at 100,000 incidents: a bounded map payload, a paged table, capped lists.

* Map: while the located incidents of the view number at most `MAX_MARKERS` (and their
  pre-rendered records fit `MAP_BUDGET_BYTES`), every incident is its own marker with its popup
  (map_layers.build_layers, unchanged). Above that the browser gets grid cells instead
  (geodata.aggregate): one circle per non-empty cell, sized by its count, with the counts by type,
  the first and last day and the latest incidents in its popup; at most `MAX_CELLS` cells, so the
  payload stays bounded (< 1 MB) whatever the size of the data. Narrowing the filters below
  `MAX_MARKERS` brings the individual markers back; the selected incident (table row or URL) is
  always drawn individually with its popup. The app says which mode it shows.
* Table: `PAGE_SIZE` rows per page with a page picker and the total count.
* Slim features (geodata.compact, large files): `full()` re-inflates claims and sources for what
  is shown in detail (markers' popups, the table page, the selected incident, downloads on click).
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
from collections.abc import Iterable, Sequence

import folium
import numpy as np
import streamlit as st

from geodata import crossings
from geodata.aggregate import adaptive_grid, points_of
from geodata.compact import full, full_all  # noqa: F401  (re-exported for the app)
from geodata.model import EVENT_LABELS, EVENT_TYPES
from geodata.parquet_records import PackedRecords
from geodata.sanitize import escape_html

from . import map_layers, popup_options, popups
from .filters import is_located

MAX_MARKERS = 2000
MAP_BUDGET_BYTES = 2_500_000
MAX_CELLS = 800
PAGE_SIZE = 500
UNLOCATED_LIMIT = 50  # incidents without a point listed one by one under the table
RECORDS_UP_TO = 20_000  # precompute every popup once per data load only below this many incidents

# the popup's closing hint, the same for every cell (escaped HTML, as a JS string literal)
CELL_HINT_HTML = (
    '<div class="hint">'
    + escape_html(
        "Narrow the filters (dates, type, side…) to see each incident as a marker; the table lists them all."
    )
    + "</div>"
)
# the style every cell shares (folium's setStyle reads properties.style after onEachFeature)
CELL_STYLE = {"color": "#333", "weight": 1, "fill": True, "fillOpacity": 0.7, "opacity": 0.9}
# the event types a cell counts, by index: (escaped label, colour); cells send indices, not names
CELL_TYPES = [(escape_html(EVENT_LABELS[t]), popups.TYPE_COLORS[t]) for t in EVENT_TYPES]
# the popup, tooltip and style are put together here, in the browser, from each cell's numbers
# ("t": [[type, count], ...] most first, "p": period, "r": latest incidents, all text escaped in
# Python): what every cell shares is sent once (payload: issue 17)
CELL_JS = folium.utilities.JsCode(
    """
function(feature, layer) {
    var TYPES = %s, HINT = %s, OTHER = %s;
    var props = feature.properties, t = props.t || [];
    var label = function(x) { return typeof x === "number" ? TYPES[x][0] : x; };
    var color = function(x) { return typeof x === "number" ? TYPES[x][1] : "#777"; };
    var dominant = t.length && typeof t[0][0] === "number" ? TYPES[t[0][0]][1] : OTHER;
    props.style = Object.assign(%s, {
        radius: Math.round((5 + 6 * Math.log10(props.count)) * 10) / 10, fillColor: dominant});
    var head = props.count + " incident" + (props.count != 1 ? "s" : "");
    layer.bindPopup(function() {
        var html = '<div class="inc-popup"><h4>' + head + " in this ~" + props.km + " km cell</h4>"
            + "<div>" + (props.p ? props.p[0] + " \\u2013 " + props.p[1] : "undated") + "</div><table>";
        t.forEach(function(row) {
            html += '<tr><td><i class="dot" style="background:' + color(row[0]) + '"></i> '
                + label(row[0]) + "</td><td class=n>" + row[1] + "</td></tr>";
        });
        html += "</table>";
        if (props.r && props.r.length) {
            html += "<div><b>Latest</b></div><ol>";
            props.r.forEach(function(line) {
                html += "<li>" + label(line[0]) + ", " + line[1] + ", " + line[2] + "</li>";
            });
            html += "</ol>";
        }
        return html + HINT + "</div>";
    }, %s);
    var tip = t.slice(0, 3).map(function(row) { return row[1] + " " + label(row[0]).toLowerCase(); });
    layer.bindTooltip("<b>" + head + "</b><br>" + tip.join(", "), {sticky: true, className: "foliumtooltip"});
}
"""
    % (
        json.dumps(CELL_TYPES),
        json.dumps(CELL_HINT_HTML),
        json.dumps(popups.TYPE_COLORS["other"]),
        json.dumps(CELL_STYLE),
        popup_options.js_options(360),
    )
)


def precompute_records(features: Sequence[dict]) -> bool:
    """Whether the app should render every popup once per data load (small data) or per view."""
    return len(features) <= RECORDS_UP_TO


def _records_for(located: Sequence[dict], records: dict | None) -> tuple[dict[str, dict], int] | None:
    """Map records of the located incidents, or None when they would exceed the budget."""
    if len(located) > MAX_MARKERS:
        return None
    out: dict[str, dict] = {}
    size = 0
    for feature in located:
        fid = str(feature.get("id"))
        record = records.get(fid) if records else None
        if record is None:
            record = map_layers.map_feature(full(feature))
        props = record["properties"]
        size += len(props.get("popup") or "") + len(props.get("tip") or "") + 300
        if size > MAP_BUDGET_BYTES:
            return None
        out[fid] = record
    return out, size


def feature_line(feature: dict) -> tuple[str, str | None, str]:
    """(type label, date, place text): one line of a cell popup's latest incidents."""
    p = feature.get("properties") or {}
    label = p.get("event_label") or p.get("event_type")
    return (label if isinstance(label, str) else str(label), p.get("date"), popups.place_text(p))


def cell_km(cell_deg: float) -> int:
    """A cell's size in whole kilometres (a number: CELL_JS writes it into HTML)."""
    return round(cell_deg * 111)


def _type_ref(event_type: str) -> int | str:
    """A type as CELL_JS reads it: its index in CELL_TYPES, or its escaped name if unknown."""
    return EVENT_TYPES.index(event_type) if event_type in EVENT_TYPES else escape_html(str(event_type))


_LABEL_INDEX = {EVENT_LABELS[t]: i for i, t in enumerate(EVENT_TYPES)}


def _label_ref(label: str) -> int | str:
    """A type label of a latest-incident line: the index of the type it labels, else escaped."""
    return _LABEL_INDEX.get(label, escape_html(label))


def cell_properties(cell, lines: dict[str, tuple], cell_deg: float) -> dict:
    """What CELL_JS needs to draw one cell and build its popup and tooltip on the page: numbers
    and indices, and the few texts from the data, escaped here (geodata.sanitize)."""
    e = escape_html
    by_count = sorted(
        cell.by_type.items(),
        key=lambda item: (-item[1], EVENT_TYPES.index(item[0]) if item[0] in EVENT_TYPES else 99),
    )
    recent = []
    for _day, fid in cell.recent:
        line = lines.get(fid)
        if line is not None:
            label, day, place = line
            recent.append([_label_ref(label), e(day or "undated"), e(place)])
    props: dict = {"count": cell.n, "km": cell_km(cell_deg), "t": [[_type_ref(t), n] for t, n in by_count]}
    if cell.first:
        props["p"] = [e(cell.first), e(cell.last or cell.first)]
    if recent:
        props["r"] = recent
    return props


def cells_layer(
    located: Sequence[dict], max_cells: int = MAX_CELLS, points: Sequence | None = None
) -> tuple[folium.GeoJson, int, float]:
    points = points_of(located) if points is None else points
    cell_deg, cells = adaptive_grid(points, max_cells=max_cells)
    wanted = {fid for cell in cells for _day, fid in cell.recent}
    lines = {str(f.get("id")): feature_line(f) for f in located if str(f.get("id")) in wanted}
    return cells_geojson(cells, cell_deg, lines), len(cells), cell_deg


def cells_geojson(cells, cell_deg: float, lines: dict[str, tuple]) -> folium.GeoJson:
    """The grid cells as one GeoJson layer (`lines`: the cells' recent incidents, see
    `feature_line`, by id)."""
    features = [
        {
            "type": "Feature",
            "id": f"cell-{cell.key[0]}-{cell.key[1]}",
            # 4 decimals: 11 m, far finer than any cell
            "geometry": {"type": "Point", "coordinates": [round(cell.lon, 4), round(cell.lat, 4)]},
            "properties": cell_properties(cell, lines, cell_deg),
        }
        for cell in cells
    ]
    return map_layers.IncidentGeoJson(
        {"type": "FeatureCollection", "features": features},
        name="Incident counts (grid)",
        marker=folium.CircleMarker(radius=6, weight=1, fill=True),
        on_each_feature=CELL_JS,
        embed=True,
    )


def build_layers(
    shown: Sequence[dict],
    *,
    records: dict | None = None,
    selected: dict | None = None,
    points: dict | None = None,
    **kwargs,
) -> tuple[list[folium.FeatureGroup], str | None]:
    """(FeatureGroups for st_folium, a note for the UI when the map shows aggregates).
    `points`: optional {id(feature): aggregate point} for the whole data (see `point_index`),
    which saves re-reading 100,000 features' geometry on every rerun."""
    if points is not None:
        located, unlocated, pts = [], [], []
        for f in shown:
            pt = points.get(id(f))
            if pt is None:
                unlocated.append(f)
            else:
                located.append(f)
                pts.append(pt)
    else:
        located = [f for f in shown if is_located(f)]
        unlocated = [f for f in shown if not is_located(f)]
        pts = None
    fitted = _records_for(located, records)
    selected_full = full(selected) if selected is not None else None
    if fitted is not None:
        return map_layers.build_layers(shown, records=fitted[0], selected=selected_full, **kwargs), None
    groups = map_layers.build_layers(unlocated, records={}, selected=selected_full, **kwargs)
    layer, n_cells, cell_deg = cells_layer(located, points=pts)
    return _grid_groups(groups, layer, selected_full, len(located), n_cells, cell_deg)


def _grid_groups(groups, layer, selected_full, n_located, n_cells, cell_deg):
    cell_group = folium.FeatureGroup(name="Incidents (counts per grid cell)", show=True)
    layer.add_to(cell_group)
    if selected_full is not None and is_located(selected_full):
        # the selected incident itself, with its full popup, on top of the cells
        map_layers.incidents_geojson([selected_full]).add_to(cell_group)
    groups.insert(max(0, len(groups) - 1), cell_group)
    note = (
        f"{n_located:,} incidents on the map: too many to draw one by one, shown as counts in "
        f"{n_cells:,} grid cells of ~{round(cell_deg * 111)} km (click a cell for its counts by type). "
        f"Narrow the filters to {MAX_MARKERS:,} or fewer to see every incident as a marker."
    )
    return groups, note


def build_layers_indexed(
    index, positions, *, records: dict | None = None, selected: dict | None = None, **kwargs
) -> tuple[list[folium.FeatureGroup], str | None]:
    """`build_layers(index.view(positions), ...)` from the columns (dashboard/columns.py): the
    features are inflated only when they are drawn one by one (markers, the border list), the
    grid cells come from the coordinate columns."""
    n_located = int(index.located[positions].sum())
    selected_full = full(selected) if selected is not None else None
    if n_located <= MAX_MARKERS:
        shown = list(index.view(positions))
        fitted = _records_for([f for f in shown if is_located(f)], records)
        if fitted is not None:
            return map_layers.build_layers(shown, records=fitted[0], selected=selected_full, **kwargs), None
    border = index.view(positions[index.border[positions]])
    groups = map_layers.build_layers(border, records={}, selected=selected_full, **kwargs)
    cell_deg, cells = index.grid(positions, max_cells=MAX_CELLS)
    lines = {fid: index.line(fid) for cell in cells for _day, fid in cell.recent}
    layer = cells_geojson(cells, cell_deg, lines)
    return _grid_groups(groups, layer, selected_full, n_located, len(cells), cell_deg)


def table_page(shown: Sequence[dict], key: str = "table_page") -> tuple[list[dict], str | None]:
    """The rows of the current page (full features) and a caption, with a page picker when the
    view has more than PAGE_SIZE incidents."""
    total = len(shown)
    if total <= PAGE_SIZE:
        return [full(f) for f in shown], None
    pages = math.ceil(total / PAGE_SIZE)
    if not isinstance(st.session_state.get(key), int) or not 1 <= st.session_state[key] <= pages:
        st.session_state[key] = 1
    page = st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, step=1, key=key)
    start = (int(page) - 1) * PAGE_SIZE
    rows = [full(f) for f in shown[start : start + PAGE_SIZE]]
    return (
        rows,
        f"Rows {start + 1:,}–{start + len(rows):,} of {total:,} incidents (pages of {PAGE_SIZE}); the downloads have them all.",
    )


def export_collection(collection: dict) -> dict:
    """The collection's metadata for a download (without the in-memory "slim" marker)."""
    return {k: v for k, v in collection.items() if k != "slim"}


def point_index(features: Sequence[dict]) -> dict[int, tuple]:
    """{id(feature): (lon, lat, type, date, id)} for the located features (once per data load)."""
    return {id(f): p for f, p in zip((f for f in features if is_located(f)), points_of(features))}


@st.cache_resource(show_spinner=False, max_entries=2)
def _prepared(key: str, _features: Sequence) -> dict:  # noqa: ARG001 (cache key)
    from .columns import Index

    if isinstance(_features, PackedRecords):  # GeoParquet keeps only usable features
        usable: Sequence = _features
    else:
        usable = [
            f for f in _features if isinstance(f, bytes) or (isinstance(f, dict) and f.get("properties"))
        ]
    packed = usable if isinstance(usable, PackedRecords) else None
    with paused_gc():
        index = Index.build(usable)
        if packed is not None:  # what only the index read, and what its build freed, before the next peak
            packed.drop_light(keep=(*crossings.READS, "sources"))
        registry, reports = crossing_reports(index)
    if packed is not None:
        packed.drop_light()  # read into the index and the crossings: ~20 MB at 100,000 incidents
    return {
        "crossing_registry": registry,
        "crossing_reports": reports,
        "features": usable,
        "index": index,
        "by_id": index.by_id(),
        "ids": index.id_set,
        "span": index.span,
        "options": index.options,
    }


@contextlib.contextmanager
def paused_gc():
    """No cyclic garbage collection while 100,000s of small acyclic objects are made: in the
    server's large heap each full collection walks every object (measured: the index at 100,000
    incidents took 5.5 s in the app with it, 3.2 s without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def crossing_reports(index) -> tuple[dict, dict]:
    """(crossing registry, {crossing id: reports}) from the crossing incidents of the data
    (geodata.crossings: one entry per crossing, aliases and twin towns folded)."""
    codes = [index.type_vocab[t] for t in crossings.CROSSING_TYPES if t in index.type_vocab]
    if not codes:
        return {}, {}
    try:
        registry = crossings.load_registry()
    except Exception:  # noqa: BLE001 - no gazetteer: no crossing layer rather than no app
        return {}, {}
    # large GeoParquet data: light features with just what the reports read
    light = getattr(index.items, "light", None)

    def of_type(event_type: str) -> Iterable[dict]:
        code = index.type_vocab.get(event_type)
        positions = np.flatnonzero(index.type_code == code) if code is not None else np.arange(0)
        if light is not None:
            return light(positions, sources=True, names=crossings.READS, chunk=1_000)
        return (index.feature(p) for p in positions.tolist())

    # the closures first: an unplaced reopening is then settled at once, not kept (most are)
    reports, _unattributed = crossings.collect_reports_by_type(
        of_type("crossing_closed"), of_type("crossing_reopened"), registry
    )
    return registry, reports


def crossing_status(
    prep: dict, as_of, include_background: bool, horizon_days: int = crossings.HORIZON_DAYS
) -> list:
    """The crossings' status at the end of day `as_of` (geodata.crossings.status_at); a report
    older than `horizon_days` leaves the status unknown."""
    if as_of is None or not prep.get("crossing_reports"):
        return []
    return crossings.status_at(
        prep["crossing_reports"],
        prep["crossing_registry"],
        as_of,
        horizon_days=horizon_days,
        include_background=include_background,
    )


def prepared(cache_key: str, features: Sequence) -> dict:
    """What depends on the data only, computed once per data version and shared (read-only) by
    every rerun and session: the usable features (dicts with properties, or packed records), the
    columnar index (dashboard/columns.py: features sorted for
    display, filter columns, coordinates, crossing events), by-id lookup, date span, widget
    options. A filter change is then a few vectorised masks, not a walk over 100,000 dicts."""
    return _prepared(cache_key, features)
