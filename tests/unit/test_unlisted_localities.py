"""Villages the gazetteer does not know (geodata/extraction/localities.py), on invented articles
with the real gazetteer: each named locality is an incident of its own, at the district or
province the text names with it and with that area's precision; none is placed at a guess."""

from __future__ import annotations

from datetime import date

import pytest

from tests.invented import extract


def _incidents(body: str):  # noqa: ARG001 (the fixture is the gazetteer extract uses)
    return extract(body, date(2024, 3, 9), title="Shelling on the border")


def _by_place(incidents) -> dict:
    return {i.place.name: i for i in incidents if i.place is not None}


def test_each_listed_locality_is_an_incident_at_its_district(gazetteer):
    sarkano = next(p for p in gazetteer.lookup("Sarkano") if p.kind == "district")
    body = (
        "A resident of Sarkano district said Pakistani forces fired dozens of rockets into "
        "Kanda Sar, Dobar and Shaga Kalay localities on Friday night."
    )
    found = _by_place(_incidents(body))
    for name in ("Kanda Sar", "Dobar", "Shaga Kalay"):
        incident = found[name]
        assert incident.event_type == "artillery_shelling"
        assert (incident.lat, incident.lon) == (sarkano.lat, sarkano.lon)
        assert incident.location_precision == 3, "never more precise than the district"
        assert any("not in the gazetteer" in note for note in incident.notes)
    groups = {found[name].group for name in ("Kanda Sar", "Dobar", "Shaga Kalay")}
    assert len(groups) == 1 and None not in groups, "one event at three places: one group"


def test_the_area_of_the_sentence_before_places_them():
    body = (
        "Afghan forces opened fire on Pakistani border posts in Kurram district on Saturday morning. "
        "They targeted posts in Lower Tangai, Shpola Kot and Sra Ghar areas with heavy weapons."
    )
    found = _by_place(_incidents(body))
    assert {"Lower Tangai", "Shpola Kot", "Sra Ghar"} <= set(found), sorted(found)
    assert {found[n].admin1 for n in ("Shpola Kot", "Sra Ghar")} == {"Khyber Pakhtunkhwa"}


def test_a_province_gives_a_province_precision():
    body = (
        "Clashes erupted on Sunday in Paktia province, spreading to Mala Kot, Zarghun and surrounding areas."
    )
    found = _by_place(_incidents(body))
    assert found["Zarghun"].location_precision == 4
    assert found["Mala Kot"].location_precision == 4


def test_a_gazetteer_place_in_the_list_stays_itself():
    body = "Pakistani artillery shelled Dangam and Shaga Kalay villages of Kunar province on Monday."
    ids = {i.place.name: i.place.id for i in _incidents(body) if i.place is not None}
    assert ids["Shaga Kalay"].startswith("unlisted:")
    dangam = [pid for name, pid in ids.items() if name.startswith("D")]
    assert dangam and not dangam[0].startswith("unlisted:"), ids


def test_district_before_its_name_is_the_district():
    body = "On Sunday militants attacked two posts in the general area of Gabar Kalay, District Chitral."
    incidents = [i for i in _incidents(body) if i.place is not None]
    assert [(i.place.name, i.location_precision, i.admin1) for i in incidents] == [
        ("Gabar Kalay", 3, "Khyber Pakhtunkhwa")
    ]


def test_the_csv_gives_an_unlisted_village_its_district():
    from geodata.csv_export import admin2_of
    from geodata.export import to_features

    body = "Pakistani forces fired rockets into Kanda Sar and Dobar localities of Sarkano district on Friday."
    features = to_features(_incidents(body))
    ids = {f["properties"]["place"]: f["properties"]["place_id"] for f in features}
    assert ids["Kanda Sar"].startswith("unlisted:")
    assert admin2_of(ids["Kanda Sar"]) == "Sarkano"
    assert admin2_of("no:such:place") == ""


def test_the_area_after_of_is_the_area_even_before_a_comma():
    body = "Forces exchanged fire on Sunday near the Wesh area of Spin Boldak district, in which two guards died."
    found = _by_place(_incidents(body))
    assert found["Wesh"].admin1 == "Kandahar" and found["Wesh"].location_precision == 3


@pytest.mark.parametrize(
    "body",
    [
        # the area the text names is unknown to the gazetteer
        "Forces shelled Kunar province on Friday. A resident of Dawlatzai district said the shells "
        "fell in Tor Ghundai and Gandao Kalay areas in the evening.",
        "Fighting raged on Saturday in Dishwar district's Kala Khel and Mirza areas, as well as in Paktia province.",
        # the list reaches beyond the one area named, or names two
        "On Saturday night Afghan forces opened fire at border points including Angoor Adda and Kurram, "
        "with similar attacks also reported in Sheltan, Chitral, Zarghun Kalay and other areas along the line.",
        "Rockets hit Tor Kalay, Sro Kala and Nawe Kali areas of Kunar and Nuristan provinces on Sunday.",
        # a speaker's seat, an origin of fire, a common word
        "Rockets fired from Kunar province landed in Kanda Sar village on Sunday.",
        "Officials in Dobar and Shaga Kalay villages of Kurram district said Afghan forces fired rockets on Sunday.",
        "Families displaced from Dobar and Shaga villages of Kurram district said forces fired mortars on Monday.",
        "In October, Dobar and Shaga villages of Kurram district were shelled by Afghan forces.",
        "Mortars landed in Shia areas of Kurram district on Sunday.",
        "Afghan forces shelled Government-held areas of Kunar province on Sunday.",
    ],
)
def test_no_village_is_placed_at_a_guess(body):
    unlisted = {
        i.place.name for i in _incidents(body) if i.place is not None and i.place.id.startswith("unlisted:")
    }
    assert not unlisted, unlisted


def test_the_area_of_a_list_may_be_named_a_few_sentences_before(gazetteer):
    # the district is named two sentences (and a stray closing quote) before the villages
    body = (
        '"Afghan troops fired at several border posts in Kurram district on Saturday morning," '
        "the newspaper reported. Eleven other people were injured.\u201d\n\n"
        "Sources said the forces used heavy weapons to target border posts in Zarkai Kandao, "
        "Mata Sangar and Torgul Kot areas."
    )
    kurram = next(p for p in gazetteer.lookup("Kurram") if p.kind == "district")
    found = _by_place(_incidents(body))
    for name in ("Zarkai Kandao", "Mata Sangar", "Torgul Kot"):
        assert name in found, sorted(found)
        assert (found[name].lat, found[name].lon) == (kurram.lat, kurram.lon)
