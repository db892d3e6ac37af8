"""Whole invented reports of the common shapes, each read as a demanding user would: one dot per
event, at its place, on its day. Each test names the rules the report needs."""

from __future__ import annotations

from datetime import date

from geodata.dates import find_dates
from tests.invented import extract, of_type

CLASH_THEN_CLOSURE = """QUETTA: Afghan and Pakistani border forces exchanged heavy fire near the Chaman border crossing late on Tuesday, officials said.

A senior official of the district administration said the firing began around 10pm after Afghan forces targeted a Pakistani checkpost. "Our forces responded," he said, adding that two soldiers were wounded."""

STRIKES_IN_TWO_DISTRICTS = """KABUL - Pakistani air strikes on Friday night killed at least 10 civilians in Afghanistan's eastern Paktika province, a Taliban spokesman said on Saturday.

Zabihullah Mujahid said the strikes hit homes in the Urgun and Barmal districts and vowed retaliation."""

REOPENING_AFTER_A_FIGHT = """LANDI KOTAL: The Torkham border crossing reopened for trade on Thursday after remaining closed for 25 days following an exchange of fire between the two sides, customs officials said.

The crossing had been shut on February 21 when Afghan forces began building a post in a disputed area, prompting clashes in which a soldier was killed.

Trade resumed at 10am and more than 500 trucks crossed by the afternoon, an official said. Pedestrian movement will resume on Friday, he added."""


def test_how_the_fight_began_is_the_same_fight():
    # named_fight_began: "the firing began ... after forces targeted a checkpost" is no earlier event
    incidents = extract(CLASH_THEN_CLOSURE, date(2025, 10, 15))
    assert [(i.event_type, i.mention, i.date) for i in incidents] == [
        ("armed_clash", "primary", date(2025, 10, 14))
    ]


def test_strikes_on_two_districts_named_with_and_are_two_dots():
    # speaker_place_after does not reach over "and": "Barmal districts and vowed"
    incidents = extract(STRIKES_IN_TWO_DISTRICTS, date(2025, 10, 18))
    assert sorted(i.place.name for i in incidents if i.event_type == "airstrike") == ["Barmal", "Urgun"]


def test_the_fight_a_closure_followed_takes_the_day_the_closure_began():
    # date_cause_of_closure, future_before_weekday, trade_talk ("pedestrian movement")
    incidents = extract(REOPENING_AFTER_A_FIGHT, date(2025, 3, 20))
    by_type = {i.event_type: i for i in incidents}
    assert sorted(by_type) == ["armed_clash", "crossing_closed", "crossing_reopened"], incidents
    assert by_type["armed_clash"].date == date(2025, 2, 21) and by_type["armed_clash"].mention == "background"
    assert by_type["crossing_reopened"].date == date(2025, 3, 20)
    assert any("Pedestrian movement" in c.statement for c in by_type["crossing_reopened"].claims)
    assert not any("Pedestrian movement" in c.statement for c in by_type["armed_clash"].claims)


def test_a_weekday_in_the_future_tense_is_the_coming_one():
    thursday = date(2025, 3, 20)
    assert [p.date for p in find_dates("Movement will resume on Friday.", thursday)] == [date(2025, 3, 21)]
    assert [p.date for p in find_dates("The gate was closed on Friday.", thursday)] == [date(2025, 3, 14)]


ATTACK_AND_A_SEPARATE_SHELL = """PESHAWAR: Two soldiers were martyred when militants from Afghanistan attacked a border post in Bajaur district on Tuesday night, the ISPR said on Wednesday.

"Pakistan expects the Interim Afghan Government to fulfil its obligations and deny the use of its soil," the ISPR said.

Separately, a mortar shell fired from across the border landed in a house in the district, injuring a woman, local officials said."""


def test_a_separate_shell_stays_its_own_event_and_an_expected_denial_is_no_statement():
    # separate_incident blocks the shelling's fold into a fight; infinitive_before_cue
    incidents = extract(ATTACK_AND_A_SEPARATE_SHELL, date(2025, 11, 5))
    assert sorted(i.event_type for i in incidents) == ["artillery_shelling", "other"], incidents
    claimants = {c.claimant for i in incidents for c in i.claims}
    assert not any("Taliban" in c or "Afghan" in c for c in claimants), claimants


def test_a_year_alone_dates_a_recalled_event_to_that_year():
    # date_year; year_of_another_happening
    published = date(2025, 11, 5)
    (year,) = find_dates("In 2023, a similar attack on a post killed five soldiers.", published)
    assert (year.date, year.date_end, year.precision) == (date(2023, 1, 1), date(2023, 12, 31), "year")
    assert (
        find_dates("the deadliest clashes since the Taliban assumed control of Kabul in 2021", published)
        == []
    )
    assert find_dates("Traders sent in 2000 trucks.", published) == []
    body = (
        ATTACK_AND_A_SEPARATE_SHELL
        + "\n\nIn 2023, a similar attack on a post in the district killed five soldiers."
    )
    recalled = [i for i in extract(body, published) if i.date is not None and i.date.year == 2023]
    assert [(i.mention, i.date_precision) for i in recalled] == [("background", "year")], recalled


def test_overnight_counts_from_the_statements_day_and_a_day_of_the_month_alone_resolves():
    # _night_before_the_statement; date_ordinal_day
    wednesday = date(2025, 10, 15)
    night = [
        p
        for p in find_dates("Posts were attacked overnight, officials said on Sunday.", wednesday)
        if not p.statement
    ]
    assert [(p.date, p.date_end) for p in night] == [(date(2025, 10, 11), date(2025, 10, 12))]
    assert [p.date for p in find_dates("Posts were attacked on the 11th.", wednesday)] == [date(2025, 10, 11)]
    assert [p.date for p in find_dates("Posts were attacked on the 20th.", wednesday)] == [date(2025, 9, 20)]
    assert find_dates("The gate stayed shut on the 3rd day.", wednesday) == []


def test_the_day_of_a_news_conference_dates_the_statement_not_the_event():
    # statement_date_cue: "told a news conference in Kabul on Sunday"
    (said,) = find_dates(
        "Mujahid told a news conference in Kabul on Sunday that posts fell.", date(2025, 10, 12)
    )
    assert said.statement


def test_the_border_crossing_of_a_crossing_dateline_is_that_crossing():
    # dateline_crossing: "TORKHAM:" is cut from the text, yet "the border crossing" is Torkham's
    (closure,) = extract(
        "TORKHAM: The border crossing remained closed on Tuesday for the third day.", date(2025, 10, 15)
    )
    assert (
        closure.event_type == "crossing_closed"
        and closure.place is not None
        and closure.place.name == "Torkham"
    )
    (suspended,) = extract("Chaman, Oct 14: Trade remained suspended for the second day.", date(2025, 10, 15))
    assert suspended.event_type == "crossing_closed" and suspended.place is not None
    assert suspended.place.kind == "crossing" and suspended.date == date(2025, 10, 13)
    # a city's dateline places nothing
    (clash,) = extract("PARACHINAR: Clashes broke out on Monday, local officials said.", date(2025, 10, 15))
    assert clash.place is None


def test_the_province_of_a_province_dateline_is_that_province():
    # dateline_unit: "Khost (Pajhwok): ... into the province"
    (shelling,) = extract(
        "Khost (Pajhwok): Pakistani forces fired rockets into the province on Monday, officials said.",
        date(2025, 10, 15),
    )
    assert shelling.place is not None and (shelling.place.name, shelling.place.kind) == ("Khost", "province")


TWO_SIDES_CLAIMS = """Pakistan and Afghanistan traded heavy fire at several points along their border overnight.

Zabihullah Mujahid told a news conference on Sunday that 58 Pakistani soldiers were killed and that Afghan forces had captured 25 Pakistani posts. He said nine Afghan fighters were killed.

Pakistan's military said 23 of its soldiers were killed. It said more than 200 Taliban fighters were killed, and that 19 Afghan posts were captured.

Neither side's claims could be independently verified.

The fighting took place in Kurram, Bajaur and near Chaman, according to Pakistani security officials."""


def test_a_verdict_on_both_sides_claims_goes_with_every_incident_that_carries_them():
    # about_figures ("claims ... verified"); the holders' whole multi-place event
    incidents = [i for i in extract(TWO_SIDES_CLAIMS, date(2025, 10, 12)) if i.event_type == "armed_clash"]
    assert len(incidents) >= 2
    for inc in incidents:
        assert any("Neither side" in c.statement for c in inc.claims), inc.place


def test_a_span_of_days_is_one_incident_from_its_first_day_to_its_last():
    # date_mdy / date_dmy with a second day; day_span_joint for weekdays
    wednesday = date(2025, 10, 15)
    for body in (
        "Afghan and Pakistani forces clashed in Kurram on October 11 and 12, officials said.",
        "Afghan and Pakistani forces clashed in Kurram on 11-12 October, officials said.",
        "Afghan and Pakistani forces clashed in Kurram on Saturday and Sunday, officials said.",
    ):
        (clash,) = extract(body, wednesday)
        assert (clash.date, clash.date_end) == (date(2025, 10, 11), date(2025, 10, 12)), body
    (counted,) = find_dates("On October 11 and 12 soldiers were hurt.", wednesday)
    assert counted.date_end is None


def test_a_days_old_lead_event_is_the_news_and_a_recalled_one_stays_background():
    friday = date(2025, 10, 24)
    [lead] = extract("Two Pakistani posts were destroyed in Kunar on Sunday.", friday)
    assert (lead.date, lead.mention) == (date(2025, 10, 19), "primary")
    # told second, or a month old, or told as what came before: still a recall
    later = extract("Shells hit Chaman on Thursday. Two posts were destroyed in Kunar on Sunday.", friday)
    assert [i.mention for i in later if i.event_type == "post_captured_or_destroyed"] == ["background"]
    [old] = extract("Two Pakistani posts were destroyed in Kunar on September 20.", friday)
    assert old.mention == "background"
    [recalled] = extract("Previously, on Sunday, posts were destroyed in Kunar.", friday)
    assert recalled.mention == "background"


def test_a_cause_told_with_its_consequence_is_placed_there_and_not_moved_by_a_later_closure():
    day = date(2025, 10, 15)
    body = (
        "Afghan forces captured three Pakistani posts in the Spin Boldak district on Wednesday"
        " morning after heavy clashes, officials said. Twelve civilians were killed when mortar"
        " shells hit homes in Spin Boldak. The Chaman border crossing was closed following the clashes."
    )
    found = extract(body, day)
    clashes = [i for i in found if i.event_type == "armed_clash"]
    # the clashes: where the posts were taken, not at the crossing the closure names
    assert [(i.place.name, i.place.kind) for i in clashes] == [("Spin Boldak", "district")]
    # the shells told next are the news, not a story recalled with the clashes
    [shelling] = [i for i in found if i.event_type == "artillery_shelling"]
    assert (shelling.mention, shelling.place.kind) == ("primary", "populated_place")


def test_shells_on_a_town_folded_into_the_fight_in_its_district_keep_the_town():
    body = "Forces clashed in the Spin Boldak district on Wednesday. Mortar shells hit homes in Spin Boldak town."
    [clash] = extract(body, date(2025, 10, 15))
    assert (clash.event_type, clash.place.kind) == ("armed_clash", "populated_place")


def test_a_closure_since_the_clash_began_on_the_clashs_day():
    body = (
        "Border forces exchanged fire in the Dand-e-Patan district of Paktia on Saturday evening.\n\n"
        "Meanwhile, the Kharlachi crossing point has been closed to traffic since the clash."
    )
    [closure] = of_type(body, "crossing_closed", date(2024, 7, 28))
    assert closure.date == date(2024, 7, 27)


def test_an_event_told_hours_later_is_at_the_scene_and_on_the_day_of_the_one_before():
    body = (
        "Forces clashed near the Kharlachi crossing on Tuesday.\n\n"
        "The clash came two days after the two forces fought in the Spin Boldak district of Kandahar."
        " Hours later, footage showed a man opening fire on the guards with a handgun."
    )
    found = extract(body, date(2022, 11, 15))
    [gunman] = [i for i in found if i.event_type == "other"]
    [earlier] = [
        i for i in found if i.event_type == "armed_clash" and i.place and i.place.name == "Spin Boldak"
    ]
    assert (gunman.place.name, gunman.date, gunman.mention) == ("Spin Boldak", earlier.date, earlier.mention)


def test_the_title_place_is_read_as_the_body_reads_it():
    body = (
        "Afghan forces attacked Pakistani posts along the border in Khost, Paktia and Kunar provinces last"
        " night, officials said.\n\nA spokesman said that 25 posts were captured."
    )
    found = extract(body, date(2025, 10, 12), title="Afghan forces respond to attacks in Khost")
    [posts] = [i for i in found if i.event_type == "post_captured_or_destroyed"]
    assert (posts.place.name, posts.place.kind) == ("Khost", "province")


def test_a_reopening_after_remaining_closed_for_n_days_dates_the_closure_back():
    [closure] = of_type(
        "The Torkham border reopened on Monday after remaining closed for 25 days.",
        "crossing_closed",
        date(2025, 10, 24),
    )
    assert (closure.date, closure.mention) == (date(2025, 9, 25), "background")


def test_a_dateline_alone_on_its_line_below_the_page_furniture_is_read():
    body = (
        "TODAY'S PAPER | October 15, 2025 | EPAPER\n\nTrade suspended at the border\n\n"
        "Our Correspondent October 15, 2025 1 min read\n\nTORKHAM:\n\n"
        "Border trade remained suspended for a third day on Tuesday as Pakistan closed crossings along the frontier."
    )
    [closure] = of_type(body, "crossing_closed", date(2025, 10, 15))
    assert closure.place is not None and closure.place.name == "Torkham"


def test_a_military_statement_of_precision_strikes_in_the_lead_is_an_airstrike_report():
    body = (
        "Pakistan's military said on Saturday its forces had carried out precision strikes on militant"
        " hideouts in Khost, killing dozens of fighters.\n\n"
        "The Taliban government said the strikes hit civilian homes in the Urgun and Barmal districts of"
        " Paktika province, killing 10 civilians.\n\n"
        "The neighbours have clashed repeatedly since October 11, when Afghan forces attacked Pakistani"
        " border posts."
    )
    found = extract(body, date(2025, 10, 18))
    strikes = sorted(i.place.name for i in found if i.event_type == "airstrike" and i.place)
    assert strikes == ["Barmal", "Khōst", "Urgun"], strikes
    [recalled] = [i for i in found if i.event_type == "armed_clash"]
    assert (recalled.date, recalled.mention) == (date(2025, 10, 11), "background")
