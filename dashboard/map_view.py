"""Pure map building: the base map every rerun starts from. No Streamlit here.

`build_base_map()` returns a `folium.Map` built identically on every call (tile layers, the
Durand Line, the legend): streamlit-folium keys its iframe on a hash of this map's JS, so an
identical base map never reloads. What changes with the filters is in dashboard/map_layers.py
(`build_layers()`, sent with `st_folium(feature_group_to_add=...)`); popup and tooltip text in
dashboard/popups.py.

Every string that reaches map HTML goes through `geodata.sanitize.escape_html`; links through
`safe_url` (via `link_html`).
"""

from __future__ import annotations

from collections.abc import Sequence

import folium
import folium.plugins
import xyzservices.providers as xyz
from branca.element import MacroElement
from folium.template import Template

from geodata.model import EVENT_LABELS, EVENT_TYPES
from geodata.sanitize import escape_html

from . import crossing_layer, outline, template_cache
from .filters import is_located
from .keys import BASE_LAYER_NAMES
from .popups import TYPE_COLORS

template_cache.install()  # templates compiled once per process, not per rerun

DEFAULT_CENTER: tuple[float, float] = (32.3, 69.6)  # the Durand Line's middle, roughly
DEFAULT_ZOOM = 6
MAX_ZOOM = 18
MIN_ZOOM = 3  # the region, not the whole world tiled over and over
SELECTED_ZOOM = {1: 11, 2: 10, 3: 9, 4: 8, 5: 7}

BORDER_COLOR = "#1a1a1a"
BORDER_HIGHLIGHT_COLOR = "#ff2d55"

# Radius (metres) of the area a district/province-level location stands for.
# Precision 5 WITH a point is a region ("eastern Afghanistan": a representative point of a part of
# the country), drawn as an area, not as an exact marker; border-wide incidents (5) have no point.
AREA_RADIUS_M: dict[int, int] = {3: 20_000, 4: 80_000, 5: 150_000}

# the tiles of each base layer named in keys.BASE_LAYER_NAMES (the share link's `base=` reads the
# names there); a name missing here fails at import, not silently in a link
_TILES = {
    "Street map": xyz.OpenStreetMap.Mapnik,
    "Terrain": xyz.OpenTopoMap,
    "Satellite imagery": xyz.Esri.WorldImagery,
}
BASE_LAYERS = tuple((name, _TILES[name]) for name in BASE_LAYER_NAMES if name != outline.NO_TILES_NAME)

POPUP_CSS = """
.inc-popup{font:13px/1.35 system-ui,sans-serif;max-width:min(420px,calc(100vw - 90px));max-height:340px;overflow:auto}
.inc-popup h4{margin:0 0 4px;font-size:14px}
.inc-popup .badge{display:inline-block;padding:1px 6px;border-radius:8px;color:#fff;font-size:11px}
.inc-popup .claims{display:flex;gap:8px;margin:6px 0}
.inc-popup .claims>div{flex:1 1 0;border-left:3px solid #ccc;padding-left:6px;min-width:0;overflow-wrap:anywhere}
.inc-popup .claims>.side-AF{border-left-color:#b5472f}.inc-popup .claims>.side-PK{border-left-color:#2f6db5}
.inc-popup .claims-more{margin:4px 0;border-left:3px solid #ddd;padding-left:6px;overflow-wrap:anywhere}
.inc-popup summary{cursor:pointer}
.inc-popup q.said{display:block;color:#555;font-size:12px;font-style:italic}
.inc-popup blockquote{margin:2px 0 6px 6px;padding-left:6px;border-left:2px solid #ddd;color:#333}
.inc-popup ol{padding-left:18px;margin:4px 0}
.inc-popup i.dot{display:inline-block;width:9px;height:9px;border-radius:50%}
.inc-popup td.n{text-align:right}
.inc-popup .hint{color:#666}
.inc-legend{background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;font:12px/1.4 system-ui,sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3);max-height:60vh;overflow:auto}
.inc-legend summary{cursor:pointer}
.inc-legend i{display:inline-block;width:11px;height:11px;border-radius:50%;margin-right:5px;vertical-align:middle}
.inc-legend .hollow{background:transparent !important;border:2px solid #555;width:8px;height:8px}
.inc-legend .bg{background:rgba(85,85,85,.3) !important;border:2px dashed #555;width:8px;height:8px}
.inc-legend .line{border-radius:0;height:4px;width:16px}
"""


# ---- base map ----------------------------------------------------------------------------------


class _Legend(MacroElement):
    """A Leaflet control holding pre-escaped legend HTML (set via textContent-free innerHTML of
    a string built only from escaped parts; the JSON encoding keeps it inert inside <script>)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: "topleft"});
        {{ this.get_name() }}.onAdd = function (map) {
            var div = L.DomUtil.create("div", "inc-legend");
            div.innerHTML = {{ this.html|tojson }};
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, css: str):
        super().__init__()
        self._name = "Legend"
        self.html = html
        self.css = css


def legend_html() -> str:
    rows = [
        f"<details><summary><b>{escape_html('Legend')}</b></summary>",
        f"<b>{escape_html('Incidents by type')}</b>",
    ]
    for event_type in EVENT_TYPES:
        rows.append(
            f'<div><i style="background:{TYPE_COLORS[event_type]}"></i>{escape_html(EVENT_LABELS[event_type])}</div>'
        )
    rows.append(f"<b>{escape_html('Location precision')}</b>")
    rows.append(f'<div><i style="background:#555"></i>{escape_html("Exact / within ~25 km (1-2)")}</div>')
    rows.append(
        f'<div><i class="hollow"></i>{escape_html("District / province / region (3-5): area on hover")}</div>'
    )
    rows.append(
        f'<div><i class="line" style="background:{BORDER_HIGHLIGHT_COLOR}"></i>{escape_html("Border-wide (5): line highlighted")}</div>'
    )
    rows.append(
        f'<div><i class="bg"></i>{escape_html("Background report (earlier event recalled): faded, dashed")}</div>'
    )
    rows.append(
        f'<div><i class="line" style="background:{BORDER_COLOR}"></i>{escape_html("Durand Line")}</div>'
    )
    rows.append(
        f'<div><span class="legend-cluster"></span>{escape_html("Cluster: count, ring = mix of types")}</div>'
    )
    rows.extend(crossing_layer.legend_rows())
    rows.append("</details>")
    return "".join(rows)


# Clusters are neutral (white disc, dark count) with a ring showing the mix of event types, so a
# cluster never reads as an incident of one type (the library's green/yellow/orange did).
CLUSTER_CSS = """
.inc-cluster{width:100%;height:100%;border-radius:50%;display:flex;align-items:center;justify-content:center;box-shadow:0 0 3px rgba(0,0,0,.6)}
.inc-cluster span{background:#fff;color:#222;border-radius:50%;width:66%;height:66%;display:flex;align-items:center;justify-content:center;font:bold 12px system-ui,sans-serif}
.inc-legend .legend-cluster{display:inline-block;width:14px;height:14px;border-radius:50%;margin-right:5px;vertical-align:middle;background:conic-gradient(#d55e00 0 50%,#cc0000 0 75%,#0072b2 0);box-shadow:inset 0 0 0 3px transparent}
"""


class _ReportBaseLayer(MacroElement):
    """Tells the app which base layer the reader chose (for the share link): streamlit-folium
    returns `selected_layers` on its next update, which a moveend triggers."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        // Without a tile layer (the outline base) Leaflet has no maxZoom and the cluster layer
        // throws ("Map has no maxZoom specified"): give the map its own.
        {{ this._parent.get_name() }}.setMaxZoom({{ this.max_zoom }});
        // folium gives min_zoom to a default tile layer only (none here): the map's own
        {{ this._parent.get_name() }}.setMinZoom({{ this.min_zoom }});
        {{ this._parent.get_name() }}.on("baselayerchange", function (e) {
            var data = window.__GLOBAL_DATA__;
            if (data && data.selected_layers) {
                data.selected_layers["base"] = {name: e.name, url: "base"};
                {{ this._parent.get_name() }}.fire("moveend");
            }
        });
        {% endmacro %}
        """
    )

    def __init__(self, max_zoom: int = MAX_ZOOM):
        super().__init__()
        self._name = "ReportBaseLayer"
        self.max_zoom = int(max_zoom)
        self.min_zoom = MIN_ZOOM


def leaflet_only(fmap: folium.Map) -> folium.Map:
    """The map loads Leaflet alone, not folium's other defaults (jQuery, Bootstrap, Font Awesome,
    awesome-markers: four more CDN hosts and ~0.5 MB of render-blocking files). Nothing here uses
    them: markers are circles and div icons, popups are styled by POPUP_CSS, and folium's only
    jQuery calls are in folium.Popup and keep_in_front, which these maps do not use."""
    fmap.default_js = [item for item in folium.Map.default_js if item[0] == "leaflet"]
    fmap.default_css = [item for item in folium.Map.default_css if item[0] == "leaflet_css"]
    return fmap


def build_base_map(boundary: Sequence[Sequence[float]] | None = None, base: str | None = None) -> folium.Map:
    """The map every rerun starts from: identical for identical `boundary` (lon, lat pairs) and
    `base` (the base layer shown first, by name; a session keeps the one its link asked for)."""
    fmap = leaflet_only(
        folium.Map(
            location=list(DEFAULT_CENTER),
            zoom_start=DEFAULT_ZOOM,
            tiles=None,
            max_zoom=MAX_ZOOM,
            min_zoom=MIN_ZOOM,
            control_scale=True,
            prefer_canvas=False,
        )
    )
    for index, (name, provider) in enumerate(BASE_LAYERS):
        folium.TileLayer(
            # the provider itself, not its URL: folium searches the whole xyzservices catalogue
            # for a name matching any string it is given (~4 ms per layer, every rerun)
            tiles=provider,
            attr=provider.html_attribution,
            name=name,
            max_zoom=MAX_ZOOM,
            max_native_zoom=int(provider.get("max_zoom", 18)),
            overlay=False,
            control=True,
            show=name == base if base in BASE_LAYER_NAMES else index == 0,
        ).add_to(fmap)
    no_tiles = outline.no_tiles_layer()
    no_tiles.show = base == outline.NO_TILES_NAME
    no_tiles.add_to(fmap)
    _ReportBaseLayer().add_to(fmap)
    outline.add_outline(fmap)
    crossing_layer.add_pane(fmap)
    if boundary:
        folium.PolyLine(
            locations=[(lat, lon) for lon, lat in boundary],
            color=BORDER_COLOR,
            weight=2.5,
            opacity=0.85,
            dash_array="8 4",
            tooltip=escape_html("Durand Line (Afghanistan–Pakistan boundary, as mapped)"),
            name="Durand Line",
        ).add_to(fmap)
    _Legend(
        legend_html(),
        POPUP_CSS
        + CLUSTER_CSS
        + crossing_layer.CROSSING_CSS
        + outline.OUTLINE_CSS
        + outline.LABEL_VISIBILITY_CSS,
    ).add_to(fmap)
    return fmap


def layer_control() -> folium.LayerControl:
    """Passed to st_folium(layer_control=...) so the dynamic overlays are listed too."""
    return folium.LayerControl(collapsed=True, position="topright")


def view_for(feature: dict | None) -> tuple[tuple[float, float] | None, int | None]:
    """(center, zoom) to show a selected incident, or (None, None)."""
    if feature is None or not is_located(feature):
        return None, None
    lon, lat = feature["geometry"]["coordinates"][:2]
    zoom = SELECTED_ZOOM.get(feature["properties"].get("location_precision"), 9)
    return (lat, lon), zoom


def render_html(fmap: folium.Map, groups: Sequence[folium.FeatureGroup] = ()) -> str:
    """Standalone HTML of the map with the layers (for tests and debugging)."""
    for group in groups:
        group.add_to(fmap)
    return fmap.get_root().render()
