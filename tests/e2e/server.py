"""The app server and browser settings shared by the browser tests (tests/e2e) and the load test
(tests/load).

A real `streamlit run` of the app on a free loopback port, for the browser and load tests.

`running_app(...)` starts ``python -m streamlit run <app>`` in its own process group with the given
environment, waits for ``/_stcore/health``, yields an :class:`AppServer` and always stops the whole
process group at the end. Nothing listens on anything but 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# The app under test, started as the README starts it (dashboard/serve.py runs dashboard/app.py);
# overridable only to develop the tests against a stand-in app.
APP = os.environ.get("DURAND_E2E_APP", str(REPO / "dashboard" / "serve.py"))
STARTUP_TIMEOUT_S = 90
CHROMIUM = os.environ.get("DURAND_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# For a page that needs WebGL (st.map's deck.gl in the benchmarks): SwiftShader's software GL
# instead of no GPU. Such a browser composites every page through it, far slower than without.
WEBGL_ARGS = [a for a in CHROMIUM_ARGS if a != "--disable-gpu"] + [
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]


class ServerFailed(RuntimeError):
    """The server exited or never became healthy; the message carries its log."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    def __init__(self, url: str, process: subprocess.Popen, log_path: Path, articles: Path | None):
        self.url = url
        self.process = process
        self.log_path = log_path
        self.articles = articles

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""


def stop(process: subprocess.Popen) -> None:
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


@contextlib.contextmanager
def running_app(
    log_path: Path,
    env_overrides: Mapping[str, str],
    *,
    drop_env: tuple[str, ...] = (),
    articles: Path | None = None,
    app: str = APP,
) -> Iterator[AppServer]:
    """Start the app with `env_overrides` (and without the variables in `drop_env`)."""
    if not Path(app).is_file():
        raise ServerFailed(f"the app under test does not exist: {app}")
    port = free_port()
    env = dict(os.environ)
    for name in drop_env:
        env.pop(name, None)
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])),
        STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
        PYTHONUNBUFFERED="1",
    )
    env.update(env_overrides)
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        app,
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
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(
            cmd,
            cwd=REPO,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    server = AppServer(f"http://127.0.0.1:{port}", process, log_path, articles)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            if process.poll() is not None:
                raise ServerFailed(
                    f"streamlit exited with {process.returncode} before it was healthy:\n{server.log()}"
                )
            try:
                with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise ServerFailed(f"streamlit not healthy after {STARTUP_TIMEOUT_S}s:\n{server.log()}")
            time.sleep(0.25)
        yield server
    finally:
        stop(process)


class PageGuard:
    """Records what a test must never see: dialogs, page errors, foreign requests."""

    def __init__(self, cdn):
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
