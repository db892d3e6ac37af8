"""The store's tables (SQLAlchemy 2 declarative models).

Two kinds of data live here: articles added through the app or the CLI, and the append-only
review log. `review_heads` holds one row per review anchor with its current version: a review is
saved only if the version the reviewer saw is still the current one (optimistic concurrency), so
two people reviewing the same incident never overwrite each other silently.

The schema is created and changed only by the Alembic migrations in `migrations/`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class StoredArticle(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(String(64), unique=True)  # "db-<hash>", the pipeline's id
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    # sha256 of the normalised URL: unique, so the same page is never added twice (even in a race)
    url_key: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the normalised text
    title: Mapped[str] = mapped_column(Text)
    outlet: Mapped[str] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, nullable=True)
    published_source: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(16))  # url | feed | paste | file | upload
    problems: Mapped[list] = mapped_column(JSON, default=list)
    added_by: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReviewEntry(Base):
    """One reviewer decision. Rows are only ever inserted (the code has no update or delete)."""

    __tablename__ = "review_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    anchor: Mapped[str] = mapped_column(String(64), index=True)  # geodata.review.Anchor.key
    article_id: Mapped[str] = mapped_column(Text)
    sentence_hash: Mapped[str] = mapped_column(String(32))
    event_type: Mapped[str] = mapped_column(String(64))
    machine_place_id: Mapped[str | None] = mapped_column(Text, nullable=True)
    quote: Mapped[str] = mapped_column(Text)  # the evidence sentence, to list unattached reviews
    incident_id: Mapped[str] = mapped_column(String(64))  # the incident's id when it was reviewed
    action: Mapped[str] = mapped_column(String(16))  # confirm | correct | reject | add_missed | merge | split
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # field -> {"old": ..., "new": ...}
    reviewer: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer)  # the anchor's version this entry created


class ReviewHead(Base):
    __tablename__ = "review_heads"

    anchor: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
