"""Load: SESSIONS concurrent browser sessions against one real `streamlit run` on loopback.

Every session (its own Playwright context in one headless Chromium) opens the app, waits for the
map, opens a popup and moves the date slider with the keyboard; all sessions move their slider
within a second or two of each other, so the server reruns the script for all of them at once.

Must hold:
* every session renders: the map shows the incidents the app says it shows, no Streamlit exception
  element, no error message, no JS error or console error of the app's own, no foreign request;
* every slider move updates that session's map markers (bounded wait);
* server memory is bounded: the data is cached once (dashboard/data.py), not copied per session,
  so the growth of the server's resident memory (VmRSS of the process tree, sampled every 50 ms
  from /proc) from 1 to SESSIONS sessions stays below 1.5 copies of the data per extra session,
  and the peak below PEAK_LIMIT_MB.

Part of the normal run and of CI (3-4 minutes on 2 cores, browser-bound); `-m "not load"` leaves
it out of a quick local run, `python -m pytest tests/load -s` runs it alone and prints the figures.
DURAND_LOAD_SESSIONS / DURAND_LOAD_INCIDENTS change the size (default 20 / 1,000).

Measured and printed (run with -s), and written as JSON to $LOAD_REPORT when set: sessions,
p50/p95/max time from the slider key press to the markers updating, server RSS before any session,
with 1 session and peak with all sessions, wall time.
"""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
import tracemalloc
from pathlib import Path

from tests.e2e import helpers as h
from tests.e2e.cdn import OfflineCDN
from tests.e2e.server import PageGuard

SESSIONS = int(os.environ.get("DURAND_LOAD_SESSIONS", "20"))
SLIDER_TIMEOUT_MS = 60_000  # per session, for its markers to update after the key press
READY_ALL_S = 240  # for all the concurrently opened sessions to render, from their opening
WALL_LIMIT_S = 420  # the whole test, startup of the sessions included (~3-5 min on 2 cores)
# Server memory growth allowed per extra session, in copies of the data (json + popup records).
# Measured: 0.8 with the shared st.cache_resource collection; 2-2.6 when every rerun got its own
# st.cache_data copy (before that change), which this bound fails; 1.6-1.7 while lambdas defined in
# app.py (widget format_func) kept each session's last map layers alive, 0.95 after; 0.53 once the
# sessions on the same view shared its rendered layers (dashboard/map_component.py).
COPIES_PER_SESSION = 1.5
PEAK_LIMIT_MB = 1536


# -- server memory from /proc (no psutil) ---------------------------------------------------------
def _tree(pid: int) -> list[int]:
    """pid and all its descendants (via /proc/<pid>/task/<tid>/children)."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return out


def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_mb(pid: int) -> float:
    return sum(_status_kb(p, "VmRSS") for p in _tree(pid)) / 1024


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of the process tree so far."""
    total = 0
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/stat", encoding="ascii") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
        except (OSError, IndexError, ValueError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


def hwm_mb(pid: int) -> float:
    return sum(_status_kb(p, "VmHWM") for p in _tree(pid)) / 1024


class RssSampler(threading.Thread):
    """Samples the server tree's resident memory every `interval` seconds; `peak` in MB."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak = 0.0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            self._stop_event.wait(self.interval)

    def stop(self) -> float:
        self._stop_event.set()
        self.join(timeout=5)
        return max(self.peak, rss_mb(self.pid))


def data_copy_mb(path: Path) -> float:
    """Python heap taken by one parsed copy of the dataset (what a per-session copy would cost)."""
    from dashboard import map_layers

    raw = path.read_text(encoding="utf-8")
    tracemalloc.start()
    try:
        data = json.loads(raw)
        records = map_layers.map_records(data["features"])  # the other per-data cached value
        size, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del data, records
    return size / 2**20


# -- in-page instruments ---------------------------------------------------------------------------
# In the map iframe: poll the number of incident layers every 25 ms; record Date.now() when it first
# differs from the count at arming time. In the app page: record Date.now() of the slider key press.
ARM_JS = (
    """
(pattern) => {
  const count = %s;
  const state = {base: count(pattern), changedAt: null, count: null};
  window.__loadWatch = state;
  state.timer = setInterval(() => {
    let c; try { c = count(pattern); } catch (e) { return; }
    if (c !== state.base && c >= 0) { state.changedAt = Date.now(); state.count = c; clearInterval(state.timer); }
  }, 25);
  return state.base;
}
"""
    % h.COUNT_JS
)
KEY_JS = "() => { window.__loadKeyAt = null; document.addEventListener('keydown', () => { window.__loadKeyAt = window.__loadKeyAt || Date.now(); }, true); }"
APP_ERRORS_JS = """() => ({
  exceptions: document.querySelectorAll('[data-testid="stException"]').length,
  errors: [...document.querySelectorAll('[data-testid="stAlertContentError"], [data-testid="stAlert"] [role="alert"]')]
            .map(e => e.innerText).filter(t => /error|no data|traceback/i.test(t)),
})"""


class Session:
    def __init__(self, browser, index: int):
        self.index = index
        self.cdn = OfflineCDN()
        self.guard = PageGuard(self.cdn)
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(h.LONG)
        self.cdn.install(self.context)
        self.context.on("page", self.guard.watch)
        self.page = self.context.new_page()
        self.shown = None
        self.latency_ms: float | None = None

    def problems(self) -> list[str]:
        own_console = [m for m in self.guard.console_errors if not _foreign_noise(m)]
        return (
            [f"session {self.index}: {p}" for p in self.guard.problems()]
            + [f"session {self.index}: JS error: {e}" for e in self.guard.page_errors]
            + [f"session {self.index}: console error: {m}" for m in own_console]
        )

    def close(self) -> None:
        try:
            self.context.close()
        except Exception:  # noqa: BLE001 - browser already gone
            pass


def _foreign_noise(message: str) -> bool:
    """Console errors that are not the app's: requests the offline CDN answered with an empty stub
    (recorded and judged by the CDN itself)."""
    return "Failed to load resource" in message and "127.0.0.1" not in message


def _open(session: Session, url: str) -> None:
    session.page.goto(url, wait_until="commit")


def _ready(session: Session, timeout_ms: float = h.LONG) -> None:
    page = session.page
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    h.wait_for_map(page, timeout=timeout_ms)
    h.wait_for_page(page, timeout=timeout_ms)
    session.shown = h.shown_count(page)
    h.wait_for_count(page, session.shown)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def test_concurrent_sessions_render_move_the_slider_and_memory_stays_bounded(
    load_server, load_browser, load_dataset
):
    started = time.monotonic()
    pid = load_server.pid
    rss_idle = rss_mb(pid)
    sessions: list[Session] = []
    sampler = RssSampler(pid)
    try:
        # One session first: it loads and caches the data; its RSS is the baseline.
        first = Session(load_browser, 0)
        sessions.append(first)
        _open(first, load_server.url)
        _ready(first)
        first_ready = time.monotonic()
        assert first.shown and first.shown > 0, "the app shows no incident on the map"
        time.sleep(0.5)
        rss_one = rss_mb(pid)

        # The others, all at once.
        sampler.start()
        others = [Session(load_browser, i) for i in range(1, SESSIONS)]
        sessions.extend(others)
        for session in others:
            _open(session, load_server.url)
        # All were opened at once and render concurrently, so they share one deadline
        # rather than each getting LONG from the moment it is waited for.
        opened = time.monotonic()
        for session in others:
            left_ms = (READY_ALL_S - (time.monotonic() - opened)) * 1000
            _ready(session, max(left_ms, 5_000))
        all_open = time.monotonic()
        shown = {s.shown for s in sessions}
        assert shown == {first.shown}, f"sessions disagree on the incidents shown: {sorted(shown)}"

        # Each session opens a popup (a Leaflet click in its own map).
        for session in sessions:
            frame = h.map_frame(session.page)
            h.open_popup(frame, "inc-", present=True)
            assert h.popup_text(frame).strip(), f"session {session.index}: empty popup"

        # Arm the instruments, then every session moves its slider within a second or two.
        for session in sessions:
            base = h.map_frame(session.page).evaluate(ARM_JS, h.INCIDENT_ID)
            assert base == first.shown, (session.index, base)
            session.page.evaluate(KEY_JS)
        for session in sessions:
            thumb = h.date_slider(session.page).locator('[role="slider"], input[type="range"]').first
            thumb.focus()
            thumb.press("End")  # lower thumb to the last day: the map must change
        moved = time.monotonic()

        pending = list(sessions)
        deadline = time.monotonic() + SLIDER_TIMEOUT_MS / 1000
        while pending and time.monotonic() < deadline:
            for session in list(pending):
                watch = h.map_frame(session.page).evaluate(
                    "() => window.__loadWatch && window.__loadWatch.changedAt"
                )
                if watch:
                    key_at = session.page.evaluate("() => window.__loadKeyAt")
                    assert key_at, f"session {session.index}: the key press was not seen"
                    session.latency_ms = float(watch - key_at)
                    pending.remove(session)
            time.sleep(0.1)
        assert not pending, (
            f"{len(pending)} session(s) never updated their markers: {[s.index for s in pending]}"
        )
        settled = time.monotonic()

        # Every session ends consistent: its map shows what its caption says; no error anywhere.
        problems: list[str] = []
        for session in sessions:
            h.wait_idle(session.page)
            now = h.shown_count(session.page)
            assert now < first.shown, f"session {session.index}: caption still says {now}"
            h.wait_for_count(session.page, now)
            state = session.page.evaluate(APP_ERRORS_JS)
            if state["exceptions"] or state["errors"]:
                problems.append(f"session {session.index}: app error on the page: {state}")
            problems.extend(session.problems())
        assert not problems, "\n".join(problems)
        rss_peak = sampler.stop()
    finally:
        sampler.stop()
        for session in sessions:
            session.close()

    wall = time.monotonic() - started
    server_cpu = cpu_s(pid)
    latencies = [s.latency_ms for s in sessions if s.latency_ms is not None]
    copy_mb = data_copy_mb(load_dataset)
    report = {
        "sessions": len(sessions),
        "incidents": len(json.loads(load_dataset.read_text(encoding="utf-8"))["features"]),
        "dataset_mb": round(load_dataset.stat().st_size / 2**20, 2),
        "data_copy_mb": round(copy_mb, 1),
        "slider_ms_p50": round(statistics.median(latencies)),
        "slider_ms_p95": round(_percentile(latencies, 95)),
        "slider_ms_max": round(max(latencies)),
        "server_rss_idle_mb": round(rss_idle, 1),
        "server_rss_one_session_mb": round(rss_one, 1),
        "server_rss_peak_mb": round(rss_peak, 1),
        "server_vmhwm_mb": round(hwm_mb(pid), 1),
        "first_session_s": round(first_ready - started, 1),
        "open_all_s": round(all_open - started, 1),
        "server_cpu_s": round(server_cpu, 1),
        "slider_settle_s": round(settled - moved, 1),
        "wall_s": round(wall, 1),
    }
    print("\nLOAD " + json.dumps(report))
    if os.environ.get("LOAD_REPORT"):
        Path(os.environ["LOAD_REPORT"]).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    assert len(latencies) == SESSIONS
    growth = rss_peak - rss_one
    report_line = f"growth {growth:.0f} MB for {SESSIONS - 1} more sessions = {growth / (SESSIONS - 1):.1f} MB/session; one data copy {copy_mb:.1f} MB"
    print(report_line)
    # Bounded: the data is held once; each extra session costs less than 1.5 copies of it (its own
    # session state, map payload and transient rerun work), and the peak stays under a ceiling.
    # Data copied per session or per rerun, or a per-session leak, breaks these.
    assert growth < COPIES_PER_SESSION * (SESSIONS - 1) * copy_mb, (report_line, report)
    assert rss_peak < PEAK_LIMIT_MB, report
    assert wall < WALL_LIMIT_S, report
