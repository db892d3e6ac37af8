"""The grid cells' popup and tooltip, put together in the browser from the compact cell
properties (dashboard.scale.CELL_JS): heading with the count and cell size, the period, the
counts by type, the latest incidents and the closing hint; the tooltip with the count."""

from __future__ import annotations

import re

import folium

from dashboard import filters, map_view, scale
from tests.app.synthetic import BOUNDARY, large_collection


def test_cell_popup_and_tooltip_are_built_on_the_page(page):
    located = [f for f in large_collection(3000)["features"] if filters.is_located(f)]
    layer, n_cells, _deg = scale.cells_layer(located)
    fmap = map_view.build_base_map(BOUNDARY)
    group = folium.FeatureGroup(name="cells")
    layer.add_to(group)
    page.set_content(map_view.render_html(fmap, [group]), wait_until="load")
    shown = page.evaluate(
        """() => {
        var out = [];
        for (var key of Object.keys(window).filter((k) => k.startsWith("geo_json_"))) {
            var obj = window[key];
            if (obj && obj.eachLayer && obj.toGeoJSON) {
                obj.eachLayer(function (l) {
                    if (!l.feature || !String(l.feature.id).startsWith("cell-")) return;
                    l.openPopup();
                    var popup = l.getPopup().getElement().querySelector(".leaflet-popup-content").innerText;
                    out.push({popup: popup, tip: l.getTooltip().getContent(),
                              color: l.options.color, fill: l.options.fillColor, n: l.feature.properties.count});
                    l.closePopup();
                });
            }
        }
        return out;
    }"""
    )
    assert len(shown) == n_cells > 1
    for cell in shown:
        n = cell["n"]
        assert re.match(rf"{n} incidents? in this ~\d+ km cell\n", cell["popup"]), cell["popup"]
        assert "Narrow the filters" in cell["popup"]
        assert cell["tip"].startswith(f"<b>{n} incident")
        # the shared style reached every cell, its own fill colour too
        assert cell["color"] == "#333" and cell["fill"].startswith("#")
