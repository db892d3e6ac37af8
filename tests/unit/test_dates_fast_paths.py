"""The date finder's fast paths give what the slow ones give.

* `find_dates` tries only the date rules whose needed pieces the sentence holds (one look-up of
  the sentence's pieces for all of them); `gated=False` tries every rule. Both must agree on every
  example and not-example of the rule files and on every sentence of the test articles.
* A day and month without a year ("12 March") is read without dateparser, except the 29th of
  February; the reading must be dateparser's for the days around publication in every month.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from pathlib import Path

import pytest

from geodata.articles import load_articles
from geodata.clean import sentences
from geodata.date_kinds import MONTHS, _dateparser_parse, _safe_date, day_of_month_before
from geodata.dates import find_dates
from geodata.rules import all_rules

REPO = Path(__file__).resolve().parents[2]
PUBLISHED = (date(2025, 3, 4), date(2024, 12, 31), None)


@functools.cache
def _texts() -> list[str]:
    texts = [ex.text for r in all_rules() for ex in (*r.examples, *r.not_examples)]
    folders = [REPO / "seeds", *sorted((REPO / "tests" / "data").glob("*/articles"))]
    for folder in folders:
        articles, _ = load_articles(folder)
        texts += [s if isinstance(s, str) else s.text for a in articles for s in sentences(a.body)]
    return texts


def test_gated_and_ungated_date_finding_agree():
    texts = _texts()
    assert len(texts) > 2000
    found = 0
    for text in texts:
        for published in PUBLISHED:
            gated = find_dates(text, published, date(2025, 3, 1))
            assert gated == find_dates(text, published, date(2025, 3, 1), gated=False), text
            found += len(gated)
    assert found > 1000  # the texts do exercise the rules


@pytest.mark.parametrize(
    "text",
    [
        "",
        "SHELLING ON SATURDAY NIGHT AND ON THE 11TH, A DAY AFTER 12 MARCH",
        "Posts were struck on the 3rd and on 2025-10-12, three days ago.",
        "Fighting resumed on Saturday (March 1, 2025) and again in 2023.",
        "Poſts were struck on Saturday, officials said.",  # long s: lower-casing cannot be trusted
        "The border closed on Wednesday and reopened the previous day.",
    ],
)
def test_edge_texts_agree(text):
    for published in PUBLISHED:
        assert find_dates(text, published) == find_dates(text, published, gated=False)


def _dateparser_reading(day: int, month: int, published: date) -> date | None:
    """What the slow path gave: dateparser's reading when it is on or before publication, else
    the day itself within the year before publication (counted back day by day; None if the
    month has no such day)."""
    parsed = _dateparser_parse(f"{day} {MONTHS[month - 1]}", published)
    if parsed is not None and parsed <= published:
        return parsed
    back = (published - timedelta(days=n) for n in range(366))
    return next((d for d in back if (d.month, d.day) == (month, day)), None)


@pytest.mark.parametrize("year", [2024, 2025])
def test_day_and_month_read_as_dateparser_reads_them(year):
    checked = 0
    for month in range(1, 13):
        for day in (1, 2, 15, 28, 29, 30, 31):
            day_itself = _safe_date(year, month, day)
            around = [date(year, 1, 1), date(year, 12, 31), date(year, 3, 1)]
            if day_itself is not None:
                around += [day_itself - timedelta(days=1), day_itself, day_itself + timedelta(days=1)]
            for published in around:
                assert day_of_month_before(day, month, published) == _dateparser_reading(
                    day, month, published
                ), (day, month, published)
                checked += 1
    assert checked > 400


def test_the_29th_of_february_is_the_last_leap_day():
    assert day_of_month_before(29, 2, date(2025, 3, 10)) == date(2024, 2, 29)
    assert day_of_month_before(29, 2, date(2024, 2, 28)) == date(2020, 2, 29)
    assert day_of_month_before(31, 4, date(2025, 5, 1)) is None
