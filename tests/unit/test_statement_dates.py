"""The day of a statement bounds the events it reports, when no phrase dates them (invented text).

A trailing attribution ("…, the ministry confirmed on Saturday") dates the events before it at the
latest to that day, and that day is then the article's news day for its other undated events."""

from __future__ import annotations

from datetime import date

from geodata.dates import find_dates
from geodata.extraction import extract_incidents
from geodata.gazetteer import load_gazetteer
from geodata.model import Article

SUNDAY = date(2025, 6, 15)


def _run(body: str):
    article = Article(
        id="t1", path="t1.md", title="Test", outlet="Test Herald", url=None, published=SUNDAY, body=body
    )
    return extract_incidents(article, load_gazetteer())


def test_a_trailing_attribution_dates_the_event_before_it():
    (inc,) = _run("Fighters captured two border posts in Kunar, the defence ministry confirmed on Saturday.")
    assert inc.event_type == "post_captured_or_destroyed" and inc.date == date(2025, 6, 14)


def test_the_lead_statement_day_dates_the_undated_events_after_it():
    body = (
        "Fighters captured two border posts in Kunar, the defence ministry confirmed on Saturday.\n\n"
        "Heavy clashes also erupted in Khost province."
    )
    dates = {i.event_type: i.date for i in _run(body)}
    assert dates == {"post_captured_or_destroyed": date(2025, 6, 14), "armed_clash": date(2025, 6, 14)}


def test_an_event_with_its_own_day_keeps_it():
    (inc,) = _run("Forces shelled villages in Kunar on Friday, the governor said on Saturday.")
    assert inc.date == date(2025, 6, 13)


def test_without_a_statement_day_the_news_is_the_publication_day():
    (inc,) = _run("Fighters captured two border posts in Kunar, the defence ministry confirmed.")
    assert inc.date == SUNDAY


def test_the_previous_day_counts_from_the_statement_day_when_no_event_day_is_named():
    text = "A spokesperson stated on Thursday, September 5, that the clash occurred the previous day."
    phrases = find_dates(text, date(2024, 9, 7))
    by_text = {p.text: p for p in phrases}
    assert by_text["September 5"].statement  # the day in apposition dates the statement too
    assert by_text["the previous day"].date == date(2024, 9, 4)
    assert not by_text["the previous day"].statement


def test_a_weekday_of_last_week_is_in_the_calendar_week_before():
    (phrase,) = find_dates("On Wednesday of last week, shells fell on the crossing.", date(2023, 9, 14))
    assert phrase.date == date(2023, 9, 6)
    (phrase,) = find_dates("On Wednesday of last week, shells fell on the crossing.", date(2023, 9, 18))
    assert phrase.date == date(2023, 9, 13)
