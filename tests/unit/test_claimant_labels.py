"""Claimant labels as a reader sees them in popups, the table and the CSV (issue 13): who spoke,
without the words around the speech verb, and on the right side. Invented sentences in the
shapes of real reports."""

import pytest

from geodata.claims import find_speakers, normalise_speaker


def _labels(text: str) -> list[tuple[str, str | None]]:
    return [(s.label, s.side) for s in find_speakers(text) if s.label]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # an auxiliary before the speech verb is no part of who spoke
        ("Sources have confirmed that two guards died at the gate.", "Sources"),
        ("Local sources had reported that the market was hit.", "Local sources"),
        ("Border traders have also said that the gate stayed shut.", "Border traders"),
    ],
)
def test_an_auxiliary_before_the_speech_verb_is_dropped(text, label):
    assert _labels(text)[0][0] == label


def test_the_speaker_of_a_reported_report_is_the_one_named_after_the_first_verb():
    # "X said residents have reported ...": the residents reported, X passed it on
    labels = [label for label, _ in _labels("Karimi said villagers have reported shelling overnight.")]
    assert "Villagers" in labels
    assert not any("said" in label for label in labels)
    # "Y also said citing reports that ...": Y, never "Y also said citing"
    labels = [
        label for label, _ in _labels("Local elders also said citing reports that the posts were shelled.")
    ]
    assert labels and not any("citing" in label or "said" in label for label in labels)


def test_what_sources_described_names_the_sources():
    text = "The forces withdrew after inflicting what sources described as heavy losses on the post."
    labels = [label for label, _ in _labels(text)]
    assert labels == ["Sources"]


def test_a_participle_appositive_does_not_replace_the_speaker():
    # "Afghan officials, cited in an AFP report, stated": Kabul's claim, relayed by a wire agency
    text = "Meanwhile, Afghan officials, cited in an AFP report, stated that nine civilians were killed."
    assert _labels(text)[0][1] == "AF"
    text = "Pakistani officials, quoted by Ravi Press, said six soldiers were wounded."
    (label, side), *_ = _labels(text)
    assert side == "PK" and "quoted" not in label


@pytest.mark.parametrize(
    ("phrase", "label"),
    [
        ("Tahir Zaman, a journalist based in Quetta", "Tahir Zaman (journalist based in Quetta)"),
        ("Customs in-charge Nooruddin", "Nooruddin (Customs in-charge)"),
        ("Arif Zaman, a Chaman district administration", "Arif Zaman (Chaman district administration)"),
    ],
)
def test_a_person_with_a_role_is_named_name_then_role(phrase, label):
    assert normalise_speaker(phrase)[0] == label


def test_an_organisation_is_no_person_name():
    # "Association" after an office is the body the person leads, not a person called Association
    text = (
        "Haji Zar Gul, trader and leader of the Frontier Customs Agents Association, said hundreds "
        "of trucks were stranded."
    )
    labels = [label for label, _ in _labels(text)]
    assert labels and labels[0].startswith("Haji Zar Gul (")
    assert "Association" in labels[0]
    label = normalise_speaker("leader of the Frontier Customs Agents Association")
    assert label is None or not label[0].startswith("Association")


def test_a_speech_noun_after_a_speech_verb_names_nobody_after_it():
    # "confirmed reports of losses on the Afghan side": no Afghan speaker, the source said it
    text = (
        "\u201cThere are confirmed reports of heavy losses on the Afghan side with many fighters "
        "dead,\u201d another source said."
    )
    assert [side for _, side in _labels(text)] == [None]


def test_a_compound_speaker_keeps_both_places_and_names_no_person():
    text = "Some residents of Goshta district and Lalpur also said that a skirmish took place."
    labels = [label for label, _ in _labels(text)]
    assert labels and labels[0].startswith("Residents") and "(" not in labels[0]
    # an office, a comma, then its holder stays one person
    text = "Spokesman for the district police, Samir Wardak said two guards were hurt."
    assert _labels(text)[0][0].startswith("Samir Wardak (")


def test_a_role_cut_at_its_word_budget_does_not_end_on_a_preposition():
    text = (
        '"Every closure is a message," said Zar Durrani, a former Pakistani envoy now at a '
        "think tank in Islamabad."
    )
    label = _labels(text)[0][0]
    assert label.startswith("Zar Durrani (") and not label.endswith(" in)")


def test_a_clause_before_an_inverted_speech_verb_is_not_the_speaker():
    text = (
        "According to local sources, four guards were killed, while ten civilians were taken to "
        "hospitals in Pakistan's Chaman city, reported Ravi News."
    )
    assert all(side != "PK" for _, side in _labels(text)), _labels(text)


def test_a_country_s_media_are_not_its_government():
    text = "Tahir Zaman, a journalist, said Pakistani media claimed one fighter was killed."
    assert [side for _, side in _labels(text)] == ["independent", "independent"]
    assert normalise_speaker("Afghan state media")[1] == "AF"
    # what a video on social media and local officials say stays theirs
    label = normalise_speaker("a video shared on social media and local officials")
    assert label is not None and label[0] != "Media reports"
    # the media are a speaker only as the whole phrase: what circulates on them, or a statement
    # shared with them, is someone else's
    assert normalise_speaker("circulating on social media") is None
    assert normalise_speaker("in a statement shared with the media") is None
    text = "The ISPR, in a statement shared with the media, said 23 soldiers were martyred."
    assert _labels(text)[0][1] == "PK"
    text = "A Taliban commander, in a video posted on social media, said 12 soldiers were killed."
    assert _labels(text)[0][1] == "AF"


def test_a_name_of_a_body_of_both_countries_is_that_person_on_neither_side():
    label, side = normalise_speaker("Zar-ul-Haq Gulzai of the Pakistan-Afghanistan Joint Chamber of Commerce")
    assert label == "Zar-ul-Haq Gulzai (Pakistan-Afghanistan Joint Chamber of Commerce)"
    assert side is None


def test_an_office_then_a_doctor_s_name_is_that_doctor():
    text = (
        "A doctor with a government-run hospital in Chaman, Zar Mohammad, told a news agency that "
        "27 people were brought in."
    )
    label, side = _labels(text)[0]
    assert label.startswith("Zar Mohammad (doctor") and side == "independent"


def test_a_pak_afghan_place_is_not_a_body_of_both_sides():
    text = "A Taliban commander on the Afghan-Pakistan frontier said 20 soldiers were killed."
    assert _labels(text)[0][1] == "AF"
    assert normalise_speaker("Pakistani officials at the Pak-Afghan border")[1] == "PK"


def test_an_office_of_a_country_then_a_titled_name_speaks_for_that_country():
    text = (
        "The border has reopened for trade after a six-month closure, Pakistan\u2019s Special "
        "Representative for Afghanistan, Ambassador Zar Sadiq, said on Friday."
    )
    (label, side), *_ = _labels(text)
    assert label.startswith("Zar Sadiq (") and "Special Representative" in label and side == "PK"


def test_a_person_named_again_by_title_and_surname_keeps_the_first_label():
    from geodata.claims import remember_people

    known: dict = {}
    first = (
        "The border has reopened, Pakistan\u2019s Special Representative for Afghanistan, "
        "Ambassador Zar Sadiq, said on Friday."
    )
    labels = _labels(first)
    remember_people(labels, known)
    again = [
        (s.label, s.side) for s in find_speakers('"Trade has resumed," Ambassador Sadiq posted on X.', known)
    ]
    assert labels[0] == ("Zar Sadiq (Pakistan's Special Representative for Afghanistan, Ambassador)", "PK")
    assert again == labels[:1]
