"""Event shapes of real reports, on invented articles with the real gazetteer: an earlier attack
the news 'came N days after' keeps its own place, and fire 'with heavy weapons' is shelling."""

from __future__ import annotations

from datetime import date

import pytest

from tests.invented import extract


def _incidents(body: str):  # noqa: ARG001 (the fixture is the gazetteer extract uses)
    return extract(body, date(2024, 3, 18), title="Strikes on the border")


def test_the_attack_the_strikes_came_after_is_not_their_place():
    body = (
        "Pakistani jets struck hideouts in Paktika province early on Monday, officials said. "
        "The strikes came two days after gunmen killed five soldiers in a bombing in Bannu."
    )
    incidents = _incidents(body)
    strikes = [i for i in incidents if i.event_type == "airstrike"]
    assert strikes and all(i.place is not None and i.place.name != "Bannu" for i in strikes), [
        (i.event_type, i.place and i.place.name) for i in incidents
    ]


def test_targeting_positions_with_heavy_weapons_is_shelling():
    body = "Afghan forces later on Monday targeted military centres along the border with heavy weapons, the ministry said."
    types = {i.event_type for i in _incidents(body)}
    assert "artillery_shelling" in types, types


def test_rockets_in_both_districts_after_the_clash():
    body = (
        "Border guards and Taliban fighters clashed on Friday near a new checkpoint, residents of "
        "Dangam district and Asmar district said. "
        "They said that following the clash, Pakistan launched rocket attacks on border villages in both districts."
    )
    incidents = _incidents(body)
    shelling = {i.place.name: i for i in incidents if i.event_type == "artillery_shelling" and i.place}
    assert set(shelling) == {"Dangam", "Asmar"}, [(i.event_type, i.place and i.place.name) for i in incidents]
    clash_days = {i.date for i in incidents if i.event_type == "armed_clash"}
    assert {i.date for i in shelling.values()} <= clash_days, "dated by the clash it followed"
    assert len({i.group for i in shelling.values()}) == 1


@pytest.mark.parametrize(
    ("second", "clashes"),
    [
        # the fight goes on in the next sentence with the districts around its crossing: one clash
        ("The fighting broke out after 10 p.m. along the frontier between Kurram district and the "
         "Dand-e-Patan district of Paktia, and went on until 3 a.m. on Monday.", 1),
        # fighting elsewhere, told as such, stays a clash of its own
        ("Fighting also broke out in Bajaur district on Monday.", 2),
    ],
)  # fmt: skip
def test_the_fighting_told_on_with_the_areas_around_its_place_is_that_fight(second, clashes):
    body = f"Pakistani and Afghan forces fought near the Kharlachi border crossing late on Sunday, officials said. {second}"
    assert [i.event_type for i in _incidents(body)].count("armed_clash") == clashes


@pytest.mark.parametrize("shells_first", [True, False])
def test_fire_exchanged_after_the_shelling_is_a_clash_of_its_own(shells_first):
    # the shells are the news and the exchange they drew a second incident; shells told after the
    # clash at its place fell in that fight, one incident
    shells = (
        "Three civilians were killed when artillery shells fired from Pakistan struck homes in Kunar's "
        "Dangam district on Monday, officials said."
    )
    clash = (
        "Afghan border forces and Pakistani troops exchanged fire for two hours in Dangam district on Monday."
    )
    body = f"{shells} {clash}" if shells_first else f"{clash} {shells}"
    types = sorted(i.event_type for i in _incidents(body))
    assert types == (["armed_clash", "artillery_shelling"] if shells_first else ["armed_clash"]), types


@pytest.mark.parametrize(
    ("body", "etype"),
    [
        (
            "Meanwhile, the exchange of fire has led to the closure of the Pak-Afghan border at Ghulam Khan.",
            "crossing_closed",
        ),
        (
            "The Pakistan-Afghanistan border at Ghulam Khan has reopened for trade after a long closure, officials said.",
            "crossing_reopened",
        ),
    ],
)
def test_the_border_at_a_crossing_is_the_crossing(body, etype):
    found = [(i.event_type, i.place and i.place.name) for i in _incidents(body)]
    assert any(t == etype and name and "Ghulam Khan" in name for t, name in found), found


def test_a_lone_gunman_and_struck_customs_compounds_are_other_events():
    gunman = "An armed man from the Afghan side opened fire on guards at the Ghulam Khan crossing on Sunday."
    assert {i.event_type for i in _incidents(gunman)} == {"other"}
    struck = "Mortar rounds struck the customs compounds at the Ghulam Khan crossing on Thursday."
    assert "other" in {i.event_type for i in _incidents(struck)}


def test_a_closure_after_a_dated_shooting_is_dated_by_it():
    body = (
        "The border at Ghulam Khan has been closed for an indefinite period after an armed man "
        "from across the line opened fire on guards on Saturday."
    )
    closures = [i for i in _incidents(body) if i.event_type == "crossing_closed"]
    assert [i.date for i in closures] == [date(2024, 3, 16)]  # the Saturday before Monday 18 March


def test_a_closure_after_the_fighting_keeps_its_own_day():
    body = (
        "Forces exchanged fire near the Ghulam Khan crossing late on Saturday. "
        "Authorities suspended all movement through the Ghulam Khan crossing on Monday morning. "
        "The gate is closed for trade until further orders after the overnight fighting, an official said."
    )
    closures = [i for i in _incidents(body) if i.event_type == "crossing_closed"]
    assert closures and {i.date for i in closures} == {date(2024, 3, 18)}


def test_the_province_a_crossing_lies_in_is_no_second_crossing():
    body = "The Ghulam Khan crossing in southeastern Khost province was reopened for trucks on Monday, officials said."
    found = [(i.event_type, i.place and i.place.name) for i in _incidents(body)]
    assert found == [("crossing_reopened", "Ghulam Khan")], found


@pytest.mark.parametrize(
    ("body", "closed_on", "precision"),
    [
        (
            "The border at Ghulam Khan has reopened for trade after a six-month closure, the envoy said on Friday.",
            date(2023, 9, 20),  # six months of 30 days before the article's Monday 18 March
            "month",
        ),
        (
            "The Ghulam Khan crossing was reopened for lorries on Monday after two weeks of closure, officials said.",
            date(2024, 3, 4),
            "week",
        ),
    ],
)
def test_a_reopening_dates_the_closure_it_ended(body, closed_on, precision):
    closures = [i for i in _incidents(body) if i.event_type == "crossing_closed"]
    assert [(i.date, i.date_precision) for i in closures] == [(closed_on, precision)]


def test_strikes_with_no_weapon_named_are_from_the_air():
    body = (
        "The Taliban accused Pakistan of carrying out strikes during the night. One strike reportedly "
        "occurred in Kabul. A second strike targeted a market in Barmal district of Paktika province."
    )
    found = {(i.event_type, i.place and i.place.name) for i in _incidents(body)}
    assert {("airstrike", "Kabul"), ("airstrike", "Barmal")} <= found, found
    assert not _incidents("Transporters went on strike in Chaman on Monday over the new tax.")


def test_artillery_firing_between_the_forces_is_a_clash():
    body = (
        "Houses were damaged near Torkham as sporadic artillery firing between the border security "
        "forces of the two countries continued on Sunday."
    )
    assert "armed_clash" in {i.event_type for i in _incidents(body)}


def test_a_closure_on_its_fourth_day_began_three_days_before():
    body = "The Torkham border crossing remained closed on Saturday (the fourth day) after a row over travel documents."
    closures = [i for i in _incidents(body) if i.event_type == "crossing_closed"]
    assert [i.date for i in closures] == [date(2024, 3, 13)]  # Saturday 16 March is the fourth day


def test_earlier_in_a_month_is_that_month():
    body = "Earlier in January, residents near the Ghulam Khan crossing fled the intense clashes."
    clashes = [i for i in _incidents(body) if i.event_type == "armed_clash"]
    assert [(i.date, i.date_precision) for i in clashes] == [(date(2024, 1, 1), "month")]


@pytest.mark.parametrize(
    "body",
    [
        "A cease-fire between the two sides took effect near Torkham on Sunday.",
        "A political confrontation between the government and the army deepened in Islamabad on Monday.",
        "The customs official at Torkham was fired on Monday for taking bribes.",
        "The two sides agreed in Doha on Monday to stop cross-border firing, officials said.",
        "Traders launched strikes in Chaman on Monday against the new visa rules.",
        "Another strike hit businesses in Chaman on Tuesday as transporters joined the protest.",
        "Transporters in Chaman conducted strikes on Monday to protest the closure of the border.",
        "The rains on Sunday hit trade terminals in Torkham.",
        "Heavy rains damaged the customs office at Torkham on Monday.",
    ],
)
def test_everyday_sentences_of_the_new_shapes_name_no_event(body):
    assert _incidents(body) == []


def test_a_closure_two_days_after_its_cause_is_not_dated_by_it():
    body = "The Torkham crossing was closed two days after gunmen attacked a border post on Saturday."
    closures = [i for i in _incidents(body) if i.event_type == "crossing_closed"]
    assert closures and date(2024, 3, 16) not in {i.date for i in closures}


def test_an_unsaid_number_of_months_dates_no_closure_a_month_back():
    body = "The Torkham crossing reopened on Monday after months of closure."
    closures = [i for i in _incidents(body) if i.event_type == "crossing_closed"]
    assert all(i.date_precision != "month" for i in closures), closures


def test_aftermath_in_a_city_market_is_not_the_closure_place():
    body = "Tomato prices soared in markets in Kabul after Pakistan closed the border on Sunday."
    assert not [i for i in _incidents(body) if i.place is not None and i.place.name == "Kabul"]


def test_a_separate_incident_sets_the_scene_of_the_next_sentence():
    body = (
        "The Ghulam Khan crossing reopened on Monday after a week.\n\n"
        "In a separate incident, tension rose over a land dispute in the Parachinar area of Kurram "
        "district on Saturday.\n\n"
        '"A soldier was killed and two were wounded in firing from the other side," a police officer '
        "told reporters on Sunday."
    )
    clashes = [i for i in _incidents(body) if i.event_type == "armed_clash"]
    assert [(i.place and i.place.name, i.date) for i in clashes] == [("Parachinar", date(2024, 3, 16))]


def test_a_strike_named_by_its_side_is_an_airstrike_with_its_toll():
    body = (
        "At least six children and a woman were killed after a Pakistani strike hit a house in "
        "Khost province, Afghan authorities said on Tuesday."
    )
    strikes = [i for i in _incidents(body) if i.event_type == "airstrike"]
    assert len(strikes) == 1 and strikes[0].place is not None, [(i.event_type, i.place) for i in strikes]
    assert strikes[0].place.kind == "province" and strikes[0].place.admin1 in ("Khost", "Khōst")
    assert any(c.quantity == 7 and c.side == "AF" for c in strikes[0].claims)


def test_the_clashes_with_no_place_or_day_are_the_event_told_before():
    body = (
        "Shelling from Afghan forces killed six people in Chaman on Sunday, the military said.\n\n"
        "The violence hitting Chaman follows a series of incidents on the border.\n\n"
        "Chaman is the main crossing for trade between the countries.\n\n"
        "In Afghanistan, a spokesman for the provincial governor, Zar Wali, appeared to link the "
        "clashes between Pakistani and Taliban forces with the building of new checkpoints on the "
        "Afghan side of the border."
    )
    incidents = _incidents(body)
    assert [i.event_type for i in incidents] == ["artillery_shelling"], [
        (i.event_type, i.place and i.place.name) for i in incidents
    ]


def test_the_clashes_with_a_day_of_their_own_stay_a_clash():
    body = (
        "Shelling from Afghan forces killed six people in Chaman on Sunday, the military said.\n\n"
        "The clashes on Tuesday in Kurram left two soldiers wounded."
    )
    types = sorted(i.event_type for i in _incidents(body))
    assert types == ["armed_clash", "artillery_shelling"], types


def test_what_a_drone_fired_is_the_drone_strike_and_so_are_the_airstrikes():
    body = (
        "A drone strike hit a guest house in Kunar province on Thursday night, residents said.\n\n"
        "The rockets fired by the drone at the guest house did not explode, a news agency reported.\n\n"
        "It is not yet known which country carried out the airstrikes.\n\n"
        "Local officials said the airstrike was carried out by a drone."
    )
    types = [i.event_type for i in _incidents(body)]
    assert types == ["drone_strike"], types


def test_rockets_fired_by_forces_stay_shelling():
    body = "Rockets fired by Afghan forces landed in Bajaur on Friday, officials said."
    assert [i.event_type for i in _incidents(body)] == ["artillery_shelling"]


def test_fire_with_no_place_or_day_after_a_located_strike_is_that_strike():
    found = extract(
        "A drone strike hit a guest house in Kunar province on Thursday, residents said.\n\n"
        "The house belonged to a former commander.\n\n"
        '"Pakistan fired missiles into Afghanistan," said the Taliban spokesman.',
        date(2021, 12, 17),
        title="Drone strike in Kunar",
    )
    types = [i.event_type for i in found]
    assert types == ["drone_strike"], types


def test_the_lead_event_with_no_place_is_not_folded_into_a_later_one():
    found = extract(
        "In Pakistan, four guards have been killed and four others injured; while in Afghanistan, "
        "15 civilians lost their lives in the latest round of clashes.\n\n"
        "Pakistan on Wednesday carried out airstrikes in Spin Boldak, striking several Taliban posts.",
        date(2025, 10, 15),
        title="Pakistan strikes Taliban posts in Spin Boldak as clashes flare",
    )
    types = sorted(i.event_type for i in found)
    assert types == ["airstrike", "armed_clash"], types


def test_the_conflict_that_occurred_is_the_event_with_its_place_and_day():
    found = extract(
        "The ministry has announced that the clash between the two forces near the Durand Line has "
        "ended.\n\nA spokesperson stated on Thursday, September 5, that the conflict occurred the "
        "previous day in the\u201cZazi\u201d district of Khost Province, near the Durand Line.",
        date(2024, 9, 6),
        title="Fighting ends on the border after skirmishes",
    )
    (clash,) = found
    assert clash.event_type == "armed_clash"
    assert clash.place is not None and clash.place.kind == "province"
    assert str(clash.date) == "2024-09-04"


def test_a_fight_following_the_incident_is_dated_on_its_day():
    found = extract(
        "The border at Chaman has been closed after an armed man from the Afghan side opened fire "
        "on guards at the Friendship Gate on Sunday, killing one.\n\n"
        "Officials said the two forces exchanged fire for more than an hour following the incident.\n\n"
        "Shortly after the incident, he said, the Afghan personnel opened fire on Pakistani forces "
        "which retaliated and the firing continued for some time.",
        date(2022, 11, 16),
        title="Trade suspended at Chaman after shooting",
    )
    (clash,) = [i for i in found if i.event_type == "armed_clash"]
    assert (str(clash.date), clash.date_precision) == ("2022-11-13", "day")


def test_militants_attacking_posts_and_the_fight_that_repulsed_them_are_one_other_event():
    body = (
        "On 6 September, a large group of terrorists attacked two Pakistani military posts near "
        "the border in Bajaur district, the military said.\n\n"
        "The soldiers fought bravely and repulsed the attacks, inflicting heavy losses.\n\n"
        "During the exchange of fire, four soldiers, having fought gallantly, were killed."
    )
    types = sorted({i.event_type for i in _incidents(body)})
    assert types == ["other"], types


def test_fighting_that_led_to_a_closure_took_place_at_the_crossing():
    body = "Meanwhile, an exchange of gunfire has led to the closure of the border at Torkham."
    (clash,) = [i for i in _incidents(body) if i.event_type == "armed_clash"]
    assert clash.place is not None and clash.place.name == "Torkham"


def test_fire_opened_by_militants_and_a_sneaking_group_are_other():
    body = (
        'A soldier was killed after the "terrorists from Afghanistan" opened fire on the army '
        "troops in Bajaur district on Monday, the military said."
    )
    assert [i.event_type for i in _incidents(body)] == ["other"]
    body = (
        "Security forces killed five militants while trying to sneak into Pakistan through the "
        "border in Zhob district on Saturday night."
    )
    assert [i.event_type for i in _incidents(body)] == ["other"]
    # fire opened by the forces of a state stays a clash
    body = "Afghan forces opened fire on the army troops in Bajaur district on Monday, officials said."
    assert [i.event_type for i in _incidents(body)] == ["armed_clash"]


def test_an_undated_event_right_after_a_recalled_one_at_its_place_is_recalled_too():
    found = extract(
        "A soldier was killed when shells landed in Bajaur district on Monday, the military said.\n\n"
        "Last week, three soldiers were killed when shells fired from across the border landed in "
        "Kurram district.\n\n"
        "As per the military, militants attacked a post in the general area of Kharlachi in Khyber "
        "Pakhtunkhwa province.",
        date(2022, 9, 20),
        title="Soldier killed in Bajaur",
    )
    (kharlachi,) = [i for i in found if i.event_type == "other"]
    assert (str(kharlachi.date), kharlachi.date_precision) == ("2022-09-13", "week")


def test_fire_forcing_the_closure_of_a_named_point_closes_that_crossing():
    body = (
        "Local residents said that Afghan forces opened fire in Kurram on Tuesday, forcing closure "
        "of the Kharlachi point for movement between the two countries."
    )
    incidents = _incidents(body)
    closures = [i for i in incidents if i.event_type == "crossing_closed"]
    assert [i.place.name for i in closures] == ["Kharlachi"], [(i.event_type, i.place) for i in incidents]
    assert any(c.claimant == "Local residents" for c in closures[0].claims)


def test_a_closure_forced_at_the_key_crossing_of_a_province_is_that_crossing():
    found = extract(
        "Forces clashed for hours late on Tuesday in Paktia province.\n\n"
        "This comes two days after another clash that left casualties, forcing the country to close "
        "its key border crossing in the southern Kandahar province.\n\n"
        "The Chaman crossing has stayed closed since then, traders said.",
        date(2022, 11, 16),
        title="Forces clash on the border",
    )
    closures = [i for i in found if i.event_type == "crossing_closed"]
    assert closures and all(i.place is not None and i.place.kind == "crossing" for i in closures), [
        (i.place.name if i.place else None) for i in closures
    ]
    # the forced closure is read as one (its sentence is the closure's), not left to the clash
    assert any("forcing the country to close" in c.statement for i in closures for c in i.claims)


def test_a_crossing_that_ceased_operations_was_closed():
    body = "The Torkham crossing, a key route for trade, ceased operations around 10 a.m. on Sunday."
    assert [i.event_type for i in _incidents(body)] == ["crossing_closed"]
    # operations of the forces are no closure without a crossing named
    body = "The army ceased operations in the valley on Sunday."
    assert [i.event_type for i in _incidents(body)] == []
