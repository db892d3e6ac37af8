"""Overreaches an independent review found in issue 13's rules, each on invented sentences: the
rule fired where its words meant something else. Each test names the rule it bounds."""

from __future__ import annotations

from datetime import date

from tests.invented import extract


def _incidents(body: str, published: date = date(2025, 10, 24)) -> list:
    return extract(body, published)


def _types(body: str) -> list[str]:
    return sorted(i.event_type for i in _incidents(body))


def _claims_of(body: str, event_type: str) -> list:
    return [c for i in _incidents(body) if i.event_type == event_type for c in i.claims]


def test_the_report_of_a_named_party_is_that_party_speaking():
    # report_of_a_party: the party named after "the report of" speaks, not the article
    body = "Forces clashed near Torkham on Thursday, killing three soldiers, according to the report of the ISPR."
    claimants = {c.claimant for c in _claims_of(body, "armed_clash") if c.quantity == 3}
    assert claimants and all(c.startswith("ISPR") for c in claimants), claimants
    # media reports with no party named stay the article's
    unnamed = "Forces clashed near Torkham on Thursday, killing three soldiers, according to media reports."
    assert {c.claimant for c in _claims_of(unnamed, "armed_clash") if c.quantity == 3} == {
        "Article (according to reports)"
    }


def test_a_bare_anaphor_names_the_event_told_last_not_the_first_it_named():
    # the anaphor memory keeps only qualified words ("the Pakistani strikes")
    body = (
        "A Pakistani drone strike hit a house in Khost on Monday.\n\n"
        "The attack killed three people, officials said.\n\n"
        "On Tuesday, Pakistani artillery shelled villages in Kunar.\n\n"
        "The attack wounded two children, residents said."
    )
    shelling = _claims_of(body, "artillery_shelling")
    assert any(c.quantity == 2 and c.unit == "wounded" for c in shelling), shelling
    assert not any(c.unit == "wounded" for c in _claims_of(body, "drone_strike"))


def test_a_toll_told_again_must_name_the_same_people():
    # _toll_told_before: "two children were killed" is not the clash's "two soldiers" again
    body = (
        "Two soldiers were killed in a clash with Afghan forces near Chaman on Monday, officials said.\n\n"
        "On Tuesday, a Pakistani airstrike hit a house in Paktika province.\n\n"
        "The Taliban said the strike destroyed a house.\n\n"
        "Two children were killed, residents said."
    )
    assert any(c.subject == "children" for c in _claims_of(body, "airstrike"))
    assert not any(c.subject == "children" for c in _claims_of(body, "armed_clash"))
    # the same soldiers told by another source are still the clash's toll
    retold = body.replace(
        "Two children were killed, residents said.", "Two soldiers were killed, the ISPR said."
    )
    assert any(c.claimant.startswith("ISPR") for c in _claims_of(retold, "armed_clash"))
