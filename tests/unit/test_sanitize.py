import pytest

from geodata.sanitize import escape_html, link_html, safe_url

HOSTILE = [
    '<img src=x onerror="alert(1)">',
    "</script><script>alert(1)</script>",
    "${alert(document.domain)}",
    "`; alert(1); `",
    "\\u003cscript\\u003e",
    "' onmouseover='alert(1)",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_has_no_markup_or_template_breakers(text):
    out = escape_html(text)
    for dangerous in ("<", ">", '"', "'", "`", "${", "\\"):
        assert dangerous not in out


def test_plain_text_survives_and_none_is_empty():
    assert escape_html("Torkham & Chaman") == "Torkham &amp; Chaman"
    assert escape_html(None) == ""
    assert escape_html(58) == "58"


@pytest.mark.parametrize(
    "url, ok",
    [
        ("https://www.dawn.com/news/1", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example/x", False),
        ("https://exa\nmple.org", False),
        ("", False),
        (None, False),
    ],
)
def test_safe_url(url, ok):
    assert (safe_url(url) is not None) is ok


def test_link_opens_safely_and_drops_bad_urls():
    assert 'rel="noopener noreferrer"' in link_html("https://a.org/?q=<x>", "A")
    assert "&lt;x&gt;" in link_html("https://a.org/?q=<x>", "A")
    assert link_html("javascript:alert(1)", "<b>") == "&lt;b&gt;"
