"""Where the rules of issue 13's second batch stop (an independent review's cases, invented
sentences): a later strike is not folded into a clash, a district is not matched by a look-alike
name, the media and the Pak-Afghan border take no side from a phrase around a speaker, planes
that fly rescues strike nothing, a breakdown is not added to its total, a caption is not prose,
and a clash between the states' forces stays a clash."""

from __future__ import annotations

from datetime import date

import pytest

from geodata.claims import find_figures, find_speakers
from geodata.dates import find_dates
from tests.invented import extract


def _incidents(body: str):  # noqa: ARG001 (the fixture is the gazetteer extract uses)
    return extract(body, date(2025, 10, 16), title="Border report")


def _types(body: str) -> list[str]:
    return sorted(i.event_type for i in _incidents(body))


def test_a_later_strike_with_no_place_of_its_own_is_not_folded_into_the_clash():
    body = (
        "Afghan and Pakistani forces clashed near Spin Boldak in Kandahar province on Monday, "
        "killing three Afghan border guards, officials said.\n\n"
        "Pakistani jets later bombed several houses, killing seven civilians, Taliban officials said."
    )
    assert _types(body) == ["airstrike", "armed_clash"]


@pytest.mark.parametrize("name", ["Maiwand", "Hisarak", "Samar", "Darab"])
def test_a_look_alike_name_is_no_district_spelling(gazetteer, name):
    assert gazetteer.areas_spelt_like(name) == []


def test_a_district_spelling_must_lie_in_the_province_named():
    body = "Pakistani drones struck a compound in the Gorbz district of Kandahar province on Tuesday."
    (strike,) = _incidents(body)
    assert strike.place is not None and strike.place.name != "Gurbuz"  # Gurbuz is in Khost


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("The ISPR, in a statement shared with the media, said 23 soldiers were martyred.", "PK"),
        ("A Taliban commander, in a video posted on social media, said 12 soldiers were killed.", "AF"),
        ("Security sources quoted by Pakistani media said 200 fighters were killed.", "PK"),
        ("A Taliban commander on the Afghan-Pakistan frontier said 20 soldiers were killed.", "AF"),
    ],
)
def test_words_around_a_speaker_do_not_take_its_side(text, side):
    assert [s.side for s in find_speakers(text) if s.label][0] == side


def test_no_speaker_is_read_from_a_passive_or_from_what_was_said():
    text = "The police spokesman said no casualties were reported on the Afghan side."
    assert all(s.side != "AF" for s in find_speakers(text))
    text = "Pakistani officials said Afghan media outlets were spreading false claims."
    assert [s.side for s in find_speakers(text)] == ["PK"]


@pytest.mark.parametrize(
    "body",
    [
        "Army helicopters carried out rescue operations in Kurram on Tuesday after floods.",
        "Two helicopters launched a search for missing climbers in Chitral on Tuesday.",
        "The planes hit turbulence near Kabul on Tuesday, the airline said.",
    ],
)
def test_aircraft_that_fly_rescues_strike_nothing(body):
    assert _types(body) == []


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("At least 40 people including five children and a woman were killed.", [(40, "killed")]),
        (
            "Six militants were killed and a further three soldiers were wounded.",
            [(6, "killed"), (3, "wounded")],
        ),
        ("Six militants were killed and a number of civilians were wounded.", [(6, "killed")]),
        (
            "15 people were killed, among them four children and a woman who were killed inside.",
            [(15, "killed")],
        ),
    ],
)
def test_a_breakdown_is_part_of_its_total(text, figures):
    assert [(f.quantity, f.unit) for f in find_figures(text)] == figures


def test_a_photo_caption_at_the_end_is_not_prose():
    body = (
        "Traders said the market reopened on Monday.\n\n"
        "Smoke rises from houses hit by shelling in the Dand Patan district of Paktia province "
        "during clashes in this file photo released by the district police in 2021"
    )
    assert _types(body) == []


def test_a_clash_of_the_states_forces_after_a_militant_attack_stays_a_clash():
    body = (
        "Militants from the TTP attacked a checkpoint in Bajaur district on Monday, killing two "
        "soldiers.\n\nOfficials said the area was tense.\n\n"
        "Meanwhile, Afghan forces clashed with Pakistani troops in Kurram district on Tuesday and "
        "repulsed their attacks, officials said."
    )
    assert _types(body) == ["armed_clash", "other"]


def test_fire_by_state_forces_and_militants_together_is_a_clash():
    body = (
        "Pakistani officials said fighters of the Afghan Taliban regime, along with Fitna "
        "al-Khawarij terrorists, opened fire on border posts in Kurram district on Tuesday night."
    )
    assert _types(body) == ["armed_clash"]


def test_days_after_the_attack_is_not_the_attack_s_day():
    body = (
        "Pakistani jets struck hideouts in Paktika province on Sunday, officials said.\n\n"
        "Two days after the strikes, Taliban forces attacked Pakistani posts in Kurram district."
    )
    (clash,) = [i for i in _incidents(body) if i.event_type == "armed_clash"]
    assert str(clash.date) != "2025-10-12"


def test_a_fight_that_closed_two_crossings_is_at_neither():
    body = (
        "The fighting, which erupted at several points along the frontier on Saturday night, led "
        "to the closure of the Torkham and Chaman crossings, officials said."
    )
    (clash,) = [i for i in _incidents(body) if i.event_type == "armed_clash"]
    assert clash.place is None or clash.place.kind != "crossing"


def test_migrants_sneaking_in_are_no_border_incident():
    body = "Police in Chaman on Tuesday detained 40 migrants who were trying to sneak into Pakistan."
    assert _types(body) == []


def test_last_week_s_is_no_day_of_last_week():
    phrases = find_dates(
        "The ministry said on Monday last week's strikes killed 12 people.", date(2025, 10, 16)
    )
    assert [(p.text, str(p.date)) for p in phrases][0] == ("on Monday", "2025-10-13")
