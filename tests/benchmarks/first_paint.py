"""Chromium first paint (issue 17): a freshly started server (`streamlit run dashboard/serve.py`,
as the README starts it), its page opened by a first visitor as soon as it answers and then by a
second (a new browser context), seconds until the map is drawn (Leaflet loaded in the map frame,
stamped by the page itself, see page_stamps.py) and the whole page, and seconds from the command to
the server answering. The seeds give the app's fixed start in the browser; 100,000 synthetic
incidents (in date order, as build output is) are read from GeoJSON and from GeoParquet,
alternately, in the same run; and from GeoParquet with a first visitor who comes LATER_S after the
server answers (as to a server started earlier).
Baselines run in turn with them on the same GeoParquet file: `streamlit run dashboard/app.py`
(the same app with no warm-up: its one-time work done inside the first visit, whenever it comes),
now and LATER_S later, Streamlit's own `st.map` (tests/benchmarks/st_map_app.py, in a browser
with software WebGL, which its deck.gl needs), and the floor, a page with only the app's base map
(tests/benchmarks/bare_map_app.py): what the stack alone takes on this machine.

    python -m tests.benchmarks.first_paint [--incidents 100000] [--repeat 2]

Needs Chromium at /usr/bin/chromium and the test extra (Playwright, the offline CDN's packages).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks import page_stamps as stamps


def _files(tmp: Path, n: int) -> dict[str, Path]:
    from geodata.gazetteer import load_gazetteer
    from geodata.geoparquet import write_geoparquet
    from geodata.pipeline import build_feature_collection
    from tests.benchmarks.synth import synthetic_collection

    seeds = tmp / "seeds.geojson"
    seeds.write_text(json.dumps(build_feature_collection(Path(__file__).resolve().parents[2] / "seeds")))
    collection = synthetic_collection(n, load_gazetteer())
    collection["features"].sort(key=lambda f: (f["properties"]["date"] or "", f["id"]))
    geojson, parquet = tmp / "incidents.geojson", tmp / "incidents.parquet"
    geojson.write_text(json.dumps(collection), encoding="utf-8")
    write_geoparquet(collection, parquet)
    return {"seeds": seeds, f"{n:,} GeoJSON": geojson, f"{n:,} GeoParquet": parquet}


LATER_S = 10.0  # a first visitor who comes after the warm-up (3-4 s at 100,000 from GeoParquet)
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DASHBOARD_APP = REPO / "dashboard" / "app.py"


def first_paint(
    browser, path: Path, log: Path, app: str | None = None, later: float = 0.0
) -> tuple[float, list[tuple[float, float, float, float]]]:
    """Seconds from the command to the server answering; then for the first visitor of the new
    server reading `path` and a second visitor (a new browser context: nothing cached in the
    browser, the data already prepared on the server): the seconds of `_visit`. The map's message
    is the largest websocket message before the map is drawn (the base map's HTML and the data
    layers, ~0.3-0.6 MB): what comes after it is the browser's part, what comes before is the page
    load and the server's script. With `later`, the first visitor comes that many seconds after the server answers
    (the first visitor of a server started earlier, e.g. a shared link)."""
    from tests.e2e.server import running_app

    extra = {} if app is None else {"app": app}
    env = {"DURAND_GEOJSON": str(path)}
    started = time.perf_counter()
    with running_app(log, env, drop_env=("DURAND_ARTICLES_DIR",), **extra) as server:
        answering = time.perf_counter() - started
        time.sleep(later)
        return answering, [_visit(browser, server.url, _page_kind(app)) for _ in range(2)]


def _page_kind(app: str | None) -> str:
    """ "dashboard" (its page ends with the downloads, drawn after the map's first report),
    "st.map", or "map" (the floor: a folium map and nothing else)."""
    if app is None or Path(app) == DASHBOARD_APP:
        return "dashboard"
    return "st.map" if app.endswith("st_map_app.py") else "map"


def _visit(browser, url: str, kind: str) -> tuple[float, float, float, float]:
    """(map's message received, map drawn, map drawn as the test driver saw it, whole page drawn
    and the run idle), in seconds from the navigation; drawn as the page stamps it (page_stamps)."""
    from tests.e2e.cdn import OfflineCDN
    from tests.e2e.helpers import map_frame, wait_for_map, wait_for_page

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        OfflineCDN().install(context)
        marks = (
            {"__stMapDrawn": stamps.ST_MAP_DRAWN} if kind == "st.map" else {"__mapDrawn": stamps.MAP_DRAWN}
        )
        if kind == "dashboard":
            marks["__pageDrawn"] = stamps.PAGE_DRAWN
        stamps.watch_from_the_start(context, marks)
        page = context.new_page()
        messages: list[tuple[int, float]] = []  # (size, seconds)

        def on_websocket(ws) -> None:
            ws.on("framereceived", lambda p: messages.append((len(p), time.perf_counter() - started)))

        page.on("websocket", on_websocket)
        started, wall = time.perf_counter(), time.time()
        page.goto(url, timeout=600_000)
        if kind == "st.map":  # deck.gl draws on the frame after its props arrive
            stamps.wait_until(page, stamps.ST_MAP_DRAWN)
            page.evaluate(stamps.TWO_FRAMES_JS)
            seen = time.perf_counter() - started
            drawn = stamps.stamp(page, "__stMapDrawn", wall)
        else:
            wait_for_map(page, timeout=600_000)
            seen = time.perf_counter() - started
            drawn = stamps.stamp(map_frame(page), "__mapDrawn", wall)
        sent = max((m for m in messages if m[1] <= drawn), default=(0, float("nan")))[1]
        if kind != "dashboard":  # the baselines' pages are their maps
            return sent, drawn, seen, drawn
        wait_for_page(page, timeout=600_000)
        return sent, drawn, seen, stamps.stamp(page, "__pageDrawn", wall)
    finally:
        context.close()


def report(n: int = 100_000, repeat: int = 2) -> None:
    from playwright.sync_api import sync_playwright

    from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, WEBGL_ARGS

    print(
        f"\n(g) Chromium first paint on a freshly started server, its first visitor and a second one (the"
        f" map's message received / map drawn / whole page drawn, run idle), {repeat} runs each"
    )
    if not Path(CHROMIUM).exists():
        print(f"  skipped: no Chromium at {CHROMIUM}")
        return
    with tempfile.TemporaryDirectory() as name, sync_playwright() as pw:
        tmp = Path(name)
        files = _files(tmp, n)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        gl_browser = pw.chromium.launch(executable_path=CHROMIUM, args=WEBGL_ARGS)  # st.map draws with WebGL
        try:
            parquet = files[f"{n:,} GeoParquet"]
            app_py = str(DASHBOARD_APP)
            cases = [(label, path, None, 0.0) for label, path in files.items()]
            cases += [
                (f"app.py {n:,} GeoParquet", parquet, app_py, 0.0),
                (f"{LATER_S:.0f} s later, {n:,}", parquet, None, LATER_S),
                (f"app.py {LATER_S:.0f} s later, {n:,}", parquet, app_py, LATER_S),
                (f"st.map {n:,} GeoParquet", parquet, str(HERE / "st_map_app.py"), 0.0),
                ("floor: base map only", parquet, str(HERE / "bare_map_app.py"), 0.0),
            ]
            for _ in range(repeat):
                for label, path, app, later in cases:
                    st_map = _page_kind(app) == "st.map"
                    answering, visits = first_paint(
                        gl_browser if st_map else browser, path, tmp / "server.log", app, later
                    )
                    for visitor, (sent, drawn, seen, whole) in zip(("first", "second"), visits):
                        print(
                            f"  {label:>26}, {visitor:<6} visitor: map message {sent:5.2f} s, map drawn"
                            f" {drawn:5.2f} s (browser {drawn - sent:4.2f} s; seen by the driver"
                            f" {seen:5.2f} s), whole page {whole:5.2f} s",
                            flush=True,
                        )
                    print(
                        f"  {'':>26}  server answering {answering:5.2f} s after the command; first map"
                        f" drawn {answering + later + visits[0][1]:5.2f} s after it",
                        flush=True,
                    )
        finally:
            browser.close()
            gl_browser.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    report(args.incidents, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
