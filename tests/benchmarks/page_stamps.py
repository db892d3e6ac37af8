"""Moments a page stamps itself, for the Chromium benchmarks (first_paint.py, click_redraw.py).

The test driver's own waits see a moment late, by 0.1-1.1 s while the page's main thread is busy
drawing the rest of the page, or early (new map layers before the frame that shows them). So the
page watches for it: a condition (the body of a JavaScript function of `before`) polled every
5 ms, and once it holds, the time two animation frames later (the frame that shows it) is kept in
`window[name]` as Date.now(), the machine's clock, which Python's time.time() shares.
"""

from __future__ import annotations

import json

# the Streamlit run is over (its "Running..." icon gone)
IDLE_JS = """() => { const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') !== 'running'
    && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]'); }"""
TWO_FRAMES_JS = "() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)))"
ONE_FRAME_JS = "() => new Promise((ok) => requestAnimationFrame(ok))"

WATCH_JS = """([name, condition, before]) => {
  const holds = new Function('before', condition);
  window[name] = null;
  const timer = setInterval(() => {
    let yes = false; try { yes = holds(before); } catch (e) {}
    if (yes) { clearInterval(timer);
      requestAnimationFrame(() => requestAnimationFrame(() => { window[name] = Date.now(); })); }
  }, 5);
  setTimeout(() => clearInterval(timer), 600000);
}"""

# conditions
MAP_DRAWN = "return !!(window.map && window.map._loaded);"  # Leaflet's map, in the map frame
# the dashboard's page is complete: the downloads at its end drawn and the run over
PAGE_DRAWN = "return !!document.querySelector('[data-testid=\"stDownloadButton\"]') && (%s)();" % IDLE_JS
# st.map: deck.gl has its canvas, the count caption shows and the run is over
ST_MAP_DRAWN = (
    "return !!document.querySelector('[data-testid=\"stDeckGlJsonChart\"] canvas')"
    " && document.body.textContent.includes(' on the map') && (%s)();" % IDLE_JS
)


def watch(frame, name: str, condition: str, before: object = None) -> None:
    """Start watching for `condition` in a frame (or page) that is already loaded."""
    frame.evaluate(WATCH_JS, [name, condition, before])


def watch_from_the_start(context, marks: dict[str, str]) -> None:
    """Watch for each condition in every frame of every page of `context`, from before the
    page's own scripts run (the map frame included)."""
    for name, condition in marks.items():
        context.add_init_script(f"({WATCH_JS})({json.dumps([name, condition, None])})")


def wait_until(frame, condition: str, before: object = None, timeout: float = 600_000) -> None:
    """The test driver's own wait for `condition` (polled every animation frame): the moment it
    sees, printed next to the page's stamp."""
    frame.wait_for_function(
        "([condition, before]) => new Function('before', condition)(before)",
        arg=[condition, before],
        polling="raf",
        timeout=timeout,
    )


def stamp(frame, name: str, wall: float, timeout: float = 600_000) -> float:
    """Seconds from `wall` (time.time() when the driver began) to the frame's stamp `name`."""
    frame.wait_for_function(f"() => window.{name}", timeout=timeout)
    return frame.evaluate(f"window.{name}") / 1000 - wall
