"""The crossings layer: one badge per crossing (geodata.crossings), its status at the end of the
period with the date and evidence of the latest report, and a closed / open timeline in its popup.

The badges live in their own map pane under Leaflet's marker pane (`PANE_Z` < 600): incident
markers and clusters are always drawn over them, so a crossing badge never hides an incident.
Every string reaches HTML through `geodata.sanitize.escape_html`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import folium
from branca.element import MacroElement
from folium.utilities import JsCode
from jinja2 import Template

from geodata.crossings import Status, bands, short_quote
from geodata.sanitize import escape_html

from . import popup_options

PANE = "crossings"
PANE_Z = 590  # Leaflet: overlayPane 400, shadowPane 500, markerPane 600, tooltipPane 650
# The badge sits up-right of its point on a short leader, clear of the largest cluster disc
# (44 px, dashboard.map_layers.CLUSTER_ICON_JS) centred on the point: a click reaches the badge.
BADGE_OFFSET = 22
CLUSTER_DISC = 22  # radius of the largest cluster icon
BADGE_SIZE = 20
ICON_SIZE = (BADGE_OFFSET + BADGE_SIZE, BADGE_OFFSET + BADGE_SIZE)
ICON_ANCHOR = (0, BADGE_OFFSET + BADGE_SIZE)  # the icon's bottom-left corner is the point
BADGE_SELECTOR = ".crossing-marker .crossing-icon"  # every badge on the page
LAID_EVENT = "crossingbadgeslaid"  # fired on the map after each badge layout
STATUS_COLORS = {"closed": "#b02a37", "open": "#198754", "unknown": "#8a8a8a"}
STATUS_SYMBOLS = {"closed": "&#10005;", "open": "&#10003;", "unknown": "?"}
TIMELINE_WIDTH = 300
REPORTS_LISTED = 8

CROSSING_CSS = f"""
.leaflet-pane .leaflet-marker-icon.crossing-marker{{pointer-events:none!important}}
.crossing-marker .crossing-icon{{position:absolute;left:{BADGE_OFFSET}px;top:0;width:{BADGE_SIZE}px;pointer-events:auto;cursor:pointer}}
.crossing-marker svg{{position:absolute;left:0;top:0;overflow:visible}}
.crossing-icon{{font:bold 12px/18px system-ui,sans-serif;text-align:center;border-radius:3px;color:#fff;border:2px solid #fff;box-shadow:0 0 3px #000}}
.crossing-icon.closed{{background:#b02a37}}.crossing-icon.open{{background:#198754}}.crossing-icon.unknown{{background:#8a8a8a}}
.crossing-popup{{max-width:calc(100vw - 90px)}}
.crossing-popup svg{{display:block;margin:4px 0;max-width:100%;height:auto}}
.crossing-popup ul{{padding-left:16px;margin:2px 0}}
"""

_BOTTOM = BADGE_OFFSET + BADGE_SIZE
LEADER_SVG = (  # from the crossing's point to the badge's lower-left corner
    f'<svg width="{ICON_SIZE[0]}" height="{ICON_SIZE[1]}" aria-hidden="true">'
    f'<circle cx="0" cy="{_BOTTOM}" r="2.5" fill="#333"/>'
    f'<line x1="0" y1="{_BOTTOM}" x2="{BADGE_OFFSET + 2}" y2="{BADGE_SIZE - 2}" stroke="#333" stroke-width="1.5"/></svg>'
)

CROSSING_JS = JsCode(
    """
function(feature, layer) {
    var props = feature.properties;
    // The badge opens its popup itself and keeps its clicks: as a Leaflet click, streamlit-folium
    // reported the crossing's point, and the app selected whatever incident lies there. On a tap,
    // Leaflet focused the map on mousedown and the click landed beside the badge: a press stays too.
    function toggle(e) {
        L.DomEvent.stop(e);
        if (layer.isPopupOpen()) { layer.closePopup(); } else { layer.openPopup(); }
    }
    var name = null;
    layer.on("add", function () {  // each add makes a new icon element (Marker.onAdd)
        var icon = layer._icon;
        if (name === null) { name = NAME_OF_TIP; }
        icon.setAttribute("aria-label", name);  // not just its symbol (✕, ✓)
        L.DomEvent.on(icon, "mousedown", L.DomEvent.stop);
        L.DomEvent.on(icon, "click", toggle);
        L.DomEvent.on(icon, "keypress", function (e) { if (e.keyCode === 13) { toggle(e); } });
    });
    layer.bindPopup(props.popup, POPUP_OPTIONS);
    layer.bindTooltip(props.tip, {className: "foliumtooltip"});
}
""".replace("POPUP_OPTIONS", popup_options.js_options(360)).replace(
        "NAME_OF_TIP", popup_options.NAME_OF_TIP_JS
    )
)


class _BadgeLayout(MacroElement):
    """Badges of nearby crossings must not cover each other, a cluster shown, or the disc a
    cluster may draw at any crossing's point. After each zoom and each rerun's layers every badge
    takes the nearest free slot around its point (up-right first, then the seven other
    directions, then one ring further out), whose leader crosses no badge and no other leader
    (greedy, from south to north)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var W = {{ this.width }}, H = {{ this.height }}, OFF = {{ this.offset }}, ICON = {{ this.icon }};
            var DISC = {{ this.disc }}, GAP = 2, RINGS = [0, 24, 48, 72, 96], pending = null;
            // slot corners around a point p, at a distance d: up-right first
            var SLOTS = [
                function (p, d) { return {x: p.x + d, y: p.y - d - H}; },
                function (p, d) { return {x: p.x - d - W, y: p.y - d - H}; },
                function (p, d) { return {x: p.x + d + 4, y: p.y - H / 2}; },
                function (p, d) { return {x: p.x - d - 4 - W, y: p.y - H / 2}; },
                function (p, d) { return {x: p.x - W / 2, y: p.y - d - 4 - H}; },
                function (p, d) { return {x: p.x + d, y: p.y + d}; },
                function (p, d) { return {x: p.x - d - W, y: p.y + d}; },
                function (p, d) { return {x: p.x - W / 2, y: p.y + d + 4}; }
            ];
            function overlaps(a, b) {
                return a.x < b.x + W + GAP && b.x < a.x + W + GAP && a.y < b.y + H + GAP && b.y < a.y + H + GAP;
            }
            function inBox(x, y, b) { return x > b.x - GAP && x < b.x + W + GAP && y > b.y - GAP && y < b.y + H + GAP; }
            function end(p, box) {  // where the leader meets the badge: its point nearest p
                return {x: Math.max(box.x, Math.min(p.x, box.x + W)), y: Math.max(box.y, Math.min(p.y, box.y + H))};
            }
            function crosses(a, b, c, d) {  // segments ab and cd
                function side(p, q, r) { return (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x); }
                return side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0;
            }
            function free(p, box, placed, points) {
                var e = end(p, box), i, k;
                for (i = 0; i < placed.length; i++) {
                    var o = placed[i];
                    if (overlaps(box, o.box) || crosses(p, e, o.p, o.e)) { return false; }
                    for (k = 1; k < 10; k++) {  // the leader passes through no other badge
                        if (inBox(p.x + (e.x - p.x) * k / 10, p.y + (e.y - p.y) * k / 10, o.box)) { return false; }
                    }
                    if (inBox(o.p.x + (o.e.x - o.p.x) * 0.5, o.p.y + (o.e.y - o.p.y) * 0.5, box)) { return false; }
                }
                for (i = 0; i < points.length; i++) {
                    var q = points[i], c = end(q, box);
                    if ((c.x - q.x) * (c.x - q.x) + (c.y - q.y) * (c.y - q.y) < DISC * DISC) { return false; }
                }
                return true;
            }
            function slot(p, placed, points) {
                for (var r = 0; r < RINGS.length; r++) {
                    for (var s = 0; s < SLOTS.length; s++) {
                        var box = SLOTS[s](p, OFF + RINGS[r]);
                        if (free(p, box, placed, points)) { return box; }
                    }
                }
                return SLOTS[0](p, OFF);
            }
            function layout() {
                pending = null;
                var items = [], points = [], placed = [];
                map.eachLayer(function (l) {
                    if (l._icon && l.feature && String(l.feature.id).indexOf("crossing-") === 0) {
                        items.push({icon: l._icon, p: map.latLngToLayerPoint(l.getLatLng())});
                        points.push(items[items.length - 1].p);
                    } else if (l._icon && l.getLatLng && /inc-cluster-icon/.test(l._icon.className)) {
                        points.push(map.latLngToLayerPoint(l.getLatLng()));  // a cluster shown now
                    }
                });
                items.sort(function (a, b) { return b.p.y - a.p.y || a.p.x - b.p.x; });
                items.forEach(function (it) {
                    var box = slot(it.p, placed, points), e = end(it.p, box);
                    var badge = it.icon.querySelector(".crossing-icon"), line = it.icon.querySelector("line");
                    placed.push({p: it.p, box: box, e: e});
                    // icon coordinates: its bottom-left corner (0, ICON) is the crossing's point
                    if (badge) {
                        badge.style.left = (box.x - it.p.x) + "px";
                        badge.style.top = (box.y - it.p.y + ICON) + "px";
                    }
                    if (line) {
                        line.setAttribute("x2", e.x - it.p.x);
                        line.setAttribute("y2", e.y - it.p.y + ICON);
                    }
                });
                map.fire({{ this.laid_event|tojson }});  // place names under a badge hide (outline.py)
            }
            function schedule() { if (!pending) { pending = setTimeout(layout, 0); } }
            map.on("zoomend viewreset layeradd", schedule);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "CrossingBadgeLayout"
        self.width, self.height = BADGE_SIZE + 4, BADGE_SIZE + 2  # with the 2 px border
        self.offset, self.icon, self.disc = BADGE_OFFSET, ICON_SIZE[1], CLUSTER_DISC
        self.laid_event = LAID_EVENT


def add_pane(fmap: folium.Map) -> None:
    """The pane the badges are drawn in and their layout (part of the base map: identical on
    every run)."""
    folium.map.CustomPane(PANE, z_index=PANE_Z, pointer_events=True).add_to(fmap)
    _BadgeLayout().add_to(fmap)


def timeline_svg(status: Status, horizon_days: int | None = None) -> str:
    """Closed / open / unknown bands from the first report to the end of the period (with the
    status's own horizon unless another is given)."""
    spells = bands(status.history, status.as_of, horizon_days or status.horizon_days)
    if not spells:
        return ""
    first, last = spells[0].start.toordinal(), status.as_of.toordinal()
    total = max(last - first + 1, 1)
    rects = []
    for band in spells:
        x = (band.start.toordinal() - first) / total * TIMELINE_WIDTH
        w = max((band.end.toordinal() - band.start.toordinal() + 1) / total * TIMELINE_WIDTH, 1.5)
        title = escape_html(f"{band.status}: {band.start.isoformat()} – {band.end.isoformat()}")
        rects.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="12" fill="{STATUS_COLORS[band.status]}">'
            f"<title>{title}</title></rect>"
        )
    ticks = "".join(
        f'<line x1="{(r.day.toordinal() - first) / total * TIMELINE_WIDTH:.1f}" y1="12" '
        f'x2="{(r.day.toordinal() - first) / total * TIMELINE_WIDTH:.1f}" y2="16" stroke="#333"/>'
        for r in status.history
    )
    labels = (
        f'<text x="0" y="27" font-size="10">{escape_html(spells[0].start.isoformat())}</text>'
        f'<text x="{TIMELINE_WIDTH}" y="27" font-size="10" text-anchor="end">'
        f"{escape_html(status.as_of.isoformat())}</text>"
    )
    return (
        f'<svg class="crossing-timeline" width="{TIMELINE_WIDTH}" height="30" viewBox="0 0 {TIMELINE_WIDTH} 30" '
        f'role="img" aria-label="{escape_html("closed / open over time")}">{"".join(rects)}{ticks}{labels}</svg>'
    )


def popup_html(status: Status, horizon_days: int | None = None) -> str:
    horizon_days = horizon_days or status.horizon_days
    e = escape_html
    out = [
        '<div class="inc-popup crossing-popup">',
        f"<h4>{e(status.crossing.name)}</h4>",
        f'<div><b style="color:{STATUS_COLORS[status.status]}">{e(status.status)}</b> '
        f"{e('at the end of the period, ' + status.as_of.isoformat())}</div>",
        f"<div>{e(status.text())}</div>",
    ]
    if status.status != "unknown":
        out.append(
            f"<div>{e(f'{status.status} since {status.since.isoformat()} (first report of this spell)')}</div>"
        )
    out.append(f"<div><b>{e('Closed / open over time')}</b></div>")
    out.append(timeline_svg(status, horizon_days))
    out.append(
        f'<div style="font-size:11px;color:#555">{e(f"red closed · green open · grey unknown (no report for {horizon_days} days)")}</div>'
    )
    out.append(f"<div><b>{e(f'Reports ({status.reports})')}</b></div><ul>")
    for report in reversed(status.history[-REPORTS_LISTED:]):
        outlet = f", {report.outlet}" if report.outlet else ""
        recalled = " (recalled as background)" if report.background else ""
        out.append(
            f"<li>{e(report.day.isoformat())} {e(report.status)}{e(outlet)}{e(recalled)}: "
            f"“{e(short_quote(report.quote, 140))}”</li>"
        )
    out.append("</ul>")
    if status.reports > REPORTS_LISTED:
        out.append(f"<div>{e(f'… and {status.reports - REPORTS_LISTED} earlier report(s)')}</div>")
    out.append("</div>")
    return "".join(out)


def crossing_features(statuses: Sequence[Status], horizon_days: int | None = None) -> list[dict]:
    features = []
    for status in statuses:
        crossing = status.crossing
        if crossing.lat is None or crossing.lon is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": f"crossing-{crossing.id}",
                "geometry": {"type": "Point", "coordinates": [crossing.lon, crossing.lat]},
                "properties": {
                    "status": status.status,
                    "tip": f"<b>{escape_html(crossing.name)}</b>: {escape_html(status.text())}",
                    "popup": popup_html(status, horizon_days),
                },
            }
        )
    return features


def crossings_geojson(statuses: Sequence[Status], horizon_days: int | None = None) -> folium.GeoJson:
    def style(feature: dict) -> dict:
        status = feature["properties"]["status"]
        return {"html": LEADER_SVG + f'<div class="crossing-icon {status}">{STATUS_SYMBOLS[status]}</div>'}

    return folium.GeoJson(
        {"type": "FeatureCollection", "features": crossing_features(statuses, horizon_days)},
        name="Crossings status",
        marker=folium.Marker(
            icon=folium.DivIcon(
                html="", icon_size=ICON_SIZE, icon_anchor=ICON_ANCHOR, class_name="crossing-marker"
            ),
            pane=PANE,
        ),
        style_function=style,
        on_each_feature=CROSSING_JS,
    )


def legend_rows() -> list[str]:
    e = escape_html
    items = " ".join(
        f'<span class="crossing-icon {s}" style="padding:0 3px">{STATUS_SYMBOLS[s]}</span> {e(s)}'
        for s in ("open", "closed", "unknown")
    )
    return [f"<b>{e('Crossings (end of period)')}</b>", f"<div>{items}</div>"]


def as_of_text(as_of: date | None) -> str:
    return as_of.isoformat() if as_of else "latest"
