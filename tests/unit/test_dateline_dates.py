"""A dated dateline anchors the article's relative days (invented text).

"QUETTA, 4 Mar:" says the report was filed on 4 March: its "on Tuesday", "yesterday" and "last
night" count from that day, not from a later publication day; "QUETTA:" changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from geodata.dates import dateline_day
from geodata.extraction import extract_incidents
from geodata.gazetteer import load_gazetteer
from geodata.model import Article

# published on a Monday, a week after the dateline's Monday
PUBLISHED = date(2025, 3, 10)


def _run(body: str, published: date | None = PUBLISHED):
    article = Article(
        id="t1", path="t1.md", title="Test", outlet="Test Herald", url=None, published=published, body=body
    )
    return extract_incidents(article, load_gazetteer())


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("QUETTA, 4 Mar: Guards traded fire near the border.", date(2025, 3, 4)),
        ("PARACHINAR, MAR 5: Guards traded fire near the border.", date(2025, 3, 5)),
        ("KABUL, March 6 (Reuters) - Guards traded fire near the border.", date(2025, 3, 6)),
        ("Jalalabad, Afghanistan, March 7, 2025 (AP) — Guards traded fire.", date(2025, 3, 7)),
        ("KABUL: Guards traded fire near the border.", None),
        ("Guards traded fire, 4 March: the dispute went on.", None),
        ("QUETTA, 4 Apr: a dateline after publication is no filing day.", None),
    ],
)
def test_the_day_of_a_dated_dateline(line: str, day: date | None):
    assert dateline_day(f"Border firing\n\n{line}\n", PUBLISHED) == day


def test_a_dateline_without_a_year_needs_the_publication_day():
    assert dateline_day("QUETTA, 4 Mar: Guards traded fire.", None) is None


def test_a_dated_dateline_anchors_a_weekday():
    (inc,) = _run("QUETTA, 5 Mar: Frontier Corps and Afghan forces exchanged fire in Chaman on Monday.")
    assert inc.date == date(2025, 3, 3)  # the Monday before 5 March, not the publication Monday


def test_a_dated_dateline_anchors_yesterday():
    (inc,) = _run("PESHAWAR, 6 Mar: Mortar shells landed in Torkham yesterday, officials said.")
    assert inc.date == date(2025, 3, 5)


def test_an_undated_dateline_keeps_the_publication_day():
    (inc,) = _run("QUETTA: Frontier Corps and Afghan forces exchanged fire in Chaman on Monday.")
    assert inc.date == PUBLISHED


def test_an_undated_event_is_news_of_the_dateline_day():
    (inc,) = _run("QUETTA, 5 Mar: Frontier Corps and Afghan forces exchanged fire in Chaman.")
    assert inc.date == date(2025, 3, 5)
