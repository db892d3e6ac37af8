"""Fixtures for the browser tests: a real `streamlit run` server and Chromium with an offline CDN.

* ``articles_dir`` (session): a temporary copy of the articles the app reads (default: the repo's
  ``seeds/``; override with ``DURAND_E2E_ARTICLES``) plus one hostile article (``HOSTILE_ARTICLE``).
* ``app_server`` (session): ``python -m streamlit run dashboard/app.py`` on a free loopback port with
  ``DURAND_ARTICLES_DIR`` set; waits for ``/_stcore/health``; always killed at the end; its log is
  printed when startup or any test failed.
* ``browser`` (session): Debian's Chromium (``/usr/bin/chromium``; the test FAILS if it is missing).
* ``context``/``page`` (per test): every request goes through :class:`tests.e2e.cdn.OfflineCDN`;
  at teardown the test fails if the page asked a foreign host for something that was not served
  locally, if a JS dialog (alert/confirm/prompt) opened, or if document.title was rewritten.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .cdn import OfflineCDN

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("DURAND_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The app under test; overridable only to develop the tests against a stand-in app.
APP = os.environ.get("DURAND_E2E_APP", str(REPO / "dashboard" / "app.py"))
STARTUP_TIMEOUT_S = 90

HOSTILE_STEM = "zz_hostile"
HOSTILE_TITLE = """<img src=x onerror="document.title='pwned'">"""
HOSTILE_MARK = "E2E-hostile"  # unique text to find the hostile incident on the map
HOSTILE_OUTLET = HOSTILE_MARK + " ${alert(1)} `outlet`"
HOSTILE_SENTENCE = (
    "Pakistani artillery shelled positions in Barmal district of Paktika province on Monday, "
    "killing three people."
)


def hostile_article() -> str:
    """An article whose every field tries to inject HTML/JS; its first sentence is an incident."""
    import yaml

    front = yaml.safe_dump(
        {"title": HOSTILE_TITLE, "outlet": HOSTILE_OUTLET, "url": "https://example.org/news/1", "published": "2025-10-15"},
        allow_unicode=True, sort_keys=False,
    )
    return f"---\n{front}---\n{HOSTILE_SENTENCE}\nOfficials said </script><script>alert(1)</script> nothing else.\n"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- failure bookkeeping (to print the server log only when something failed) ------------------
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        item.session.config._e2e_failed = True  # type: ignore[attr-defined]
    setattr(item, f"rep_{report.when}", report)


# -- the app -----------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def articles_dir(tmp_path_factory) -> Path:
    source = Path(os.environ.get("DURAND_E2E_ARTICLES", REPO / "seeds"))
    target = tmp_path_factory.mktemp("articles") / "articles"
    shutil.copytree(source, target)
    (target / f"{HOSTILE_STEM}.md").write_text(hostile_article(), encoding="utf-8")
    return target


class AppServer:
    def __init__(self, url: str, process: subprocess.Popen, log_path: Path, articles: Path):
        self.url = url
        self.process = process
        self.log_path = log_path
        self.articles = articles

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)  # our own process group (start_new_session)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def app_server(request, articles_dir, tmp_path_factory):
    if not Path(APP).is_file():
        pytest.fail(f"the app under test does not exist: {APP}")
    port = free_port()
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    env = dict(os.environ)
    env.pop("DURAND_GEOJSON", None)  # the app must read the articles, not a prebuilt file
    env.update(
        DURAND_ARTICLES_DIR=str(articles_dir),
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])),
        STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
        PYTHONUNBUFFERED="1",
    )
    cmd = [
        sys.executable, "-m", "streamlit", "run", APP,
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(
            cmd, cwd=REPO, env=env, stdout=log_file, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
    server = AppServer(f"http://127.0.0.1:{port}", process, log_path, articles_dir)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"streamlit exited with {process.returncode} before it was healthy:\n{server.log()}")
            try:
                with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit not healthy after {STARTUP_TIMEOUT_S}s:\n{server.log()}")
            time.sleep(0.25)
        yield server
    except BaseException:
        print(f"\n===== streamlit server log ({log_path}) =====\n{server.log()}")
        raise
    finally:
        _stop(process)
        if getattr(request.config, "_e2e_failed", False):
            print(f"\n===== streamlit server log ({log_path}) =====\n{server.log()}")


# -- the browser -------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).is_file() or not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the browser tests need Debian's chromium "
            "(apt-get install chromium); `playwright install` cannot download browsers here."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class PageGuard:
    """Records what a test must never see: dialogs, page errors, foreign requests."""

    def __init__(self, cdn: OfflineCDN):
        self.cdn = cdn
        self.dialogs: list[str] = []
        self.page_errors: list[str] = []
        self.console_errors: list[str] = []

    def watch(self, page) -> None:
        def on_dialog(dialog):
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            try:
                dialog.dismiss()
            except Exception:  # noqa: BLE001 - the page may be gone
                pass

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("console", lambda msg: self.console_errors.append(msg.text) if msg.type == "error" else None)

    def problems(self) -> list[str]:
        return [f"JS dialog opened: {d}" for d in self.dialogs] + self.cdn.problems()


@pytest.fixture
def cdn() -> OfflineCDN:
    return OfflineCDN()


@pytest.fixture
def guard(cdn) -> PageGuard:
    return PageGuard(cdn)


@pytest.fixture
def context(browser, cdn, guard):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    ctx.set_default_timeout(30_000)
    cdn.install(ctx)
    ctx.on("page", guard.watch)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context, guard, request):
    pg = context.new_page()
    yield pg
    titles = []
    for p in context.pages:
        try:
            titles.append(p.title())
        except Exception:  # noqa: BLE001
            pass
    problems = guard.problems() + [f"document.title rewritten: {t!r}" for t in titles if "pwned" in t]
    if guard.page_errors:
        print("page errors:", *guard.page_errors, sep="\n  ")
    if problems:
        pytest.fail("browser guard:\n  " + "\n  ".join(problems), pytrace=False)


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.browser)
