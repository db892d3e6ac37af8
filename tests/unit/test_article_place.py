"""Article context for place (geodata.extraction.article_place): an event whose sentences name no
place gets the place the article is about (headline, else lead), never a capital or a dateline, and
only when that place is unambiguous. Articles are invented; the real gazetteer is used."""

from __future__ import annotations

from datetime import date

from geodata.extraction import extract_incidents
from geodata.model import Article


def _article(title: str, body: str) -> Article:
    return Article("t1", "t1.md", title, "Test Outlet", None, date(2024, 5, 10), body)


def _by_type(incidents, etype):
    return [i for i in incidents if i.event_type == etype]


def test_unplaced_closure_gets_the_headline_crossing(gazetteer):
    article = _article(
        "Torkham shut again as traders wait",
        "Trucks queued for miles on Thursday. The gate was closed again on Thursday evening after a "
        "dispute over a new checkpoint, officials said. Traders said they were losing money.",
    )
    closures = _by_type(extract_incidents(article, gazetteer), "crossing_closed")
    assert closures, "the closure itself must be found"
    assert all(c.place is not None and "Torkham" in c.place.name for c in closures)
    assert all(c.lat is not None for c in closures)


def test_unplaced_clash_gets_the_lead_district_with_its_precision(gazetteer):
    article = _article(
        "Border guards trade fire overnight",
        "Afghan and Pakistani border forces clashed in Dand-e-Patan district of Paktia on Wednesday "
        "night. Later, forces exchanged fire again for two hours, a local official said.",
    )
    clashes = _by_type(extract_incidents(article, gazetteer), "armed_clash")
    assert clashes and all(c.place is not None for c in clashes)
    # a district stays a district: never more precise than the text allows
    assert all(c.location_precision == 3 for c in clashes)


def test_capital_in_headline_is_not_the_article_place(gazetteer):
    article = _article(
        "Kabul protests to Islamabad over border firing",
        "Forces exchanged fire along the border on Tuesday, a ministry spokesman said.",
    )
    for inc in _by_type(extract_incidents(article, gazetteer), "armed_clash"):
        assert inc.place is None or inc.place.name not in ("Kabul", "Islamabad")


def test_article_about_two_unrelated_places_gives_no_guess(gazetteer):
    article = _article(
        "Shelling in Kunar, closure at Chaman",
        "Forces exchanged fire on Tuesday, a spokesman said.",
    )
    for inc in _by_type(extract_incidents(article, gazetteer), "armed_clash"):
        assert inc.place is None or inc.place.kind == "boundary"


def test_place_named_in_the_sentence_wins_over_the_headline(gazetteer):
    article = _article(
        "Torkham reopens after talks",
        "Separately, Pakistani jets struck hideouts in Barmal district of Paktika on Monday.",
    )
    strikes = _by_type(extract_incidents(article, gazetteer), "airstrike")
    assert strikes and all(s.place is not None and "Barmal" in s.place.name for s in strikes)


def test_wire_dateline_city_is_not_the_place_of_a_reopening(gazetteer):
    article = _article(
        "Crossing reopens for trade",
        "PESHAWAR (Frontier Wire / Agency - 9th May, 2024) The Torkham border crossing was reopened "
        "on Thursday for trade and pedestrians after a week, officials said.",
    )
    reopenings = _by_type(extract_incidents(article, gazetteer), "crossing_reopened")
    assert reopenings and all("Torkham" in r.place.name for r in reopenings)


def test_region_reads_as_a_region_not_as_a_line(gazetteer):
    from geodata.export import to_features

    article = _article(
        "Strikes reported",
        "Pakistani jets struck militant hideouts in eastern Afghanistan on Tuesday, residents said.",
    )
    features = to_features(_by_type(extract_incidents(article, gazetteer), "airstrike"))
    regions = [f["properties"] for f in features if f["properties"]["place_kind"] == "region"]
    assert regions, "the region must be recognised as the strike's place"
    for props in regions:
        assert props["location_precision"] == 5  # UCDP: a part of a country
        assert "region" in props["location_precision_label"]
        assert "line" not in props["location_precision_label"]
    border = [f["properties"] for f in features if f["properties"]["place_kind"] == "boundary"]
    assert all("line" in p["location_precision_label"] for p in border)


def test_place_first_named_deep_in_the_article_is_not_its_lead(gazetteer):
    article = _article(
        "Border guards trade fire",
        "Forces exchanged fire on Wednesday, a ministry spokesman said. He gave no figures. "
        "Residents said they heard gunfire. Schools were closed for the day. Prices rose in markets. "
        "Separately, a new cold store for fruit opened in Landi Kotal.",
    )
    for inc in _by_type(extract_incidents(article, gazetteer), "armed_clash"):
        assert inc.place is None or "Landi Kotal" not in inc.place.name


def test_place_of_a_recalled_event_in_the_lead_is_not_the_article_place(gazetteer):
    article = _article(
        "Forces trade fire along the frontier",
        "Afghan forces attacked several border posts on Saturday night. The assault came in "
        "retaliation for a Pakistani airstrike in Afghanistan's Khost province on 1 May. Later, "
        "forces exchanged fire again for hours, officials said.",
    )
    incidents = extract_incidents(article, gazetteer)
    strikes = _by_type(incidents, "airstrike")
    assert strikes and all(s.place is not None and s.place.name == "Khost" for s in strikes)
    others = [i for i in incidents if i.event_type != "airstrike"]
    assert others, "the main events must be found"
    # Khost is where the recalled strike happened, not where the fighting was
    assert all(i.place is None or i.place.name != "Khost" for i in others)


def test_a_reopening_is_at_the_crossing_the_article_names_not_at_the_dateline_capital(gazetteer):
    article = _article(
        "Pakistan reopens a key border crossing",
        "Islamabad, May 10 (Wire).- Pakistan on Friday reopened a key border crossing with Afghanistan "
        "for trade, officials said.\n\nKnown as “Bab-e-Dosti” (the friendship gate), it links the two "
        "countries' border towns. Traders welcomed the decision.",
    )
    reopened = _by_type(extract_incidents(article, gazetteer), "crossing_reopened")
    assert reopened, "the reopening must be found"
    assert all(r.place is not None and r.place.kind == "crossing" for r in reopened)
    assert all("Chaman" in r.place.name for r in reopened)


def test_a_region_wide_summary_folds_into_the_strikes_the_article_places(gazetteer):
    article = _article(
        "Jets strike two districts",
        "Pakistani jets struck Spera district of Khost and Barmal district of Paktika on Monday. "
        "The Taliban said eight civilians were killed in the air strikes in eastern Afghanistan on Monday.",
    )
    strikes = _by_type(extract_incidents(article, gazetteer), "airstrike")
    assert sorted(i.place.name for i in strikes) == ["Barmal", "Spera"]
    # the summary's claim stays with the strikes it sums up
    assert all(any(c.quantity == 8 for c in i.claims) for i in strikes)


def test_a_list_of_places_with_directions_keeps_every_place(gazetteer):
    article = _article(
        "Strikes reported in two provinces",
        "A spokesman said air strikes targeted northeastern Kunar and eastern Paktika provinces on Monday.",
    )
    strikes = _by_type(extract_incidents(article, gazetteer), "airstrike")
    assert sorted(i.place.name for i in strikes) == ["Kunar", "Paktika"]


def test_mortar_fire_at_the_clash_place_is_the_clash_placed_from_the_headline(gazetteer):
    # the clash's sentence names only the two countries: it takes the headline's town; the shelling
    # sentence names that town, so it is the clash told again, with its claims
    article = _article(
        "Deadly fighting at Spin Boldak",
        "In Pakistan, two guards have been killed; while in Afghanistan, nine civilians died in the "
        "latest round of cross-border clashes.\n\nOn Wednesday, jets carried out airstrikes on posts "
        "in Spin Boldak.\n\nAli Khan, spokesman for the local information department in Spin Boldak, "
        "said the victims died in mortar fire, while a hospital official said 40 people were treated.",
    )
    incidents = extract_incidents(article, gazetteer)
    assert sorted(i.event_type for i in incidents) == ["airstrike", "armed_clash"]
    clash = _by_type(incidents, "armed_clash")[0]
    assert any("mortar fire" in (c.statement or "") for c in clash.claims)
