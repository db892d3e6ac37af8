"""The store: articles added through the app or the CLI and the append-only review log, in any
SQLAlchemy database (default: one SQLite file), with the schema managed by Alembic migrations."""

from .engine import StoreError, create_store_engine, default_db_url, migrate
from .repo import (
    ACTIONS,
    AddResult,
    NewArticle,
    Review,
    ReviewConflict,
    ReviewDraft,
    add_article,
    all_reviews,
    content_hash,
    latest_review,
    save_review,
    store_version,
    stored_articles,
    url_key,
)

__all__ = [
    "ACTIONS",
    "AddResult",
    "NewArticle",
    "Review",
    "ReviewConflict",
    "ReviewDraft",
    "StoreError",
    "add_article",
    "all_reviews",
    "content_hash",
    "create_store_engine",
    "default_db_url",
    "latest_review",
    "migrate",
    "save_review",
    "store_version",
    "stored_articles",
    "url_key",
]
