"""Phrasings of real border reports, each on an invented sentence: the event type and the place
each one must give. A phrase the rules did not know (reversed word order, a verb of its own, a
government named as the one acting) was found missing by running such sentences through the
pipeline, not by reading any article."""

from __future__ import annotations

from datetime import date

import pytest

from tests.invented import extract


def _found(sentence: str) -> list[tuple[str, str | None]]:
    return [(i.event_type, i.place.name if i.place else None) for i in extract(sentence, date(2025, 10, 24))]


@pytest.mark.parametrize(
    "sentence, event_type, place_word",
    [
        # crossing_reopened, subject first
        ("Movement through Torkham resumed on Monday after a week.", "crossing_reopened", "Torkham"),
        # crossing_closed: "came to a halt"; a named border as crossing context
        ("Trade via Torkham came to a halt on Monday.", "crossing_closed", "Torkham"),
        ("Authorities halted all movement at the Torkham border on Monday.", "crossing_closed", "Torkham"),
        ("The border remained closed for the third day at Torkham on Monday.", "crossing_closed", "Torkham"),
        # post_taken: "fell to"
        (
            "A Pakistani border post fell to Taliban fighters near Chaman on Monday.",
            "post_captured_or_destroyed",
            "Chaman",
        ),
        # clash: cross-border firing
        ("Cross-border firing erupted in Chaman on Monday.", "armed_clash", "Chaman"),
        # speaker_place_before: homes struck are where the shells fell
        ("Several shells struck homes in Chaman on Monday.", "artillery_shelling", "Chaman"),
    ],
)
def test_a_report_phrasing_gives_its_event_at_its_place(sentence, event_type, place_word):
    found = _found(sentence)
    assert any(t == event_type and p and place_word in p for t, p in found), found


def test_a_capital_that_acts_is_no_place_of_the_event():
    # actor_verb_stem: "Islamabad shut the Chaman crossing" is the government acting
    found = _found("Islamabad shut the Chaman crossing on Monday.")
    assert [t for t, _ in found] == ["crossing_closed"]
    assert "Islamabad" not in (found[0][1] or "")
    # a capital where something happened stays a place
    assert _found("Shelling hit Islamabad on Monday.") == [("artillery_shelling", "Islamabad")]


def test_a_trade_resumption_after_a_recalled_closure_is_todays_reopening():
    # recalled_just_before: a reopening never retells the closure recalled in the sentence before
    body = (
        "Pakistan reopened the Chaman border crossing on Monday after a week-long closure, officials said.\n\n"
        "Trade resumed at the Friendship Gate in Chaman, where trucks had been waiting."
    )
    reopenings = [i for i in extract(body, date(2025, 10, 24)) if i.event_type == "crossing_reopened"]
    assert len(reopenings) == 1 and reopenings[0].mention == "primary"
