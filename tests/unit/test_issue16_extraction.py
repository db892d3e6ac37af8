"""Three extraction defects a map user saw (issue 16), on invented articles with the real
gazetteer: a dateline of the form "City: Sources said ..." is where the story was filed, not a
place of the incident; lorries waiting at a crossing are not a reopening; a region is reported
with a region's precision, not as a line or a town."""

from __future__ import annotations

from datetime import date

import pytest

from geodata.extraction import extract_incidents
from geodata.model import Article, location_precision_label


def _article(title: str, body: str) -> Article:
    return Article("t16", "t16.md", title, "Test Outlet", None, date(2025, 5, 6), body)


@pytest.mark.parametrize("source", ["Sources informed this correspondent", "Security officials said"])
def test_a_city_colon_sources_dateline_is_not_an_incident_place(gazetteer, source):
    body = f"Miranshah: {source} that two border posts in Angoor Adda came under fire overnight."
    incidents = extract_incidents(_article("Posts come under fire", body), gazetteer)
    places = {i.place.name for i in incidents if i.place is not None}
    assert incidents, "the attack on the posts must be found"
    assert not any("Miran" in name for name in places), places
    assert any("Angoor" in name for name in places), places


def test_lorries_waiting_at_a_crossing_are_not_a_reopening(gazetteer):
    body = "Hundreds of lorries waited at the Ghulam Khan crossing on Tuesday as clearance slowed."
    incidents = extract_incidents(_article("Traders wait at the border", body), gazetteer)
    assert not [i for i in incidents if i.event_type == "crossing_reopened"]


def test_a_region_keeps_a_regions_precision(gazetteer):
    body = "Pakistani jets struck hideouts in eastern Afghanistan on Monday, officials said."
    strikes = [
        i for i in extract_incidents(_article("Jets strike", body), gazetteer) if i.event_type == "airstrike"
    ]
    assert strikes and strikes[0].place is not None
    label = location_precision_label(strikes[0].location_precision, strikes[0].place.kind)
    assert "region" in label and "line" not in label, label
