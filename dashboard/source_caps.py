"""How much of an incident's evidence the page shows at once.

An incident merged from a hundred reports (or from hostile files with megabyte titles and
quotes) must not freeze the visitor's tab: popups and the details panel show at most
SOURCES_SHOWN sources ("and 95 more"), the details panel pages through the rest, and titles and
quotes are cut to a readable length. The downloads keep everything, uncut.
The article reader already cuts titles to 500 characters (geodata.articles.FIELD_CHAR_LIMITS);
quotes are whole sentences and have no cap before this one.
"""

from __future__ import annotations

from collections.abc import Sequence

SOURCES_SHOWN = 10
TITLE_CHARS = 200
QUOTE_CHARS = 600


def clip(text: object, limit: int) -> str:
    """`text` cut to `limit` characters, with an ellipsis when something was cut."""
    value = str(text or "")
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def page_of(sources: Sequence, page: int = 1) -> tuple[Sequence, int, int]:
    """(the sources of 1-based `page`, number of the first one, number of pages)."""
    pages = max(1, -(-len(sources) // SOURCES_SHOWN))
    page = min(max(1, page), pages)
    first = (page - 1) * SOURCES_SHOWN
    return sources[first : first + SOURCES_SHOWN], first + 1, pages


def more_text(total: int, shown: int) -> str:
    """'and 95 more' or ''."""
    return f"and {total - shown:,} more" if total > shown else ""
