"""Read and validate article files: YAML front matter between `---` lines, then the body.

An unusable file (binary, unreadable front matter, too large) raises `ArticleError` with the reason;
`load_articles` reports it and goes on with the others. A usable file with problems (no date, a
bad URL, replaced bytes) loads, with each problem listed in `Article.problems`.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from .model import Article
from .page_dates import edition_date_above_headline, find_published_in_text, parse_date

ARTICLE_SUFFIXES = (".md", ".txt")
# Files that look like articles but are not read: listed as problems so that nothing is silently
# left out.
LISTED_NOT_READ_SUFFIXES = (".html", ".htm")
MAX_ARTICLE_BYTES = 2_000_000  # a news article is ~10 KB; bigger files are page dumps, not articles
# Front matter is a handful of short fields; 100,000 keys took 9 s to parse.
MAX_FRONT_MATTER_CHARS = 20_000
# Per-field caps (characters): a 1.5 MB title froze a visitor's tab for two minutes.
FIELD_CHAR_LIMITS = {"title": 500, "outlet": 200, "url": 2048, "published_basis": 2000}
# Integers beyond this many bits (~60 digits) are no text any field needs; str() of a 4,300-digit
# one raises ValueError (Python's int/str conversion limit).
MAX_INT_BITS = 200
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

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases are not allowed in front matter", event.start_mark
            )
        return super().compose_node(parent, index)


# Dates stay strings (parsed by `page_dates.parse_date`): PyYAML's own timestamp constructor raises a bare
# ValueError on impossible days like 2025-02-30 instead of letting us flag them.
_NoAliasLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# -- one normalisation at the boundary --------------------------------------------------------------
# Every string taken from an article goes through `normalise_text` once, here, so that nothing
# downstream (JSON writers, HTML, databases, terminals) meets a lone surrogate, a bidi override or
# an invisible character. Removed: control characters other than tab and newline (C0, DEL, C1) and
# the format characters (Unicode category Cf: bidi controls, zero-width space, BOM, soft hyphen,
# tags...), except ZERO WIDTH NON-JOINER / JOINER, which Persian, Pashto and Urdu words need.
# Line and paragraph separators (VT, FF, NEL, U+2028, U+2029) become newlines.
_FORMAT_CHARS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f" + _FORMAT_CHARS + "]")
_LINE_BREAK = re.compile("[\x0b\x0c\x85\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def normalise_text(text: str, *, multiline: bool = True) -> tuple[str, int]:
    """(text with valid Unicode scalar values only and no control/invisible characters, number of
    characters replaced or removed). Surrogate pairs (as YAML escapes can write) are joined, lone
    surrogates become U+FFFD. A single-line field gets spaces for line breaks and tabs."""
    changed = 0
    if _SURROGATE.search(text):
        changed += len(_SURROGATE.findall(text))
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text, breaks = _LINE_BREAK.subn("\n", text)
    text, removed = _INVISIBLE.subn("", text)
    changed += breaks + removed
    if not multiline and ("\n" in text or "\t" in text):
        text = " ".join(text.replace("\t", " ").split("\n"))
    return text, changed


def display_name(name: str) -> str:
    """A file name as valid text: undecodable bytes (kept by the OS layer as surrogate escapes)
    become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


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


def brief(value: object, limit: int = 40) -> str:
    """A short, safe rendering of any front matter value for a problem message (no str() of huge
    integers, which raises; no control characters)."""
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        return f"a {value.bit_length()}-bit number"
    try:
        text = value if isinstance(value, str) else repr(value)
    except (ValueError, RecursionError):
        return f"a {type(value).__name__}"
    return repr(normalise_text(text[: limit * 2], multiline=False)[0][:limit])


def _text_field(meta: dict, key: str, problems: list[str], *, default: str | None) -> str | None:
    value = meta.get(key)
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        problems.append(f"front matter '{key}' is a {type(value).__name__}, not text; ignored")
        return default
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        problems.append(f"front matter '{key}' is a {value.bit_length()}-bit number, not text; ignored")
        return default
    text, changed = normalise_text(str(value), multiline=False)
    if changed:
        problems.append(f"front matter '{key}': {changed} control, invisible or invalid character(s) removed")
    text = text.strip()
    limit = FIELD_CHAR_LIMITS.get(key)
    if limit is not None and len(text) > limit:
        problems.append(f"front matter '{key}' is {len(text):,} characters long; cut to the first {limit}")
        text = text[:limit].rstrip()
    return text or default


def parse_article(raw: str, *, article_id: str, path: str, today: date | None = None) -> Article:
    """Article from decoded text. Raises ArticleError when the front matter is unusable."""
    problems: list[str] = []
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    raw, changed = normalise_text(raw)
    if changed:
        problems.append(f"{changed} control, invisible or invalid character(s) removed from the text")
    front, body = split_front_matter(raw)
    meta: dict = {}
    if front is None:
        problems.append("no front matter: title, outlet and date unknown")
    elif len(front) > MAX_FRONT_MATTER_CHARS:
        raise ArticleError(
            path,
            f"front matter too long ({len(front):,} characters; the limit is {MAX_FRONT_MATTER_CHARS:,})",
        )
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
        # only text keys can name a field (and str() of a huge integer key would raise)
        meta = {k: v for k, v in loaded.items() if isinstance(k, str)}

    title = _text_field(meta, "title", problems, default=None)
    if title is None:
        first = next((ln.strip() for ln in body.splitlines() if ln.strip()), "")
        title = normalise_text(first[:120], multiline=False)[0] or f"Article {article_id}"
        if front is not None:
            problems.append("no title in front matter; first line of the text used")
    outlet = _text_field(meta, "outlet", problems, default="unknown") or "unknown"
    url = _text_field(meta, "url", problems, default=None)
    if url is not None and not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
        problems.append("url is not an http(s) address; ignored")
        url = None

    published, published_source = _publication_day(meta, body, title, problems, today)

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


def _publication_day(
    meta: dict, body: str, title: str, problems: list[str], today: date | None
) -> tuple[date | None, str]:
    """The publication day and where it came from: the front matter, else the page's own text;
    a day in the future or before the Durand Line is refused with a note."""
    published: date | None = None
    published_source = "unknown"
    raw_date = meta.get("published")
    if raw_date not in (None, ""):
        published = parse_date(raw_date)
        if published is None:
            problems.append(
                f"published {brief(raw_date)} is not a valid YYYY-MM-DD date or ISO 8601 date-time"
            )
        else:
            published_source = "front_matter"
    if published is None:
        published = find_published_in_text(body, title)
        if published is not None:
            published_source = "text"
    if published is None:
        published = edition_date_above_headline(body, title)
        if published is not None:
            published_source = "edition_line"  # not "text": a site's date of the visit looks the same
            problems.append(
                f"publication day {published.isoformat()} read from the date line above the headline "
                "(an edition date; a site's date of the visit would look the same)"
            )
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
    return published, published_source


def decode_text(data: bytes) -> tuple[str, str | None]:
    """The text of an article file and a note when it was not UTF-8. Text that is not UTF-8 is
    nearly always Windows-1252 / Latin-1 (old exports, Windows editors): read so, "Café" stays
    "Café" rather than "Caf\ufffd"; bytes that fit neither are replaced. Either way it is noted."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    # UTF-8 with a stray bad byte (it has valid multi-byte characters: ’, é) stays UTF-8 with that
    # byte replaced; read as Windows-1252 it would turn every ’ into â€™
    if not any(ord(ch) > 127 and ch != "\ufffd" for ch in text):
        try:
            return data.decode("cp1252"), "not UTF-8: read as Windows-1252 (Latin-1); check accented letters"
        except UnicodeDecodeError:
            pass
    return text, f"not valid UTF-8: {text.count(chr(0xFFFD))} undecodable byte(s) replaced"


def read_regular_file(path: Path, limit: int = MAX_ARTICLE_BYTES) -> bytes:
    """The bytes of a regular file, its size checked before reading (a 1 GB file is refused
    without being read) and the read bounded. FIFOs, devices and directories are refused without
    blocking on them (O_NONBLOCK). Raises ArticleError with the reason."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ArticleError(path, f"cannot be read ({exc.strerror or exc})") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):  # before fdopen, which refuses a directory with a traceback
        os.close(fd)
        raise ArticleError(path, f"{_file_kind(info.st_mode)}, not a regular file")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > limit:
            raise ArticleError(path, _too_large(info.st_size, limit))
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise ArticleError(path, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:  # grew after the size check
        raise ArticleError(path, _too_large(len(data), limit))
    return data


def _too_large(size: int, limit: int = MAX_ARTICLE_BYTES) -> str:
    return f"too large ({size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB)"


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


# a web page: "<!doctype html" or "<html" first (after a BOM, blank lines or an XML prolog)
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|html)\b", re.I)


def load_article(path: str | Path, *, today: date | None = None) -> Article:
    """Read one article file. Raises ArticleError with a readable reason when it is unusable
    (whatever went wrong inside: one file never stops the others)."""
    path = Path(path)
    data = read_regular_file(path)
    if not data.strip():
        raise ArticleError(path, "empty file")
    if b"\x00" in data:
        raise ArticleError(path, "binary file (contains NUL bytes), not text")
    if _HTML_START.match(data[:1024]):
        # a saved web page renamed .txt: read as text, its markup would be the article
        raise ArticleError(path, "an HTML page, not text: save the article text as .md or .txt to use it")
    problems: list[str] = []
    article_id = normalise_text(display_name(path.stem), multiline=False)[0].strip() or "article"
    if article_id != path.stem:
        problems.append(
            f"the file name has undecodable bytes or control/invisible characters: its id is {article_id!r}"
        )
    raw, note = decode_text(data)
    if note:
        problems.append(note)
    try:
        article = parse_article(raw, article_id=article_id, path=str(path), today=today)
    except ArticleError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure inside one file is that file's problem
        raise ArticleError(path, f"could not be read ({type(exc).__name__})") from None
    if problems:
        article = Article(**{**article.__dict__, "problems": tuple(problems) + article.problems})
    return article


def scan_articles(articles_dir: str | Path) -> tuple[list[Path], list[ArticleProblem]]:
    """The article files of a directory that can be read (regular files, or links to regular
    files inside the directory), by name, and every other entry named like an article with the
    reason it is not read (directories, FIFOs, devices, links leading out of the folder, HTML)."""
    directory = Path(articles_dir)
    root = directory.resolve()
    paths: list[Path] = []
    problems: list[ArticleProblem] = []
    try:
        names = sorted(os.listdir(directory))
    except OSError as exc:  # no permission to list it, or gone since the caller's check
        raise ArticleError(directory, f"cannot be listed ({exc.strerror or exc})") from None
    for name in names:
        suffix = os.path.splitext(name)[1].lower()
        if suffix not in ARTICLE_SUFFIXES and suffix not in LISTED_NOT_READ_SUFFIXES:
            continue
        path = directory / name
        shown_name = display_name(name)
        if suffix in LISTED_NOT_READ_SUFFIXES:
            problems.append(
                ArticleProblem(shown_name, "an HTML page: save the article text as .md or .txt to use it")
            )
            continue
        reason = _not_readable_reason(path, root)
        if reason:
            problems.append(ArticleProblem(shown_name, reason))
        else:
            paths.append(path)
    return paths, problems


def _not_readable_reason(path: Path, root: Path) -> str | None:
    try:
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root):
                return "a link to a file outside the articles folder; not read"
        info = path.stat()
    except (OSError, RuntimeError) as exc:  # broken link, link loop, permissions
        return f"cannot be read ({getattr(exc, 'strerror', None) or exc})"
    if not stat.S_ISREG(info.st_mode):
        return f"{_file_kind(info.st_mode)}, not a regular file"
    if info.st_size > MAX_ARTICLE_BYTES:
        return _too_large(info.st_size)
    return None


def article_paths(articles_dir: str | Path) -> list[Path]:
    """Article files in a directory that can be read, in a stable order (by name)."""
    return scan_articles(articles_dir)[0]


def load_articles(
    articles_dir: str | Path, *, today: date | None = None
) -> tuple[list[Article], list[ArticleProblem]]:
    """Every usable article of a directory, and the files that were skipped with their reasons."""
    directory = Path(articles_dir)
    if not directory.is_dir():
        raise ArticleError(directory, "is not a directory")
    articles: list[Article] = []
    paths, skipped = scan_articles(directory)
    seen: dict[str, str] = {}
    for path in paths:
        article, problem = read_article_file(path, today=today)
        if problem is not None:
            skipped.append(problem)
            continue
        assert article is not None
        if article.id in seen:
            skipped.append(
                ArticleProblem(
                    display_name(path.name), f"duplicate article id {article.id!r} (also {seen[article.id]})"
                )
            )
            continue
        seen[article.id] = display_name(path.name)
        articles.append(article)
    skipped.sort(key=lambda p: p.file)
    return articles, skipped


def read_article_file(
    path: Path, *, today: date | None = None
) -> tuple[Article | None, ArticleProblem | None]:
    """(article, None) or (None, the reason it is skipped): never raises for one file."""
    try:
        return load_article(path, today=today), None
    except ArticleError as exc:
        return None, ArticleProblem(display_name(path.name), exc.reason)
    except Exception as exc:  # noqa: BLE001 - e.g. MemoryError: this file's problem only
        return None, ArticleProblem(display_name(path.name), f"could not be read ({type(exc).__name__})")
