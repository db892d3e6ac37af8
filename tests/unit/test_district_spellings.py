"""Districts named in another transliteration, and villages listed as 'the villages of A, B and C'
(issue 13), on invented sentences with the real gazetteer."""

from __future__ import annotations

from datetime import date

import pytest

from geodata.placename import spelling_skeleton
from tests.invented import extract


def _incidents(body: str):  # noqa: ARG001 (the fixture is the gazetteer extract uses)
    return extract(body, date(2022, 4, 16), title="Strikes on the border")


@pytest.mark.parametrize(
    ("spelling", "name"),
    [("Spurra", "Spera"), ("Spura", "Spera"), ("Gorbz", "Gurbuz"), ("Chaar Borjaaak", "Chahar Burjak")],
)
def test_a_district_in_another_spelling_is_found_by_its_consonants(gazetteer, spelling, name):
    assert [p.name for p in gazetteer.areas_spelt_like(spelling)] == [name]


def test_short_or_unknown_skeletons_find_nothing(gazetteer):
    assert spelling_skeleton("Ali") == "l"
    assert gazetteer.areas_spelt_like("Ali") == []
    assert gazetteer.areas_spelt_like("Qwertzuiop") == []


def test_the_district_spelt_otherwise_places_an_event():
    body = "Pakistani jets bombed houses in Gorbz district on Friday night, officials said."
    (strike,) = [i for i in _incidents(body) if i.event_type == "airstrike"]
    assert strike.place.name == "Gurbuz" and strike.place.kind == "district"


def test_the_villages_of_a_list_are_placed_at_the_district_named_after_them(gazetteer):
    spera = next(p for p in gazetteer.lookup("Spera") if p.kind == "district")
    body = (
        "Pakistani planes targeted the villages of Zarkai, Mandokai and Kai in the Spurra district "
        "of Khost province on Friday night."
    )
    found = {i.place.name: i for i in _incidents(body) if i.place is not None}
    for name in ("Zarkai", "Mandokai", "Kai"):
        assert name in found, sorted(found)
        assert (found[name].lat, found[name].lon) == (spera.lat, spera.lon)
    # the gazetteer's Kai lies in Nangarhar: a namesake, not this village
    assert all(i.place.admin1 != "Nangarhar" for i in found.values())


def test_a_known_village_of_the_same_province_is_no_namesake(gazetteer):
    body = (
        "Militants attacked checkpoints in the villages of Datta Khel and Zarkai Kandao in North "
        "Waziristan district on Friday."
    )
    found = {i.place.name: i for i in _incidents(body) if i.place is not None}
    assert found["Datta Khel"].place.id == gazetteer.lookup("Datta Khel")[0].id


def test_a_listed_village_spelt_otherwise_is_the_gazetteer_place_inside_the_area(gazetteer):
    (teri,) = [p for p in gazetteer.lookup("Teri Mangal") if p.kind == "crossing"]
    body = (
        "Afghan forces targeted border posts in Zarkai Kandao and Tari Mengal areas of Kurram "
        "district on Saturday."
    )
    found = {i.place.name: i for i in _incidents(body) if i.place is not None}
    assert found["Teri Mangal"].place.id == teri.id
    assert "Zarkai Kandao" in found  # no gazetteer place spells it: unlisted, at Kurram
