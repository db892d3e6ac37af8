"""The map for keyboard and screen-reader users: every button in the map frame has a name (an
incident marker says its type, date and place; a crossing badge its name and status, not "✕"; a
cluster its count), place names on the map are not buttons, and Enter on a marker opens its
popup."""

from __future__ import annotations

import re

from . import helpers as h


def test_every_map_button_has_a_name_and_place_names_are_not_buttons(app_server, page):
    frame = h.open_app(page, app_server.url)
    h.wait_for_count(page, h.shown_count(page))
    snapshot = frame.locator("body").aria_snapshot()
    # a name with a colon is written quoted whole: - 'button "Torkham: closed …"'
    lines = [line.strip().removeprefix("- ").strip("'") for line in snapshot.splitlines()]
    buttons = ["- " + line for line in lines if line.startswith("button")]
    assert buttons, snapshot
    unnamed = [b for b in buttons if not re.match(r'- button "[^"]+"', b)]
    assert unnamed == [], snapshot
    badges = frame.evaluate(
        "[...document.querySelectorAll('.crossing-marker')].map(el => el.getAttribute('aria-label') || '')"
    )
    assert badges and all(re.match(r"[^:]{3,}: (open|closed|unknown|no report)", b) for b in badges), badges
    assert any(re.search(r'"Cluster of \d+ incidents', b) for b in buttons) or any(
        re.search(r"· \d{4}-\d{2}-\d{2}", b) for b in buttons
    ), buttons
    # Leaflet makes every marker a focusable button unless told otherwise: the outline map's names
    assert (
        frame.evaluate(
            "document.querySelectorAll('.outline-mark[role=button], .outline-mark[tabindex]').length"
        )
        == 0
    )


def test_enter_on_a_focused_marker_opens_its_popup(app_server, page):
    frame = h.open_app(page, app_server.url)
    h.wait_for_count(page, h.shown_count(page))
    marker = frame.locator("path.leaflet-interactive[role=button]").first
    marker.focus()
    marker.press("Enter")
    frame.locator(".leaflet-popup").wait_for(timeout=h.LONG)
    assert frame.locator(".leaflet-popup .inc-popup").count() == 1
