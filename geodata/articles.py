"""Read and validate article files: YAML front matter between `---` lines, then the body.

An unusable file (binary, unreadable front matter, too large) raises `ArticleError` with the reason;
`load_articles` reports it and goes on with the others. A usable file with problems (no date, a
bad URL, replaced bytes) loads, with each problem listed in `Article.problems`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml

from .model import Article

ARTICLE_SUFFIXES = (".md", ".txt")
MAX_ARTICLE_BYTES = 2_000_000  # a news article is ~10 KB; bigger files are page dumps, not articles
DURAND_LINE_AGREED = date(1893, 11, 12)  # the Durand Line agreement: no incident can predate it


class ArticleError(Exception):
    """An article file that cannot be used at all."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True)
class ArticleProblem:
    """A file that was skipped, and why."""

    file: str
    reason: str


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors/aliases: front matter never needs them, alias bombs use them."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases are not allowed in front matter", event.start_mark
            )
        return super().compose_node(parent, index)


# Dates stay strings (parsed by `_parse_date`): PyYAML's own timestamp constructor raises a bare
# ValueError on impossible days like 2025-02-30 instead of letting us flag them.
_NoAliasLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split_front_matter(raw: str) -> tuple[str | None, str]:
    """(front matter text or None, body). Only the first two `---` lines delimit front matter."""
    if not raw.startswith("---\n"):
        return None, raw
    end = raw.find("\n---\n", 3)
    if end == -1:
        if raw.endswith("\n---"):
            return raw[4 : len(raw) - 4], ""
        return None, raw
    return raw[4:end], raw[end + 5 :]


def _parse_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
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


def _byline_date(body: str, title: str | None = None) -> date | None:
    """The date of a byline/date line before the first prose line; ordinary sentences ("On June 14,
    2025, troops ...") do not parse as a date as a whole, so they never give one. When the headline
    is printed in the head, only lines after it count: a date above it is the site's "today"."""
    from rapidfuzz import fuzz

    lines = []
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
            lines = lines[at_title[0] + 1 :]
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


def _text_field(meta: dict, key: str, problems: list[str], *, default: str | None) -> str | None:
    value = meta.get(key)
    if value is None or value == "":
        return default
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip() or default
    problems.append(f"front matter '{key}' is a {type(value).__name__}, not text; ignored")
    return default


def parse_article(raw: str, *, article_id: str, path: str, today: date | None = None) -> Article:
    """Article from decoded text. Raises ArticleError when the front matter is unusable."""
    problems: list[str] = []
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    front, body = split_front_matter(raw)
    meta: dict = {}
    if front is None:
        problems.append("no front matter: title, outlet and date unknown")
    else:
        try:
            loaded = yaml.load(front, Loader=_NoAliasLoader)  # noqa: S506 - SafeLoader subclass
        except yaml.YAMLError as exc:
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid YAML"
            raise ArticleError(path, f"front matter is not valid YAML ({first_line})") from None
        except (ValueError, TypeError, RecursionError) as exc:  # e.g. deeply nested or odd scalars
            raise ArticleError(path, f"front matter is not valid YAML ({type(exc).__name__})") from None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise ArticleError(path, f"front matter is a {type(loaded).__name__}, not a mapping")
        meta = {str(k): v for k, v in loaded.items()}

    title = _text_field(meta, "title", problems, default=None)
    if title is None:
        first = next((ln.strip() for ln in body.splitlines() if ln.strip()), "")
        title = first[:120] or f"Article {article_id}"
        if front is not None:
            problems.append("no title in front matter; first line of the text used")
    outlet = _text_field(meta, "outlet", problems, default="unknown") or "unknown"
    url = _text_field(meta, "url", problems, default=None)
    if url is not None and not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
        problems.append("url is not an http(s) address; ignored")
        url = None

    published: date | None = None
    published_source = "unknown"
    raw_date = meta.get("published")
    if raw_date not in (None, ""):
        published = _parse_date(raw_date)
        if published is None:
            problems.append(f"published {str(raw_date)[:40]!r} is not a valid YYYY-MM-DD date")
        else:
            published_source = "front_matter"
    if published is None:
        published = find_published_in_text(body, title)
        if published is not None:
            published_source = "text"
    if published is not None:
        today = today or date.today()
        if published > today:
            problems.append(f"published {published.isoformat()} is in the future; date ignored")
            published, published_source = None, "unknown"
        elif published < DURAND_LINE_AGREED:
            problems.append(f"published {published.isoformat()} predates the Durand Line; date ignored")
            published, published_source = None, "unknown"
    if published is None:
        problems.append("no usable publication date: relative dates cannot be resolved")

    return Article(
        id=article_id,
        path=path,
        title=title,
        outlet=outlet,
        url=url,
        published=published,
        body=body,
        published_basis=_text_field(meta, "published_basis", problems, default=None),
        published_source=published_source,
        problems=tuple(problems),
    )


def load_article(path: str | Path, *, today: date | None = None) -> Article:
    """Read one article file. Raises ArticleError with a readable reason when it is unusable."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(path, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(
            path, f"too large ({len(data) / 1e6:.1f} MB; the limit is {MAX_ARTICLE_BYTES / 1e6:.0f} MB)"
        )
    if not data.strip():
        raise ArticleError(path, "empty file")
    if b"\x00" in data:
        raise ArticleError(path, "binary file (contains NUL bytes), not text")
    problems: list[str] = []
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError:
        raw = data.decode("utf-8", errors="replace")
        problems.append(f"not valid UTF-8: {raw.count(chr(0xFFFD))} undecodable byte(s) replaced")
    article = parse_article(raw, article_id=path.stem, path=str(path), today=today)
    if problems:
        article = Article(**{**article.__dict__, "problems": tuple(problems) + article.problems})
    return article


def article_paths(articles_dir: str | Path) -> list[Path]:
    """Article files in a directory, in a stable order (by name)."""
    directory = Path(articles_dir)
    return sorted(
        (p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES),
        key=lambda p: p.name,
    )


def load_articles(
    articles_dir: str | Path, *, today: date | None = None
) -> tuple[list[Article], list[ArticleProblem]]:
    """Every usable article of a directory, and the files that were skipped with their reasons."""
    directory = Path(articles_dir)
    if not directory.is_dir():
        raise ArticleError(directory, "is not a directory")
    articles: list[Article] = []
    skipped: list[ArticleProblem] = []
    seen: dict[str, str] = {}
    for path in article_paths(directory):
        try:
            article = load_article(path, today=today)
        except ArticleError as exc:
            skipped.append(ArticleProblem(path.name, exc.reason))
            continue
        if article.id in seen:
            skipped.append(
                ArticleProblem(path.name, f"duplicate article id {article.id!r} (also {seen[article.id]})")
            )
            continue
        seen[article.id] = path.name
        articles.append(article)
    return articles, skipped
