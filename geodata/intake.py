"""Article intake: web pages, RSS/Atom feeds, pasted text and files -> `NewArticle`s for the store.

Pages are fetched defensively (only http/https, a timeout for the whole download, a size cap
enforced while streaming, a content-type check, a bounded number of redirects, each hop checked
again); the main text and metadata come from trafilatura, the publication date from htmldate,
feed entries from feedparser. Nothing here strips tags by hand.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .articles import MAX_ARTICLE_BYTES, ArticleError, decode_text, parse_article
from .store.repo import NewArticle

TIMEOUT_S = 15.0  # the whole download, not one read: a server dripping bytes is cut off too
MAX_PAGE_BYTES = 5_000_000  # news pages are ~0.1-2 MB; more is not an article
MAX_REDIRECTS = 5
MAX_FEED_ENTRIES = 50
MIN_WORDS = 8  # less main text than this is a menu or an error page, not an article
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain", "text/markdown")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
)
USER_AGENT = "durand-incidents/0.1 (+https://github.com/; article intake)"


class IntakeError(Exception):
    """A page, feed or file could not be turned into an article; the message says why."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    charset: str | None
    data: bytes


def _check_url(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise IntakeError(f"only http:// and https:// addresses can be fetched, not {url[:80]!r}")
    if allow_private:
        return
    # a hosted app must not be turned into a probe of its own network (SSRF)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise IntakeError(f"cannot resolve {parts.hostname}: {exc}") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise IntakeError(f"{parts.hostname} is a private or local address; not fetched")


def fetch(
    url: str,
    *,
    accept: tuple[str, ...] = HTML_TYPES + TEXT_TYPES,
    timeout: float = TIMEOUT_S,
    max_bytes: int = MAX_PAGE_BYTES,
    max_redirects: int = MAX_REDIRECTS,
    allow_private: bool = True,
) -> Fetched:
    """GET a page with every limit enforced; raises IntakeError with a readable reason."""
    import urllib3

    deadline = time.monotonic() + timeout
    pool = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(connect=min(timeout, 10), read=timeout))
    seen = [url]
    for _hop in range(max_redirects + 1):
        _check_url(url, allow_private)
        try:
            response = pool.request(
                "GET", url, redirect=False, preload_content=False, headers={"User-Agent": USER_AGENT}
            )
        except urllib3.exceptions.HTTPError as exc:
            raise IntakeError(f"cannot fetch {url[:120]}: {type(exc).__name__}") from None
        try:
            if 300 <= response.status < 400 and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                seen.append(url)
                continue
            if response.status != 200:
                raise IntakeError(f"{url[:120]} answered HTTP {response.status}")
            content_type, charset = _content_type(response.headers.get("Content-Type", ""))
            if content_type not in accept:
                raise IntakeError(
                    f"{url[:120]} is {content_type or 'of unknown type'}, not a web page or a feed"
                )
            data = _read_capped(response, max_bytes, deadline, url)
            return Fetched(url, content_type, charset, data)
        finally:
            response.release_conn()
    raise IntakeError(f"more than {max_redirects} redirects from {seen[0][:120]} (last: {url[:120]})")


def _content_type(header: str) -> tuple[str, str | None]:
    kind, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"') or None
    return kind.strip().lower(), charset


def _read_capped(response, max_bytes: int, deadline: float, url: str) -> bytes:
    import urllib3

    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise IntakeError(
            f"{url[:120]} is {int(declared) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB"
        )
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.stream(64 * 1024):
            size += len(chunk)
            if size > max_bytes:
                raise IntakeError(f"{url[:120]} is larger than {max_bytes / 1e6:.0f} MB; not an article")
            if time.monotonic() > deadline:
                raise IntakeError(f"{url[:120]} took too long (limit {TIMEOUT_S:.0f} s)")
            chunks.append(chunk)
    except urllib3.exceptions.HTTPError as exc:  # read timeout, connection dropped
        raise IntakeError(f"cannot fetch {url[:120]}: {type(exc).__name__}") from None
    return b"".join(chunks)


# ---- pages -> articles ----------------------------------------------------------------------------


def _decode(data: bytes, charset: str | None) -> str | bytes:
    """Text when the server named a usable charset; otherwise the bytes, for trafilatura to detect
    (it reads <meta charset> and falls back to charset detection)."""
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return data


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def article_from_html(html: str | bytes, url: str | None = None, *, origin: str = "url") -> NewArticle:
    """Main text, title, site name and publication date of a web page."""
    import htmldate
    import trafilatura

    extracted = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    document = extracted if extracted is None or isinstance(extracted, dict) else extracted.as_dict()
    if not isinstance(document, dict) or len((document.get("text") or "").split()) < MIN_WORDS:
        raise IntakeError(f"no article text found in {url or 'the page'}")
    published = _iso_date(htmldate.find_date(html, url=url, original_date=True, outputformat="%Y-%m-%d"))
    published = published or _iso_date(document.get("date"))
    host = urlsplit(url).hostname if url else None
    problems = () if published else ("no publication date found in the page",)
    title = (document.get("title") or "").strip() or (document["text"].strip().splitlines()[0][:120])
    return NewArticle(
        title=title,
        outlet=(document.get("sitename") or host or "unknown").strip(),
        body=document["text"].strip(),
        url=url,
        published=published if published and published <= date.today() else None,
        published_source="page" if published else "unknown",
        origin=origin,
        problems=problems,
    )


def article_from_url(url: str, *, allow_private: bool = True, **limits) -> NewArticle:
    fetched = fetch(url.strip(), allow_private=allow_private, **limits)
    if fetched.content_type in TEXT_TYPES:
        text = fetched.data.decode(fetched.charset or "utf-8", errors="replace")
        return replace(article_from_text(text, name=fetched.url, origin="url"), url=fetched.url)
    return article_from_html(_decode(fetched.data, fetched.charset), fetched.url)


def article_from_text(text: str, *, name: str = "pasted text", origin: str = "paste") -> NewArticle:
    """Pasted or uploaded text: optional YAML front matter (title, outlet, url, published) as in
    seeds/, then the body."""
    if len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        raise IntakeError(f"{name} is larger than {MAX_ARTICLE_BYTES / 1e6:.0f} MB; not an article")
    if not text.strip():
        raise IntakeError(f"{name} is empty")
    try:
        article = parse_article(text, article_id="new", path=name)
    except ArticleError as exc:
        raise IntakeError(f"{name}: {exc.reason}") from None
    if not article.body.strip():
        raise IntakeError(f"{name} has front matter but no text")
    return NewArticle(
        title=article.title,
        outlet=article.outlet,
        body=article.body.strip(),
        url=article.url,
        published=article.published,
        published_source=article.published_source,
        origin=origin,
        problems=article.problems,
    )


def article_from_file(name: str, data: bytes, *, origin: str = "upload") -> NewArticle:
    """An uploaded or local file: .md / .txt (front matter optional) or .html / .htm."""
    suffix = Path(name).suffix.lower()
    if len(data) > MAX_PAGE_BYTES:
        raise IntakeError(f"{name} is larger than {MAX_PAGE_BYTES / 1e6:.0f} MB; not an article")
    if suffix in (".html", ".htm"):
        return article_from_html(data, None, origin=origin)
    if suffix in (".md", ".txt", ".markdown"):
        if b"\x00" in data:
            raise IntakeError(f"{name} is a binary file, not text")
        text, note = decode_text(data)
        article = article_from_text(text, name=name, origin=origin)
        return replace(article, problems=(note, *article.problems)) if note else article
    raise IntakeError(f"{name}: only .md, .txt and .html files can be added")


# ---- feeds ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedItem:
    link: str | None
    article: NewArticle | None
    problem: str | None = None


def feed_items(
    url: str, *, allow_private: bool = True, max_entries: int = MAX_FEED_ENTRIES, **limits
) -> Iterator[FeedItem]:
    """Each entry of an RSS/Atom feed as an article: the linked page when it can be fetched, else
    the entry's own text (marked as such)."""
    import feedparser

    fetched = fetch(url.strip(), accept=FEED_TYPES + HTML_TYPES, allow_private=allow_private, **limits)
    feed = feedparser.parse(fetched.data, response_headers={"content-type": fetched.content_type})
    if not feed.entries:
        reason = getattr(feed, "bozo_exception", None)
        raise IntakeError(
            f"{url[:120]} is not an RSS/Atom feed with entries{f' ({reason})' if reason else ''}"
        )
    for entry in feed.entries[:max_entries]:
        link = entry.get("link")
        try:
            if link:
                yield FeedItem(
                    link,
                    replace(article_from_url(link, allow_private=allow_private, **limits), origin="feed"),
                )
                continue
            raise IntakeError("the entry has no link")
        except IntakeError as exc:
            summary = _entry_html(entry)
            if not summary:
                yield FeedItem(link, None, str(exc))
                continue
            try:
                article = article_from_html(
                    f"<html><body><article>{summary}</article></body></html>", link, origin="feed"
                )
            except IntakeError as inner:
                yield FeedItem(link, None, f"{exc}; {inner}")
                continue
            title = entry.get("title") or article.title
            published = _feed_date(entry) or article.published
            yield FeedItem(
                link,
                replace(
                    article,
                    title=title,
                    published=published,
                    problems=(*article.problems, f"text from the feed entry ({exc})"),
                ),
            )


def _entry_html(entry) -> str:
    for content in entry.get("content") or []:
        if content.get("value"):
            return str(content["value"])
    return str(entry.get("summary") or "")


def _feed_date(entry) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None
