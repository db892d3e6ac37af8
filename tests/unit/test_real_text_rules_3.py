"""Rules of issue 13's third batch, on invented sentences in the shapes of real reports: an event
named as the start of a period is no event; a gate taken by force is a post lost, on the day the
sentence's own hour ('By mid-morning, ... had') belongs to."""

from __future__ import annotations

from datetime import date

from tests.invented import event_types as _types
from tests.invented import extract
from tests.invented import of_type as _of_type


def test_an_event_named_as_the_start_of_a_period_is_no_event():
    body = (
        "The Torkham crossing remained closed on Friday.\n\n"
        "Since the clashes began, around 5,000 people have been sent back, while 900 empty containers "
        "have returned, customs officials said."
    )
    assert _types(body) == ["crossing_closed"]
    # the same words telling the fight itself stay an event
    assert "armed_clash" in _types("The clashes began near Torkham on Sunday night, officials said.")


def test_a_gate_taken_by_mid_morning_is_a_post_lost_that_day():
    body = (
        "Heavy fighting erupted along the Spin Boldak border early Wednesday, officials said.\n\n"
        "By mid-morning, the border forces had regained full control of the Spin Boldak gate after "
        "hours of combat, local sources said."
    )
    incidents = extract(body, date(2025, 10, 16))
    posts = [i for i in incidents if i.event_type == "post_captured_or_destroyed"]
    assert len(posts) == 1
    assert posts[0].mention == "primary" and posts[0].date == date(2025, 10, 15)
    # closing or opening the gate is no capture
    assert "post_captured_or_destroyed" not in _types("Officials closed the gate at Torkham on Monday.")


def test_calm_that_returned_after_the_posts_were_seized_makes_them_the_news():
    body = (
        "Afghan and Pakistani forces clashed near Spin Boldak on Wednesday, officials said.\n\n"
        "The spokesman claimed calm had since returned to the area after soldiers were killed and "
        "posts and weapons seized."
    )
    posts = _of_type(body, "post_captured_or_destroyed", date(2025, 10, 16))
    assert len(posts) == 1 and posts[0].mention == "primary"


def test_an_exchange_of_fire_with_terrorists_is_no_clash_of_the_two_states():
    body = (
        "Three soldiers were killed in an exchange of fire with terrorists across the border in "
        "Kurram district on Monday, the military said."
    )
    assert _types(body) == ["other"]
    assert _types("Soldiers were killed in an exchange of fire with Afghan forces in Kurram on Monday.") == [
        "armed_clash"
    ]


def test_a_toll_told_again_by_another_source_goes_to_the_event_that_gave_it():
    body = (
        "Four guards were killed in clashes near Chaman on Monday, officials said.\n\n"
        "Later on Monday, jets bombed several posts in Paktika.\n\n"
        "According to local sources, four guards were killed and dozens of people fled."
    )
    incidents = extract(body, date(2025, 10, 16))
    by_type = {i.event_type: i for i in incidents}
    assert {"armed_clash", "airstrike"} <= set(by_type)
    clash_sources = {c.claimant for c in by_type["armed_clash"].claims if c.quantity == 4}
    assert "Local sources" in clash_sources
    assert not any(c.claimant == "Local sources" for c in by_type["airstrike"].claims)


def test_the_destruction_of_an_outpost_is_a_post_lost_with_its_claim():
    body = (
        "Afghan forces captured an army outpost in Kunar province on Saturday, officials said.\n\n"
        "Heavy clashes also erupted in Kunar province on Saturday night.\n\n"
        "The defence ministry claimed that military equipment was destroyed during the attacks, "
        "including the destruction of one outpost in Kunar province."
    )
    posts = _of_type(body, "post_captured_or_destroyed", date(2025, 10, 12))
    assert len(posts) == 1
    assert any("destruction of one outpost" in c.statement for c in posts[0].claims)


def test_traders_urging_a_reopening_speak_of_the_closed_crossings():
    body = (
        "The Torkham and Angoor Adda crossings remained shut on Friday, stranding hundreds of trucks.\n\n"
        "Traders have urged both governments to restore trade immediately to prevent further losses."
    )
    closures = _of_type(body, "crossing_closed", date(2025, 10, 24))
    assert len(closures) == 2
    for closure in closures:
        assert any(c.claimant == "Traders" for c in closure.claims), closure.claims
    # a warning after a clash is still about something else
    clash = "Forces exchanged fire near Torkham on Friday.\n\nThe ministry warned Kabul of consequences."
    (incident,) = extract(clash, date(2025, 10, 24))
    assert not any("warned" in c.statement for c in incident.claims)


def test_the_official_a_paper_quotes_is_the_speaker_and_a_promise_is_a_statement():
    body = (
        "The Torkham crossing was reopened on Monday after a week.\n\n"
        "On Tuesday, the paper quoted a senior official as saying: “Trade has resumed at Torkham.”\n\n"
        "Traders met officials at the district office on Tuesday.\n\n"
        "The deputy commissioner promised: “The crossing will remain open six days a week.”"
    )
    (reopening,) = extract(body, date(2025, 10, 24))
    claimants = {c.claimant for c in reopening.claims}
    assert "Senior official" in claimants
    assert any(c.statement.startswith("The deputy commissioner promised") for c in reopening.claims)


def test_the_same_anaphor_told_again_names_the_same_event():
    body = (
        "Pakistani jets bombed suspected hideouts in Khost early on Monday, killing eight people.\n\n"
        "The Pakistani strikes came two days after a suicide attack on a convoy.\n\n"
        "Afghan forces later on Monday targeted military centres along the border with heavy weapons.\n\n"
        "The Pakistani strikes were carried out in Khost and Paktika provinces, officials said."
    )
    types = _types(body)
    assert types.count("airstrike") == 2 and "artillery_shelling" in types, types
    # an anaphor told first after the shelling still names the shelling
    after_shelling = (
        "Pakistani jets bombed suspected hideouts in Khost early on Monday.\n\n"
        "Afghan forces later on Monday fired artillery shells at posts in Kurram.\n\n"
        "The attacks wounded four villagers in Kurram, officials said."
    )
    assert _types(after_shelling).count("airstrike") == 1


def test_they_also_mentioned_continues_the_speaker_of_the_paragraph_before():
    body = (
        "Residents said the forces clashed in Goshta on Saturday.\n\n"
        "They also mentioned that following the clash, Pakistan fired rockets at border villages in Goshta."
    )
    shelling = _of_type(body, "artillery_shelling", date(2025, 10, 24))
    assert len(shelling) == 1
    assert {c.claimant for c in shelling[0].claims} == {"Residents"}


def test_as_per_names_a_source_as_according_to_does():
    body = (
        "Pakistani jets bombed the Spera district of Khost province on Friday night.\n\n"
        "As per the provincial police, nine people were killed in the strikes."
    )
    (strike,) = extract(body, date(2025, 10, 24))
    assert any(c.claimant == "Provincial police" and c.quantity == 9 for c in strike.claims), strike.claims
    reported = "Jets bombed Spera on Friday.\n\nAs per the reports, nine people were killed in the strikes."
    (strike,) = extract(reported, date(2025, 10, 24))
    assert {c.claimant for c in strike.claims if c.quantity == 9} == {"Article (according to reports)"}


def test_he_said_in_the_next_paragraph_is_the_spokesman_named_before():
    body = (
        "Forces exchanged fire near Kharlachi on Tuesday.\n\n"
        "Deputy spokesman Bilal Karimi said on Wednesday that the matter was under investigation.\n\n"
        "But the Pakistani troops, he claimed, opened fire first when fighters approached the post.\n\n"
        "“Then there was an exchange of fire which possibly caused some casualties,” he said."
    )
    (clash,) = extract(body, date(2025, 10, 24))
    by_statement = {c.statement[:12]: c.claimant for c in clash.claims}
    assert by_statement["But the Paki"].startswith("Bilal Karimi"), by_statement
    assert by_statement["“Then there "].startswith("Bilal Karimi"), by_statement


def test_a_speaker_inside_a_which_clause_leaves_the_main_clause_the_articles():
    body = (
        "Forces clashed along the border in Kunar on Saturday night.\n\n"
        "The fighting came two days after Pakistani jets bombed areas near Kabul on Thursday, "
        "which the army corps in the east described as a provocation."
    )
    (strike,) = _of_type(body, "airstrike", date(2025, 10, 12))
    claimants = {c.claimant for c in strike.claims}
    assert "Article" in claimants and len(claimants) >= 2, claimants


def test_a_trailing_he_said_is_not_an_inserted_remark():
    body = (
        "Military spokesman Ahmed Sharif said troops shelled Afghan posts in Kunar on Monday.\n\n"
        "A Taliban commander in Dangam was at the scene when four civilians were killed, he said."
    )
    claimants = {c.claimant for i in extract(body, date(2025, 10, 24)) for c in i.claims if c.quantity == 4}
    assert not any("Ahmed Sharif" in c for c in claimants), claimants


def test_called_upon_is_a_statement():
    body = "Forces clashed at Torkham on Monday.\n\nA party leader, Aslam Khan, called upon both sides to stop fighting at Torkham."
    (clash,) = extract(body, date(2025, 10, 24))
    assert any(c.claimant.startswith("Aslam Khan") for c in clash.claims), clash.claims
