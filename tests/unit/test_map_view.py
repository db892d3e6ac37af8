"""dashboard.map_view, map_layers and popups, tested as text: the JS and HTML the map runs."""

from __future__ import annotations

import json
import re
from datetime import date

import folium
import pytest
from streamlit_folium import (
    _get_feature_group_string,
    _get_layer_control_string,
    _get_map_string,
    generate_js_hash,
)

from dashboard import crossing_layer, filters, map_layers, map_view, popups
from geodata import crossings
from tests.app.synthetic import BOUNDARY, XSS_OUTLET, XSS_TITLE, large_collection, small_collection

RAW_HOSTILE = (
    "<img src=x onerror=alert(1)>",
    "${alert(",
    "`tick`",
    "</script><script>alert(2)",
    "javascript:alert(3)",
    "\\ </",
)


@pytest.fixture(scope="module")
def collection():
    return small_collection()


def statuses(features, as_of=date(2025, 10, 12)):
    registry = crossings.load_registry()
    reports, _ = crossings.collect_reports(features, registry)
    return crossings.status_at(reports, registry, as_of)


def build(features, boundary=BOUNDARY, **kwargs):
    fmap = map_view.build_base_map(boundary)
    groups = map_layers.build_layers(features, boundary=boundary, crossings=statuses(features), **kwargs)
    return fmap, groups


def st_folium_strings(fmap, groups):
    """What streamlit-folium sends: the base-map script and the feature-group script."""
    fmap.get_root().render()
    script = _get_map_string(fmap)
    group_js = "".join(_get_feature_group_string(g, map=fmap, idx=i) for i, g in enumerate(groups))
    return script, group_js


def test_one_geojson_layer_for_all_incidents(collection):
    located = [f for f in collection["features"] if filters.is_located(f)]
    fmap, groups = build(collection["features"])
    html = map_view.render_html(fmap, groups)
    incident_layers = [g for g in groups if g.layer_name == "Incidents"]
    assert len(incident_layers) == 1
    geojsons = [
        c
        for c in incident_layers[0]._children.values()
        for c in ([c] + list(c._children.values()))
        if isinstance(c, folium.GeoJson)
    ]
    assert len(geojsons) == 1
    assert len(geojsons[0].data["features"]) == len(located)
    # no per-incident folium objects: no Marker/CircleMarker constructors with literal coordinates
    assert html.count("L.circleMarker(") == 0
    assert html.count("L.markerClusterGroup(") == 1
    # one L.geoJson for incidents + border highlight + crossings + country and province outlines
    assert html.count("L.geoJson(") == 5


def test_hostile_strings_never_raw(collection):
    fmap, groups = build(collection["features"])
    html = map_view.render_html(fmap, groups)
    for raw in RAW_HOSTILE:
        assert raw not in html, raw
    assert XSS_TITLE not in html and XSS_OUTLET not in html
    # the escaped forms are there (inside JSON, where < > & are \u-escaped once more)
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html
    popups = " ".join(
        r["properties"]["popup"] for r in map_layers.map_records(collection["features"]).values()
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in popups
    assert "&#36;{alert(1)} &#96;tick&#96; &#92; &lt;/script&gt;" in popups


def test_hostile_strings_never_raw_in_st_folium_payload(collection):
    fmap, groups = build(collection["features"])
    script, group_js = st_folium_strings(fmap, groups)
    for raw in RAW_HOSTILE:
        assert raw not in script and raw not in group_js, raw


def test_unsafe_link_dropped_safe_link_kept(collection):
    xss = next(f for f in collection["features"] if f["properties"]["event_type"] == "airstrike")
    popup = popups.popup_html(xss["properties"])
    assert "href" not in popup  # javascript: URL -> no link, title as text
    clash = next(
        f for f in collection["features"] if f["properties"]["event_type"] == "armed_clash" and f["geometry"]
    )
    popup = popups.popup_html(clash["properties"])
    assert 'href="https://example.org/a1" target="_blank" rel="noopener noreferrer"' in popup


def test_popup_has_everything(collection):
    clash = next(f for f in collection["features"] if f["properties"]["verification"] == "contested")
    popup = popups.popup_html(clash["properties"])
    for text in (
        "Armed clash",
        "2025-10-11",
        "precision: day",
        "Spin Boldak",
        "within ~25 km",
        "Contested",
        "Afghan side",
        "Pakistani side",
        "ISPR",
        "Afghan Taliban (Defence Ministry)",
        "Tolo News",
        "Dawn",
        "exchanged heavy fire near Spin Boldak",
    ):
        assert text in popup, text
    # claims side by side: AF column before PK column
    assert popup.index("Afghan side") < popup.index("Pakistani side")


def test_a_claimed_figure_is_shown_with_the_sentence_it_was_read_from():
    said = "Kabul said <b>58</b> soldiers were killed in the night's fighting."
    claim = {
        "claimant": "Zabihullah Mujahid",
        "side": "AF",
        "quantity": 58,
        "subject": "soldiers",
        "unit": "killed",
        "statement": said,
    }
    popup = popups.popup_html({"event_type": "armed_clash", "claims": [claim]})
    figure = popup.index("58 soldiers killed")
    quote = popup.index("Kabul said &lt;b&gt;58&lt;/b&gt; soldiers were killed")
    assert figure < quote < figure + 200  # the figure's own list item, escaped
    # a claim that is its sentence is not quoted twice
    spoken = {"claimant": "ISPR", "side": "PK", "statement": "The ISPR denied the figure."}
    assert popups.popup_html({"claims": [spoken]}).count("The ISPR denied the figure.") == 1


def test_popup_says_where_a_village_the_gazetteer_lacks_is_drawn(collection):
    props = dict(next(f for f in collection["features"] if f["geometry"])["properties"])
    props["notes"] = ["Kanda Sar: not in the gazetteer: placed at Sarkano (district) <b>"]
    popup = popups.popup_html(props)
    assert "<b>Note:</b> Kanda Sar: not in the gazetteer: placed at Sarkano (district) &lt;b&gt;" in popup
    assert "Note:" not in popups.popup_html({**props, "notes": []})


def test_precision_styles(collection):
    records = map_layers.map_records(collection["features"])
    by_precision = {}
    for feature in collection["features"]:
        if feature["id"] in records:
            by_precision.setdefault(feature["properties"]["location_precision"], records[feature["id"]])
    assert (
        by_precision[1]["properties"]["style"]["fillOpacity"] > 0
        and not by_precision[1]["properties"]["hollow"]
    )
    assert (
        by_precision[3]["properties"]["hollow"] and by_precision[3]["properties"]["style"]["fillOpacity"] == 0
    )
    assert by_precision[3]["properties"]["area"] == 20_000
    assert by_precision[4]["properties"]["area"] == 80_000
    assert by_precision[2]["properties"]["area"] == 0


def test_background_reports_drawn_faded_and_dashed(collection):
    from dashboard.table_view import table_rows

    records = map_layers.map_records(collection["features"])
    dashed = {
        f["properties"]["mention"] == "background": "dashArray" in records[f["id"]]["properties"]["style"]
        for f in collection["features"]
        if f["id"] in records
    }
    assert dashed == {True: True, False: False}
    solid, faded = (
        map_layers.incident_style(1, "#123456"),
        map_layers.incident_style(1, "#123456", background=True),
    )
    assert faded["fillOpacity"] < solid["fillOpacity"] and faded["color"] == solid["color"]
    assert "Background report" in map_view.legend_html()
    rows = table_rows(collection["features"])
    background = [f["id"] for f in collection["features"] if f["properties"]["mention"] == "background"]
    assert all(t.endswith("(background)") == (i in background) for t, i in zip(rows["type"], rows["id"]))


def test_border_wide_highlights_line_not_point(collection):
    border = [f for f in collection["features"] if filters.is_border_wide(f)]
    assert border
    _, groups = build(border)
    names = [g.layer_name for g in groups]
    assert "Border-wide incidents" in names
    _, groups = build(border, boundary=None)
    assert "Border-wide incidents" not in [g.layer_name for g in groups]


def test_crossings_status_layer(collection):
    fmap, groups = build(collection["features"])
    html = map_view.render_html(fmap, groups)

    def js(text):  # as embedded in the map's JSON
        return json.dumps(text)[1:-1]

    assert js("Chaman–Spin Boldak crossing") in html  # the crossing, not its twin town
    assert js("closed — last report 2025-10-12") in html
    assert js("open — last report 2025-10-08") in html
    assert "crossing-timeline" in html  # the closed / open bands in the popup


def test_base_map_identical_across_builds_and_data(collection):
    a, ga = build(collection["features"])
    b, gb = build(collection["features"][:2], selected=collection["features"][0])
    sa, ja = st_folium_strings(a, ga)
    sb, jb = st_folium_strings(b, gb)
    assert generate_js_hash(sa, "map") == generate_js_hash(sb, "map")
    assert ja != jb
    control = _get_layer_control_string(map_view.layer_control(), a)
    for name in ("Street map", "Terrain", "Satellite imagery", "Incidents", "Crossings status"):
        assert f'"{name}"' in control
    for url in ("tile.openstreetmap.org", "opentopomap.org", "World_Imagery"):
        assert url in sa
    assert "maxZoom" in sa and '"maxZoom": 18' in sa


def test_legend_is_escaped_json():
    fmap = map_view.build_base_map(None)
    html = map_view.render_html(fmap)
    match = re.search(r"div\.innerHTML = (\".*?\");", html)
    assert match
    legend = json.loads(match.group(1))
    for label in ("Armed clash", "Crossing reopened", "Durand Line"):
        assert label in legend


def test_selected_marker_and_view(collection):
    district = next(
        f for f in collection["features"] if f["properties"]["location_precision"] == 3 and f["geometry"]
    )
    center, zoom = map_view.view_for(district)
    assert center == (district["geometry"]["coordinates"][1], district["geometry"]["coordinates"][0])
    assert zoom == 9
    assert isinstance(map_layers.selected_marker(district), folium.Circle)
    unlocated = next(f for f in collection["features"] if not f["geometry"])
    assert map_view.view_for(unlocated) == (None, None)


def test_empty_feature_list_builds():
    fmap, groups = build([])
    script, group_js = st_folium_strings(fmap, groups)
    assert "L.geoJson(" in group_js


def test_precomputed_records_give_same_layer():
    features = large_collection(50)["features"]
    records = map_layers.map_records(features)
    _, with_records = build(features, records=records)
    _, without = build(features)

    def data(groups):
        return [c.data for g in groups for c in g._children.values() if isinstance(c, folium.GeoJson)]

    assert data(with_records) == data(without)


def test_fast_incident_layer_sends_what_folium_would():
    """IncidentGeoJson joins the records' ready JSON texts (also where streamlit-folium renders
    the template itself): the JS must be the text folium's own GeoJson writes, escaping included."""
    features = large_collection(30)["features"]
    features[0]["properties"]["place"] = "</script><script>alert(1)</script> & 'q'"
    records = list(map_layers.map_records(features).values())
    options = dict(
        name="Incidents",
        marker=folium.CircleMarker(radius=6, weight=1, fill=True),
        on_each_feature=map_layers.JsCode("function(f, l) {}"),
        embed=True,
    )

    def group_js(layer):
        fmap = map_view.build_base_map(BOUNDARY)
        group = folium.FeatureGroup(name="Incidents")
        layer.add_to(group)
        return _get_feature_group_string(group, map=fmap, idx=0)

    fast = group_js(map_layers.IncidentGeoJson(records=records, **options))
    plain = group_js(
        folium.GeoJson({"type": "FeatureCollection", "features": [dict(r) for r in records]}, **options)
    )
    assert fast == plain
    assert "</script>" not in fast and "<script>" not in fast and "alert(1)" in fast  # escaped, not lost
    assert fast.count('"id": "inc-') == 2 * len(records)  # feature id and properties.id


# ---- claims as people read them, clustering, crossings badge (issue 5 audit) -------------------


def _claim(claimant, statement, side=None, article="a1", quantity=None, unit=None, subject=None):
    return {
        "claimant": claimant,
        "statement": statement,
        "quantity": quantity,
        "unit": unit,
        "subject": subject,
        "hedge": None,
        "article": article,
        "side": side,
    }


OWN_VOICE_PROPS = {
    "event_type": "armed_clash",
    "event_label": "Armed clash",
    "date": "2025-10-11",
    "date_precision": "day",
    "place": "Chaman",
    "location_precision": 2,
    "verification": "contested",
    "claims": [
        _claim("Article", "Fighting was reported at Chaman.", article="a1"),
        _claim("Article (according to reports)", "Shops were shut.", article="a2"),
        _claim(
            "Afghan Taliban",
            "said 58 soldiers were killed",
            side="AF",
            quantity=58,
            unit="killed",
            subject="soldiers",
        ),
        _claim(
            "ISPR",
            "said 21 posts were captured",
            side="PK",
            quantity=21,
            unit="posts_captured",
            subject="border posts",
        ),
        _claim("Local sources", "heard heavy fire", side="independent"),
    ],
    "sources": [
        {
            "article": "a1",
            "outlet": "Dawn <b>",
            "title": "Clashes at Chaman",
            "published": "2025-10-12",
            "quote": "q1",
        },
        {
            "article": "a2",
            "outlet": "unknown",
            "title": "A very long headline about the border that goes on and on",
            "published": "2025-10-12",
            "quote": "q2",
        },
    ],
}


def test_article_claimant_is_the_outlets_own_reporting():
    claims, sources = OWN_VOICE_PROPS["claims"], OWN_VOICE_PROPS["sources"]
    assert popups.claimant_label(claims[0], sources) == "Dawn <b> (own reporting)"
    # unknown outlet: named after the article's title (shortened); the qualifier is kept
    label = popups.claimant_label(claims[1], sources)
    assert label.startswith("“A very long headline") and label.endswith(
        "” (own reporting, according to reports)"
    )
    assert popups.claimant_label(claims[2], sources) == "Afghan Taliban"
    assert (
        popups.claimant_label(_claim("Article", "x", article="zz"), [])
        == "The reporting outlet (own reporting)"
    )
    popup = popups.popup_html(OWN_VOICE_PROPS)
    assert "Dawn &lt;b&gt; (own reporting)" in popup  # escaped like every other string
    assert "<b>Article</b>" not in popup and ">Article (" not in popup
    assert "Outlets&#x27; own reporting (2)" in popup or "Outlets' own reporting (2)" in popup
    assert OWN_VOICE_PROPS["claims"][0]["claimant"] == "Article", "the data is not changed"
    # the table says the same, the sides' claims first
    from dashboard.table_view import claims_summary, sources_summary

    summary = claims_summary(claims, sources)
    assert summary.startswith("Afghan Taliban: 58 soldiers killed | ISPR: 21 border posts captured")
    assert "Dawn <b> (own reporting): Fighting was reported at Chaman." in summary
    assert "Article:" not in summary
    assert sources_summary(sources).split(" | ")[1].startswith("unknown outlet: ")


def test_claim_units_read_as_words():
    popup = popups.popup_html(OWN_VOICE_PROPS)
    assert "21 border posts captured" in popup and "posts_captured" not in popup


def test_contested_sides_are_columns_next_to_each_other():
    popup = popups.popup_html(OWN_VOICE_PROPS)
    row = re.search(r'<div class="claims">(.*?)</div></div></div>', popup)
    assert row, popup
    # the Afghan and the Pakistani claims are the two columns of the same flex row ...
    assert '<div class="side-AF">' in row.group(0) and '<div class="side-PK">' in row.group(0)
    assert row.group(0).index("Afghan Taliban") < row.group(0).index("ISPR")
    # ... and the other voices are not squeezed in as further columns
    assert "Local sources" not in row.group(0)
    assert popup.index("ISPR") < popup.index("Local sources") < popup.index("own reporting")
    assert ".inc-popup .claims{display:flex" in map_view.POPUP_CSS


def test_incidents_sharing_a_point_spiderfy():
    _, groups = build(small_collection()["features"])
    html = map_view.render_html(map_view.build_base_map(BOUNDARY), groups)
    options = re.search(r"L\.markerClusterGroup\(\s*(\{.*?\})\s*\)", html, re.S)
    assert options, "no marker cluster"
    opts = options.group(1)  # a JS object literal (trailing comma): read as text
    # disableClusteringAtZoom would leave markers on the same point stacked, one hiding the other
    assert "disableClusteringAtZoom" not in opts
    assert re.search(r'"spiderfyOnMaxZoom":\s*true', opts)


def test_crossing_badges_are_drawn_under_incident_markers():
    collection = small_collection()
    layer = crossing_layer.crossings_geojson(statuses(collection["features"]))
    fmap = map_view.build_base_map(None)
    group = folium.FeatureGroup(name="c").add_to(fmap)
    layer.add_to(group)
    out = fmap.get_root().render()
    # their own pane, under Leaflet's marker pane (600) where incidents and clusters are drawn
    assert f'"pane": "{crossing_layer.PANE}"' in out
    assert crossing_layer.PANE_Z < 600
    assert "zIndexOffset" not in out
    ax, ay = crossing_layer.ICON_ANCHOR
    assert not (0 <= ax <= 20 and 0 <= ay <= 20)  # the badge does not sit on its own point


def test_a_region_is_an_area_not_a_point_along_a_line():
    """ "eastern Afghanistan" (precision 5 with a representative point) reads as a region and is
    drawn hollow with its area, not as an exact marker "along a line"."""
    feature = {
        "type": "Feature",
        "id": "inc-region",
        "geometry": {"type": "Point", "coordinates": [69.22592, 33.59744]},
        "properties": {
            "id": "inc-region",
            "event_type": "airstrike",
            "date": "2024-12-24",
            "place": "eastern Afghanistan",
            "place_kind": "region",
            "location_precision": 5,
            "location_precision_label": "along a line (border or between places)",
            "sources": [],
            "claims": [],
        },
    }
    record = map_layers.map_feature(feature)
    props = record["properties"]
    assert props["hollow"] and props["area"] >= 100_000
    assert "along a line" not in props["popup"] and "region" in props["popup"]
    assert "along a line" not in props["tip"]


def test_the_map_loads_leaflet_alone():
    """No jQuery, Bootstrap, Font Awesome or awesome-markers: render-blocking files from four
    more CDN hosts that no marker or popup of these maps uses."""
    from dashboard import map_component
    from dashboard.map_view import build_base_map

    parts = map_component.render_base(build_base_map([[69.0, 34.3], [70.0, 34.0]]))
    links = [*parts.css_links, *parts.js_links]
    assert links and all("/leaflet@" in link for link in links), links
    assert "$(" not in parts.script  # nothing calls jQuery
