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


# the publication day the rule tests read their invented sentences against (a Friday)
PUBLISHED = date(2025, 10, 24)


def event_types(body: str, published: date = PUBLISHED, *, title: str = "Border report") -> list[str]:
    """The sorted event types extracted from an invented article."""
    return sorted(i.event_type for i in extract(body, published, title=title))


def of_type(body: str, event_type: str, published: date = PUBLISHED) -> list[Incident]:
    """The incidents of one type extracted from an invented article."""
    return [i for i in extract(body, published) if i.event_type == event_type]


def claims_of(body: str, event_type: str, published: date = PUBLISHED) -> list:
    """The claims of the incidents of one type extracted from an invented article."""
    return [c for i in of_type(body, event_type, published) for c in i.claims]
