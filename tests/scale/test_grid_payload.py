"""The whole grid-mode map (base map and every layer, as st_folium sends it) stays within
1.5 MB at 10,000 realistic incidents (issue 17: it was 2.24 MB, then 1.54 MB with the crossing
layer): what every cell shares is sent once (dashboard.scale.CELL_JS), and each cell sends
numbers from which the page builds its popup and tooltip."""

from __future__ import annotations

from streamlit_folium import _get_feature_group_string, _get_map_string

from dashboard import filters, map_view, scale
from dashboard.columns import Index
from geodata.gazetteer import load_gazetteer
from tests.benchmarks.synth import synthetic_collection

BOUNDARY = [[69.0, 34.3], [70.0, 34.0], [69.3, 31.9], [66.3, 29.9]]


def test_grid_map_is_at_most_1_5_mb_at_10k():
    features = synthetic_collection(10_000, load_gazetteer())["features"]
    index = Index.build(features)
    positions = index.select(filters.Filters())
    fmap = map_view.build_base_map(BOUNDARY)
    groups, note = scale.build_layers_indexed(index, positions, records={}, boundary=BOUNDARY, crossings=[])
    assert note and "grid cells" in note
    n_cells = int(note.split(" grid cells")[0].rsplit(" ", 1)[-1].replace(",", ""))
    assert n_cells > 500  # the cells are there: the size below is not that of an empty map
    size = len(_get_map_string(fmap)) + sum(
        len(_get_feature_group_string(g, map=fmap, idx=i)) for i, g in enumerate(groups)
    )
    assert size <= 1_500_000, size
    # each cell's share: numbers and indices, not its popup's HTML (it was ~1,700 bytes)
    assert (size - len(_get_map_string(fmap))) / n_cells < 600, size
