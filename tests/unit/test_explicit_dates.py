"""An explicit date in parentheses wins over the relative phrase before it (invented text):
"on Tuesday night (March 4, 2025)" is 4 March 2025 whatever Tuesday the publication day would
give."""

from __future__ import annotations

from datetime import date

from geodata.dates import find_dates
from geodata.extraction import extract_incidents
from geodata.gazetteer import load_gazetteer
from geodata.model import Article

# published on a Monday
PUBLISHED = date(2025, 3, 10)


def _run(body: str, published: date | None = PUBLISHED):
    article = Article(
        id="t1", path="t1.md", title="Test", outlet="Test Herald", url=None, published=published, body=body
    )
    return extract_incidents(article, load_gazetteer())


def test_an_explicit_date_in_parentheses_wins():
    (phrase, explicit) = find_dates("Guards traded fire on Tuesday night (February 25, 2025).", PUBLISHED)
    assert (phrase.date, phrase.date_end) == (date(2025, 2, 25), date(2025, 2, 26))
    assert explicit.date == date(2025, 2, 25)


def test_a_parenthesised_date_after_a_statement_day_dates_the_statement():
    phrases = find_dates("The ministry said on Friday (February 28) that the gate was shut.", PUBLISHED)
    assert [p.statement for p in phrases] == [True, True]


def test_parentheses_without_a_date_change_nothing():
    (phrase,) = find_dates("Guards traded fire on Tuesday night (local time).", PUBLISHED)
    assert phrase.date == date(2025, 3, 4)


def test_an_incident_takes_the_explicit_date_in_parentheses():
    (inc,) = _run(
        "Afghan and Pakistani forces exchanged fire in Chaman on Tuesday night (February 25, 2025)."
    )
    assert inc.date == date(2025, 2, 25)
