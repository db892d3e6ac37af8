"""Border crossing status from "crossing closed" / "crossing reopened" incidents. Pure, no UI.

The extraction writes one incident per closure or reopening at whatever place the sentence named:
the crossing itself, a twin town ("Chaman" for the Chaman–Spin Boldak crossing), a city the story
was filed from ("Peshawar"), a province ("Khost") or nowhere (the border as a whole). This module
folds those reports into ONE entry per crossing of the gazetteer and says what is known at a day:

* A report belongs to a crossing when its place is that crossing, or its place (or a place
  mention) is one of the crossing's names (aliases and twin towns, from the gazetteer); otherwise
  when its evidence names exactly one crossing ("Torkham" in a report placed at Peshawar). A
  province or a city is never a crossing of its own.
* A reopening that names no crossing reopens the crossing whose closure the same article reported
  (when the article reported closures at exactly one crossing).
* The status at a day is the latest report up to that day, with its date and evidence. When that
  report is older than `horizon_days`, the status is "unknown since <the day the horizon ran out>":
  a closure reported once in 2021 says nothing about 2025.
* `bands()` gives the closed / open / unknown spells over time for the crossing's timeline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from .gazetteer import DEFAULT_PATH, normalise, read_gazetteer_file

HORIZON_DAYS = 90  # a report older than this no longer tells the current status
CROSSING_TYPES = {"crossing_closed": "closed", "crossing_reopened": "open"}
QUOTE_LIMIT = 90  # characters of evidence shown in a status line
# the properties collect_reports reads, sources aside
READS = ("id", "event_type", "date", "mention", "place_id", "place_kind", "place", "place_mentions")


@dataclass(frozen=True)
class Crossing:
    id: str
    name: str
    lat: float | None
    lon: float | None
    names: tuple[str, ...] = ()  # normalised name and aliases


@dataclass(frozen=True)
class Report:
    """One closure or reopening attributed to a crossing."""

    day: date
    status: str  # "closed" | "open"
    quote: str
    outlet: str
    article: str
    incident: str
    background: bool = False
    basis: str = "place"  # place | name | evidence | article: how it was tied to the crossing


@dataclass(frozen=True)
class Band:
    start: date
    end: date  # inclusive
    status: str  # "closed" | "open" | "unknown"


@dataclass(frozen=True)
class Status:
    crossing: Crossing
    status: str  # "closed" | "open" | "unknown"
    last: Report  # the latest report up to the day asked about
    since: date  # first report of the current closed / open spell
    reports: int  # reports up to the day asked about
    as_of: date
    history: tuple[Report, ...] = field(default=(), repr=False)
    horizon_days: int = HORIZON_DAYS  # the horizon the status was judged with (its timeline too)

    def unknown_since(self) -> date:
        """The first day the last report no longer tells the status (as the timeline's bands)."""
        return self.last.day + timedelta(days=self.horizon_days + 1)

    def text(self) -> str:
        """'closed — last report 2025-10-12, "Torkham remained shut …"' or 'unknown since …'."""
        quote = short_quote(self.last.quote)
        if self.status == "unknown":
            return (
                f"unknown since {self.unknown_since().isoformat()} (no report for {self.horizon_days} days; "
                f"last report {self.last.day.isoformat()}: {self.last.status}, “{quote}”)"
            )
        return f"{self.status} — last report {self.last.day.isoformat()}, “{quote}”"


def short_quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + " …"


# ---- the registry ------------------------------------------------------------------------------


def registry_from_places(rows: Iterable[Mapping]) -> dict[str, Crossing]:
    """The crossings of gazetteer rows (kind "crossing"), by id, with their normalised names."""
    out: dict[str, Crossing] = {}
    for row in rows:
        if row.get("kind") != "crossing":
            continue
        names = {normalise(str(row["name"]))} | {normalise(str(a)) for a in row.get("aliases") or ()}
        # "X crossing" / "X border crossing" also name X's crossing
        out[str(row["id"])] = Crossing(
            id=str(row["id"]),
            name=str(row["name"]),
            lat=row.get("lat"),
            lon=row.get("lon"),
            names=tuple(sorted(n for n in names if n)),
        )
    return out


def load_registry(path: Path | None = None) -> dict[str, Crossing]:
    """The crossings of the bundled gazetteer (or of the gazetteer file at `path`)."""
    return registry_from_places(read_gazetteer_file(path or DEFAULT_PATH)["places"])


class _Namer:
    """Finds which crossings a place name or a sentence names."""

    def __init__(self, registry: Mapping[str, Crossing]):
        self.by_name: dict[str, str] = {}
        self._exact: dict[str, str | None] = {}
        self._in_text: dict[str, frozenset[str]] = {}
        for crossing in registry.values():
            for name in crossing.names:
                self.by_name.setdefault(name, crossing.id)
        names = sorted(self.by_name, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])")
            if names
            else None
        )

    def exact(self, text: object) -> str | None:
        if not text:
            return None
        key = str(text)
        try:  # places and quotes repeat across incidents: each is normalised once
            return self._exact[key]
        except KeyError:
            found = self._exact[key] = self.by_name.get(normalise(key))
            return found

    def in_text(self, text: str) -> frozenset[str]:
        if self.pattern is None or not text:
            return frozenset()
        try:
            return self._in_text[text]
        except KeyError:
            found = frozenset(self.by_name[m.group(1)] for m in self.pattern.finditer(normalise(text)))
            self._in_text[text] = found
            return found


# ---- reports -----------------------------------------------------------------------------------


def _day(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _crossing_of(props: Mapping, registry: Mapping[str, Crossing], namer: _Namer) -> tuple[str | None, str]:
    """(crossing id, basis) for one incident, without looking at other incidents."""
    place_id = props.get("place_id")
    if props.get("place_kind") == "crossing" and place_id in registry:
        return str(place_id), "place"
    for name in [props.get("place"), *(props.get("place_mentions") or ())]:
        found = namer.exact(name)
        if found:
            return found, "name"
    named: set[str] = set()
    for source in props.get("sources") or ():
        if isinstance(source, Mapping):
            named |= namer.in_text(str(source.get("quote") or ""))
    if len(named) == 1:
        return next(iter(named)), "evidence"
    return None, ""


def _report(props: Mapping, fid: str, basis: str) -> Report:
    sources = [s for s in props.get("sources") or () if isinstance(s, Mapping)]
    first = sources[0] if sources else {}
    day = _day(props.get("date"))
    assert day is not None, "collect_reports keeps dated incidents only"
    return Report(
        day=day,
        status=CROSSING_TYPES[props["event_type"]],
        quote=str(first.get("quote") or ""),
        outlet=str(first.get("outlet") or ""),
        article=str(first.get("article") or ""),
        incident=fid,
        background=props.get("mention") == "background",
        basis=basis,
    )


def _articles(props: Mapping) -> list[str]:
    return [
        str(source["article"])
        for source in props.get("sources") or ()
        if isinstance(source, Mapping) and source.get("article")
    ]


def collect_reports(
    features: Iterable[Mapping], registry: Mapping[str, Crossing]
) -> tuple[dict[str, list[Report]], list[str]]:
    """({crossing id: its reports in time order}, ids of dated crossing incidents tied to no
    crossing). Undated incidents are left out: they cannot say when."""
    closures: list[Mapping] = []
    reopenings: list[Mapping] = []
    for feature in features:
        event_type = (feature.get("properties") or {}).get("event_type")
        if event_type == "crossing_closed":
            closures.append(feature)
        elif event_type == "crossing_reopened":
            reopenings.append(feature)
    return collect_reports_by_type(closures, reopenings, registry)


def collect_reports_by_type(
    closures: Iterable[Mapping], reopenings: Iterable[Mapping], registry: Mapping[str, Crossing]
) -> tuple[dict[str, list[Report]], list[str]]:
    """collect_reports of the closures, then of the reopenings (each in their order). Every
    closure is known before the first reopening, so an unplaced reopening is settled by its
    articles at once and never kept: in large data most reopenings are, each read once."""
    namer = _Namer(registry)
    reports: dict[str, list[Report]] = {}
    unattributed: list[str] = []
    closed_by_article: dict[str, list[tuple[date, str]]] = {}
    for props, fid in _dated(closures):
        crossing, basis = _crossing_of(props, registry, namer)
        if crossing is None:
            unattributed.append(fid)
            continue
        report = _report(props, fid, basis)
        reports.setdefault(crossing, []).append(report)
        for article in _articles(props):
            closed_by_article.setdefault(article, []).append((report.day, crossing))
    by_article: list[tuple[str, Report]] = []  # after the placed ones, as they were listed before
    for props, fid in _dated(reopenings):
        crossing, basis = _crossing_of(props, registry, namer)
        if crossing is not None:
            reports.setdefault(crossing, []).append(_report(props, fid, basis))
            continue
        day = _day(props.get("date"))
        assert day is not None, "_dated keeps dated incidents only"
        crossing = _reopened_by_article(day, _articles(props), closed_by_article)
        if crossing is None:
            unattributed.append(fid)
        else:
            by_article.append((crossing, _report(props, fid, "article")))
    for crossing, report in by_article:
        reports.setdefault(crossing, []).append(report)
    for items in reports.values():
        items.sort(key=_report_order)
    return reports, unattributed


def _dated(features: Iterable[Mapping]) -> Iterator[tuple[Mapping, str]]:
    """(properties, id) of the crossing incidents with a date."""
    for feature in features:
        props = feature.get("properties") or {}
        if props.get("event_type") not in CROSSING_TYPES or _day(props.get("date")) is None:
            continue
        yield props, str(feature.get("id") if feature.get("id") is not None else props.get("id"))


def _reopened_by_article(
    day: date, articles: list[str], closed_by_article: Mapping[str, list[tuple[date, str]]]
) -> str | None:
    """The one crossing whose closure the reopening's own articles reported (on or before it)."""
    candidates = {
        crossing
        for article in articles
        for closed_day, crossing in closed_by_article.get(article, ())
        if closed_day <= day
    }
    return next(iter(candidates)) if len(candidates) == 1 else None


def _report_order(report: Report) -> tuple:
    # same day: the closure first, the reopening after it (a reopening reports the end of it)
    return (report.day, report.status == "open", report.incident)


# ---- status and history ------------------------------------------------------------------------


def status_at(
    reports: Mapping[str, Sequence[Report]],
    registry: Mapping[str, Crossing],
    as_of: date,
    *,
    horizon_days: int = HORIZON_DAYS,
    include_background: bool = True,
) -> list[Status]:
    """One Status per crossing with at least one report up to `as_of`, sorted by name."""
    out = []
    for crossing_id, items in reports.items():
        kept = tuple(r for r in items if r.day <= as_of and (include_background or not r.background))
        if not kept or crossing_id not in registry:
            continue
        last = kept[-1]
        since = last.day
        for previous in reversed(kept[:-1]):
            if previous.status != last.status:
                break
            since = previous.day
        stale = (as_of - last.day).days > horizon_days
        out.append(
            Status(
                crossing=registry[crossing_id],
                status="unknown" if stale else last.status,
                last=last,
                since=since,
                reports=len(kept),
                as_of=as_of,
                history=kept,
                horizon_days=horizon_days,
            )
        )
    return sorted(out, key=lambda s: (s.crossing.name.casefold(), s.crossing.id))


def bands(history: Sequence[Report], as_of: date, horizon_days: int = HORIZON_DAYS) -> list[Band]:
    """Closed / open / unknown spells from the first report to `as_of` (inclusive): a report's
    status holds until the next report, or for `horizon_days` when none follows sooner."""
    out: list[Band] = []

    def add(start: date, end: date, status: str) -> None:
        if end < start:
            return
        if out and out[-1].status == status and out[-1].end >= start - timedelta(days=1):
            out[-1] = Band(out[-1].start, max(end, out[-1].end), status)
        else:
            out.append(Band(start, end, status))

    kept = [r for r in history if r.day <= as_of]
    for i, report in enumerate(kept):
        nxt = kept[i + 1].day if i + 1 < len(kept) else as_of + timedelta(days=1)
        if nxt == report.day:
            continue  # a later report of the same day decides it
        known_until = min(nxt - timedelta(days=1), report.day + timedelta(days=horizon_days))
        add(report.day, known_until, report.status)
        add(known_until + timedelta(days=1), nxt - timedelta(days=1), "unknown")
    return out
