"""The store on the command line: `python -m geodata add URL|FILE... [--feed URL] [--db URL]`, and
what `python -m geodata build --db URL` adds to a build (the stored articles, the reviews)."""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .model import Article


def _reviewer() -> str:
    try:
        return f"{getpass.getuser()} (command line)"
    except (KeyError, OSError):  # no user name in a bare container
        return "command line"


def open_engine(url: str | None, *, must_exist: bool = False):
    """The store at `url`, migrated. `must_exist`: a SQLite file that is not there is an error,
    not a new empty store (a mistyped path would otherwise apply no reviews, silently)."""
    from .store import StoreError, create_store_engine, migrate
    from .store.engine import parse_url, sqlite_file

    path = sqlite_file(parse_url(url)) if url else None
    if must_exist and path is not None and not path.is_file():
        raise StoreError(f"no review store at {path} (`python -m geodata add --db …` creates one)")
    engine = create_store_engine(url)
    migrate(engine)
    return engine


def with_store_articles(articles: Sequence[Article], engine) -> list[Article]:
    """The file articles plus the stored ones (a stored article whose id a file already has is
    left out: the file wins)."""
    from .store import stored_articles

    ids = {a.id for a in articles}
    return [*articles, *(a for a in stored_articles(engine) if a.id not in ids)]


def reviewed(collection: dict, engine, *, include_rejected: bool) -> dict:
    """The built collection with every review applied; rejected incidents left out unless asked."""
    from .review import apply_reviews, without_rejected
    from .store import all_reviews

    result = apply_reviews(collection, all_reviews(engine))
    return result if include_rejected else without_rejected(result)


def review_summary(collection: dict) -> str:
    from .review import review_counts

    counts = review_counts(collection.get("features") or [])
    parts = [f"{counts[k]} {k}" for k in ("confirmed", "corrected", "rejected") if counts[k]]
    hidden = collection.get("rejected_hidden")
    if hidden:
        parts.append(f"{hidden} rejected left out (--include-rejected keeps them)")
    lost = collection.get("unattached_reviews") or []
    if lost:
        parts.append(f"{len(lost)} review(s) whose incident no longer appears")
    return "; reviews: " + ", ".join(parts) if parts else ""


def add_build_arguments(build: argparse.ArgumentParser) -> None:
    build.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="also read the articles added to this store and apply its reviews "
        "(SQLAlchemy URL, e.g. sqlite:///store.sqlite or postgresql+psycopg://user@host/db)",
    )
    build.add_argument(
        "--include-rejected",
        action="store_true",
        help="with --db: keep incidents a reviewer rejected (marked review.status = rejected)",
    )


def _cmd_add(args: argparse.Namespace) -> int:
    from .articles import ArticleError, read_regular_file
    from .intake import MAX_PAGE_BYTES, IntakeError, article_from_file, article_from_url, feed_items
    from .store import StoreError, add_article

    try:
        engine = open_engine(args.db)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    who = _reviewer()
    added = duplicates = failed = 0
    started = time.monotonic()

    def store(label: str, new) -> None:
        nonlocal added, duplicates
        result = add_article(engine, new, added_by=who)
        if result.added:
            added += 1
            print(f"added {result.article_id}: {label}")
        else:
            duplicates += 1
            print(f"already there ({result.reason}): {result.article_id}: {label}")

    for source in args.sources:
        try:
            if source.lower().startswith(("http://", "https://")):
                store(source, article_from_url(source))
            else:
                path = Path(source)
                store(
                    source,
                    article_from_file(path.name, read_regular_file(path, MAX_PAGE_BYTES), origin="file"),
                )
        except (IntakeError, ArticleError, OSError) as exc:
            failed += 1
            print(f"not added {source}: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
    for feed in args.feed or []:
        try:
            for item in feed_items(feed):
                if item.article is None:
                    failed += 1
                    print(f"not added {item.link}: {item.problem}", file=sys.stderr)
                else:
                    store(item.link or feed, item.article)
        except IntakeError as exc:
            failed += 1
            print(f"not added {feed}: {exc}", file=sys.stderr)
    elapsed = time.monotonic() - started
    print(f"{added} added, {duplicates} already there, {failed} failed ({elapsed:.1f} s) -> {engine.url!r}")
    return 0 if failed == 0 else 1


def add_subcommand(sub) -> None:
    add = sub.add_parser("add", help="add articles (web pages, feeds, files) to the store")
    add.add_argument("sources", nargs="*", help="http(s) URLs of article pages, or .md/.txt/.html files")
    add.add_argument("--feed", action="append", metavar="URL", help="an RSS/Atom feed: add every entry")
    add.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="SQLAlchemy URL of the store (default: $DURAND_DB or the local SQLite file)",
    )
    add.set_defaults(func=_cmd_add)
