"""Hostile links in a real browser: hundreds or thousands of repeated values and very long values.
The page renders (map, caption) every time; what the app can see it ignores with a short notice.

Streamlit itself drops a whole query string of more than 1,000 parameters or 512 Ki characters
(streamlit.runtime.state.query_params.sanitize_query_string) before the app sees it: then the
default view is shown, without a notice (the app cannot tell)."""

from __future__ import annotations

import pytest

from . import helpers as h

pytestmark = [pytest.mark.browser, pytest.mark.flaky(reruns=2)]


def _notice(page) -> str:
    h.wait_idle(page)
    loc = page.get_by_text("Ignored from the link", exact=False).first
    loc.wait_for(timeout=h.LONG)
    return loc.inner_text()


@pytest.mark.parametrize(
    "query, fragment",
    [
        ("&".join(["types=airstrike"] * 400), "first 50"),
        ("outlets=" + "x" * 20_000, "over-long"),
        ("dates=2025-10-30&dates=2025-10-01&dates=2025-02-30", "expected 2 dates"),
        ("incident=" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E" + "&sides=%24%7Balert(1)%7D", "unknown"),
    ],
)
def test_bad_link_gives_a_short_notice_and_the_page_renders(app_server, page, query, fragment):
    h.open_app(page, app_server.url, query)
    text = _notice(page)
    assert fragment in text.replace("\\", ""), text
    assert len(text) < 600, f"the notice is not short: {len(text)} characters"
    assert h.shown_count(page) >= 0
    h.wait_for_count(page, h.shown_count(page))
    assert page.locator('[data-testid="stException"]').count() == 0


def test_thousands_of_values_are_dropped_and_the_default_view_renders(app_server, page):
    h.open_app(page, app_server.url)
    default = h.shown_total(page)
    h.open_app(page, app_server.url, "&".join(["types=airstrike"] * 3000))
    assert h.shown_total(page) == default
    h.wait_for_count(page, h.shown_count(page))
    assert page.locator('[data-testid="stException"]').count() == 0
