"""100,000 incidents: the map payload stays bounded (grid cells above scale.MAX_MARKERS), filters
still select the right incidents, and large files load slim and re-inflate exactly."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest
from streamlit_folium import _get_feature_group_string

from dashboard import filters, map_view, scale
from geodata.aggregate import adaptive_grid, points_of
from geodata.compact import full, is_slim, load_collection_compact, slim
from geodata.model import EVENT_TYPES
from tests.app.synthetic import BOUNDARY, large_collection

PAYLOAD_LIMIT = 3_000_000


def _features(n: int, seed: int = 5) -> list[dict]:
    """n light incident features over ten years and the whole border region (fast to build)."""
    rng = random.Random(seed)
    start = date(2015, 1, 1)
    out = []
    for i in range(n):
        etype = EVENT_TYPES[i % len(EVENT_TYPES)]
        located = i % 20 != 0
        day = (start + timedelta(days=rng.randrange(3650))).isoformat()
        out.append(
            {
                "type": "Feature",
                "id": f"inc-{i:06d}",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(rng.uniform(61, 75), 5), round(rng.uniform(25, 37), 5)],
                }
                if located
                else None,
                "properties": {
                    "id": f"inc-{i:06d}",
                    "event_type": etype,
                    "event_label": etype,
                    "date": day,
                    "date_end": None,
                    "date_precision": "day",
                    "place": f"Place {i % 900}",
                    "place_kind": "populated_place",
                    "location_precision": 2,
                    "country": "AF" if i % 2 else "PK",
                    "actors": ["Pakistani military"],
                    "outlets": ["Dawn"],
                    "verification": "single_source",
                    "mention": "primary",
                    "_heavy": json.dumps(
                        {
                            "claims": [],
                            "sources": [
                                {
                                    "article": f"a{i}",
                                    "title": f"Report {i}",
                                    "outlet": "Dawn",
                                    "url": f"https://example.org/{i}",
                                    "published": day,
                                    "quote": "Shelling.",
                                }
                            ],
                            "notes": [],
                        }
                    ),
                },
            }
        )
    return out


@pytest.fixture(scope="module")
def big() -> list[dict]:
    return sorted(_features(100_000), key=filters.sort_key)


def _payload(groups) -> int:
    fmap = map_view.build_base_map(BOUNDARY)
    return len("".join(_get_feature_group_string(g, map=fmap, idx=i) for i, g in enumerate(groups)))


def test_map_payload_is_bounded_at_100k(big):
    points = scale.point_index(big)
    groups, note = scale.build_layers(big, records={}, points=points, boundary=BOUNDARY)
    assert note and "grid cells" in note
    size = _payload(groups)
    assert size <= PAYLOAD_LIMIT, size
    assert size < 1_500_000  # MAX_CELLS cells, whatever the number of incidents


def test_filter_change_at_100k_selects_and_aggregates_correctly(big):
    points = scale.point_index(big)
    flt = filters.Filters(types=("airstrike", "drone_strike"), start=date(2018, 1, 1), end=date(2019, 12, 31))
    shown = filters.apply_filters(big, flt)
    expected = [
        f
        for f in big
        if f["properties"]["event_type"] in flt.types
        and "2018-01-01" <= f["properties"]["date"] <= "2019-12-31"
    ]
    assert shown == expected and len(shown) > 2000
    located = [f for f in shown if filters.is_located(f)]
    cell_deg, cells = adaptive_grid(points_of(located), max_cells=scale.MAX_CELLS)
    assert len(cells) <= scale.MAX_CELLS
    assert sum(c.n for c in cells) == len(located)
    assert sum(c.by_type.get("airstrike", 0) for c in cells) == sum(
        1 for f in located if f["properties"]["event_type"] == "airstrike"
    )
    groups, note = scale.build_layers(shown, records={}, points=points, boundary=BOUNDARY)
    assert note is not None and _payload(groups) <= PAYLOAD_LIMIT


def test_narrow_view_gets_individual_markers_with_popups(big):
    shown = [f for f in big if filters.is_located(f)][:300]
    groups, note = scale.build_layers(shown, records={}, boundary=BOUNDARY)
    assert note is None
    text = "".join(
        _get_feature_group_string(g, map=map_view.build_base_map(BOUNDARY), idx=i)
        for i, g in enumerate(groups)
    )
    assert shown[0]["id"] in text and "Report " in text  # popups re-inflated from the slim record


def test_selected_incident_drawn_with_its_popup_in_grid_mode(big):
    selected = next(f for f in big if filters.is_located(f))
    groups, _ = scale.build_layers(
        big, records={}, points=scale.point_index(big), selected=selected, boundary=BOUNDARY
    )
    text = "".join(
        _get_feature_group_string(g, map=map_view.build_base_map(BOUNDARY), idx=i)
        for i, g in enumerate(groups)
    )
    assert selected["id"] in text


def test_slim_round_trip_and_compact_loader(tmp_path):
    collection = large_collection(300)
    for feature in collection["features"]:
        assert full(slim(feature)) == feature
        assert is_slim(slim(feature)) and not is_slim(feature)
    path = tmp_path / "c.geojson"
    path.write_text(json.dumps(collection, indent=1, ensure_ascii=False), encoding="utf-8")
    assert load_collection_compact(path) == collection  # small: unchanged
    slimmed = load_collection_compact(path, slim_above=10)
    assert slimmed["slim"] is True
    assert [full(f) for f in slimmed["features"]] == collection["features"]


@pytest.mark.parametrize("text", ["[1, 2]", '{"type": "FeatureCollection", "features": [', '{"a": 1,}'])
def test_compact_loader_rejects_bad_json(tmp_path, text):
    path = tmp_path / "bad.geojson"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError):
        load_collection_compact(path)
