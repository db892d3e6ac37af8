"""Take the README screenshot of the real app, offline.

    python -m tests.tools.screenshot [--out PATH] [--articles DIR]

Starts ``streamlit run dashboard/serve.py`` on a free loopback port (``tests/e2e/server.py``), opens it in Debian's Chromium
(``/usr/bin/chromium``) with the same offline CDN as the browser tests (``tests/e2e/cdn.py``:
Leaflet & co. from the XStatic wheels of the ``test`` extra, blank tiles), waits until the map
shows every located incident the app announces, and writes a PNG (default
``dashboard/static/screenshot.png``). The server is always stopped. Exits non-zero if the page
asked a foreign host for something that could not be served locally.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, REPO, running_app

DEFAULT_OUT = REPO / "dashboard" / "static" / "screenshot.png"


def take(out: Path, articles: Path | None = None, width: int = 1400, height: int = 1000) -> list[str]:
    """Write the screenshot; return the offline-CDN problems (empty when all was served locally)."""
    from playwright.sync_api import sync_playwright

    from tests.e2e import helpers
    from tests.e2e.cdn import OfflineCDN

    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        raise SystemExit(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    env = {"DURAND_ARTICLES_DIR": str(articles)} if articles is not None else {}
    drop_env = ("DURAND_GEOJSON",) if articles is not None else ()
    cdn = OfflineCDN()
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_app(Path(tmp) / "streamlit.log", env, drop_env=drop_env) as server,
    ):
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                try:
                    context = browser.new_context(
                        viewport={"width": width, "height": height}, device_scale_factor=1
                    )
                    cdn.install(context)
                    page = context.new_page()
                    page.on("dialog", lambda dialog: dialog.dismiss())
                    helpers.open_app(page, server.url)
                    helpers.wait_for_count(page, helpers.shown_count(page))
                    frame = helpers.map_frame(page)
                    frame.wait_for_function(
                        "() => [...document.querySelectorAll('img.leaflet-tile')].every(i => i.complete)",
                        timeout=helpers.LONG,
                    )
                    page.evaluate("document.fonts.ready")
                    page.wait_for_timeout(500)  # let the marker fade-in animation finish
                    out.parent.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(out))
                finally:
                    browser.close()
        except Exception:
            sys.stderr.write(server.log())
            raise
    return cdn.problems()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.tools.screenshot", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"PNG to write (default {DEFAULT_OUT.relative_to(REPO)})",
    )
    parser.add_argument(
        "--articles", type=Path, default=None, help="articles directory (default: the app's, seeds/)"
    )
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1000)
    args = parser.parse_args(argv)
    problems = take(args.out, args.articles, args.width, args.height)
    for problem in problems:
        print(f"offline CDN: {problem}", file=sys.stderr)
    print(f"wrote {args.out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
