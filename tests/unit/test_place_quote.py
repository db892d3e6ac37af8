"""The sentence that names an incident's place travels with its evidence (Source.place_quote) when
the evidence sentence does not name it: "Authorities closed the crossing" after a sentence about
Torkham shows that sentence too, in the GeoJSON, both CSVs and the popup. Articles are invented."""

from __future__ import annotations

import csv
import io
from datetime import date

from dashboard.popups import popup_html
from geodata import csv_export
from geodata.export import evidence_text, to_features, write_csv
from geodata.extraction import extract_incidents
from geodata.model import Article

CLASH = (
    "Pakistani and Afghan forces exchanged fire near the Torkham border crossing on Monday, officials said."
)
CLOSURE = "Authorities closed the crossing on Tuesday, leaving hundreds of trucks stranded, a customs official said."


def _article(body: str, title: str = "Border tension") -> Article:
    return Article("t1", "t1.md", title, "Test Outlet", None, date(2026, 3, 10), body)


def _only(incidents, etype):
    found = [i for i in incidents if i.event_type == etype]
    assert len(found) == 1, [(i.event_type, i.place) for i in incidents]
    return found[0]


def test_a_place_told_a_sentence_before_comes_with_that_sentence(gazetteer):
    incidents = extract_incidents(_article(f"{CLASH}\n\n{CLOSURE}"), gazetteer)
    closure = _only(incidents, "crossing_closed")
    assert closure.place is not None and "Torkham" in closure.place.name
    assert closure.sources[0].quote == CLOSURE
    assert closure.sources[0].place_quote == CLASH
    # the clash's own sentence names the place: nothing to add
    assert _only(incidents, "armed_clash").sources[0].place_quote is None


def test_a_quote_that_names_the_place_has_no_place_quote(gazetteer):
    body = "Authorities closed the Torkham crossing on Tuesday, a customs official said."
    closure = _only(extract_incidents(_article(body), gazetteer), "crossing_closed")
    assert closure.sources[0].place_quote is None


def test_a_place_only_the_headline_names_adds_no_sentence(gazetteer):
    # the title is the source's own field; no body sentence names the place
    body = "The gate was closed again on Thursday evening after a dispute, officials said."
    closure = _only(extract_incidents(_article(body, "Torkham shut again"), gazetteer), "crossing_closed")
    assert closure.place is not None and "Torkham" in closure.place.name
    assert closure.sources[0].place_quote is None


def test_exports_and_popup_carry_the_place_sentence(gazetteer):
    incidents = extract_incidents(_article(f"{CLASH}\n\n{CLOSURE}"), gazetteer)
    features = to_features(incidents)
    by_type = {f["properties"]["event_type"]: f for f in features}
    closure_source = by_type["crossing_closed"]["properties"]["sources"][0]
    assert closure_source["place_quote"] == CLASH
    # absent, not null, where the quote names the place: the file stays as it was for those
    assert "place_quote" not in by_type["armed_clash"]["properties"]["sources"][0]
    assert evidence_text(closure_source) == f"{CLOSURE} [place named in: {CLASH}]"

    table = io.StringIO()
    write_csv(features, table)
    rows = {r["event_type"]: r for r in csv.DictReader(io.StringIO(table.getvalue()))}
    assert CLASH in rows["crossing_closed"]["quotes"] and rows["armed_clash"]["quotes"] == CLASH

    acled = io.StringIO()
    csv_export.write_csv(features, acled)
    assert f"[place named in: {CLASH}]" in acled.getvalue()

    popup = popup_html(by_type["crossing_closed"]["properties"])
    assert "Place named in:" in popup and "near the Torkham border crossing on Monday" in popup
    assert "Place named in:" not in popup_html(by_type["armed_clash"]["properties"])


def test_the_place_sentence_is_escaped_in_the_popup():
    props = {
        "id": "inc-1",
        "event_type": "crossing_closed",
        "claims": [],
        "sources": [
            {
                "article": "a",
                "title": "t",
                "outlet": "o",
                "url": None,
                "published": None,
                "quote": "q",
                "place_quote": "<img src=x onerror=alert(1)> at Torkham",
            },
        ],
    }
    popup = popup_html(props)
    assert "<img" not in popup and "&lt;img src=x" in popup
