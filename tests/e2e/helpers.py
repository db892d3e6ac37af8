"""Page helpers shared by the browser tests and tests/tools/screenshot.py: find the streamlit-folium
iframe, wait for Leaflet, count the incident layers, wait for Streamlit to be idle."""

from __future__ import annotations

import html
import re
import time

MAP_IFRAME = 'iframe[title*="streamlit_folium"]'
LONG = 60_000  # ms: first render on 2 cores builds the pipeline

# Incident features drawn by Leaflet, clustered or not. Walks every layer group (markercluster's
# getLayers() returns the clustered children too) and collects the distinct ids of GeoJSON features
# whose id is an incident id ("inc-…", geodata.export.incident_ids) — not the crossings status
# markers, the border-wide line or the selection ring.
INCIDENT_ID = r"^inc-"
IDS_JS = """
(pattern) => {
  const map = window.map; if (!map) { return null; }
  const re = new RegExp(pattern); const out = new Set(); const seen = new Set();
  const visit = (l) => { if (!l || seen.has(l)) return; seen.add(l);
    if (l.getLayers) { l.getLayers().forEach(visit); return; }
    const f = l.feature;
    if (f && f.geometry) { const id = String(f.id ?? (f.properties && f.properties.id)); if (re.test(id)) out.add(id); } };
  map.eachLayer(visit); return [...out].sort();
}
"""
COUNT_JS = (
    "(pattern) => { const ids = (%s)(pattern); return ids === null ? -1 : ids.length; }" % IDS_JS.strip()
)


def map_iframe(page):
    return page.locator(MAP_IFRAME).first


def map_frame(page):
    """The Playwright Frame of the map component (for evaluate)."""
    handle = map_iframe(page).element_handle(timeout=LONG)
    frame = handle.content_frame()
    assert frame is not None, "map iframe has no content frame"
    return frame


def wait_idle(page, timeout: float = LONG) -> None:
    """Wait until Streamlit has finished the current run (the 'Running…' status widget is gone)."""
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            if (!app) return false;
            const running = document.querySelector('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]')
              || document.querySelector('[data-testid="stStatusWidgetRunningIcon"]');
            return !running && app.getAttribute('data-test-script-state') !== 'running';
        }""",
        timeout=timeout,
    )


def wait_for_map(page, timeout: float = LONG):
    """Wait for the map iframe, Leaflet and at least the incident layer; return the Frame."""
    page.wait_for_selector(MAP_IFRAME, state="attached", timeout=timeout)
    frame = map_frame(page)
    frame.wait_for_selector(".leaflet-container", state="visible", timeout=timeout)
    frame.wait_for_function("() => window.L && window.map && window.map._loaded", timeout=timeout)
    return frame


def count_incidents(frame) -> int:
    return frame.evaluate(COUNT_JS, INCIDENT_ID)


def wait_for_count(page, expected: int, timeout: float = LONG) -> int:
    """Poll the map until it shows `expected` incident layers; returns the last count."""
    deadline = time.monotonic() + timeout / 1000
    last = None
    while time.monotonic() < deadline:
        try:
            last = count_incidents(map_frame(page))
        except Exception:  # noqa: BLE001 - frame detached during a rerun
            last = None
        if last == expected:
            return last
        page.wait_for_timeout(200)
    raise AssertionError(f"map shows {last} incidents, expected {expected}")


def open_app(page, url: str, query: str = "", timeout: float = LONG):
    """Open the app at `url` (a base URL or a full copied URL), optionally with a query string."""
    if query:
        url = url.rstrip("/") + "/?" + query.lstrip("?")
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    frame = wait_for_map(page, timeout)
    wait_for_page(page, timeout)
    return frame


# drawn at the end of a complete page: in a session's first run the timeline, the table and the
# downloads follow the map's first report (dashboard/state.py, below_map_now); meanwhile the page
# shows WAITING_NOTE and the SHOW_NOW button
PAGE_END = '[data-testid="stDownloadButton"]'
WAITING_NOTE = "follows once the map is drawn"
SHOW_NOW = "Show the timeline and table now"


def wait_for_page(page, timeout: float = LONG) -> None:
    """Wait until the whole page is drawn (down to the downloads) and the run is idle."""
    page.wait_for_selector(PAGE_END, state="attached", timeout=timeout)
    wait_idle(page, timeout)


# -- reading the page ---------------------------------------------------------------------------
# The one place that knows the app's wording. dashboard/app.py's header caption:
# "<shown> of <total> incidents shown (<period>) · <located> on the map · <n> without a point · …"
COUNT_CAPTION = re.compile(r"(\d[\d,]*)\s+(?:incidents?\s+)?on\s+the\s+map", re.I)
SHOWN_CAPTION = re.compile(r"(\d[\d,]*)\s+of\s+(\d[\d,]*)\s+incidents?\s+shown", re.I)


def shown_count(page) -> int:
    """The number of located incidents the app says it shows."""
    wait_idle(page)
    locator = page.get_by_text(COUNT_CAPTION).first
    locator.wait_for(timeout=LONG)
    match = COUNT_CAPTION.search(locator.inner_text())
    assert match, locator.inner_text()
    return int(match.group(1).replace(",", ""))


def shown_total(page) -> tuple[int, int]:
    """(incidents shown by the filters, incidents in the data), located or not."""
    wait_idle(page)
    locator = page.get_by_text(SHOWN_CAPTION).first
    locator.wait_for(timeout=LONG)
    match = SHOWN_CAPTION.search(locator.inner_text())
    return int(match.group(1).replace(",", "")), int(match.group(2).replace(",", ""))


def wait_caption_change(page, before: int, timeout: float = LONG) -> int:
    deadline = time.monotonic() + timeout / 1000
    while time.monotonic() < deadline:
        try:
            now = shown_count(page)
        except Exception:  # noqa: BLE001 - element re-rendered
            now = before
        if now != before:
            return now
        page.wait_for_timeout(200)
    raise AssertionError(f"the count caption stayed at {before}")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text or "")).strip().strip("\"'“”‘’").strip()


def read_articles(directory) -> list[dict]:
    """id, title, outlet and body of every article file (front matter read with yaml.safe_load)."""
    import yaml

    out = []
    for path in sorted(directory.iterdir()):
        if path.suffix not in (".md", ".txt"):
            continue
        text = path.read_text(encoding="utf-8")
        meta, body = {}, text
        if text.startswith("---"):
            parts = text.split("\n---", 1)
            if len(parts) == 2:
                try:
                    meta = yaml.safe_load(parts[0][3:]) or {}
                except yaml.YAMLError:
                    meta = {}
                body = parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""
        out.append({"id": path.stem, "title": meta.get("title"), "outlet": meta.get("outlet"), "body": body})
    return out


def map_feature_ids(page) -> list[str]:
    return map_frame(page).evaluate(IDS_JS, INCIDENT_ID)


# -- popups --------------------------------------------------------------------------------------
FIND_JS = """
async ([needle, present, pattern]) => {
  const re = new RegExp(pattern);
  const map = window.map; const seen = new Set(); let found = null, parent = null;
  const visit = (l, p) => { if (!l || seen.has(l) || found) return; seen.add(l);
    if (l.getLayers) { l.getLayers().forEach(c => visit(c, l)); return; }
    if (l.feature && l.feature.geometry && re.test(String(l.feature.id)) && (JSON.stringify(l.feature).includes(needle) === present)) { found = l; parent = p; } };
  map.eachLayer(l => visit(l, null));
  if (!found) return null;
  document.querySelectorAll('[data-e2e-target]').forEach(e => e.removeAttribute('data-e2e-target'));
  const sleep = (ms) => new Promise(r => setTimeout(r, ms));
  const cluster = Object.values(map._layers).find(g => g.zoomToShowLayer && g.hasLayer && g.hasLayer(found));
  const onMap = () => found._map && (found._path || found._icon) && document.contains(found._path || found._icon);
  if (cluster && !onMap()) {
    // zoomToShowLayer never calls back for path layers (circle markers) in some versions: race it.
    await Promise.race([new Promise(r => cluster.zoomToShowLayer(found, r)), sleep(3000)]);
    if (!onMap()) {
      const z = cluster.options.disableClusteringAtZoom || map.getMaxZoom();
      map.setView(found.getLatLng(), z, {animate: false});
      await sleep(300);
      // Still clustered at the deepest zoom: it shares its point with others; fan them out.
      let shown = found.__parent;
      while (shown && !shown._icon) { shown = shown.__parent; }
      if (!onMap() && shown && shown.spiderfy) { shown.spiderfy(); }
    }
  } else if (found.getLatLng) {
    map.setView(found.getLatLng(), map.getZoom(), {animate: false});
  } else if (found.getBounds) {
    map.fitBounds(found.getBounds(), {animate: false});
  }
  for (let i = 0; i < 50 && !onMap(); i++) { await sleep(100); }
  const el = found._path || found._icon || (found.getElement && found.getElement());
  if (!el) return {error: 'layer has no element'};
  el.setAttribute('data-e2e-target', '1');
  return {properties: found.feature.properties};
}
"""


def open_popup(frame, needle: str, present: bool = True, missing: str | None = None) -> dict:
    """Open the popup of a feature whose JSON contains (or not) `needle`; return its properties."""
    result = frame.evaluate(FIND_JS, [needle, present, INCIDENT_ID])
    assert result is not None, (
        missing or f"no feature with a popup {'containing' if present else 'without'} {needle!r}"
    )
    assert "error" not in result, result
    target = frame.locator("[data-e2e-target]").first
    target.dispatch_event("click")
    frame.locator(".leaflet-popup-content").first.wait_for(state="visible", timeout=LONG)
    # GeoJsonPopup fills the content after opening: wait for text.
    frame.wait_for_function(
        "() => { const c = document.querySelector('.leaflet-popup-content'); return c && c.innerText.trim().length > 0; }",
        timeout=LONG,
    )
    return result["properties"]


def popup_text(frame) -> str:
    return frame.locator(".leaflet-popup-content").first.inner_text()


def hover_target(frame) -> None:
    target = frame.locator("[data-e2e-target]").first
    target.dispatch_event("mouseover")


# -- map iframe identity ------------------------------------------------------------------------
def tag_map_iframe(page) -> None:
    map_frame(page).evaluate("window.__e2e_tag = 'kept'")
    page.evaluate(
        """(sel) => { const el = document.querySelector(sel); el.dataset.e2eTag = 'kept';
                      window.__e2e_loads = 0; el.addEventListener('load', () => { window.__e2e_loads += 1; }); }""",
        MAP_IFRAME,
    )


def assert_map_iframe_not_reloaded(page) -> None:
    wait_idle(page)
    assert page.evaluate("(sel) => document.querySelector(sel).dataset.e2eTag", MAP_IFRAME) == "kept", (
        "the map iframe element was replaced"
    )
    assert page.evaluate("window.__e2e_loads") == 0, "the map iframe fired 'load' again (reloaded)"
    assert map_frame(page).evaluate("window.__e2e_tag") == "kept", "the map iframe's window was reloaded"


# -- widgets --------------------------------------------------------------------------------------
# Widget keys documented in dashboard/keys.py; Streamlit gives each keyed element the class
# "st-key-<key>".
DATES_KEY = "dates"
TYPES_KEY = "types"
DOWNLOAD_GEOJSON_KEY = "download_geojson"


def widget(page, key: str):
    locator = page.locator(f".st-key-{key}").first
    locator.wait_for(timeout=LONG)
    return locator


def date_slider(page):
    return widget(page, DATES_KEY)


def narrow_dates_to_last_day(page) -> None:
    """Move the date range's lower thumb to the end (keyboard, like a user)."""
    thumbs = date_slider(page).locator('input[type="range"], [role="slider"]')
    lower = thumbs.first
    lower.focus()
    lower.press("End")


def date_range(page) -> tuple[str, str]:
    # One evaluate reads both thumbs at once: reading them one by one can catch a rerun
    # between the two reads and return a start and an end that never coexisted.
    values = date_slider(page).evaluate(
        """(el) => Array.from(el.querySelectorAll('input[type="range"], [role="slider"]'))
                   .map((t) => (t.getAttribute('aria-valuetext') || '').trim())"""
    )
    return (values[0], values[-1])


PRESENT_LABEL_JS = """
(pattern) => {
  const re = new RegExp(pattern); const seen = new Set(); let label = null;
  const visit = (l) => { if (!l || seen.has(l) || label) return; seen.add(l);
    if (l.getLayers) { l.getLayers().forEach(visit); return; }
    const f = l.feature;
    if (f && re.test(String(f.id)) && f.properties && f.properties.popup) {
      const div = document.createElement('div'); div.innerHTML = f.properties.popup;
      const h = div.querySelector('h4'); if (h) label = h.textContent.trim(); } };
  window.map.eachLayer(visit); return label;
}
"""


def event_label_on_map(page) -> str:
    """The event-type label (popup heading) of an incident currently on the map."""
    label = map_frame(page).evaluate(PRESENT_LABEL_JS, INCIDENT_ID)
    assert label, "no incident on the map has a popup heading"
    return label


def set_event_type_filter(page, label: str) -> None:
    """Choose one event type in the (empty = all) multiselect, like a user."""
    box = widget(page, TYPES_KEY)
    box.locator("input").first.click()
    page.get_by_role("option", name=label, exact=True).first.click()
    page.keyboard.press("Escape")


def filter_state(page) -> dict:
    wait_idle(page)
    return page.evaluate(
        """() => ({
          sliders: [...document.querySelectorAll('[data-testid="stSlider"] input[type="range"]')].map(e => e.getAttribute('aria-valuetext')),
          tags: [...document.querySelectorAll('[data-testid="stMultiSelect"] [data-tag]')].map(e => e.getAttribute('aria-label')).sort(),
          selects: [...document.querySelectorAll('[data-testid="stSelectbox"] [data-baseweb="select"]')].map(e => e.innerText),
          checked: [...document.querySelectorAll('input[type=checkbox]:checked, input[type=radio]:checked')]
                     .map(e => (e.closest('label') || e).innerText).sort(),
        })"""
    )


def wait_url_has_params(page, timeout: float = LONG) -> str:
    page.wait_for_function("() => location.search.length > 1", timeout=timeout)
    wait_idle(page)
    return page.url


def geojson_download_button(page):
    return widget(page, DOWNLOAD_GEOJSON_KEY).locator("button").first


# -- the incident table ---------------------------------------------------------------------------
TABLE_KEY = "incidents_table"
ROW_HEIGHT = 35  # px: st.dataframe's default row (and header) height


def table_rows(page) -> list[dict[str, str]]:
    """The rendered rows of the incident table as {column title: cell text}, from the grid's
    accessible DOM (row 0 of the DOM is the header; only rendered columns appear)."""
    table = widget(page, TABLE_KEY)
    table.scroll_into_view_if_needed()
    rows = table.locator('[role="row"]')
    rows.nth(1).wait_for(state="attached", timeout=LONG)  # the grid renders its rows after layout
    cells = [
        [
            c.inner_text().strip()
            for c in rows.nth(i).locator('[role="gridcell"], [role="columnheader"]').all()
        ]
        for i in range(rows.count())
    ]
    assert cells, "the incident table has no rows"
    header = cells[0]
    return [dict(zip(header, row)) for row in cells[1:]]


def select_table_row(page, index: int) -> None:
    """Click the selection cell of data row `index` (0 = first row under the header), like a user.
    The grid is a canvas: the click goes to the row's position."""
    grid = widget(page, TABLE_KEY).locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box, "the incident table is not visible"
    page.mouse.click(box["x"] + 18, box["y"] + ROW_HEIGHT * (index + 1) + ROW_HEIGHT / 2)


def map_view(page) -> dict:
    """The map's centre and zoom: {"lat", "lng", "zoom"}."""
    return map_frame(page).evaluate(
        "() => { const c = window.map.getCenter(); return {lat: c.lat, lng: c.lng, zoom: window.map.getZoom()}; }"
    )


FEATURE_LATLNG_JS = """
(id) => { const seen = new Set(); let out = null;
  const visit = (l) => { if (!l || seen.has(l) || out) return; seen.add(l);
    if (l.getLayers) { l.getLayers().forEach(visit); return; }
    if (l.feature && String(l.feature.id) === id && l.getLatLng) { const p = l.getLatLng(); out = {lat: p.lat, lng: p.lng}; } };
  window.map.eachLayer(visit); return out; }
"""


def feature_latlng(page, feature_id: str) -> dict | None:
    return map_frame(page).evaluate(FEATURE_LATLNG_JS, feature_id)


def wait_map_centred_on(page, latlng: dict, timeout: float = LONG, tolerance: float = 1e-3) -> dict:
    deadline = time.monotonic() + timeout / 1000
    view = None
    while time.monotonic() < deadline:
        try:
            view = map_view(page)
        except Exception:  # noqa: BLE001 - frame busy
            view = None
        if (
            view
            and abs(view["lat"] - latlng["lat"]) < tolerance
            and abs(view["lng"] - latlng["lng"]) < tolerance
        ):
            return view
        page.wait_for_timeout(200)
    raise AssertionError(f"the map is centred at {view}, not on {latlng}")
