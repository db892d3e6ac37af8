"""The one escaper for every string that reaches map HTML.

folium does not escape: `Tooltip` text lands in a JS template literal, `Popup` HTML is inserted raw
and GeoJson popups/tooltips are written with innerHTML. Article text comes from the open web, so
every value goes through `escape_html` before it is put in HTML, and links through `safe_url`.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

# Beyond html.escape: characters that break out of JS template literals (`, ${) or escapes (\).
_EXTRA = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})
# One pass: drop control characters other than tab/newline, then what html.escape(quote=True)
# escapes, then _EXTRA (same output as the three steps, much faster on thousands of popups).
_ONE_PASS = str.maketrans(
    {
        **{chr(i): None for i in range(32) if chr(i) not in "\t\n"},
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#x27;",
        "`": "&#96;",
        "$": "&#36;",
        "\\": "&#92;",
    }
)


def escape_html(value: object) -> str:
    """Text -> HTML-safe text, also safe inside a JS template literal. None -> ''."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    # Control characters other than tab/newline carry no meaning in popups and can confuse parsers.
    return text.translate(_ONE_PASS)


def _escape_html_reference(value: object) -> str:
    """escape_html in three steps (kept for the equivalence test)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = "".join(ch for ch in text if ch >= " " or ch in "\t\n")
    return html.escape(text, quote=True).translate(_EXTRA)


def safe_url(url: object) -> str | None:
    """Return the URL if it is an absolute http(s) URL with a host, else None (javascript:, data:, ...)."""
    if not isinstance(url, str):
        return None
    candidate = url.strip()
    if not candidate or any(ch < " " or ch == "\x7f" for ch in candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return candidate


def link_html(url: object, label: object) -> str:
    """An escaped label, wrapped in a link that opens safely in a new tab when the URL is http(s)."""
    text = escape_html(label)
    href = safe_url(url)
    if href is None:
        return text
    return f'<a href="{escape_html(href)}" target="_blank" rel="noopener noreferrer">{text}</a>'
