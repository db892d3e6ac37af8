"""The outlet's own next sentence about the event it just told ("No casualties were reported.",
"Trade has been going on smoothly.") is the outlet's claim about that event, on invented reports;
someone else's words, history and habit are not."""

from __future__ import annotations

import pytest

from tests.invented import claims_of

CLASH = "Pakistani and Afghan forces clashed near Chaman on Monday."
REOPENED = "Pakistan reopened the Torkham crossing on Tuesday after a week."


def _outlet_statements(body: str, event_type: str) -> list[str]:
    return [c.statement for c in claims_of(body, event_type) if c.claimant == "Article"]


@pytest.mark.parametrize(
    "body, event_type, follow_up",
    [
        (CLASH, "armed_clash", "There was no immediate word on casualties on either side."),
        (CLASH, "armed_clash", "The wounded were shifted to the district hospital in Quetta."),
        (
            REOPENED,
            "crossing_reopened",
            "Trade activities between the two sides have been going on smoothly.",
        ),
        # wire copy: every sentence its own paragraph
        (CLASH + "\n\n", "armed_clash", "No casualties were reported."),
    ],
)
def test_the_outlets_next_sentence_on_the_topic_is_its_claim(body, event_type, follow_up):
    assert follow_up in _outlet_statements(f"{body} {follow_up}", event_type)


@pytest.mark.parametrize(
    "body, event_type, other",
    [
        # someone's words, even when the speaker is not known
        (CLASH, "armed_clash", "According to the IOM, the wounded were taken to Quetta."),
        (CLASH, "armed_clash", "“The wounded were taken to Quetta.”"),
        (REOPENED, "crossing_reopened", "Local officials expressed optimism that trade would grow."),
        # history and habit
        (CLASH, "armed_clash", "The two sides have clashed repeatedly over the fence."),
        (CLASH, "armed_clash", "Attacks have become frequent in recent months."),
        # off the topic of the event: trade after a clash, firing after a reopening
        (CLASH, "armed_clash", "Trucks waited on the highway."),
        (REOPENED, "crossing_reopened", "Nobody was hurt in the firing."),
    ],
)
def test_words_history_and_other_topics_are_not(body, event_type, other):
    assert other not in _outlet_statements(f"{body} {other}", event_type)


def test_three_sentences_on_the_outlet_says_nothing_about_the_event():
    body = f"{CLASH} The area is mountainous. Schools were shut. No casualties were reported."
    assert "No casualties were reported." not in _outlet_statements(body, "armed_clash")


# ---- "He said" after the sentence that introduced him, with no speech verb of its own ----------

INTRODUCED = (
    "In Kandahar, a spokesman for the governor, Ataullah Zaid, appeared to link the clashes with new"
    " checkpoints. He said one Taliban fighter was killed and 10 were wounded."
)


def test_he_said_is_the_official_the_sentence_before_introduced():
    claims = claims_of(f"{CLASH} {INTRODUCED}", "armed_clash")
    killed = [c for c in claims if c.unit == "killed"]
    assert killed and all(c.claimant.startswith("Ataullah Zaid (") for c in killed), killed


def test_a_person_told_of_is_not_introduced_as_a_speaker():
    from geodata.claims import introduced_person

    assert introduced_person("Qari Zubair, a TTP commander, was killed in the strike.") is None
    found = introduced_person("Samir Wardak, the district police chief, visited the gate on Monday.")
    assert found is not None and found.label.startswith("Samir Wardak (")


def test_the_toll_of_another_event_named_with_a_is_not_the_strikes_toll():
    body = (
        "Pakistani air strikes hit a house in Khost on Monday night. The strikes came a day after"
        " a suicide bombing at a court in Peshawar killed three people."
    )
    assert [c.quantity for c in claims_of(body, "airstrike") if c.quantity is not None] == []


def test_a_follow_up_goes_to_the_news_event_on_its_topic_of_the_sentence_before():
    # the lead tells a clash and, as background, a closure: the casualty line is the clash's
    body = (
        "Border guards traded fire at Torkham on Monday, a day after Kabul closed the crossing.\n\n"
        "There was no immediate word on casualties on either side."
    )
    assert "There was no immediate word on casualties on either side." in _outlet_statements(
        body, "armed_clash"
    )


def test_a_place_described_is_not_a_statement_about_the_event():
    body = f"{REOPENED} Torkham is one of the main crossings, used heavily by traders."
    assert not [s for s in _outlet_statements(body, "crossing_reopened") if "main crossings" in s]


def test_the_sentence_that_set_the_scene_is_a_statement_about_its_event():
    scene = "In a separate incident, tension rose over a land dispute in the Parachinar area of Kurram on Saturday."
    body = f"{REOPENED}\n\n{scene}\n\n“A soldier was killed in firing from the other side,” a police officer said."
    assert scene in _outlet_statements(body, "armed_clash")


def test_a_closure_after_a_deadly_clash_keeps_the_sentence_not_the_toll():
    body = (
        "The Torkham crossing was closed on Sunday after clashes that killed three soldiers, officials said."
    )
    closure = claims_of(body, "crossing_closed")
    assert closure and all(c.quantity is None for c in closure)
    hedged = body.replace("killed three", "killed at least three")
    assert [c.hedge for c in claims_of(hedged, "crossing_closed")] == [None]  # no "at least" left
    assert [c.quantity for c in claims_of(body, "armed_clash")] == [3.0]
