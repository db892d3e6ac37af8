"""Where a closure happens (geodata.extraction.locate.crossing_event_places and the gazetteer's
"X border crossing" variant): at the crossings it names, not at the provinces its trade links nor
at the crossing traffic was sent to instead. Articles are invented; the real gazetteer is used."""

from __future__ import annotations

from datetime import date

import pytest

from geodata.extraction import extract_incidents
from geodata.model import Article


def _places_of(gazetteer, body: str, etype: str, published: date = date(2026, 8, 26)) -> list[str]:
    """The places of the article's incidents of one type, in their order."""
    article = Article("c1", "c1.md", "Border trade", "Test Outlet", None, published, body)
    return [i.place.name for i in extract_incidents(article, gazetteer) if i.event_type == etype and i.place]


def _closure_places(gazetteer, body: str) -> list[str]:
    return sorted(_places_of(gazetteer, body, "crossing_closed"))


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


@pytest.mark.parametrize(
    "body",
    [
        "Pakistan closed the Torkham and Chaman crossings on Monday after the firing, officials said.",
        "Pakistan suspended all trade sent through Torkham and Chaman on Monday after the firing, officials said.",
    ],
)
def test_two_crossings_closed_are_still_two_places(gazetteer, body):
    # Chaman as its crossing or as the town it is named after: the crossing layer folds the two
    assert [p.split("–")[0] for p in _closure_places(gazetteer, body)] == ["Chaman", "Torkham"]


def test_the_crossing_is_the_one_whose_town_was_just_named_in_any_role(gazetteer):
    # "Chaman's traders" is no place of an event, but it names the crossing "the crossing" is
    body = (
        "Angoor Adda, which handles far less trade, remained open, officials said. For Chaman's traders, "
        "the latest closure comes weeks after the last one. The crossing reopened on August 3 after a "
        "closure of about a month."
    )
    assert _places_of(gazetteer, body, "crossing_reopened", date(2026, 8, 26)) == [
        "Chaman–Spin Boldak crossing"
    ]


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
    assert _places_of(gazetteer, body, "crossing_reopened", date(2026, 6, 2)) == ["Torkham"]


def test_a_town_a_crossing_is_named_after_reopens_that_crossing(gazetteer):
    body = "Chaman reopens after talks between tribal elders and border officials on 14 January."
    assert _places_of(gazetteer, body, "crossing_reopened", date(2026, 4, 10)) == [
        "Chaman–Spin Boldak crossing"
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Chaman reopens schools after winter break, officials said on Monday.",
        "Spin Boldak closed its markets on Monday to mourn the victims.",
        "Chaman was shut down on Monday by a strike called by traders.",
    ],
)
def test_a_town_that_closes_its_shops_closes_no_crossing(gazetteer, body):
    for etype in ("crossing_closed", "crossing_reopened"):
        assert not _places_of(gazetteer, body, etype, date(2026, 3, 10))


def test_a_speaker_s_home_town_is_not_the_crossing_that_reopened(gazetteer):
    body = (
        'Pakistan closed the Torkham crossing on Monday after firing, officials said. "I lost everything," '
        "said Gul Khan, a trader from Chaman. The crossing reopened on Thursday, officials said."
    )
    assert _places_of(gazetteer, body, "crossing_reopened", date(2026, 3, 14)) == ["Torkham"]


def test_a_crossing_brought_in_as_new_is_not_placed_where_the_shells_fell(gazetteer):
    # "a long-closed crossing" refers to none named before; the Nawa Pass is named after it
    body = (
        "Artillery shells struck homes in Kunar's Dangam district on Friday, officials said, a day after "
        "the reopening of a long-closed crossing had raised hopes. The violence came a day after officials "
        "reopened the Nawa Pass, which links Bajaur with Kunar, on Thursday."
    )
    assert set(_places_of(gazetteer, body, "crossing_reopened", published=date(2026, 11, 14))) == {
        "Nawa Pass"
    }
    # nor is it where the shells that came after it fell, when no crossing is named at all
    alone = body.split(" The violence")[0]
    assert _places_of(gazetteer, alone, "crossing_reopened", published=date(2026, 11, 14)) == []
