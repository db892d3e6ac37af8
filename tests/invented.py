"""The extractor run on an invented article, for the unit tests of the extraction rules (the
sentences are invented in the shapes of real reports; real texts stay in ../shared)."""

from __future__ import annotations

from datetime import date

from geodata.extraction import extract_incidents
from geodata.gazetteer import load_gazetteer
from geodata.model import Article, Incident


def extract(body: str, published: date, *, title: str = "Border report") -> list[Incident]:
    """The incidents of one article with this body, publication day and headline."""
    article = Article("invented", "invented.md", title, "Test Outlet", None, published, body)
    return extract_incidents(article, load_gazetteer())
