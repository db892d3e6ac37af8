"""The articles folder built once per server process, outside visitors' reruns.

One `FolderBuilds` per folder (a process-wide registry, not per session): a background thread runs
`geodata.incremental.IncrementalBuilder.build()` whenever the folder changed, and keeps the last
complete build. A visitor's rerun only compares the folder's file stats (at most once a second)
with what the last build read, asks for a rebuild when they differ, and waits a bounded time for
it; the first visitor after start-up waits for the first build, which every other visitor shares.
No streamlit import: this module is plain threading around the pure pipeline.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from geodata.articles import ArticleError
from geodata.incremental import SETTLE_S, Build, IncrementalBuilder, changed_files, folder_state

_LOG = logging.getLogger(__name__)
STATE_CHECK_EVERY_S = 1.0
MAX_SETTLE_ROUNDS = 20  # rebuilds in a row while a file keeps changing; a visitor's rerun restarts them


@dataclass
class Current:
    build: Build | None
    build_id: int
    pending: list[str]  # files changed since `build` and being re-read (or still being written)
    error: str | None = None


class FolderBuilds:
    _registry: dict[str, FolderBuilds] = {}
    _registry_lock = threading.Lock()

    @classmethod
    def for_folder(cls, directory: Path) -> FolderBuilds:
        key = str(Path(directory).resolve())
        with cls._registry_lock:
            builds = cls._registry.get(key)
            if builds is None:
                builds = cls._registry[key] = cls(Path(directory))
                try:  # the folder as this first build will find it: a visitor's rerun that looks
                    state = folder_state(builds.directory)  # before the thread does asks no second build
                except (OSError, ArticleError):
                    state = None
                builds.request(state)  # start reading at once, in the background
            return builds

    @classmethod
    def reset(cls) -> None:
        """Forget every folder (tests)."""
        with cls._registry_lock:
            cls._registry.clear()

    def __init__(self, directory: Path):
        self.directory = directory
        self.builder = IncrementalBuilder(directory)
        self.latest: Build | None = None
        self.build_id = 0
        self.error: str | None = None
        self._cond = threading.Condition()
        self._running = False
        self._again = False
        self._state: dict | None = None
        self._state_at = 0.0
        self._building_state: dict | None = None  # the folder as the running build found it
        self._seen: dict | None = None  # ... and as the last finished build found it

    def request(self, state: dict | None = None) -> None:
        """Start a background build, or one more after the running one (unless the running one
        started on this same folder `state`)."""
        with self._cond:
            if self._running:
                if state is None or state != self._building_state:
                    self._again = True
                return
            self._running = True
            self._building_state = state
        threading.Thread(target=self._run, name="durand-articles-build", daemon=True).start()

    def _run(self) -> None:
        rounds = 0
        while True:
            rounds += 1
            try:
                self._building_state = folder_state(self.directory)
                build, error = self.builder.build(), None
            except Exception as exc:  # noqa: BLE001 - reported to visitors, logged in full here
                _LOG.exception("building the articles of %s failed", self.directory)
                build, error = None, f"The articles could not be processed: {type(exc).__name__}: {exc}"
            with self._cond:
                self._state = None  # checked again against this build, never against an older look
                self._seen = self._building_state
                if build is not None:
                    previous = self.latest
                    if previous is None or (previous.state, previous.changing) != (
                        build.state,
                        build.changing,
                    ):
                        self.latest = build
                        self.build_id += 1  # the data changed: a new cache key for its views
                    self.error = None
                else:
                    self.error = error
                # files still being written: look again once they may have settled
                settling = build is not None and bool(build.changing) and rounds < MAX_SETTLE_ROUNDS
                again, self._again = self._again or settling, False
                if not again:
                    self._running = False
                self._cond.notify_all()
                if not again:
                    return
            if settling:
                time.sleep(SETTLE_S / 2)

    def folder_state(self) -> dict:
        now = time.monotonic()
        if self._state is None or now - self._state_at >= STATE_CHECK_EVERY_S:
            self._state, self._state_at = folder_state(self.directory), now
        return self._state

    def _fresh(self, state: dict) -> bool:
        latest = self.latest
        return latest is not None and latest.state == state and not latest.changing

    def current(self, wait_s: float) -> Current:
        """The latest complete build; when the folder changed since, a rebuild is requested and
        awaited for up to `wait_s` seconds."""
        try:
            state = self.folder_state()
        except (OSError, ArticleError) as exc:
            state = {}
            _LOG.warning("cannot list %s: %s", self.directory, exc)
        if not self._fresh(state):
            self.request(state)
            # Files the last build already saw changing are retried in the background: no wait
            # for them; a change it has not seen is worth waiting for (briefly).
            deadline = time.monotonic() + (wait_s if state != self._seen else 0.0)
            with self._cond:
                while not self._fresh(state) and time.monotonic() < deadline:
                    if not self._running and (self.latest is not None or self.error is not None):
                        break  # the build is done: fresh or not, there is nothing more to wait for
                    self._cond.wait(timeout=min(0.25, max(0.0, deadline - time.monotonic())))
        with self._cond:
            latest, build_id, error = self.latest, self.build_id, self.error
        if latest is None:
            return Current(None, build_id, [], error)
        pending = sorted(set(changed_files(latest.state, state)) | set(latest.changing))
        return Current(latest, build_id, pending, None)
