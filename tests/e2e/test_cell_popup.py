"""The grid cells' popup and tooltip, put together in the browser from the compact cell
properties (dashboard.scale.CELL_JS): heading with the count and cell size, the period, the
counts by type, the latest incidents and the closing hint; the tooltip with the count."""

from __future__ import annotations

import re

import folium

from dashboard import filters, map_view, scale
from geodata.model import EVENT_LABELS
from tests.app.synthetic import BOUNDARY, large_collection

HOSTILE = '<img src=x onerror="window.pwned=1">Kot & "Sar"'


def _cells_on_page(page, located):
    layer, n_cells, _deg = scale.cells_layer(located)
    fmap = map_view.build_base_map(BOUNDARY)
    group = folium.FeatureGroup(name="cells")
    layer.add_to(group)
    page.set_content(map_view.render_html(fmap, [group]), wait_until="load")
    return n_cells, page.evaluate(
        """() => {
        var out = [];
        for (var key of Object.keys(window).filter((k) => k.startsWith("geo_json_"))) {
            var obj = window[key];
            if (obj && obj.eachLayer && obj.toGeoJSON) {
                obj.eachLayer(function (l) {
                    if (!l.feature || !String(l.feature.id).startsWith("cell-")) return;
                    l.openPopup();
                    var content = l.getPopup().getElement().querySelector(".leaflet-popup-content");
                    var rows = Array.from(content.querySelectorAll("tr")).map((tr) => tr.innerText);
                    var latest = Array.from(content.querySelectorAll("li")).map((li) => li.innerText);
                    out.push({popup: content.innerText, rows: rows, latest: latest,
                              images: content.querySelectorAll("img").length,
                              tip: l.getTooltip().getContent(),
                              color: l.options.color, fill: l.options.fillColor, n: l.feature.properties.count});
                    l.closePopup();
                });
            }
        }
        return out;
    }"""
    )


def test_cell_popup_and_tooltip_are_built_on_the_page(page):
    located = [f for f in large_collection(3000)["features"] if filters.is_located(f)]
    n_cells, shown = _cells_on_page(page, located)
    assert len(shown) == n_cells > 1
    labels = set(EVENT_LABELS.values())
    for cell in shown:
        n = cell["n"]
        assert re.match(rf"{n} incidents? in this ~\d+ km cell\n", cell["popup"]), cell["popup"]
        assert "Narrow the filters" in cell["popup"]
        assert cell["tip"].startswith(f"<b>{n} incident")
        # the shared style reached every cell, its own fill colour too
        assert cell["color"] == "#333" and cell["fill"].startswith("#")
        # the table: one row per type, most first, counting every incident of the cell
        counts = [(row.rsplit("\t", 1)[0].strip(), int(row.rsplit("\t", 1)[1])) for row in cell["rows"]]
        assert {label for label, _ in counts} <= labels and sum(c for _, c in counts) == n
        assert [c for _, c in counts] == sorted((c for _, c in counts), reverse=True)
        assert f"{counts[0][1]} {counts[0][0].lower()}" in cell["tip"]
        assert 1 <= len(cell["latest"]) <= 3
        assert all(line.split(", ")[0] in labels for line in cell["latest"])


def test_cell_popup_shows_hostile_place_names_as_text(page):
    located = [f for f in large_collection(300)["features"] if filters.is_located(f)]
    for f in located:  # every incident, so that each cell's latest lines carry the name
        f["properties"]["place"] = HOSTILE
    _n, shown = _cells_on_page(page, located)
    assert shown and page.evaluate("() => window.pwned") is None
    for cell in shown:
        assert cell["images"] == 0
        assert all(HOSTILE in line for line in cell["latest"]), cell["latest"]
