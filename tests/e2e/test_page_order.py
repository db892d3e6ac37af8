"""The map comes first: in a browser session's first run the timeline, the table and the downloads
wait for the map's first report (dashboard/state.py, below_map_now), so they do not take the
browser's main thread while the map frame loads. Where the map cannot load (Leaflet unreachable),
nothing reports: the page says so and a button draws the rest."""

from __future__ import annotations

import pytest

from . import helpers as h
from .cdn import is_foreign

pytestmark = [pytest.mark.browser, pytest.mark.flaky(reruns=2)]


def _table_heading(page):
    return page.get_by_role("heading", name="Incidents", exact=True)


def test_without_leaflet_the_rest_waits_for_a_click(app_server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    # no offline CDN: every foreign request fails, Leaflet with it, so the map never reports
    context.route("**/*", lambda route: route.abort() if is_foreign(route.request.url) else route.continue_())
    try:
        page = context.new_page()
        page.goto(app_server.url, wait_until="domcontentloaded")
        page.get_by_text(h.WAITING_NOTE).wait_for(timeout=h.LONG)
        h.wait_idle(page)
        page.wait_for_timeout(1500)  # time for a report that must not come
        h.wait_idle(page)
        assert page.locator(h.PAGE_END).count() == 0
        assert _table_heading(page).count() == 0
        assert h.shown_count(page) > 0, "the header, before the map, is drawn at once"
        page.get_by_role("button", name=h.SHOW_NOW).click()
        h.wait_for_page(page)
        assert _table_heading(page).count() == 1
        assert page.get_by_text(h.WAITING_NOTE).count() == 0
    finally:
        context.close()


def test_with_the_map_drawn_the_rest_follows_without_a_click(app_server, page):
    # with the test above (which shows the first run holds the rest back): the map's report
    h.open_app(page, app_server.url)  # waits for the downloads at the page's end
    assert _table_heading(page).count() == 1
    assert page.get_by_text(h.WAITING_NOTE).count() == 0
    assert page.get_by_role("button", name=h.SHOW_NOW).count() == 0
