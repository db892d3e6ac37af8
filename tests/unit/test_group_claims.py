"""A multi-place event told first as a whole, then place by place (issue 13): the claims of the
whole are claims about each place; a sentence about one place keeps its claims to that place."""

from __future__ import annotations

from datetime import date

from tests.invented import extract


def _incidents(body: str):  # noqa: ARG001 (the fixture is the gazetteer extract uses)
    return extract(body, date(2024, 12, 28), title="Border posts fired on")


WHOLE = (
    "A soldier was killed and nine others were injured when Afghan forces opened fire on "
    "several border posts on Saturday, sources said.\n\n"
)


def test_the_whole_told_of_the_district_reaches_the_villages_listed_in_it():
    # the district sentence joins the first village's incident; its toll is the others' too
    body = WHOLE.replace("posts on Saturday", "posts in Kurram district on Saturday")
    body += (
        "The Afghan forces targeted border posts in Zarkai Kandao, Spinkai Sar and Torgul Kot "
        "areas using heavy weapons, the sources said."
    )
    grouped = [i for i in _incidents(body) if i.group]
    assert len(grouped) == 3
    for inc in grouped:
        assert any(c.quantity == 9 for c in inc.claims), (inc.place.name, [c.statement for c in inc.claims])


def test_the_claims_of_the_whole_event_reach_every_place():
    body = WHOLE + "Afghan forces targeted posts in Parachinar and in Bajaur, the sources added."
    grouped = [i for i in _incidents(body) if i.group]
    assert {i.place.name for i in grouped} == {"Parachinar", "Bajaur"}
    for inc in grouped:
        assert any(c.quantity == 9 for c in inc.claims), (inc.place.name, [c.statement for c in inc.claims])


def test_claims_of_an_area_stay_with_the_places_inside_it():
    # the whole is told of Kurram: Bajaur, another district, does not get Kurram's toll
    body = WHOLE.replace("posts on Saturday", "posts in Kurram district on Saturday")
    body += "Afghan forces targeted posts in Parachinar and in Bajaur, the sources added."
    by_place = {i.place.name: i for i in _incidents(body) if i.group}
    assert any(c.quantity == 9 for c in by_place["Parachinar"].claims)
    assert not any(c.quantity == 9 for c in by_place["Bajaur"].claims)
