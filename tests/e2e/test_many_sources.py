"""An incident merged from 150 hostile-size sources (10,000-character titles and quotes, about
3 MB of evidence) opens by link without sending the page its whole evidence: the popup lists 10
sources and says how many more, the details panel pages them 10 at a time, titles and quotes are
cut (dashboard/source_caps.py). Asserted on what reaches the page (elements, bytes), not on time."""

from __future__ import annotations

import json

import pytest

from dashboard import source_caps
from tests.e2e.server import ServerFailed, running_app

from . import helpers as h

pytestmark = [pytest.mark.browser]

SOURCES = 150
LONG_TEXT = 10_000
EVIDENCE_BYTES = SOURCES * 2 * LONG_TEXT  # what an uncapped page would carry, at least


def _many_sources_collection() -> tuple[dict, str]:
    from geodata.gazetteer import load_gazetteer
    from tests.benchmarks.synth import synthetic_collection

    collection = synthetic_collection(20, load_gazetteer())
    target = next(f for f in collection["features"] if f.get("geometry"))
    target["properties"]["sources"] = [
        {
            "article": f"hostile-{i:03d}",
            "title": f"T{i:03d} " + "t" * LONG_TEXT,
            "outlet": f"Outlet {i}",
            "url": f"https://example.org/{i}",
            "published": "2020-01-01",
            "quote": f"Q{i:03d} " + "q" * LONG_TEXT,
        }
        for i in range(SOURCES)
    ]
    return collection, str(target["id"])


@pytest.fixture(scope="module")
def many_sources_server(tmp_path_factory):
    collection, incident = _many_sources_collection()
    folder = tmp_path_factory.mktemp("many-sources")
    path = folder / "incidents.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")
    try:
        with running_app(
            folder / "streamlit.log", {"DURAND_GEOJSON": str(path)}, drop_env=("DURAND_ARTICLES_DIR",)
        ) as server:
            yield server, incident
    except ServerFailed as exc:
        pytest.fail(str(exc))


def _page_text(page) -> str:
    return page.evaluate("() => document.body.innerText")


def test_an_incident_with_150_huge_sources_opens_with_ten_at_a_time(many_sources_server, page):
    server, incident = many_sources_server
    frame = h.open_app(page, server.url, f"incident={incident}")
    page.get_by_text("Sources page", exact=False).first.wait_for(timeout=h.LONG)
    h.wait_idle(page)

    # the details panel: the first 10 sources, cut, with the count of the rest
    text = _page_text(page)
    listed = [i for i in range(SOURCES) if f"T{i:03d} " in text]
    assert listed == list(range(source_caps.SOURCES_SHOWN)), listed
    assert "and 140 more" in text, text[-2000:]
    assert "t" * (source_caps.TITLE_CHARS + 10) not in text
    assert "q" * (source_caps.QUOTE_CHARS + 10) not in text
    main_bytes = page.evaluate("() => document.documentElement.outerHTML.length")
    assert main_bytes < EVIDENCE_BYTES / 10, f"the page holds {main_bytes:,} characters"

    # the map: its popup lists 10 sources and says how many more; the whole map document is small
    map_bytes = frame.evaluate("() => document.documentElement.outerHTML.length")
    assert map_bytes < EVIDENCE_BYTES / 3, f"the map document holds {map_bytes:,} characters"
    props = h.open_popup(frame, "T000 ")
    assert len(props["popup"]) < 20_000, len(props["popup"])
    popup = h.popup_text(frame)
    assert "T009 " in popup and "T010 " not in popup, popup[:500]
    assert "and 140 more" in popup, popup[-500:]

    # the page still answers: page through to the last sources
    box = page.get_by_label("Sources page", exact=False).first
    box.fill("15")
    box.press("Enter")
    page.get_by_text("T149 ", exact=False).first.wait_for(timeout=h.LONG)
    h.wait_idle(page)
    text = _page_text(page)
    assert "T000 " not in text and "Sources 141–150 of 150" in text, text[-2000:]
