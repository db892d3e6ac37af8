"""The map component: streamlit-folium's `st_folium`, with the base map rendered once per process.

`st_folium` renders the whole base map (tile layers, province and country outlines, the Durand
Line, legend, CSS) on every rerun, then throws the result away when only the data layers changed:
~75% of a rerun of the default view, and every open session pays it. The base map depends only
on the boundary and the session's base layer, so its parts (script, header, HTML, links, bounds)
are rendered once per base layer and shared (st.cache_resource). Per rerun only the data layers
and the layer control are rendered, against a stand-in of the base map that names the same
layers. The component receives the same arguments `st_folium` would send: tests/app/
test_map_component.py compares the two. Without the streamlit-folium internals this relies on
(a version that renamed them), `show_map` falls back to `st_folium` itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import folium
import numpy as np
import streamlit as st
from branca.element import Template
from folium.map import Layer
from streamlit_folium import st_folium

from . import map_layers, map_view

try:  # streamlit-folium internals (0.25-0.27): the steps st_folium itself takes
    from streamlit_folium import (
        _component_func,
        _get_feature_group_string,
        _get_header,
        _get_html,
        _get_layer_control_string,
        _get_map_string,
        generate_js_hash,
        get_full_id,
    )

    FAST = True
except ImportError:  # pragma: no cover - depends on the installed streamlit-folium
    FAST = False


@dataclass(frozen=True)
class LayerName:
    """A controllable base-map layer as the layer control sees it."""

    title: str  # in the control
    overlay: bool
    kind: str  # branca's _name: the variable is kind (camelified) + "_" + suffix
    suffix: str

    @classmethod
    def of(cls, layer: Layer) -> LayerName:
        return cls(layer.layer_name, bool(layer.overlay), layer._name, layer._id)


class _LayerStandIn(Layer):
    """A base-map layer for the layer control: its title, variable and kind, no script."""

    _template = Template("")

    def __init__(self, layer: LayerName):
        super().__init__(name=layer.title, overlay=layer.overlay, control=True)
        self._name, self._id = layer.kind, layer.suffix


@dataclass(frozen=True)
class BaseMapParts:
    """What st_folium derives from the base map alone, rendered once."""

    script: str
    header: str
    html: str
    map_id: str  # the map's full variable name after streamlit-folium renamed it ("map_div")
    map_suffix: str
    layers: tuple[LayerName, ...]  # the controllable layers, in the map's order
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    bounds: list
    zoom: object

    @property
    def names(self) -> tuple:
        """What the data layers' script depends on: the map's variable and its layers' names
        (the same for every base layer: only which one is shown first differs)."""
        return (self.map_suffix, self.layers)

    def stand_in(self) -> folium.Map:
        """A fresh, empty map with the base map's variable name and layer names: the parent the
        data layers and the layer control are rendered against on each rerun."""
        fmap = folium.Map(tiles=None)
        fmap._id = self.map_suffix
        for layer in self.layers:
            stand_in = _LayerStandIn(layer)
            fmap.add_child(stand_in, name=stand_in.get_name())
        return fmap


def _links(elements: Sequence) -> tuple[list[str], list[str]]:
    """CSS and JS links of these elements and their children, in st_folium's walk order."""
    css: list[str] = []
    js: list[str] = []

    def walk(element):
        if isinstance(element, folium.elements.JSCSSMixin):
            css.extend(href for _, href in getattr(element, "default_css", []))
            js.extend(src for _, src in getattr(element, "default_js", []))
        for child in getattr(element, "_children", {}).values():
            walk(child)

    for element in elements:
        walk(element)
    return css, js


def render_base(fmap: folium.Map) -> BaseMapParts:
    """The steps of st_folium that depend on the base map only, in its order."""
    fmap.get_root().render()
    fmap.render()
    html = _get_html(fmap)
    header = _get_header(fmap)
    script = _get_map_string(fmap)  # renames the map's elements (map_div, tile_layer_div_0, ...)
    try:
        bounds = fmap.get_bounds()
    except AttributeError:
        bounds = [[None, None], [None, None]]
    css, js = _links([fmap])
    layers = tuple(LayerName.of(c) for c in fmap._children.values() if isinstance(c, Layer) and c.control)
    return BaseMapParts(
        script=script,
        header=header,
        html=html,
        map_id=get_full_id(fmap),
        map_suffix=fmap._id,
        layers=layers,
        css_links=tuple(css),
        js_links=tuple(js),
        bounds=bounds,
        zoom=fmap.options.get("zoom"),
    )


@st.cache_resource(show_spinner=False, max_entries=16)
def base_parts(
    boundary_key: str, base: str | None, _boundary: Sequence[Sequence[float]] | None
) -> BaseMapParts | None:
    """Shared by every session showing the same base layer (read-only); None without the
    streamlit-folium internals (show_map then renders with st_folium)."""
    return render_base(map_view.build_base_map(_boundary, base)) if FAST else None


def _defaults(parts: BaseMapParts, returned_objects: Sequence[str] | None) -> dict:
    """What the map reports before it is drawn. It holds no "center": the drawn map's first report
    always differs from it, and that rerun draws the page below the map (state.below_map_now)."""
    southwest, northeast = parts.bounds
    every = {
        "last_clicked": None,
        "last_object_clicked": None,
        "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None,
        "last_object_clicked_popup": None,
        "all_drawings": None,
        "last_active_drawing": None,
        "bounds": {
            "_southWest": {"lat": southwest[0], "lng": southwest[1]},
            "_northEast": {"lat": northeast[0], "lng": northeast[1]},
        },
        "zoom": parts.zoom,
        "last_circle_radius": None,
        "last_circle_polygon": None,
        "selected_layers": None,
        "selected_tags": None,
        "last_geocoder_result": None,
    }
    return {k: v for k, v in every.items() if returned_objects is None or k in returned_objects}


def _defer_data(elements: Sequence) -> list[map_layers.IncidentGeoJson]:
    """Give every incident layer a token to write in place of its data (no underscore: the
    variable renaming matches `_name`); the caller puts the data in at the end."""
    layers: list[map_layers.IncidentGeoJson] = []

    def walk(element) -> None:
        if isinstance(element, map_layers.IncidentGeoJson) and element._records is not None:
            element.data_token = f"DurandIncidentData{len(layers)}x{id(element)}"
            layers.append(element)
        for child in getattr(element, "_children", {}).values():
            walk(child)

    for element in elements:
        walk(element)
    return layers


def data_layers(
    parts: BaseMapParts, feature_groups: Sequence[folium.FeatureGroup], layer_control: folium.LayerControl
) -> tuple[str, str]:
    """The data layers' script and the layer control's, as st_folium sends them with this base map
    (its `feature_group` and `layer_control` arguments): the work of a rerun."""
    fmap = parts.stand_in()
    deferred = _defer_data(feature_groups)
    groups = "".join(_get_feature_group_string(g, map=fmap, idx=i) for i, g in enumerate(feature_groups))
    for layer in deferred:
        groups = groups.replace(layer.data_token or "", layer.joined_data())
    return groups, _get_layer_control_string(layer_control, fmap)


@dataclass(frozen=True)
class DataLayers:
    """The data layers of one view, ready for the component (or, without the streamlit-folium
    internals, the feature groups themselves for st_folium)."""

    note: str | None  # what the map shows instead of markers, when it does (grid cells)
    script: str = ""
    control: str = ""
    css_links: tuple[str, ...] = ()
    js_links: tuple[str, ...] = ()
    groups: tuple[folium.FeatureGroup, ...] = ()


LayersBuilder = Callable[[], tuple[Sequence[folium.FeatureGroup], str | None]]


def view_digest(positions: np.ndarray) -> str:
    """A short key for the incidents of a view (their positions in the data)."""
    data = np.ascontiguousarray(positions, dtype=np.int64)
    return f"{len(data)}:{hashlib.blake2b(data.tobytes(), digest_size=16).hexdigest()}"


def prepare_layers(view_key: tuple, parts: BaseMapParts | None, build: LayersBuilder) -> DataLayers:
    """The data layers of the view `view_key` names (data version, incidents, selection, ...),
    rendered once and shared while the view stays among the last few asked for, so sessions
    opening the same view (the default one, a shared link) skip building and rendering it."""
    if parts is None:
        groups, note = build()
        return DataLayers(note, groups=tuple(groups))
    return _rendered_layers((*view_key, parts.names), parts, build)


# A rendered view is 1.5-2.5 MB of text at 1,000 incidents and above: a few of them.
@st.cache_resource(show_spinner=False, max_entries=8)
def _rendered_layers(view_key: tuple, _parts: BaseMapParts, _build: LayersBuilder) -> DataLayers:  # noqa: ARG001
    groups, note = _build()
    script, control = data_layers(_parts, groups, map_view.layer_control())
    css, js = _links(groups)
    return DataLayers(note, script, control, tuple(css), tuple(js))


def show_map(
    parts: BaseMapParts | None,
    base_map: Callable[[], folium.Map],
    layers: DataLayers,
    *,
    key: str,
    center,
    zoom,
    returned_objects: Sequence[str],
    height: int,
):
    """st_folium(base_map(), key=..., feature_group_to_add=..., use_container_width=True, ...)
    with the base map's `parts` (cached) and the view's rendered `layers` (prepare_layers)."""
    if parts is None:
        return st_folium(
            base_map(),
            key=key,
            feature_group_to_add=list(layers.groups),
            layer_control=map_view.layer_control(),
            center=center,
            zoom=zoom,
            returned_objects=list(returned_objects),
            height=height,
            use_container_width=True,
        )
    hash_key = generate_js_hash(parts.script, key, False)

    def on_change() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})

    return _component_func(
        script=parts.script,
        header=parts.header,
        html=parts.html,
        id=parts.map_id,
        key=hash_key,
        height=height,
        width=None,
        returned_objects=list(returned_objects),
        default=_defaults(parts, returned_objects),
        zoom=zoom,
        center=center,
        feature_group=layers.script,
        return_on_hover=False,
        layer_control=layers.control,
        pixelated=False,
        css_links=list(dict.fromkeys([*parts.css_links, *layers.css_links])),
        js_links=list(dict.fromkeys([*parts.js_links, *layers.js_links])),
        on_change=on_change,
        wrap_longitude=False,
    )
