"""Real-browser tests of the dashboard (Chromium + `streamlit run` + offline CDN).

What the user sees is checked against what the app itself states (its count caption), so the
tests follow the data rather than hard-coding incident numbers.
"""

from __future__ import annotations

import json
import math
from urllib.parse import parse_qs, urlsplit

import pytest

from . import helpers as h
from .conftest import HOSTILE_MARK, HOSTILE_OUTLET, HOSTILE_SENTENCE, HOSTILE_TITLE

pytestmark = [pytest.mark.browser, pytest.mark.flaky(reruns=2)]


def test_map_renders_with_all_located_incidents(app_server, page, cdn, guard):
    frame = h.open_app(page, app_server.url)
    expected = h.shown_count(page)
    assert expected > 0, "the app says no incident is on the map"
    h.wait_for_count(page, expected)
    # Something is actually drawn (paths for circle markers, icons or clusters for markers).
    assert frame.locator(".leaflet-interactive, .leaflet-marker-icon, .marker-cluster").count() > 0
    assert frame.locator(".leaflet-tile-container img, .leaflet-tile").count() > 0, "no tile layer"
    labels = {label for _, label in cdn.served}
    assert "xstatic:leaflet.js" in labels, labels
    assert not guard.page_errors, guard.page_errors


def test_popup_shows_its_source(app_server, page, articles_dir):
    frame = h.open_app(page, app_server.url)
    h.wait_for_count(page, h.shown_count(page))
    h.open_popup(frame, HOSTILE_MARK, present=False)
    text = h.popup_text(frame)
    assert text.strip(), "popup is empty"
    # The evidence sentence is quoted verbatim from an article file, and that article is named.
    articles = h.read_articles(articles_dir)
    quotes = frame.locator(".leaflet-popup-content blockquote").all_inner_texts() or text.splitlines()
    matched = [
        (q, a) for q in quotes for a in articles if len(h.norm(q)) >= 20 and h.norm(q) in h.norm(a["body"])
    ]
    assert matched, f"no sentence of any article is quoted in the popup:\n{text}"
    quote, article = matched[0]
    named = [v for v in (article.get("title"), article.get("outlet")) if v and str(v).lower() != "unknown"]
    assert any(h.norm(str(v)) in h.norm(text) for v in named), (
        f"popup quotes {article['id']} but names neither its title nor its outlet {named!r}:\n{text}"
    )


def test_hostile_article_is_shown_as_text(app_server, page, cdn, guard):
    """The hostile article (conftest.hostile_article) reaches the map as inert text: no dialog
    (checked at teardown), no injected element, document.title unchanged, no foreign request."""
    frame = h.open_app(page, app_server.url)
    title_before = page.title()
    h.wait_for_count(page, h.shown_count(page))
    h.open_popup(
        frame,
        HOSTILE_MARK,
        present=True,
        missing="the hostile article produced no incident on the map (expected one in Barmal/Paktika)",
    )
    h.hover_target(frame)  # tooltips are another innerHTML sink
    text = h.popup_text(frame)
    assert HOSTILE_OUTLET in text, f"outlet not shown literally: {text!r}"
    assert HOSTILE_TITLE in text, f"title not shown literally: {text!r}"
    assert HOSTILE_SENTENCE in text, f"evidence sentence not quoted: {text!r}"
    # No element was created from the article's text, here or in the app page.
    for where in (frame, page):
        assert where.evaluate("document.querySelectorAll('img[onerror], img[src=\"x\"]').length") == 0
    assert (
        frame.evaluate(
            "[...document.querySelectorAll('.leaflet-popup-content *, .leaflet-tooltip *')]"
            ".filter(e => ['SCRIPT', 'IMG', 'IFRAME'].includes(e.tagName)).length"
        )
        == 0
    ), "HTML from the article was parsed inside the popup/tooltip"
    # The source link (http/https only) opens safely in a new tab.
    for link in frame.locator(".leaflet-popup-content a[href]").all():
        assert link.get_attribute("href").startswith(("http://", "https://"))
        assert link.get_attribute("target") == "_blank"
        assert {"noopener", "noreferrer"} <= set((link.get_attribute("rel") or "").split())
    page.wait_for_timeout(300)  # let any injected handler run before judging
    assert page.title() == title_before and "pwned" not in page.title()
    assert "pwned" not in frame.evaluate("document.title")
    assert not guard.dialogs, guard.dialogs
    assert not cdn.problems(), cdn.problems()


def test_date_slider_changes_markers_without_reloading_the_map(app_server, page):
    h.open_app(page, app_server.url)
    before = h.shown_count(page)
    h.wait_for_count(page, before)
    h.tag_map_iframe(page)
    h.narrow_dates_to_last_day(page)
    after = h.wait_caption_change(page, before)
    h.wait_for_count(page, after)
    assert after < before
    h.assert_map_iframe_not_reloaded(page)


def _filter_by_one_event_type(page) -> str:
    """Choose, in the event-type filter, a type that is on the map; return its URL code."""
    label = h.event_label_on_map(page)
    h.set_event_type_filter(page, label)
    try:
        page.wait_for_function(
            "() => new URLSearchParams(location.search).getAll('types').length === 1", timeout=20_000
        )
    except Exception as exc:  # noqa: BLE001
        raise AssertionError(
            f"choosing event type {label!r} did not put types=… in the URL: {page.url}"
        ) from exc
    h.wait_idle(page)
    return parse_qs(urlsplit(page.url).query)["types"][0]


def test_copied_url_reproduces_the_view(app_server, page, context):
    h.open_app(page, app_server.url)
    code = _filter_by_one_event_type(page)
    shown = h.shown_total(page)
    located = h.shown_count(page)
    assert located > 0
    h.wait_for_count(page, located)
    url = page.url
    ids = h.map_feature_ids(page)
    state = h.filter_state(page)
    assert state["tags"], "the chosen event type is not shown in the filter"

    other = context.new_page()  # a fresh session: only the URL carries the view
    h.open_app(other, url)
    assert h.shown_total(other) == shown
    h.wait_for_count(other, located)
    assert h.map_feature_ids(other) == ids
    assert h.filter_state(other) == state
    assert parse_qs(urlsplit(other.url).query).get("types") == [code]


def test_geojson_download_matches_current_filter(app_server, page):
    h.open_app(page, app_server.url)
    code = _filter_by_one_event_type(page)
    shown, _total = h.shown_total(page)
    located_count = h.shown_count(page)
    h.wait_for_count(page, located_count)
    map_ids = h.map_feature_ids(page)

    with page.expect_download(timeout=h.LONG) as info:
        h.geojson_download_button(page).click()
    download = info.value
    assert download.suggested_filename.endswith((".geojson", ".json")), download.suggested_filename
    with open(download.path(), encoding="utf-8") as handle:
        data = json.load(handle)
    assert data["type"] == "FeatureCollection"
    assert isinstance(data["features"], list)
    located = []
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature.get("properties"), dict)
        geometry = feature["geometry"]
        if geometry is not None:
            assert geometry["type"] == "Point", geometry
            assert len(geometry["coordinates"]) == 2
            lon, lat = geometry["coordinates"]
            assert math.isfinite(lon) and math.isfinite(lat), geometry
            assert -180 <= lon <= 180 and -90 <= lat <= 90, geometry
            located.append(feature)
        # The current filter: the chosen type (background reports are shown by default).
        assert feature["properties"]["event_type"] == code, feature["properties"]["event_type"]
    assert len(data["features"]) == shown, (len(data["features"]), shown)
    assert sorted(str(f["id"]) for f in located) == map_ids


def test_table_row_centres_map_without_reloading_it(app_server, page, context):
    h.open_app(page, app_server.url)
    h.wait_for_count(page, h.shown_count(page))
    h.tag_map_iframe(page)
    before = h.map_view(page)
    rows = h.table_rows(page)
    # A located incident (the table marks the others "[no point]").
    index = next(
        (i for i, row in enumerate(rows) if "[no point]" not in row.get("Place", "[no point]")), None
    )
    assert index is not None, f"no located incident in the table: {rows}"
    h.select_table_row(page, index)
    try:
        page.wait_for_function("() => new URLSearchParams(location.search).get('incident')", timeout=20_000)
    except Exception as exc:  # noqa: BLE001
        raise AssertionError(f"selecting table row {rows[index]} put no incident in the URL") from exc
    h.wait_idle(page)
    incident = parse_qs(urlsplit(page.url).query)["incident"][0]
    target = h.feature_latlng(page, incident)
    assert target is not None, f"the selected incident {incident} is not on the map"
    view = h.wait_map_centred_on(page, target)
    assert view["zoom"] > before["zoom"], "the map did not zoom in on the selection"
    h.assert_map_iframe_not_reloaded(page)
    # Its details are shown under the table: its id, its place and its type as a heading.
    page.get_by_text("Incident id: " + incident).wait_for(timeout=h.LONG)
    details = page.locator('[data-testid="stVerticalBlock"]').filter(has_text="Incident id: " + incident).last
    assert rows[index]["Place"] in details.inner_text(), (rows[index], details.inner_text()[:300])
    event_type = rows[index]["Type"].removesuffix(" (background)")
    assert event_type in details.inner_text()
    if event_type != rows[index]["Type"]:  # a background report says so in its details too
        assert "Background report" in details.inner_text()

    # The copied address reproduces the selection in a fresh session: same centre, same details.
    other = context.new_page()
    h.open_app(other, page.url)
    h.wait_map_centred_on(other, target)
    other.get_by_text("Incident id: " + incident).wait_for(timeout=h.LONG)
