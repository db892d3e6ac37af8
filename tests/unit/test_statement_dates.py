"""The day of a statement bounds the events it reports, when no phrase dates them (invented text).

A trailing attribution ("…, the ministry confirmed on Saturday") dates the events before it at the
latest to that day, and that day is then the article's news day for its other undated events."""

from __future__ import annotations

from datetime import date

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
