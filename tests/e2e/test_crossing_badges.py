"""Crossing badges with a real mouse: six crossings within ~40 km (the Torkham–Kurram stretch at
the default zoom) and incident clusters at some of their points. Every badge must show whole,
apart from the others and from the clusters, and open its own popup on a real click (the cluster
discs used to cover them: a click reached the cluster, never the badge)."""

from __future__ import annotations

import copy
from datetime import date

from dashboard import map_layers, map_view
from geodata.crossings import Crossing, Report, Status
from tests.app.synthetic import BOUNDARY, large_collection

POINTS = [(34.10, 71.10), (34.16, 71.22), (34.04, 70.98), (34.22, 70.95), (33.95, 71.16), (34.12, 71.30)]
STATES = ["closed", "open", "unknown", "closed", "open", "closed"]

BADGES_JS = """() => [...document.querySelectorAll('.crossing-marker .crossing-icon')].map(el => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return {x: r.x, y: r.y, w: r.width, h: r.height, top: !!(top && top.closest('.crossing-marker'))}; })"""


def _status(i: int, lat: float, lon: float, state: str) -> Status:
    crossing = Crossing(id=f"x{i}", name=f"Test crossing {i}", lat=lat, lon=lon)
    day = date(2025, 10, 1)
    reported = "closed" if state == "unknown" else state
    report = Report(day, reported, f"Gate {i} quote.", "Outlet", "article", f"incident-{i}")
    as_of = date(2026, 3, 1) if state == "unknown" else date(2025, 10, 2)  # unknown: past the horizon
    return Status(crossing, state, report, day, 1, as_of, (report,))


def _incidents() -> list[dict]:
    features = [f for f in large_collection(200)["features"] if f.get("geometry")][:40]
    at_points = []
    for n, feature in enumerate(features):
        moved = copy.deepcopy(feature)
        lat, lon = POINTS[n % 3]  # clusters sit on three of the crossings' points
        moved["geometry"]["coordinates"] = [lon, lat]
        at_points.append(moved)
    return features + at_points


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


def _check_badges(page) -> list[dict]:
    page.wait_for_timeout(400)  # the layout runs just after the layers are added / the zoom ends
    badges = page.evaluate(BADGES_JS)
    assert len(badges) == len(POINTS), badges
    assert all(b["top"] for b in badges), badges  # nothing drawn over any badge's centre
    pairs = [(a, b) for i, a in enumerate(badges) for b in badges[i + 1 :] if _overlap(a, b)]
    assert not pairs, pairs
    clusters = page.evaluate(
        """() => [...document.querySelectorAll('.inc-cluster-icon')].map(el => {
            const r = el.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; })"""
    )
    assert clusters
    assert not [(b, c) for b in badges for c in clusters if _overlap(b, c)]
    _check_leaders(page, badges)
    return badges


LEADERS_JS = """() => [...document.querySelectorAll('.crossing-marker')].map(el => {
    const svg = el.querySelector('svg').getBoundingClientRect(), line = el.querySelector('line');
    const at = (n) => +line.getAttribute(n);
    return {p: [svg.x + at('x1'), svg.y + at('y1')], e: [svg.x + at('x2'), svg.y + at('y2')]}; })"""


def _crosses(a, b, c, d) -> bool:
    def side(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0


def _check_leaders(page, badges: list[dict]) -> None:
    """Each leader runs from the crossing's point to its badge, short, crossing no other leader
    and through no other badge (a leader ran through the Torkham badge)."""
    leaders = page.evaluate(LEADERS_JS)
    assert len(leaders) == len(badges)
    for leader in leaders:
        assert ((leader["e"][0] - leader["p"][0]) ** 2 + (leader["e"][1] - leader["p"][1]) ** 2) ** 0.5 < 130
    for i, a in enumerate(leaders):
        for b in leaders[i + 1 :]:
            assert not _crosses(a["p"], a["e"], b["p"], b["e"]), (a, b)
        own = min(badges, key=lambda b: abs(b["x"] - a["e"][0]) + abs(b["y"] - a["e"][1]))
        for badge in badges:
            if badge is own:
                continue
            for k in range(1, 10):
                x = a["p"][0] + (a["e"][0] - a["p"][0]) * k / 10
                y = a["p"][1] + (a["e"][1] - a["p"][1]) * k / 10
                inside = badge["x"] < x < badge["x"] + badge["w"] and badge["y"] < y < badge["y"] + badge["h"]
                assert not inside, (a, badge)


def _open_map(page) -> list[dict]:
    """The six crossings and the incidents on a map at zoom 7; the badges, checked."""
    statuses = [_status(i, lat, lon, s) for i, ((lat, lon), s) in enumerate(zip(POINTS, STATES))]
    fmap = map_view.build_base_map(BOUNDARY)
    groups = map_layers.build_layers(_incidents(), boundary=BOUNDARY, crossings=statuses)
    page.set_viewport_size({"width": 1000, "height": 700})
    page.set_content(map_view.render_html(fmap, groups), wait_until="load")
    page.evaluate("() => { window.map = window[Object.keys(window).find(k => /^map_[0-9a-f]+$/.test(k))]; }")
    page.evaluate(f"() => window.map.setView([{POINTS[0][0]}, {POINTS[0][1]}], 7, {{animate: false}})")
    badges = _check_badges(page)
    return badges


def test_every_badge_shows_apart_and_opens_on_a_real_click(page):
    badges = _open_map(page)
    opened = set()
    for badge in badges:
        page.mouse.click(badge["x"] + badge["w"] / 2, badge["y"] + badge["h"] / 2)
        popup = page.locator(".leaflet-popup-content .crossing-popup").first
        popup.wait_for(state="visible", timeout=5000)
        opened.add(popup.locator("h4").inner_text())
        page.evaluate("() => window.map.closePopup()")
    assert opened == {f"Test crossing {i}" for i in range(len(POINTS))}
    # after a zoom the badges are laid out again
    page.evaluate("() => window.map.setZoom(8, {animate: false})")
    _check_badges(page)


# streamlit-folium's component hooks every layer of the map this way and reports the clicked
# object's point to the app, which selects an incident lying there (dashboard/state.py)
HOOK_JS = """() => {
    window.__clicks = 0;
    let badges = 0;
    for (const k in window.map._layers) {
        const layer = window.map._layers[k];
        if (layer && typeof layer.on === "function") {
            layer.on("click", () => { window.__clicks += 1; });
            if (layer._icon && layer._icon.classList.contains("crossing-marker")) { badges += 1; }
        }
    }
    return badges; }"""


def test_a_badge_opens_its_popup_without_reporting_a_click_to_the_app(page):
    """Clicking the Torkham badge used to select the incident at Torkham: the click reached
    streamlit-folium as a click on the crossing's point. The badge keeps its clicks and Enter to
    itself and opens its own popup."""
    badges = _open_map(page)
    assert page.evaluate(HOOK_JS) == len(POINTS)
    popup = page.locator(".leaflet-popup-content .crossing-popup")
    badge = badges[0]
    page.mouse.click(badge["x"] + badge["w"] / 2, badge["y"] + badge["h"] / 2)
    popup.first.wait_for(state="visible", timeout=5000)
    page.evaluate("() => window.map.closePopup()")
    popup.first.wait_for(state="detached", timeout=5000)
    page.locator(".crossing-marker").first.focus()
    page.keyboard.press("Enter")
    popup.first.wait_for(state="visible", timeout=5000)
    assert page.evaluate("() => window.__clicks") == 0
