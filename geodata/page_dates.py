"""The publication day a page prints: an ISO value of the front matter, a "Published …" line, a
dated byline of the page head, or (a flagged fallback) a daily's edition line above the headline."""

from __future__ import annotations

import re
from datetime import date, datetime


def parse_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
        try:  # an ISO 8601 date-time ("2025-10-14T09:30:00+05:00"): its day as written, in its own zone
            return datetime.fromisoformat(value.strip()).date()
        except ValueError:
            return None
    return None


_PUBLISHED_LINE = re.compile(
    r"^\s*(?:published|posted|updated|last updated)(?:\s+on)?\s*:?\s*(?P<when>[^\n]{6,60}?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)


# A byline/date line of the page head: short, its parts split by "|", "·", "•" or a dash, one part
# a full date ("Our Correspondent | June 14, 2025", "Updated: 14 June 2025 10:32 PKT").
_BYLINE_SPLIT = re.compile(r"\s*(?:[|·•—–]|\s-\s)\s*")
_BYLINE_PREFIX = re.compile(
    r"^(?:(?:published|posted|updated|last\s+updated|as\s+(?:of|at))(?:\s+on)?\s*:?\s*|on\s+)", re.IGNORECASE
)
_HEAD_LINES = 12  # non-empty lines of the page head searched for a byline
# captions and teasers carry dates of other stories and photos
_NOT_BYLINE = re.compile(
    r"(?i)^(?:related|also\s+read|read\s+(?:more|also|next)|see\s+also|file|photo|image|picture|video|watch|listen|more\s+on)\b"
)
_HEAD_LINE_CHARS = 120
_PROSE_WORDS = 20  # a line this long is the article's text: the head ends before it


def _full_date(text: str) -> date | None:
    import dateparser  # imported here: loading its language data costs ~0.3 s

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date() if parsed is not None else None


def _head_lines(body: str, title: str | None) -> tuple[list[str], list[str]]:
    """The page head's short lines before the first prose line, split at the printed headline:
    (lines above it, lines below it); all lines are below when the headline is not printed."""
    from rapidfuzz import fuzz

    lines: list[str] = []
    for line in body[:4000].splitlines():
        line = line.strip().strip("*_#> ").strip()
        if not line:
            continue
        if len(line.split()) >= _PROSE_WORDS or len(lines) >= _HEAD_LINES:
            break
        lines.append(line)
    if title:
        at_title = [i for i, line in enumerate(lines) if fuzz.ratio(line.lower(), title.lower()) >= 90]
        if at_title:
            return lines[: at_title[0]], lines[at_title[0] + 1 :]
    return [], lines


def edition_date_above_headline(body: str, title: str | None) -> date | None:
    """A line above the printed headline that is a date and nothing else ("Sunday, April 19,
    2026"): a daily's edition line. A site's date of the visit looks the same, so it is only a
    fallback, flagged, when the head has no dated byline."""
    above, _below = _head_lines(body, title)
    for line in above:
        if 6 <= len(line) <= 60 and any(ch.isdigit() for ch in line) and not _BYLINE_SPLIT.search(line):
            found = _full_date(_BYLINE_PREFIX.sub("", line).strip())
            if found is not None:
                return found
    return None


def _byline_date(body: str, title: str | None = None) -> date | None:
    """The date of a byline/date line before the first prose line; ordinary sentences ("On June 14,
    2025, troops ...") do not parse as a date as a whole, so they never give one. When the headline
    is printed in the head, only lines after it count: a date above it may be the site's "today"
    (`edition_date_above_headline` is the flagged fallback)."""
    _above, lines = _head_lines(body, title)
    for line in lines:
        if len(line) > _HEAD_LINE_CHARS or _NOT_BYLINE.match(line):
            continue
        for part in _BYLINE_SPLIT.split(line):
            part = _BYLINE_PREFIX.sub("", part.strip()).strip()
            if 6 <= len(part) <= 60 and any(ch.isdigit() for ch in part):
                found = _full_date(part)
                if found is not None:
                    return found
    return None


def find_published_in_text(body: str, title: str | None = None) -> date | None:
    """A publication line in the body ("Published December 29, 2024"), as pages often print one, else
    a byline/date line of the page head ("By Jane Doe | June 14, 2025")."""
    for match in _PUBLISHED_LINE.finditer(body[:5000]):
        found = _full_date(match.group("when"))
        if found is not None:
            return found
    return _byline_date(body, title)
