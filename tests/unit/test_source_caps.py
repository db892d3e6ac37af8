"""The popup of an incident with many, long sources lists SOURCES_SHOWN of them, cut."""

from __future__ import annotations

from dashboard import source_caps
from dashboard.popups import popup_html


def _props(count: int) -> dict:
    sources = [
        {
            "article": f"a{i}",
            "title": f"T{i:03d} " + "t" * 5000,
            "outlet": "O",
            "quote": f"Q{i:03d} " + "q" * 5000,
        }
        for i in range(count)
    ]
    return {"id": "inc-x", "event_type": "armed_clash", "sources": sources}


def test_popup_lists_ten_sources_cut_and_counts_the_rest():
    html = popup_html(_props(105))
    assert html.count("<li>") == source_caps.SOURCES_SHOWN
    assert "T009 " in html and "T010 " not in html
    assert "and 95 more" in html
    assert "Sources (105)" in html
    assert "t" * (source_caps.TITLE_CHARS + 1) not in html and "q" * (source_caps.QUOTE_CHARS + 1) not in html
    assert len(html) < 20_000


def test_popup_with_few_sources_lists_them_all_without_a_more_line():
    html = popup_html(_props(3))
    assert html.count("<li>") == 3 and "more" not in html


def test_pages_of_sources():
    sources = list(range(25))
    assert source_caps.page_of(sources, 1) == (list(range(10)), 1, 3)
    assert source_caps.page_of(sources, 3) == ([20, 21, 22, 23, 24], 21, 3)
    assert source_caps.page_of(sources, 99)[1] == 21  # past the end: the last page
    assert source_caps.clip("abcdef", 4) == "abc…" and source_caps.clip("abc", 4) == "abc"
