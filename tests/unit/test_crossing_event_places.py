"""Where a closure happens (geodata.extraction.locate.crossing_event_places and the gazetteer's
"X border crossing" variant): at the crossings it names, not at the provinces its trade links nor
at the crossing traffic was sent to instead. Articles are invented; the real gazetteer is used."""

from __future__ import annotations

from datetime import date

import pytest

from geodata.extraction import extract_incidents
from geodata.model import Article


def _closure_places(gazetteer, body: str) -> list[str]:
    article = Article("c1", "c1.md", "Border trade", "Test Outlet", None, date(2026, 8, 26), body)
    return sorted(
        i.place.name
        for i in extract_incidents(article, gazetteer)
        if i.event_type == "crossing_closed" and i.place
    )


def test_a_closed_crossing_is_the_place_not_the_provinces_its_trade_links(gazetteer):
    body = (
        "The Chaman–Spin Boldak border crossing remained closed on Wednesday, bringing trade between "
        "Balochistan and southern Afghanistan to a halt, traders said."
    )
    assert _closure_places(gazetteer, body) == ["Chaman–Spin Boldak crossing"]


def test_traffic_sent_elsewhere_does_not_close_that_crossing(gazetteer):
    body = (
        "Authorities suspended cargo traffic through the Ghulam Khan crossing on Monday, diverting coal "
        "and fresh produce to Torkham, where trucks already wait two days."
    )
    assert _closure_places(gazetteer, body) == ["Ghulam Khan"]


def test_two_crossings_closed_are_still_two_places(gazetteer):
    body = "Pakistan closed the Torkham and Chaman crossings on Monday after the firing, officials said."
    assert len(_closure_places(gazetteer, body)) == 2


def test_the_crossing_is_the_one_whose_town_was_just_named_in_any_role(gazetteer):
    # "Chaman's traders" is no place of an event, but it names the crossing "the crossing" is
    body = (
        "Angoor Adda, which handles far less trade, remained open, officials said. For Chaman's traders, "
        "the latest closure comes weeks after the last one. The crossing reopened on August 3 after a "
        "closure of about a month."
    )
    article = Article("c2", "c2.md", "Border trade", "Test Outlet", None, date(2026, 8, 26), body)
    reopened = [i for i in extract_incidents(article, gazetteer) if i.event_type == "crossing_reopened"]
    assert [i.place.name for i in reopened if i.place] == ["Chaman–Spin Boldak crossing"]


def test_a_town_told_beside_a_closed_crossing_is_not_closed(gazetteer):
    body = (
        "The closure of the Torkham crossing from 5 May left at least 60 patients needing dialysis "
        "in Peshawar stranded on the Afghan side, officials said."
    )
    assert _closure_places(gazetteer, body) == ["Torkham"]


def test_a_town_told_beside_a_crossing_is_not_where_the_crossing_reopened_later(gazetteer):
    body = (
        "The closure of the Torkham crossing from 5 May left at least 60 patients needing dialysis in "
        "Peshawar stranded on the Afghan side. At least two of them died before the crossing reopened."
    )
    article = Article("c3", "c3.md", "Patients stranded", "Test Outlet", None, date(2026, 6, 2), body)
    reopened = [i for i in extract_incidents(article, gazetteer) if i.event_type == "crossing_reopened"]
    assert [i.place.name for i in reopened if i.place] == ["Torkham"]


def test_a_town_a_crossing_is_named_after_reopens_that_crossing(gazetteer):
    body = "Chaman reopens after talks between tribal elders and border officials on 14 January."
    article = Article("c4", "c4.md", "Timeline", "Test Outlet", None, date(2026, 4, 10), body)
    reopened = [i for i in extract_incidents(article, gazetteer) if i.event_type == "crossing_reopened"]
    assert [i.place.name for i in reopened if i.place] == ["Chaman–Spin Boldak crossing"]


@pytest.mark.parametrize(
    "body",
    [
        "Chaman reopens schools after winter break, officials said on Monday.",
        "Spin Boldak closed its markets on Monday to mourn the victims.",
        "Chaman was shut down on Monday by a strike called by traders.",
    ],
)
def test_a_town_that_closes_its_shops_closes_no_crossing(gazetteer, body):
    article = Article("c5", "c5.md", "Town news", "Test Outlet", None, date(2026, 3, 10), body)
    assert not [
        i
        for i in extract_incidents(article, gazetteer)
        if i.event_type in ("crossing_closed", "crossing_reopened")
    ]


def test_a_speaker_s_home_town_is_not_the_crossing_that_reopened(gazetteer):
    body = (
        'Pakistan closed the Torkham crossing on Monday after firing, officials said. "I lost everything," '
        "said Gul Khan, a trader from Chaman. The crossing reopened on Thursday, officials said."
    )
    article = Article("c6", "c6.md", "Border", "Test Outlet", None, date(2026, 3, 14), body)
    reopened = [i for i in extract_incidents(article, gazetteer) if i.event_type == "crossing_reopened"]
    assert [i.place.name for i in reopened if i.place] == ["Torkham"]


def test_trade_sent_through_two_crossings_closes_both(gazetteer):
    body = "Pakistan suspended all trade sent through Torkham and Chaman on Monday after the firing, officials said."
    assert len(_closure_places(gazetteer, body)) == 2
