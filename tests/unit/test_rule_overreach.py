"""Sentences an independent review of the 2026-12-08 rules found them getting wrong, invented in
the shape of wire copy: each rule's reach stops where these sentences begin."""

from __future__ import annotations

from datetime import date

import pytest

from geodata.claims import find_figures
from geodata.extraction import extract_incidents
from geodata.model import Article


def _incidents(gazetteer, body: str, published: date = date(2026, 10, 14)):
    article = Article("r1", "r1.md", "Border report", "Test Wire", None, published, body)
    return [
        (i.event_type, i.place.name if i.place else None, str(i.date), i.mention)
        for i in extract_incidents(article, gazetteer)
    ]


@pytest.mark.parametrize(
    ("body", "not_places"),
    [
        # traders in both towns: where losses are counted, not where the border closed
        ("Pakistan closed the border on Sunday after the clashes, leaving traders in both Peshawar and Jalalabad counting losses.", {"Peshawar", "Jalālābād"}),
        # trade's effects far from the border are no place of the clash
        ("Afghan and Pakistani forces clashed along the border overnight, and the suspension of trade has affected Karachi, where containers are stuck at the port.", {"Karachi"}),
        ("Pakistan suspended all trade with Afghanistan on Sunday after the border clashes, a decision that has affected Karachi and Lahore, exporters said.", {"Karachi", "Lahore"}),
    ],
)  # fmt: skip
def test_places_of_effects_and_of_people_are_not_event_places(gazetteer, body, not_places):
    assert not {p for _t, p, _d, _m in _incidents(gazetteer, body)} & not_places


@pytest.mark.parametrize(
    "body",
    [
        "Heavy clashes erupted in Kurram, violating the ceasefire of October 2025, officials said.",
        "Pakistani drones struck a compound in Paktika's Barmal district, the first strike since the Istanbul talks of November 2025 collapsed, officials said.",
    ],
)  # fmt: skip
def test_the_month_of_a_truce_or_talks_does_not_date_the_news(gazetteer, body):
    ((_type, _place, day, mention),) = _incidents(gazetteer, body, date(2026, 2, 10))
    assert (day, mention) == ("2026-02-10", "primary")


@pytest.mark.parametrize(
    "body",
    [
        "Pakistani jets struck a house in Barmal district of Paktika province on Monday, officials said. The strikes killed five people, while another air strike hit Urgun district in Paktika, officials said.",
        "Pakistani jets struck a house in Barmal district of Paktika province on Monday night, officials said. The second strike hit a madrassa in Paktika's Urgun district.",
    ],
)  # fmt: skip
def test_strikes_in_sibling_districts_stay_apart(gazetteer, body):
    assert {p for t, p, _d, _m in _incidents(gazetteer, body) if t == "airstrike"} == {"Barmal", "Urgun"}


def test_a_day_that_opens_the_next_clause_is_not_the_clause_before_s(gazetteer):
    body = "Pakistan shut the Torkham crossing last week after a shootout, and on Monday, clashes erupted near Chaman."
    closed = [(d, m) for t, _p, d, m in _incidents(gazetteer, body) if t == "crossing_closed"]
    assert closed and all(d != "2026-10-12" for d, _m in closed)


def test_a_guard_at_a_gate_is_no_crossing_brought_in_as_new(gazetteer):
    body = (
        "Trade through Torkham continued normally on Monday. Hundreds of trucks were stranded on Tuesday at "
        "Ghulam Khan in North Waziristan. Authorities shut it on Tuesday morning after a gate guard was wounded."
    )
    assert [p for t, p, _d, _m in _incidents(gazetteer, body) if t == "crossing_closed"] == ["Ghulam Khan"]


def test_a_toll_that_rose_from_two_to_five_is_no_range():
    assert [
        (f.quantity, f.hedge)
        for f in find_figures("The toll rose from two to five soldiers and a civilian killed.")
    ] == [
        (5.0, None),
        (1.0, None),
    ]
