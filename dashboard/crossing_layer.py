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
from folium.utilities import JsCode

from geodata.crossings import Status, bands, short_quote
from geodata.sanitize import escape_html

PANE = "crossings"
PANE_Z = 590  # Leaflet: overlayPane 400, shadowPane 500, markerPane 600, tooltipPane 650
ICON_ANCHOR = (-3, 23)  # badge above-right of its point, so the point's own markers stay visible
STATUS_COLORS = {"closed": "#b02a37", "open": "#198754", "unknown": "#8a8a8a"}
STATUS_SYMBOLS = {"closed": "&#10005;", "open": "&#10003;", "unknown": "?"}
TIMELINE_WIDTH = 300
REPORTS_LISTED = 8

CROSSING_CSS = """
.crossing-icon{font:bold 12px/18px system-ui,sans-serif;text-align:center;border-radius:3px;color:#fff;border:2px solid #fff;box-shadow:0 0 3px #000}
.crossing-icon.closed{background:#b02a37}.crossing-icon.open{background:#198754}.crossing-icon.unknown{background:#8a8a8a}
.crossing-popup{max-width:calc(100vw - 90px)}
.crossing-popup svg{display:block;margin:4px 0;max-width:100%;height:auto}
.crossing-popup ul{padding-left:16px;margin:2px 0}
"""

CROSSING_JS = JsCode(
    """
function(feature, layer) {
    var props = feature.properties;
    layer.bindPopup(props.popup, {maxWidth: 360, className: "foliumpopup"});
    layer.bindTooltip(props.tip, {className: "foliumtooltip"});
}
"""
)


def add_pane(fmap: folium.Map) -> None:
    """The pane the badges are drawn in (part of the base map: identical on every run)."""
    folium.map.CustomPane(PANE, z_index=PANE_Z, pointer_events=True).add_to(fmap)


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
        return {"html": f'<div class="crossing-icon {status}">{STATUS_SYMBOLS[status]}</div>'}

    return folium.GeoJson(
        {"type": "FeatureCollection", "features": crossing_features(statuses, horizon_days)},
        name="Crossings status",
        marker=folium.Marker(
            icon=folium.DivIcon(
                html="", icon_size=(20, 20), icon_anchor=ICON_ANCHOR, class_name="crossing-marker"
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
