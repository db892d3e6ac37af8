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
        # lone_man_opened_fire: one man, not called armed, who crossed and fired
        (
            "A man crossed into the Pakistani side at Chaman on Monday and opened fire at the guards.",
            "other",
            "Chaman",
        ),
        # clash: artillery duels; attack_on_post: fire on a named district
        ("Artillery duels continued along the border in Kurram on Tuesday.", "armed_clash", "Kurram"),
        (
            "Pakistani troops fired on the Zazai Maidan district of Khost on Monday.",
            "armed_clash",
            "Zazai Maidan",
        ),
        # crossing_context: trade at a named place; a town's crossing is where its trade runs
        (
            "Trade resumed at Chaman on Thursday after 10 days.",
            "crossing_reopened",
            "Chaman–Spin Boldak crossing",
        ),
        # post_taken: set ablaze; attack_on_post: an attack "by" someone "on" posts
        (
            "Several Pakistani posts were set ablaze in Kunar on Monday.",
            "post_captured_or_destroyed",
            "Kunar",
        ),
        (
            "Pakistani forces repulsed an attack by Afghan Taliban on border posts in Kurram on Monday.",
            "armed_clash",
            "Kurram",
        ),
        # after_link: a closure "due to" the clashes: the clashes were at the crossing
        (
            "Trade through Ghulam Khan was suspended on Thursday due to the clashes.",
            "armed_clash",
            "Ghulam Khan",
        ),
        # a military statement's shapes: an attack "on Pakistan along the border", forces that
        # "struck camps and posts", positions "on the Afghan side" captured, a suicide bomber
        (
            "The Afghan Taliban launched an unprovoked attack on Pakistan along the border in Kurram on Monday.",
            "armed_clash",
            "Kurram",
        ),
        (
            "The forces responded and struck Taliban camps and posts in Kunar on Monday.",
            "armed_clash",
            "Kunar",
        ),
        (
            "In Kunar on Monday, 21 positions on the Afghan side of the border were physically captured.",
            "post_captured_or_destroyed",
            "Kunar",
        ),
        (
            "A suicide bomber struck a security checkpoint in Bajaur near the Afghan border on Monday.",
            "other",
            "Bajaur",
        ),
        # locative_before: a crossing's side as the sentence's subject
        ("The Pakistani side of Torkham was shut for an hour on Monday.", "crossing_closed", "Torkham"),
        # fence_or_infiltration: armed men held after crossing; a drone shot down
        ("Afghan forces detained two Pakistani soldiers who crossed into Kunar on Monday.", "other", "Kunar"),
        ("Taliban forces shot down a Pakistani drone in Paktika on Monday.", "other", "Paktika"),
        # militants killed after crossing; militants "operating from Afghan soil" who attacked
        (
            "Pakistani forces killed three militants who crossed from Afghanistan in North Waziristan on Monday.",
            "other",
            "North Waziristan",
        ),
        (
            "Militants operating from Afghan soil attacked a police station in Bajaur on Monday.",
            "other",
            "Bajaur",
        ),
        # a land "port", as Afghan media call a crossing; transit through it
        (
            "Spin Boldak port reopened on Tuesday after a week.",
            "crossing_reopened",
            "Chaman–Spin Boldak crossing",
        ),
        ("Transit through the Ghulam Khan port resumed on Wednesday.", "crossing_reopened", "Ghulam Khan"),
        # crossing_closed: pedestrian movement suspended at a named place
        (
            "Pakistani authorities suspended pedestrian movement at Chaman on Monday.",
            "crossing_closed",
            "Chaman",
        ),
        # a named part of the capital is a place; posts recaptured are posts taken
        (
            "Pakistani jets carried out strikes in Kabul's Shahr-e-Naw area on Thursday night.",
            "airstrike",
            "Kabul",
        ),
        (
            "Pakistani forces recaptured the posts lost to the Taliban in Kurram on Monday.",
            "post_captured_or_destroyed",
            "Kurram",
        ),
        # clash: cross-border firing
        ("Cross-border firing erupted in Chaman on Monday.", "armed_clash", "Chaman"),
        # speaker_place_before: homes struck are where the shells fell
        ("Several shells struck homes in Chaman on Monday.", "artillery_shelling", "Chaman"),
        # crossing_context: trade "through" a named place; crossing_reopened: restored, opened
        (
            "Pakistan suspended trade with Afghanistan through Torkham on Monday.",
            "crossing_closed",
            "Torkham",
        ),
        ("Trade through Torkham was restored on Monday.", "crossing_reopened", "Torkham"),
        ("The crossing at Ghulam Khan opened after ten days on Monday.", "crossing_reopened", "Ghulam Khan"),
        # fence_or_infiltration: militants trying to cross into the country
        (
            "Five militants were killed while trying to cross into Pakistan in North Waziristan on Monday.",
            "other",
            "North Waziristan",
        ),
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


def _claims(sentence: str) -> list[tuple[str, float | None, str | None]]:
    return [(c.claimant, c.quantity, c.unit) for i in extract(sentence, date(2025, 10, 15)) for c in i.claims]


def test_a_toll_given_as_a_number_or_as_martyrdom_is_a_figure():
    # figure_toll and figure_verb_killed ("embraced martyrdom")
    assert ("Afghan Taliban", 12.0, "killed") in _claims(
        "Afghan officials put the death toll at 12 after clashes near Torkham on Sunday."
    )
    martyrs = _claims("The ISPR said 23 soldiers embraced martyrdom in clashes near Torkham on Sunday.")
    assert any(q == 23.0 and u == "killed" for _, q, u in martyrs), martyrs


def test_an_unnamed_officials_reason_for_anonymity_leaves_the_official_speaking():
    # participle_appositive: "who requested anonymity" says why no name is given
    claims = _claims(
        "A police official who requested anonymity said 3 soldiers were killed in clashes near Torkham."
    )
    assert any(who == "Police official" and q == 3.0 for who, q, _ in claims), claims


def test_the_city_of_a_press_conference_is_no_place_of_the_event():
    # speaker_place_before: "told a press conference in Kabul"
    found = _found(
        "Mujahid told a press conference in Kabul that 9 fighters died in clashes near Torkham on Sunday."
    )
    assert [p for _, p in found] == ["Torkham"], found


def test_a_border_sealed_with_no_crossing_named_is_a_closure_along_the_line():
    assert [t for t, _ in _found("Pakistan sealed its border with Afghanistan on Monday.")] == [
        "crossing_closed"
    ]


def test_an_event_recalled_at_its_district_and_told_at_a_town_in_it_is_one_event():
    # fold_retold_in_district: the same day, the same type, the town within the district
    body = (
        "Militants set fire to a border post near Angoor Adda on Tuesday night, officials said, hours "
        "after troops killed five militants trying to cross into North Waziristan from Afghanistan.\n\n"
        "In the earlier incident, the military said troops had engaged a group of militants attempting "
        "to infiltrate through the border near Datta Khel, North Waziristan, on Tuesday."
    )
    others = [i for i in extract(body, date(2025, 10, 22)) if i.event_type == "other"]
    assert len(others) == 1 and others[0].place is not None and others[0].place.name == "Datta Khel", others


@pytest.mark.parametrize(
    "sentence, quantity, unit",
    [
        ("The bodies of seven soldiers were recovered.", 7.0, "killed"),  # figure_bodies
        ("A Pakistani soldier was martyred in the firing.", 1.0, "killed"),  # figure_single
        ("During the exchanges, 23 soldiers embraced shahadat while 29 were injured.", 29.0, "wounded"),
        ("Twenty-three brave sons of soil embraced shahadat.", 23.0, "killed"),  # figure_subject_noun
        ("Hospital officials said they had received five bodies.", 5.0, "killed"),  # figure_bodies_counted
        ("Eight people, including three children, lost their lives.", 8.0, "killed"),  # figure_including
        ("Over two dozen militants were killed.", 24.0, "killed"),  # figure_number: two dozen
        ("One civilian died and four were hurt.", 4.0, "wounded"),  # figure_conjunct_count
        ("Sixteen people sustained injuries.", 16.0, "wounded"),  # figure_verb_wounded
        ("Three people succumbed to their injuries.", 3.0, "killed"),  # figure_verb_killed
    ],
)
def test_a_figure_in_a_common_report_shape_is_counted(sentence, quantity, unit):
    from geodata.claims.figures import find_figures

    assert (quantity, unit) in [(f.quantity, f.unit) for f in find_figures(sentence)]


def test_a_breakdown_with_a_second_verb_is_not_the_total_of_that_verb():
    from geodata.claims.figures import find_figures

    figures = find_figures(
        "Shells hit Nari, killing four civilians, including a woman, and wounding seven others."
    )
    assert (4.0, "killed") in [(f.quantity, f.unit) for f in figures]
    assert (4.0, "wounded") not in [(f.quantity, f.unit) for f in figures]


@pytest.mark.parametrize(
    "sentence, kinds",
    [
        # a name that is a town and a province, listed with provinces: the province
        ("Pakistani jets bombed targets in Khost and Paktika on Thursday.", ["province", "province"]),
        ("Shelling hit Khost, Kunar and Nangarhar on Thursday.", ["province"] * 3),
        # a town listed with names that can only be districts: the district
        ("Forces fired on posts in Bajaur, Kurram and Chitral on Saturday.", ["district"] * 3),
        # alone, or listed with towns: the town
        ("Pakistani jets bombed targets in Khost on Thursday.", ["populated_place"]),
        ("Shells landed in Khost and Asadabad on Thursday.", ["populated_place", "populated_place"]),
    ],
)
def test_a_town_listed_with_provinces_is_the_province(sentence, kinds):
    found = extract(sentence, date(2025, 10, 24))
    assert [i.place.kind if i.place else None for i in found] == kinds


def test_the_name_after_a_named_district_of_is_its_province():
    from geodata.gazetteer import load_gazetteer

    def kinds(text: str) -> dict[str, str]:
        return {m.text: m.place.kind for m in load_gazetteer().find_mentions(text)}

    assert kinds("Forces fought in the Spin Boldak district of Kandahar.")["Kandahar"] == "province"
    assert (
        kinds("Forces fought in the Bajaur tribal district of Khyber Pakhtunkhwa.")["Bajaur tribal district"]
        == "district"
    )
    # "the district of X": X is the district
    assert kinds("Forces fought in the district of Kurram.")["Kurram"] == "district"


def test_a_militant_attack_is_an_incident_only_when_the_text_ties_it_to_the_border():
    inland = "Militants attacked a police station in Dera Ismail Khan on Monday, killing three policemen."
    assert extract(inland, date(2025, 10, 24)) == []
    tied = "Militants who crossed from Afghanistan attacked a police station in Bajaur on Monday."
    assert [i.event_type for i in extract(tied, date(2025, 10, 24))] == ["other"]


def test_shelling_of_a_place_is_at_that_place():
    [shelling] = extract("Sunday's shelling of Dangam killed two children.", date(2025, 10, 24))
    assert shelling.place is not None and shelling.place.name == "Dāngām"


def test_trade_through_a_seaport_is_no_crossing_event():
    assert (
        extract("Afghan transit trade through Karachi port resumed on Wednesday.", date(2025, 10, 24)) == []
    )
