"""Claim shapes of real reports (issue 13), on invented sentences: compound numbers in words,
an outlet named by its kind, "according to Name, role," and a speaker before a participle clause."""

import pytest

from geodata.claims import find_figures, find_speakers, normalise_speaker, sentence_claims


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("Twenty-one guards were killed in the raid.", 21),
        ("Forty five guards were wounded by the shells.", 45),
        ("More than two hundred people were killed, the elders said.", 200),
        ("A hundred villagers were injured.", 100),
        ("Ninety-nine fighters were killed.", 99),
    ],
)
def test_compound_number_words_are_read_whole(text, quantity):
    figures = find_figures(text)
    assert [f.quantity for f in figures] == [quantity]


def test_simple_number_words_and_conjuncts_are_unchanged():
    figures = find_figures("Three soldiers and two civilians were killed.")
    assert [f.quantity for f in figures] == [3, 2]
    assert [f.quantity for f in find_figures("Some twenty people were killed.")] == [20]


def test_an_outlet_named_by_its_kind_speaks_for_itself():
    label, side = normalise_speaker("Afghan news agency Ravi Press")
    assert side == "independent" and "Ravi Press" in label
    # state-run outlets speak for their government, and a bare "the newspaper" names no outlet
    assert normalise_speaker("Afghan state news agency Ravi Press")[1] == "AF"
    assert normalise_speaker("the newspaper") is None
    claims = sentence_claims(
        "Afghan news agency Ravi Press reported on Monday that nine people were killed.", "t1"
    )
    assert [(c.quantity, c.side) for c in claims] == [(9, "independent")]


def test_according_to_a_name_with_an_office_after_it():
    text = (
        "According to Samir Wardak, the deputy governor of the district in which the gate lies, "
        "four guards were wounded."
    )
    claims = sentence_claims(text, "t2")
    assert [(c.claimant, c.quantity) for c in claims] == [
        ("Samir Wardak (deputy governor of the district)", 4)
    ]
    # a name with no office after it stays unattributed: it could be anyone
    assert find_speakers("According to Samir Wardak, four guards were wounded.") == []


def test_the_subject_before_a_participle_clause_is_the_speaker():
    text = (
        "District commissioner Samir Wardak while confirming the closure for an indefinite "
        'period said: "Two guards were wounded at the gate."'
    )
    claims = sentence_claims(text, "t3")
    assert [(c.claimant, c.quantity) for c in claims] == [("Samir Wardak (District commissioner)", 2)]
    # a participle clause with no speaker before it names nobody
    assert find_speakers("The gate closed after the fighting ended.") == []


def test_a_party_named_in_a_clause_of_time_leaves_the_main_clause_to_the_article():
    text = "The gate was shut by the guards on Monday after Kabul rejected their demand to pass."
    claims = sentence_claims(text, "t4", statement_claim=True)
    assert sorted((c.claimant, c.side) for c in claims) == [
        ("Afghan Taliban", "AF"),
        ("Article", None),
    ]
    # a party speaking in the main clause keeps the sentence
    claims = sentence_claims("Kabul rejected the demand on Monday.", "t5", statement_claim=True)
    assert [c.claimant for c in claims] == ["Afghan Taliban"]


def test_an_office_then_a_name_before_the_speech_verb():
    speakers = find_speakers("Spokesman for the district police, Samir Wardak confirmed the attack.")
    assert [s.label for s in speakers] == ["Samir Wardak (Spokesman for the district police)"]
    # a place before the name is no office: the unknown name alone names nobody
    assert find_speakers("At the gate, Samir Wardak said the traders waited.") == []


@pytest.mark.parametrize(
    ("text", "quantity", "hedge"),
    [
        ("At least nine children and a woman were killed after a shell hit a house.", 10, "at least"),
        ("At least two women and three children were wounded in the blast.", 5, "at least"),
    ],
)
def test_conjuncts_ending_in_a_are_summed_with_their_hedge(text, quantity, hedge):
    figures = find_figures(text)
    assert [(f.quantity, (f.hedge or "").lower()) for f in figures] == [(quantity, hedge)]


def test_it_after_a_relative_word_is_the_speaker_named_before():
    from geodata.claims import find_speakers

    text = (
        "Islamabad has previously said its operations target militants of the Pakistani Taliban,"
        " who it says operate from Afghan soil."
    )
    assert {s.label for s in find_speakers(text)} == {"Pakistan (Islamabad)"}
    # a pronoun with no relative word before it still looks for its own antecedent
    own = find_speakers("The ISPR said it had received accusations from the Afghan Taliban, which they deny.")
    assert any(s.raw == "they" and s.side == "AF" for s in own), own


@pytest.mark.parametrize(
    "phrase, label",
    [
        ("According to IOM", "IOM"),
        ("the UN mission in Afghanistan", "UN mission in Afghanistan"),
        ("Doctors Without Borders", "Doctors Without Borders"),
        ("the International Committee of the Red Cross", "International Committee of the Red Cross"),
    ],
)
def test_international_bodies_speak_for_neither_side(phrase, label):
    assert normalise_speaker(phrase) == (label, "independent")


def test_an_afghan_ministrys_statement_told_over_several_paragraphs_stays_its_own():
    from datetime import date

    from tests.invented import extract

    body = (
        "Afghan forces attacked Pakistani posts in Khost last night, the Ministry of National Defense said.\n\n"
        "The ministry said in a statement that the attacks answered Pakistani airstrikes.\n\n"
        "According to the statement, the operations ended at midnight. It said nine Mujahideen were martyred."
    )
    claims = [c for i in extract(body, date(2025, 10, 12)) for c in i.claims]
    assert {c.claimant for c in claims} == {"Afghan Ministry of Defence"}, claims
    assert any(c.quantity == 9 and c.unit == "killed" for c in claims)
