"""Pure filtering of incident features (RFC 7946 Feature dicts from geodata.export).

No Streamlit here: `Filters` is a plain value, `apply_filters` a pure function, so the same code
serves the app, the downloads, the tests and the benchmark.

Conventions
-----------
* An empty selection (``types=()``) means "no filter on that field" (everything passes).
* Date: an incident passes when its day range ``[date, date_end or date]`` overlaps
  ``[start, end]``. Undated incidents pass only when the range covers the whole data span
  (``include_undated``): they cannot be placed in a sub-period, and are never hidden by default.
* Side: where the incident happened, not who claims it: "AF", "PK", "border" (border zone:
  country unknown but located or border-wide) or "unknown".
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from geodata.model import EVENT_LABELS, LOCATION_PRECISION_LABELS

SIDES: tuple[str, ...] = ("AF", "PK", "border", "unknown")
SIDE_LABELS: dict[str, str] = {
    "AF": "Afghanistan",
    "PK": "Pakistan",
    "border": "Border zone",
    "unknown": "Unknown",
}
VERIFICATION_LABELS: dict[str, str] = {
    "single_source": "Single source",
    "corroborated": "Corroborated",
    "contested": "Contested",
}


# Labels for the filter widgets. Module functions, not lambdas in app.py: a widget keeps its
# format_func for the session, and a lambda defined in the script keeps all of that run's globals
# (the map layers, ~4 MB per session at 1,000 incidents) alive with it.
def event_type_label(code: str) -> str:
    return EVENT_LABELS.get(code, code)


def side_label(code: str) -> str:
    return SIDE_LABELS[code]


def verification_label(code: str) -> str:
    return VERIFICATION_LABELS.get(code, code)


def precision_code_label(code: int) -> str:
    return f"{code} – {LOCATION_PRECISION_LABELS.get(code, '?')}"


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    precisions: tuple[int, ...] = ()
    verification: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    include_background: bool = True  # nothing extracted is hidden unless the user asks
    include_undated: bool = True

    def is_narrowed(self) -> bool:
        """True when anything but the date range / background narrows the set."""
        return bool(
            self.types or self.actors or self.sides or self.precisions or self.verification or self.outlets
        )


def parse_day(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) != 10:
        return None
    return _parse_day_text(value)


@functools.lru_cache(maxsize=8192)  # a few thousand distinct days, read 100,000s of times
def _parse_day_text(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def feature_days(feature: dict) -> tuple[date | None, date | None]:
    props = feature.get("properties") or {}
    start = parse_day(props.get("date"))
    end = parse_day(props.get("date_end")) or start
    if start is not None and end is not None and end < start:
        start, end = end, start
    return start, end


def side_of(feature: dict) -> str:
    props = feature.get("properties") or {}
    country = props.get("country")
    if country in ("AF", "PK"):
        return country
    if is_border_wide(feature) or feature.get("geometry"):
        return "border"
    return "unknown"


def is_border_wide(feature: dict) -> bool:
    """A border-wide incident: no point, place kind 'boundary' (precision 5)."""
    props = feature.get("properties") or {}
    if feature.get("geometry"):
        return False
    return props.get("place_kind") == "boundary" or (
        props.get("location_precision") == 5
        and props.get("place_kind") in (None, "boundary")
        and not props.get("place")
    )


def is_located(feature: dict) -> bool:
    geometry = feature.get("geometry") or {}
    coords = geometry.get("coordinates")
    return geometry.get("type") == "Point" and isinstance(coords, (list, tuple)) and len(coords) >= 2


def date_span(features: Iterable[dict]) -> tuple[date, date] | None:
    """(first day, last day) over all dated features, or None when nothing is dated."""
    lo: date | None = None
    hi: date | None = None
    for feature in features:
        start, end = feature_days(feature)
        if start is None or end is None:  # end is never None when start is not
            continue
        lo = start if lo is None or start < lo else lo
        hi = end if hi is None or end > hi else hi
    if lo is None or hi is None:
        return None
    return lo, hi


def quick_range(span: tuple[date, date], days: int | None) -> tuple[date, date]:
    """The last `days` days of data (inclusive), or the whole span for None."""
    lo, hi = span
    if days is None:
        return lo, hi
    return max(lo, hi - timedelta(days=days - 1)), hi


def shift_range(current: tuple[date, date], span: tuple[date, date], days: int) -> tuple[date, date]:
    """Move the whole range `days` days later (negative: earlier), keeping its length, stopping at
    the span's ends. A range that already covers the span does not move."""
    lo, hi = span
    start, end = sorted(current)
    start, end = max(start, lo), min(end, hi)
    width = end - start
    start, end = start + timedelta(days=days), end + timedelta(days=days)
    if start < lo:
        start, end = lo, lo + width
    if end > hi:
        start, end = hi - width, hi
    return max(start, lo), min(end, hi)


def range_ending(end: date, days: int, span: tuple[date, date]) -> tuple[date, date]:
    """The `days` days ending at `end` (inside the span): "Week" / "Month" of the period's end."""
    lo, hi = span
    end = min(max(end, lo), hi)
    return max(lo, end - timedelta(days=days - 1)), end


def step_range(current: tuple[date, date], span: tuple[date, date], direction: int) -> tuple[date, date]:
    """The period moved by its own length, earlier (-1) or later (+1), within the span."""
    start, end = sorted(current)
    return shift_range((start, end), span, direction * ((end - start).days + 1))


WEEK_DAYS, MONTH_DAYS = 7, 30  # "Week" / "Month" in the sidebar; Play on "All" steps a month


def play_start(current: tuple[date, date], span: tuple[date, date]) -> tuple[date, date]:
    """Where Play starts: the period itself while later days remain; at the end of the data it
    starts over from the first day with the period's length, or with a month when the period is
    more than half the span ("All" has nothing to step through)."""
    start, end = sorted(current)
    if end < span[1]:
        return start, end
    days = (end - start).days + 1
    if days * 2 > (span[1] - span[0]).days + 1:
        days = MONTH_DAYS
    return span[0], min(span[0] + timedelta(days=days - 1), span[1])


TARGET_PREFIX = "target: "  # geodata marks who was targeted: "target: TTP" is the actor TTP


def actor_names(actors: object) -> set:
    """The actors an incident involves, as filter options: "target: TTP" is TTP."""
    try:
        values = set(actors or ())  # type: ignore[call-overload]
    except TypeError:
        return set()
    return {
        v[len(TARGET_PREFIX) :] if isinstance(v, str) and v.startswith(TARGET_PREFIX) else v for v in values
    }


def options(features: Sequence[dict]) -> dict[str, list]:
    """Values present in the data, for the filter widgets (sorted, deterministic)."""
    actors: set[str] = set()
    outlets: set[str] = set()
    for feature in features:
        props = feature.get("properties") or {}
        actors.update(a for a in actor_names(props.get("actors")) if isinstance(a, str))
        outlets.update(o for o in props.get("outlets") or () if isinstance(o, str))
    return {"actors": sorted(actors, key=str.casefold), "outlets": sorted(outlets, key=str.casefold)}


def matches(feature: dict, flt: Filters) -> bool:
    props = feature.get("properties") or {}
    if not flt.include_background and props.get("mention") == "background":
        return False
    if flt.types and props.get("event_type") not in flt.types:
        return False
    if flt.verification and props.get("verification") not in flt.verification:
        return False
    if flt.precisions and props.get("location_precision") not in flt.precisions:
        return False
    if flt.sides and side_of(feature) not in flt.sides:
        return False
    if flt.actors and not actor_names(props.get("actors")) & set(flt.actors):
        return False
    if flt.outlets and not set(props.get("outlets") or ()) & set(flt.outlets):
        return False
    if flt.start is not None or flt.end is not None:
        start, end = feature_days(feature)
        if start is None or end is None:  # end is never None when start is not
            return flt.include_undated
        if flt.start is not None and end < flt.start:
            return False
        if flt.end is not None and start > flt.end:
            return False
    return True


def hidden_undated(index, flt: Filters, positions) -> int:
    """How many undated incidents a narrowed period hides (they would pass every other filter)."""
    if flt.include_undated:
        return 0
    return len(index.select(replace(flt, include_undated=True))) - len(positions)


def apply_filters(features: Sequence[dict], flt: Filters) -> list[dict]:
    """The features that pass, in input order (the records themselves, not copies)."""
    return [f for f in features if matches(f, flt)]


def sort_key(feature: dict) -> tuple:
    start, _ = feature_days(feature)
    props = feature.get("properties") or {}
    return sort_key_of(start, props.get("event_type"), feature.get("id"))


def sort_key_of(start: date | None, event_type: object, fid: object) -> tuple:
    """`sort_key` from a feature's first day, type and id (for callers that have them already)."""
    return (start is None, start or date.min, event_type or "", str(fid))


# ---- crossings ---------------------------------------------------------------------------------

CROSSING_TYPES = ("crossing_closed", "crossing_reopened")  # status: geodata.crossings
