"""Builds of an articles folder that keep what they read: a rebuild re-reads and re-extracts only
the files whose size or modification time changed, and never keeps a half-written file.

Used by the app (dashboard/data.py) to rebuild in the background while visitors see the last
complete build. Per file it keeps the last good reading; a file that changes while it is read is
read again, and when it is still changing, or was modified less than SETTLE_S ago (a writer that
truncated it and has not finished looks just like that), its last good reading stays in the build
and the file is listed as "changing" until it holds still. A new file is read at once.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .articles import Article, ArticleProblem, display_name, read_article_file, scan_articles
from .model import Incident

READ_ATTEMPTS = 3
# A known file modified less than this long ago is taken as being written.
SETTLE_S = 1.0

FileKey = tuple[int, int, int]  # size, mtime_ns, inode


def file_key(path: Path) -> FileKey | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino


def folder_state(directory: str | Path) -> dict[str, FileKey | None]:
    """name -> key of every article file of the folder (the cheap change check)."""
    paths, _ = scan_articles(directory)
    return {path.name: file_key(path) for path in paths}


@dataclass
class _Reading:
    key: FileKey
    article: Article | None
    problem: ArticleProblem | None
    incidents: list[Incident] = field(default_factory=list)


@dataclass
class Build:
    collection: dict
    state: dict[str, FileKey | None]  # the folder as this build read it
    changing: list[str]  # files still being written: their last good reading was used
    seconds: float


class IncrementalBuilder:
    """One articles folder, rebuilt on demand (`build()`), reusing unchanged files' results.
    Thread-safe: one build at a time."""

    def __init__(self, directory: str | Path, *, today: date | None = None):
        self.directory = Path(directory)
        self.today = today
        self._readings: dict[str, _Reading] = {}
        self._lock = threading.Lock()

    def build(self) -> Build:
        with self._lock:
            started = time.monotonic()
            paths, listed = scan_articles(self.directory)
            changing: list[str] = []
            readings: dict[str, _Reading] = {}
            for path in paths:
                reading = self._reading(path)
                if reading is None:
                    changing.append(display_name(path.name))
                    reading = self._readings.get(path.name)
                if reading is not None:
                    readings[path.name] = reading
            self._readings = readings
            state: dict[str, FileKey | None] = {name: r.key for name, r in readings.items()}
            collection = self._collection(paths, readings, listed)
            return Build(collection, state, changing, time.monotonic() - started)

    def _reading(self, path: Path) -> _Reading | None:
        """This file's reading: reused when unchanged, else read (and extracted) again; None when
        it kept changing or looks half-written."""
        known = self._readings.get(path.name)
        for _attempt in range(READ_ATTEMPTS):
            before = file_key(path)
            if before is None:
                return None
            if known is not None and known.key == before:
                return known
            article, problem = read_article_file(path, today=self.today)
            if file_key(path) != before:
                continue  # written to while we read it: read it again
            if known is not None and known.problem is None and _recent(before):
                # A good file modified moments ago may be mid-write (truncated, half written,
                # paused): its new version is taken once it has held still for SETTLE_S.
                return None
            reading = _Reading(before, article, problem)
            if article is not None:
                from .pipeline import extract_article_outcome

                reading.incidents, reason = extract_article_outcome(article)
                if reason is not None:
                    reading.article, reading.problem = None, ArticleProblem(display_name(path.name), reason)
            return reading
        return None

    def _collection(self, paths: list[Path], readings: dict[str, _Reading], listed) -> dict:
        from .export import feature_collection
        from .gazetteer import load_gazetteer
        from .merge import merge_incidents

        problems: list[ArticleProblem] = list(listed)
        articles: list[Article] = []
        incidents: list[Incident] = []
        seen: dict[str, str] = {}
        for path in paths:  # by name: the order of a one-off build
            reading = readings.get(path.name)
            if reading is None:
                continue
            if reading.problem is not None or reading.article is None:
                if reading.problem is not None:
                    problems.append(reading.problem)
                continue
            article = reading.article
            if article.id in seen:
                problems.append(
                    ArticleProblem(
                        display_name(path.name),
                        f"duplicate article id {article.id!r} (also {seen[article.id]})",
                    )
                )
                continue
            seen[article.id] = display_name(path.name)
            articles.append(article)
            incidents.extend(reading.incidents)
        problems.sort(key=lambda p: p.file)
        return feature_collection(
            merge_incidents(incidents),
            articles=articles,
            problems=problems,
            gazetteer=load_gazetteer().metadata,
        )


def _recent(key: FileKey) -> bool:
    return time.time() - key[1] / 1e9 < SETTLE_S


def changed_files(old: dict[str, FileKey | None], new: dict[str, FileKey | None]) -> list[str]:
    """Names of files added, removed or modified between two folder states."""
    return sorted(display_name(n) for n in set(old) | set(new) if old.get(n) != new.get(n))


__all__ = ["Build", "IncrementalBuilder", "changed_files", "file_key", "folder_state"]
