"""Reading and writing the store: articles added through the app or the CLI, and the review log.

Writes are plain functions over an `Engine`; reads return frozen dataclasses, never ORM objects
bound to a session, so the app can cache them and share them between sessions.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..model import Article
from .engine import migrate
from .models import ReviewEntry, ReviewHead, StoredArticle

ACTIONS = ("confirm", "correct", "reject", "add_missed", "merge", "split")


# ---- articles ---------------------------------------------------------------------------------


def normalise_text(text: str) -> str:
    """Text as compared for duplicates: Unicode NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_[a-z]+)=", re.IGNORECASE)


def url_key(url: str | None) -> str | None:
    """The same page, however written: scheme and host lower-cased, no fragment, no tracking
    parameters, no trailing slash; hashed so the unique index stays short."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    query = "&".join(q for q in parts.query.split("&") if q and not _TRACKING.match(q))
    path = parts.path.rstrip("/") or "/"
    host = (parts.hostname or "").lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    canonical = urlunsplit((parts.scheme.lower(), host, path, query, ""))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewArticle:
    title: str
    outlet: str
    body: str
    url: str | None = None
    published: date | None = None
    published_source: str = "unknown"
    origin: str = "paste"
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class AddResult:
    article_id: str
    added: bool  # False: a duplicate of `article_id`, nothing written
    reason: str = ""  # why it is a duplicate


def add_article(engine: Engine, new: NewArticle, *, added_by: str) -> AddResult:
    """Store an article unless the same URL or the same text is already there."""
    migrate(engine)
    text_hash = content_hash(new.body)
    key = url_key(new.url)
    existing = find_duplicate(engine, text_hash, key)
    if existing is not None:
        return existing
    article_id = "db-" + text_hash[:12]
    row = {
        "article_id": article_id,
        "url": new.url,
        "url_key": key,
        "content_hash": text_hash,
        "title": new.title,
        "outlet": new.outlet,
        "published": new.published,
        "published_source": new.published_source,
        "body": new.body,
        "origin": new.origin,
        "problems": list(new.problems),
        "added_by": added_by,
        "added_at": datetime.now(UTC),
    }
    try:
        with engine.begin() as conn:
            conn.execute(insert(StoredArticle).values(**row))
    except IntegrityError:  # someone added the same page or text a moment ago
        again = find_duplicate(engine, text_hash, key)
        if again is None:
            raise
        return again
    return AddResult(article_id, True)


def find_duplicate(engine: Engine, text_hash: str, key: str | None) -> AddResult | None:
    with engine.connect() as conn:
        if key is not None:
            found = conn.execute(select(StoredArticle.article_id).where(StoredArticle.url_key == key)).first()
            if found:
                return AddResult(found[0], False, "the same URL was added before")
        found = conn.execute(
            select(StoredArticle.article_id).where(StoredArticle.content_hash == text_hash)
        ).first()
        if found:
            return AddResult(found[0], False, "the same text was added before")
    return None


def stored_articles(engine: Engine) -> list[Article]:
    """Every stored article as a pipeline `Article`, in the order they were added."""
    migrate(engine)
    with Session(engine) as session:
        rows = session.scalars(select(StoredArticle).order_by(StoredArticle.id)).all()
    return [
        Article(
            id=r.article_id,
            path=f"store:{r.article_id}",
            title=r.title,
            outlet=r.outlet,
            url=r.url,
            published=r.published,
            body=r.body,
            published_source=r.published_source,
            problems=tuple(r.problems or ()),
        )
        for r in rows
    ]


# ---- reviews ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    """One entry of the review log."""

    id: int
    anchor: str
    article_id: str
    sentence_hash: str
    event_type: str
    machine_place_id: str | None
    quote: str
    incident_id: str
    action: str
    changes: dict
    reviewer: str
    note: str
    created_at: str  # ISO 8601, UTC
    version: int


@dataclass(frozen=True)
class ReviewDraft:
    """What a reviewer decided about one incident, before it is saved."""

    anchor: str
    article_id: str
    sentence_hash: str
    event_type: str
    machine_place_id: str | None
    quote: str
    incident_id: str
    action: str
    changes: dict = field(default_factory=dict)
    note: str = ""


class ReviewConflict(Exception):
    """Someone saved a review of the same incident after this reviewer loaded it."""

    def __init__(self, latest: Review | None, expected: int):
        self.latest = latest
        self.expected = expected
        who = (
            f"{latest.reviewer} ({latest.action}, {latest.created_at[:16].replace('T', ' ')} UTC)"
            if latest
            else "someone"
        )
        super().__init__(
            f"Not saved: {who} reviewed this incident after you opened it. "
            "Their review is shown now; check it and save again if you still disagree."
        )


def _as_review(row: ReviewEntry) -> Review:
    created = row.created_at
    if created.tzinfo is None:  # SQLite returns naive datetimes; they were written in UTC
        created = created.replace(tzinfo=UTC)
    return Review(
        id=row.id,
        anchor=row.anchor,
        article_id=row.article_id,
        sentence_hash=row.sentence_hash,
        event_type=row.event_type,
        machine_place_id=row.machine_place_id,
        quote=row.quote,
        incident_id=row.incident_id,
        action=row.action,
        changes=dict(row.changes or {}),
        reviewer=row.reviewer,
        note=row.note,
        created_at=created.astimezone(UTC).isoformat(timespec="seconds"),
        version=row.version,
    )


def save_review(engine: Engine, draft: ReviewDraft, *, expected_version: int, reviewer: str) -> Review:
    """Append one review if the anchor is still at `expected_version` (0: never reviewed).

    The version check and the insert happen in one transaction: the head row is created (unique
    key) or moved from `expected_version` to the next one, so of two concurrent saves from the
    same version exactly one wins; the other raises `ReviewConflict` and writes nothing.

    One sentence can hold several incidents of one type ("fighting at Torkham and Chaman"): they
    share the anchor and are told apart by their machine place. Reviews since `expected_version`
    that are all of the other places are no conflict: the save goes on from the current version."""
    if draft.action not in ACTIONS:
        raise ValueError(f"unknown review action {draft.action!r}")
    migrate(engine)
    for _ in range(5):
        try:
            return _save_at(engine, draft, expected_version, reviewer)
        except ReviewConflict as conflict:
            newer = _reviews_after(engine, draft.anchor, expected_version)
            same = [r for r in newer if not _other_place(draft, r)]
            if not newer or same:  # a real conflict: show the review of this incident that won
                raise ReviewConflict(
                    max(same, key=lambda r: r.version) if same else conflict.latest, expected_version
                ) from None
            expected_version = max(r.version for r in newer)
    raise ReviewConflict(latest_review(engine, draft.anchor), expected_version)


def _other_place(draft: ReviewDraft, review: Review) -> bool:
    """A review of another incident on the same sentence: both name a machine place and they
    differ. An incident without a place, or a reviewer's added one (add_missed: no machine
    place), cannot be told apart, so a newer review there is a conflict."""
    if draft.action == "add_missed" or draft.machine_place_id is None or review.machine_place_id is None:
        return False
    return review.machine_place_id != draft.machine_place_id


def _reviews_after(engine: Engine, anchor: str, version: int) -> list[Review]:
    with Session(engine) as session:
        rows = session.scalars(
            select(ReviewEntry).where(ReviewEntry.anchor == anchor, ReviewEntry.version > version)
        )
        return [_as_review(r) for r in rows]


def _save_at(engine: Engine, draft: ReviewDraft, expected_version: int, reviewer: str) -> Review:
    version = expected_version + 1
    try:
        with engine.begin() as conn:
            if expected_version == 0:
                conn.execute(insert(ReviewHead).values(anchor=draft.anchor, version=version))
            else:
                moved = conn.execute(
                    update(ReviewHead)
                    .where(ReviewHead.anchor == draft.anchor, ReviewHead.version == expected_version)
                    .values(version=version)
                )
                if moved.rowcount != 1:
                    raise _Lost
            result = conn.execute(
                insert(ReviewEntry).values(
                    **{k: getattr(draft, k) for k in draft.__dataclass_fields__},
                    reviewer=reviewer,
                    created_at=datetime.now(UTC),
                    version=version,
                )
            )
            primary_key = result.inserted_primary_key
            assert primary_key is not None
            new_id = primary_key[0]
    except (IntegrityError, _Lost):
        raise ReviewConflict(latest_review(engine, draft.anchor), expected_version) from None
    with Session(engine) as session:
        return _as_review(session.scalars(select(ReviewEntry).where(ReviewEntry.id == new_id)).one())


class _Lost(Exception):
    pass


def latest_review(engine: Engine, anchor: str) -> Review | None:
    with Session(engine) as session:
        row = session.scalars(
            select(ReviewEntry).where(ReviewEntry.anchor == anchor).order_by(ReviewEntry.id.desc()).limit(1)
        ).first()
        return _as_review(row) if row is not None else None


def all_reviews(engine: Engine) -> list[Review]:
    """The whole log, oldest first."""
    migrate(engine)
    with Session(engine) as session:
        return [_as_review(r) for r in session.scalars(select(ReviewEntry).order_by(ReviewEntry.id))]


def store_version(engine: Engine) -> tuple[int, int]:
    """(last review id, last article id): changes whenever anything is written (a cache key)."""
    migrate(engine)
    with engine.connect() as conn:
        reviews = conn.execute(select(func.max(ReviewEntry.id))).scalar() or 0
        articles = conn.execute(select(func.max(StoredArticle.id))).scalar() or 0
    return int(reviews), int(articles)
