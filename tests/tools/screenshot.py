"""Take the README screenshot of the real app, offline.

    python -m tests.tools.screenshot [--out PATH] [--articles DIR]

Starts ``streamlit run dashboard/app.py`` on a free loopback port, opens it in Debian's Chromium
(``/usr/bin/chromium``) with the same offline CDN as the browser tests (``tests/e2e/cdn.py``:
Leaflet & co. from the XStatic wheels of the ``test`` extra, blank tiles), waits until the map
shows every located incident the app announces, and writes a PNG (default
``dashboard/static/screenshot.png``). The server is always stopped. Exits non-zero if the page
asked a foreign host for something that could not be served locally.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "dashboard" / "static" / "screenshot.png"
CHROMIUM = os.environ.get("DURAND_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(port: int, articles: Path | None, log_file) -> subprocess.Popen:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    if articles is not None:
        env["DURAND_ARTICLES_DIR"] = str(articles)
        env.pop("DURAND_GEOJSON", None)
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(REPO / "dashboard" / "app.py"),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    return subprocess.Popen(
        cmd,
        cwd=REPO,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"streamlit not healthy after {timeout:.0f}s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def take(out: Path, articles: Path | None = None, width: int = 1400, height: int = 1000) -> list[str]:
    """Write the screenshot; return the offline-CDN problems (empty when all was served locally)."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from playwright.sync_api import sync_playwright

    from tests.e2e import helpers
    from tests.e2e.cdn import OfflineCDN

    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        raise SystemExit(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log_file:
        process = _start_server(port, articles, log_file)
        try:
            try:
                _wait_healthy(url, process)
                cdn = OfflineCDN()
                with sync_playwright() as pw:
                    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                    try:
                        context = browser.new_context(
                            viewport={"width": width, "height": height}, device_scale_factor=1
                        )
                        cdn.install(context)
                        page = context.new_page()
                        page.on("dialog", lambda dialog: dialog.dismiss())
                        helpers.open_app(page, url)
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
                log_file.seek(0)
                sys.stderr.write(log_file.read().decode("utf-8", "replace"))
                raise
        finally:
            _stop(process)
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
