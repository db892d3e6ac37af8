"""Pure map building: incident features + options -> folium objects. No Streamlit here.

* `build_base_map()` returns a `folium.Map` built identically on every call (tile layers, the
  Durand Line, the legend): streamlit-folium keys its iframe on a hash of this map's JS, so an
  identical base map never reloads.
* `build_layers()` returns the `FeatureGroup`s that change with the filters, for
  `st_folium(feature_group_to_add=...)`: ONE `folium.GeoJson` of all located incidents inside a
  `MarkerCluster`, the highlighted border line for border-wide incidents, the crossings status
  layer and the selected-incident ring.

Every string that reaches map HTML goes through `geodata.sanitize.escape_html`; links through
`safe_url` (via `link_html`). Popups and tooltips (dashboard/popups.py) are pre-rendered, escaped
HTML properties ("popup", "tip") bound per marker with Leaflet's bindPopup/bindTooltip
(innerHTML).
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

import folium
import folium.plugins
import xyzservices.providers as xyz
from branca.element import Element, MacroElement
from folium.elements import ElementAddToElement
from folium.template import Template
from folium.utilities import JsCode, get_obj_in_upper_tree
from jinja2.utils import htmlsafe_json_dumps

from geodata.crossings import Status
from geodata.model import EVENT_LABELS, EVENT_TYPES
from geodata.sanitize import escape_html

from . import crossing_layer, outline, popup_options, template_cache
from .filters import is_border_wide, is_located
from .popups import TYPE_COLORS, popup_html, tooltip_html

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

BASE_LAYERS = (
    ("Street map", xyz.OpenStreetMap.Mapnik),
    ("Terrain", xyz.OpenTopoMap),
    ("Satellite imagery", xyz.Esri.WorldImagery),
)

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
CLUSTER_ICON_JS = """
function (cluster) {
    var counts = {}, n = 0;
    cluster.getAllChildMarkers().forEach(function (m) {
        var s = m.feature && m.feature.properties && m.feature.properties.style;
        var c = (s && /^#[0-9a-fA-F]{3,6}$/.test(s.color)) ? s.color : "#777777";
        counts[c] = (counts[c] || 0) + 1; n += 1;
    });
    var stops = [], acc = 0;
    Object.keys(counts).sort().forEach(function (c) {
        var a = acc / n * 360; acc += counts[c];
        stops.push(c + " " + a.toFixed(1) + "deg " + (acc / n * 360).toFixed(1) + "deg");
    });
    var size = n < 10 ? 30 : (n < 100 ? 36 : 44);
    return L.divIcon({
        html: '<div class="inc-cluster" style="background:conic-gradient(' + stops.join(",") + ')"><span>' + n + "</span></div>",
        className: "inc-cluster-icon", iconSize: L.point(size, size)
    });
}
"""

CLUSTER_CSS = """
.inc-cluster{width:100%;height:100%;border-radius:50%;display:flex;align-items:center;justify-content:center;box-shadow:0 0 3px rgba(0,0,0,.6)}
.inc-cluster span{background:#fff;color:#222;border-radius:50%;width:66%;height:66%;display:flex;align-items:center;justify-content:center;font:bold 12px system-ui,sans-serif}
.inc-legend .legend-cluster{display:inline-block;width:14px;height:14px;border-radius:50%;margin-right:5px;vertical-align:middle;background:conic-gradient(#d55e00 0 50%,#cc0000 0 75%,#0072b2 0);box-shadow:inset 0 0 0 3px transparent}
"""


class _KeepSpiderOpen(MacroElement):
    """Markers fanned out of a cluster stay fanned out when a popup opens and closes (a map
    click closes the popup; the cluster library would also fold the fan back). Zooming or
    opening another cluster still folds it."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.on("spiderfied", function (e) {
            var group = e.target || {{ this._parent.get_name() }};
            if (group._map && group._unspiderfyWrapper) { group._map.off("click", group._unspiderfyWrapper, group); }
        });
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "KeepSpiderOpen"


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


BASE_LAYER_NAMES = (*(name for name, _ in BASE_LAYERS), outline.NO_TILES_NAME)


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


# ---- dynamic layers ----------------------------------------------------------------------------

# Per incident marker: popup + tooltip (pre-escaped HTML), hover highlight, and the area a
# district/province location stands for, shown while hovering or while the popup is open.
INCIDENT_JS = JsCode(
    """
function(feature, layer) {
    var props = feature.properties;
    // Bound per marker: inside a MarkerCluster the GeoJson group itself is never on the map, so
    // a popup bound to the group (GeoJsonPopup) would never open. Both strings are pre-escaped.
    layer.bindPopup(props.popup, POPUP_OPTIONS);
    layer.bindTooltip(props.tip, {sticky: true, className: "foliumtooltip"});
    var r = props.area;
    var circle = null;
    function show() {
        var map = layer._map;
        if (r && !circle && map) {
            circle = L.circle(layer.getLatLng(), {radius: r, color: props.style.color,
                weight: 1.5, dashArray: "5 5", fillOpacity: 0.08, interactive: false}).addTo(map);
        }
    }
    function hide(force) {
        if (circle && (force === true || !layer.isPopupOpen())) { circle.remove(); circle = null; }
    }
    layer.on("mouseover", function () {
        if (layer.setStyle) { layer.setStyle({weight: 4, fillOpacity: props.hollow ? 0.3 : 1.0}); }
        show();
    });
    layer.on("mouseout", function () {
        if (layer.setStyle) { layer.setStyle(props.style); }
        hide(false);
    });
    // The tooltip would cover the open popup (Leaflet also opens it on click): close it after.
    layer.on("popupopen", function () { show(); setTimeout(function () { layer.closeTooltip(); }, 0); });
    layer.on("popupclose", function () { hide(true); });
    layer.on("remove", function () { hide(true); });
}
""".replace("POPUP_OPTIONS", popup_options.js_options(440))
)


def incident_style(precision: int | None, color: str, background: bool = False) -> dict:
    """Solid marker for exact places (1-2), hollow ring for district/province (3-4); a background
    report (an earlier event recalled as context) is drawn faded with a dashed outline."""
    hollow = precision in AREA_RADIUS_M
    style = {
        "radius": 7 if hollow else 6,
        "color": color,
        "weight": 3 if hollow else 1,
        "fill": True,
        "fillColor": color,
        "fillOpacity": 0.0 if hollow else 0.85,
        "opacity": 1.0,
    }
    if background:
        style.update(weight=2, dashArray="2 3", fillOpacity=0.0 if hollow else 0.3, opacity=0.8)
    return style


class MapRecord(dict):
    """A map feature that keeps its JSON text once made: the app serialises each popup record
    once per data load instead of on every rerun (json.dumps of ~1.5 MB was a third of the map
    rerun at 1,000 incidents)."""

    __slots__ = ("_text",)
    _text: str

    def __setitem__(self, key, value) -> None:
        # a replaced member is serialised again; records are shared between sessions
        # (st.cache_resource) and treated as read-only below the top level
        try:
            del self._text
        except AttributeError:
            pass
        super().__setitem__(key, value)

    def json_text(self) -> str:
        try:
            return self._text
        except AttributeError:
            self._text = _tojson(self)
            return self._text


def _tojson(value) -> str:
    """What folium's template filter `tojson` writes (Jinja's htmlsafe_json_dumps with the
    template environment's policies): the same text, whether embedded whole or feature by feature."""
    env = folium.GeoJson._template.environment
    return str(
        htmlsafe_json_dumps(
            value, dumps=env.policies["json.dumps_function"], **env.policies["json.dumps_kwargs"]
        )
    )


def map_feature(feature: dict) -> MapRecord:
    """The slim record the map needs for one located incident (the full record stays in the
    data and the downloads). Property names avoid underscores on purpose: streamlit-folium runs a
    `_[a-z0-9]+` regex over the whole layer JS, and every match costs time at 1,000 incidents."""
    props = feature["properties"]
    precision = props.get("location_precision")
    event_type = props.get("event_type")
    return MapRecord(
        {
            "type": "Feature",
            "id": feature.get("id") or props.get("id"),
            "geometry": {"type": "Point", "coordinates": list(feature["geometry"]["coordinates"][:2])},
            "properties": {
                "id": props.get("id"),
                "date": props.get("date"),
                "style": incident_style(
                    precision,
                    TYPE_COLORS.get(event_type, TYPE_COLORS["other"]),
                    background=props.get("mention") == "background",
                ),
                "hollow": precision in AREA_RADIUS_M,
                "area": AREA_RADIUS_M.get(precision, 0),
                "tip": tooltip_html(props),
                "popup": popup_html(props),
            },
        }
    )


class _RenderedScript(Element):
    """JS that is already rendered: branca would otherwise compile it as a Jinja template
    (lexing a megabyte of embedded GeoJSON costs ~70 ms at 1,000 incidents)."""

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


_EMPTY_COLLECTION = {"type": "FeatureCollection", "features": []}


class _ScriptOnly:
    """The template of an IncidentGeoJson as seen from outside: its `script` macro is the layer's
    fast `_script` (folium's GeoJson template defines no other macro)."""

    def __init__(self, layer: IncidentGeoJson):
        self.module = SimpleNamespace(script=lambda this, kwargs=None: layer._script(kwargs or {}))

    def render(self, **kwargs) -> str:
        return ""  # a GeoJson layer is all script


class IncidentGeoJson(folium.GeoJson):
    """`folium.GeoJson` whose render skips the Jinja re-compile of its own output. Same JS as
    folium's (it renders the same template macro); only valid without style/highlight functions
    (styles travel in the features). Given `records` (MapRecord), the data is joined from their
    ready JSON texts instead of serialised again: the same text `tojson` would write."""

    def __init__(self, data: dict | None = None, *, records: Sequence[MapRecord] | None = None, **kwargs):
        records = list(records) if records is not None else None
        super().__init__(
            {"type": "FeatureCollection", "features": records} if records is not None else data, **kwargs
        )
        self._records = records
        self._joined: str | None = None
        # Set by dashboard/map_component: the script carries this token in place of the data,
        # which is put in after streamlit-folium's passes over the text (dedent, variable renaming:
        # three regex scans of a megabyte of GeoJSON per rerun otherwise).
        self.data_token: str | None = None
        # streamlit-folium renders a feature group by calling `element._template.module.script(
        # element)` itself, which would serialise the whole collection again: route it here.
        self._folium_template = self._template
        self._template = _ScriptOnly(self)

    def _script(self, kwargs) -> str:
        render = self._folium_template.module.__dict__["script"]
        if self._records is None:
            return render(self, kwargs)
        data, self.data = self.data, dict(_EMPTY_COLLECTION)
        try:
            script = render(self, kwargs)
        finally:
            self.data = data
        empty = _tojson(_EMPTY_COLLECTION)
        assert script.count(empty) == 1, "the layer's data appears once in folium's script"
        # keys in tojson's order (sort_keys): "features" before "type"
        assert empty == '{"features": [], "type": "FeatureCollection"}', empty
        return script.replace(empty, self.data_token or self.joined_data(), 1)

    def joined_data(self) -> str:
        """The collection's JSON text (`tojson`'s), joined once: render() and streamlit-folium
        both ask for it."""
        assert self._records is not None
        if self._joined is None:
            self._joined = (
                '{"features": ['
                + ", ".join(r.json_text() for r in self._records)
                + '], "type": "FeatureCollection"}'
            )
        return self._joined

    def render(self, **kwargs):
        assert not (self.style or self.highlight), "IncidentGeoJson takes styles in properties.style"
        self.parent_map = get_obj_in_upper_tree(self, folium.Map)
        if self.show:  # what folium.map.Layer.render adds
            self.add_child(
                ElementAddToElement(
                    element_name=self.get_name(), element_parent_name=self._parent.get_name()
                ),
                name=self.get_name() + "_add",
            )
        self.get_root().script.add_child(_RenderedScript(self._script(kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


def map_records(features: Sequence[dict]) -> dict[str, dict]:
    """id -> slim map record for every located incident. Depends on the data only, so the app
    computes it once per data load (escaping ~1,000 popups is the costly part of a map build)."""
    return {str(f.get("id")): map_feature(f) for f in features if is_located(f)}


def incidents_geojson(features: Sequence[dict], records: dict[str, dict] | None = None) -> folium.GeoJson:
    """ONE GeoJson layer for all located incidents. Styles travel in the features
    (properties.style, applied by folium's default setStyle), so there is no per-feature style
    switch in the JS."""
    located = []
    for feature in features:
        if not is_located(feature):
            continue
        record = records.get(str(feature.get("id"))) if records is not None else None
        located.append(record if isinstance(record, MapRecord) else map_feature(feature))
    return IncidentGeoJson(
        records=located,
        name="Incidents",
        marker=folium.CircleMarker(radius=6, weight=1, fill=True),
        on_each_feature=INCIDENT_JS,
        embed=True,
    )


def border_geojson(border_features: Sequence[dict], boundary: Sequence[Sequence[float]]) -> folium.GeoJson:
    """The Durand Line, highlighted, standing for the border-wide incidents of the view."""
    items = "".join(
        f"<li>{escape_html(f['properties'].get('event_label') or f['properties'].get('event_type'))}, "
        f"{escape_html(f['properties'].get('date') or 'undated')}</li>"
        for f in border_features[:50]
    )
    more = len(border_features) - 50
    if more > 0:
        items += f"<li>{escape_html(f'… and {more} more (see the table)')}</li>"
    count = len(border_features)
    text = f"{count} border-wide incident{'s' if count != 1 else ''} (no single place)"
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "border-wide",
                "geometry": {"type": "LineString", "coordinates": [list(c[:2]) for c in boundary]},
                "properties": {
                    "tip": f"<b>{escape_html(text)}</b>",
                    "popup": f'<div class="inc-popup"><h4>{escape_html(text)}</h4><ol>{items}</ol>'
                    f"<div>{escape_html('Full details and sources: table below the map.')}</div></div>",
                },
            }
        ],
    }
    return folium.GeoJson(
        data,
        name="Border-wide incidents",
        style_function=lambda _f: {"color": BORDER_HIGHLIGHT_COLOR, "weight": 8, "opacity": 0.55},
        highlight_function=lambda _f: {"weight": 11, "opacity": 0.8},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
        popup=folium.GeoJsonPopup(fields=["popup"], labels=False, **popup_options.folium_options(440)),
    )


def selected_marker(feature: dict) -> folium.Circle | folium.CircleMarker | None:
    if not is_located(feature):
        return None
    lon, lat = feature["geometry"]["coordinates"][:2]
    props = feature["properties"]
    radius = AREA_RADIUS_M.get(props.get("location_precision"))
    tooltip = escape_html(
        f"Selected: {props.get('event_label') or props.get('event_type')}, {props.get('date') or 'undated'}"
    )
    if radius:
        return folium.Circle(
            location=(lat, lon),
            radius=radius,
            color="#00bfff",
            weight=3,
            fill=True,
            fill_opacity=0.08,
            tooltip=tooltip,
        )
    return folium.CircleMarker(
        location=(lat, lon), radius=14, color="#00bfff", weight=4, fill=False, tooltip=tooltip
    )


def build_layers(
    features: Sequence[dict],
    *,
    boundary: Sequence[Sequence[float]] | None = None,
    crossings: Sequence[Status] = (),
    selected: dict | None = None,
    cluster: bool = True,
    records: dict[str, dict] | None = None,
) -> list[folium.FeatureGroup]:
    """The FeatureGroups for st_folium(feature_group_to_add=...), in drawing order."""
    groups: list[folium.FeatureGroup] = []
    border = [f for f in features if is_border_wide(f)]
    if border and boundary:
        border_group = folium.FeatureGroup(name="Border-wide incidents", show=True)
        border_geojson(border, boundary).add_to(border_group)
        groups.append(border_group)
    if crossings:
        crossing_group = folium.FeatureGroup(name="Crossings status", show=True)
        crossing_layer.crossings_geojson(crossings).add_to(crossing_group)
        groups.append(crossing_group)
    incident_group = folium.FeatureGroup(name="Incidents", show=True)
    parent: folium.FeatureGroup | folium.plugins.MarkerCluster = incident_group
    if cluster:
        parent = folium.plugins.MarkerCluster(
            name="Incident clusters",
            control=False,
            # No disableClusteringAtZoom: incidents at the same point (a clash and a closure at
            # Chaman) must spiderfy when their cluster is clicked, not sit hidden under each other.
            options={"maxClusterRadius": 40, "spiderfyOnMaxZoom": True, "showCoverageOnHover": False},
            icon_create_function=CLUSTER_ICON_JS,
        )
        parent.add_to(incident_group)
        _KeepSpiderOpen().add_to(parent)
    incidents_geojson(features, records).add_to(parent)
    if selected is not None:
        marker = selected_marker(selected)
        if marker is not None:
            marker.add_to(incident_group)
    groups.append(incident_group)
    return groups


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
