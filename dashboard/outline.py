"""A base map that needs no tiles, drawn from data the project already bundles.

Country outlines of Afghanistan and Pakistan (Natural Earth, geodata/data/af_pk_boundary.geojson),
province and district names at their gazetteer points, and the crossings' names. The outlines sit
in a pane *under* the tile pane, so they show wherever tiles are missing (offline, a blocked tile
server) and are covered where tiles load; the base layer "Outline map (no tiles)" shows them
alone. Province outlines (Natural Earth admin-1, geodata/data/af_pk_provinces.geojson) are thin
lines under the country outlines' edges; their names are the gazetteer labels.
"""

from __future__ import annotations

import functools
import json

import folium

from geodata.gazetteer_files import DATA_DIR, read_gazetteer_file
from geodata.sanitize import escape_html

from . import crossing_layer
from .keys import BASE_LAYER_NAMES

PANE = "outline"
PANE_Z = 150  # under Leaflet's tilePane (200): covered wherever tiles load
LABEL_PANE = "outline-labels"
LABEL_PANE_Z = 160  # under the tiles too: names where tiles are missing, the tiles' own elsewhere
NO_TILES_NAME = BASE_LAYER_NAMES[-1]  # "Outline map (no tiles)"
COUNTRY_STYLE = {"color": "#9a9a9a", "weight": 1, "fillColor": "#f3efe6", "fillOpacity": 1.0}
BACKGROUND = "#cfe0ea"  # the map container's colour where nothing is drawn (water, elsewhere)
PROVINCE_STYLE = {"color": "#b3a58c", "weight": 0.8, "opacity": 0.9, "fill": False, "dashArray": "4 3"}
LABEL_KINDS = {"province": 1, "district": 2, "crossing": 3}

OUTLINE_CSS = f"""
.leaflet-container{{background:{BACKGROUND}}}
.outline-label{{font:11px/1.1 system-ui,sans-serif;color:#555;white-space:nowrap;text-shadow:0 0 2px #fff,0 0 2px #fff;pointer-events:none}}
.outline-label.province{{font-weight:600;color:#444;text-transform:uppercase;letter-spacing:.04em}}
.outline-label.crossing{{color:#6b2b2b;font-style:italic}}
"""


@functools.lru_cache(maxsize=1)
def outline_data() -> dict:
    """{"countries": and "provinces": FeatureCollections of polygons, "labels": [(kind, name, lat, lon)]}."""
    countries = _polygons("af_pk_boundary.geojson")
    provinces = _polygons("af_pk_provinces.geojson")
    labels = []
    try:
        rows = read_gazetteer_file(DATA_DIR / "gazetteer.json")["places"]
    except Exception:  # noqa: BLE001 - an optional layer: no labels rather than no map
        rows = []
    for row in rows:
        if row.get("kind") in LABEL_KINDS and row.get("country") in ("AF", "PK", None):
            if isinstance(row.get("lat"), (int, float)) and isinstance(row.get("lon"), (int, float)):
                labels.append((row["kind"], str(row["name"]), float(row["lat"]), float(row["lon"])))
    labels.sort(key=lambda item: (LABEL_KINDS[item[0]], item[1]))
    return {
        "countries": {"type": "FeatureCollection", "features": countries},
        "provinces": {"type": "FeatureCollection", "features": provinces},
        "labels": labels,
    }


def _polygons(file_name: str) -> list[dict]:
    """The (Multi)Polygon features of a bundled GeoJSON file; none if it is missing or broken."""
    try:
        raw = json.loads((DATA_DIR / file_name).read_text(encoding="utf-8"))
        return [
            f
            for f in raw.get("features", [])
            if (f.get("geometry") or {}).get("type") in ("Polygon", "MultiPolygon")
        ]
    except (OSError, ValueError, AttributeError):
        return []


class _LabelsByZoom(folium.MacroElement):
    """Shows district and crossing labels only from zoom 7 (province labels always), and hides a
    label that would overlap a crossing badge or a label before it (labels come province first:
    "South Waziristan" was drawn over "Lower South Waziristan" at zoom 8), again after each badge
    layout. All rectangles are read, then all hidden: no layout between reads."""

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            function declutter(el) {
                var marks = Array.prototype.slice.call(el.querySelectorAll(".outline-mark"));
                marks.forEach(function (m) { m.classList.remove("outline-hidden"); });
                var boxes = marks.map(function (m) {
                    return m.firstElementChild ? m.firstElementChild.getBoundingClientRect() : null;
                });
                // crossing badges come first: a status matters more than a place name
                var kept = Array.prototype.map.call(
                    document.querySelectorAll({{ this.badges|tojson }}),
                    function (b) { return b.getBoundingClientRect(); }
                ), hide = [];
                boxes.forEach(function (r, i) {
                    if (!r || !r.width) { return; }
                    var clash = kept.some(function (k) {
                        return r.left < k.right + 2 && k.left < r.right + 2 && r.top < k.bottom && k.top < r.bottom;
                    });
                    if (clash) { hide.push(marks[i]); } else { kept.push(r); }
                });
                hide.forEach(function (m) { m.classList.add("outline-hidden"); });
            }
            function update() {
                var el = map.getPane({{ this.pane|tojson }});
                if (!el) { return; }
                el.classList.toggle("outline-near", map.getZoom() >= 7);
                declutter(el);
            }
            map.on("zoomend " + {{ this.laid_event|tojson }}, update); update(); setTimeout(update, 0);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, pane: str):
        super().__init__()
        self._name = "LabelsByZoom"
        self.pane = pane
        self.badges, self.laid_event = crossing_layer.BADGE_SELECTOR, crossing_layer.LAID_EVENT


def add_outline(fmap: folium.Map) -> None:
    """The tile-free layers, added to the base map (identical on every run)."""
    data = outline_data()
    folium.map.CustomPane(PANE, z_index=PANE_Z, pointer_events=False).add_to(fmap)
    folium.map.CustomPane(LABEL_PANE, z_index=LABEL_PANE_Z, pointer_events=False).add_to(fmap)
    for key, name, style in (
        ("countries", "Country outlines", COUNTRY_STYLE),
        ("provinces", "Province outlines", PROVINCE_STYLE),
    ):
        if data[key]["features"]:
            folium.GeoJson(
                data[key],
                name=name,
                style_function=lambda _f, style=style: dict(style),
                pane=PANE,
                interactive=False,
                control=False,
            ).add_to(fmap)
    labels = folium.FeatureGroup(name="Place names (outline map)", control=False, show=True)
    for kind, name, lat, lon in data["labels"]:
        folium.Marker(
            location=(lat, lon),
            icon=folium.DivIcon(
                html=f'<div class="outline-label {kind}">{escape_html(name)}</div>',
                icon_size=(1, 1),
                icon_anchor=(0, 0),
                class_name=f"outline-mark outline-{kind}",
            ),
            pane=LABEL_PANE,
            interactive=False,
            keyboard=False,  # a name on the map, not a button: no tab stop, no role (Leaflet adds both)
        ).add_to(labels)
    labels.add_to(fmap)
    _LabelsByZoom(LABEL_PANE).add_to(fmap)


def no_tiles_layer() -> folium.FeatureGroup:
    """An empty base layer: choosing it removes the tiles and leaves the outline map."""
    return folium.FeatureGroup(name=NO_TILES_NAME, overlay=False, control=True, show=False)


LABEL_VISIBILITY_CSS = f"""
.leaflet-{LABEL_PANE}-pane .outline-district,.leaflet-{LABEL_PANE}-pane .outline-crossing{{display:none}}
.leaflet-{LABEL_PANE}-pane.outline-near .outline-district,.leaflet-{LABEL_PANE}-pane.outline-near .outline-crossing{{display:block}}
.leaflet-{LABEL_PANE}-pane .outline-mark.outline-hidden{{visibility:hidden}}
"""
