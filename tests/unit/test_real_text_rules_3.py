"""Rules of issue 13's third batch, on invented sentences in the shapes of real reports: an event
named as the start of a period is no event, ..."""

from __future__ import annotations

from datetime import date

from tests.invented import extract


def _types(body: str, title: str = "Border report") -> list[str]:
    return sorted(i.event_type for i in extract(body, date(2025, 10, 24), title=title))


def test_an_event_named_as_the_start_of_a_period_is_no_event():
    body = (
        "The Torkham crossing remained closed on Friday.\n\n"
        "Since the clashes began, around 5,000 people have been sent back, while 900 empty containers "
        "have returned, customs officials said."
    )
    assert _types(body) == ["crossing_closed"]
    # the same words telling the fight itself stay an event
    assert "armed_clash" in _types("The clashes began near Torkham on Sunday night, officials said.")
