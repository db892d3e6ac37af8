"""The map's data layers, the part that changes with the filters: ONE `folium.GeoJson` of all
located incidents inside a `MarkerCluster`, the highlighted border line for border-wide incidents,
the crossings status layer and the selected-incident ring (`build_layers`), sent through
`st_folium(feature_group_to_add=...)` on top of the unchanging base map of dashboard/map_view.py.
No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

import folium
import folium.plugins
from branca.element import Element, MacroElement
from folium.elements import ElementAddToElement
from folium.template import Template
from folium.utilities import JsCode, get_obj_in_upper_tree
from jinja2.utils import htmlsafe_json_dumps

from geodata.crossings import Status
from geodata.sanitize import escape_html

from . import crossing_layer, popup_options
from .filters import is_border_wide, is_located
from .map_view import AREA_RADIUS_M, BORDER_HIGHLIGHT_COLOR
from .popups import TYPE_COLORS, popup_html, tooltip_html

# A cluster is a white disc with its count and a ring of its incidents' types (map_view.CLUSTER_CSS).
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
        html: '<div class="inc-cluster" aria-label="Cluster of ' + n + ' incidents, zoom in" style="background:conic-gradient(' + stops.join(",") + ')"><span>' + n + "</span></div>",
        className: "inc-cluster-icon", iconSize: L.point(size, size)
    });
}
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
    // Keyboard and screen-reader users reach the marker: a focusable button named by its tooltip
    // (parsed inert, as text); Enter or Space opens its popup.
    var name = null;  // made on the first add only: clusters re-add markers on every zoom
    layer.on("add", function () {
        var el = layer.getElement ? layer.getElement() : null;
        if (!el) { return; }
        if (name === null) { name = NAME_OF_TIP; }
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "button");
        el.setAttribute("aria-label", name);
        L.DomEvent.on(el, "keydown", function (e) {
            if (e.key === "Enter" || e.key === " ") { L.DomEvent.stop(e); layer.openPopup(); }
        });
    });
}
""".replace("POPUP_OPTIONS", popup_options.js_options(440)).replace(
        "NAME_OF_TIP", popup_options.NAME_OF_TIP_JS
    )
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
