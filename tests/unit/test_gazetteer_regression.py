"""Toponym resolution on newsy sentences: traps, organisations, demonyms, speakers, variants, case.

Each case names the surface string to look at and the expected place (id, or kind + name),
precision and role. The sentences are written for this test, not taken from the seed articles.
"""

from __future__ import annotations

import pytest

from geodata.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def g():
    return load_gazetteer()


def _mention(g, text, surface):
    """The mention covering the first occurrence of `surface` (None if none)."""
    i = text.index(surface)
    j = i + len(surface)
    hits = [m for m in g.find_mentions(text) if m.start < j and i < m.end]
    assert len(hits) <= 1, hits
    return hits[0] if hits else None


# (sentence, surface, expected id or (kind, name), precision, role)
RESOLVED = [
    # a name ending in a designator ("Waziristan region") does not outrun a longer name before it
    (
        "In a militant attack in the North Waziristan region, seven soldiers were killed.",
        "North Waziristan",
        "sup:district:pk:north_waziristan",
        3,
        "place",
    ),
    (
        "Drones were seen over the Waziristan region on Monday.",
        "Waziristan",
        "sup:region:pk:waziristan",
        4,
        "place",
    ),
    # Paktia vs Paktika
    (
        "Pakistani jets struck hideouts in Paktika province on Tuesday night.",
        "Paktika",
        "sup:province:af:paktika",
        4,
        "place",
    ),
    (
        "Residents of Paktia said mortar rounds landed near Gardez.",
        "Paktia",
        "sup:province:af:paktia",
        4,
        "place",
    ),
    ("Officials in Paktiya confirmed three deaths.", "Paktiya", "sup:province:af:paktia", 4, "place"),
    ("Drone strikes were reported in Paktīkā and Khōst.", "Paktīkā", "sup:province:af:paktika", 4, "place"),
    # Khyber: district vs pass vs province
    ("Curfew was imposed across Khyber after the ambush.", "Khyber", "sup:district:pk:khyber", 3, "place"),
    (
        "Militants attacked a checkpoint in the Khyber Agency on Friday.",
        "Khyber Agency",
        "sup:district:pk:khyber",
        3,
        "place",
    ),
    (
        "Trucks were stuck on the Khyber Pass road for two days.",
        "Khyber Pass",
        "sup:pass:pk:khyber_pass",
        2,
        "place",
    ),
    (
        "Fighting spread across Khyber Pakhtunkhwa, officials said.",
        "Khyber Pakhtunkhwa",
        "sup:province:pk:khyber_pakhtunkhwa",
        4,
        "place",
    ),
    (
        "Police in KP said two constables were wounded.",
        "KP",
        "sup:province:pk:khyber_pakhtunkhwa",
        4,
        "place",
    ),
    ("A convoy was ambushed in KPK late on Monday.", "KPK", "sup:province:pk:khyber_pakhtunkhwa", 4, "place"),
    (
        "Old maps of the NWFP show the agencies as a separate belt.",
        "NWFP",
        "sup:province:pk:khyber_pakhtunkhwa",
        4,
        "place",
    ),
    (
        "He served in the North-West Frontier Province police in the 1990s.",
        "North-West Frontier Province",
        "sup:province:pk:khyber_pakhtunkhwa",
        4,
        "place",
    ),
    # Chaman vs Spin Boldak
    (
        "Shops in Chaman stayed shut as shells fell nearby.",
        "Chaman",
        ("populated_place", "Chaman"),
        1,
        "place",
    ),
    (
        "Authorities closed the Chaman crossing on Sunday.",
        "Chaman crossing",
        "sup:crossing:chaman_spin_boldak",
        1,
        "place",
    ),
    (
        "Thousands waited at the Friendship Gate for it to reopen.",
        "Friendship Gate",
        "sup:crossing:chaman_spin_boldak",
        1,
        "place",
    ),
    (
        "Taliban fighters massed in Spin Boldak, witnesses said.",
        "Spin Boldak",
        ("populated_place", "Spīn Bōldak"),
        2,
        "place",
    ),
    (
        "Clashes erupted in Spin Boldak district overnight.",
        "Spin Boldak district",
        "sup:district:af:spin_boldak",
        3,
        "place",
    ),
    # Kurram district vs valley
    ("Tribal elders in Kurram called for a ceasefire.", "Kurram", "sup:district:pk:kurram", 3, "place"),
    (
        "Rockets hit villages in the Kurram Valley on Saturday.",
        "Kurram Valley",
        "sup:region:pk:kurram_valley",
        3,
        "place",
    ),
    (
        "Security was tightened in Kurram Agency and Orakzai Agency.",
        "Kurram Agency",
        "sup:district:pk:kurram",
        3,
        "place",
    ),
    (
        "Security was tightened in Kurram Agency and Orakzai Agency.",
        "Orakzai Agency",
        "sup:district:pk:orakzai",
        3,
        "place",
    ),
    # Barmal vs Birmal
    ("The strikes hit several villages in Barmal, Paktika.", "Barmal", "sup:district:af:barmal", 3, "place"),
    (
        "Across the line, Birmal tehsil of South Waziristan was put on alert.",
        "Birmal tehsil",
        "sup:district:pk:birmal",
        3,
        "place",
    ),
    # Kandahar / Khost city vs province
    ("A bomb exploded in Kandahar on Wednesday.", "Kandahar", ("populated_place", "Kandahār"), 1, "place"),
    (
        "Officials in Kandahar province reported heavy shelling.",
        "Kandahar province",
        "sup:province:af:kandahar",
        4,
        "place",
    ),
    (
        "Two rockets landed in Khost city, police said.",
        "Khost city",
        ("populated_place", "Khōst"),
        1,
        "place",
    ),
    (
        "Families fled border villages of Khost province.",
        "Khost province",
        "sup:province:af:khost",
        4,
        "place",
    ),
    (
        "The governor of Khowst province visited the wounded.",
        "Khowst province",
        "sup:province:af:khost",
        4,
        "place",
    ),
    # Kunar province vs river
    ("Artillery fire was reported in Kunar on Thursday.", "Kunar", "sup:province:af:kunar", 4, "place"),
    # crossings and transliteration variants
    (
        "Traders said Torkham would stay closed until further notice.",
        "Torkham",
        "sup:crossing:torkham",
        1,
        "place",
    ),
    (
        "Queues stretched for miles at the Torkhum border.",
        "Torkhum border",
        "sup:crossing:torkham",
        1,
        "place",
    ),
    (
        "Gunfire was heard near Angoor Adda in the morning.",
        "Angoor Adda",
        "sup:crossing:angoor_adda",
        1,
        "place",
    ),
    ("Trade through Angur Adda resumed after a week.", "Angur Adda", "sup:crossing:angoor_adda", 1, "place"),
    (
        "The Ghulam Khan crossing in North Waziristan was shut.",
        "Ghulam Khan crossing",
        "sup:crossing:ghulam_khan",
        1,
        "place",
    ),
    ("Residents near Kharlachi reported mortar fire.", "Kharlachi", "sup:crossing:kharlachi", 2, "place"),
    ("Fighting broke out at the Nawa Pass in Bajaur.", "Nawa Pass", "sup:crossing:nawa_pass", 1, "place"),
    (
        "Levies personnel were deployed in Killa Abdullah district.",
        "Killa Abdullah district",
        "sup:district:pk:qila_abdullah",
        3,
        "place",
    ),
    ("A market was hit in Qilla Saifullah.", "Qilla Saifullah", "sup:district:pk:qila_saifullah", 3, "place"),
    # districts with cues
    (
        "Houses were damaged in Dand Patan district of Paktia.",
        "Dand Patan district",
        "sup:district:af:dand_patan",
        3,
        "place",
    ),
    ("Mortars landed in Sarkano district, Kunar.", "Sarkano district", "sup:district:af:sarkano", 3, "place"),
    (
        "The army launched an operation in North Waziristan.",
        "North Waziristan",
        "sup:district:pk:north_waziristan",
        3,
        "place",
    ),
    ("Schools were closed in Bajaur after the shelling.", "Bajaur", "sup:district:pk:bajaur", 3, "place"),
    ("A jirga met in Zhob to discuss the fencing.", "Zhob", ("populated_place", "Zhob"), 1, "place"),
    ("Unrest spread in the Tirah Valley.", "Tirah Valley", "sup:region:pk:tirah", 3, "place"),
    ("Aid convoys headed to the former FATA districts.", "FATA", "sup:region:pk:fata", 4, "place"),
    (
        "Drones have struck targets in eastern Afghanistan for weeks.",
        "eastern Afghanistan",
        "sup:region:af:eastern_afghanistan",
        5,
        "place",
    ),
    ("Reg district in Kandahar is mostly desert.", "Reg district", "sup:district:af:reg", 3, "place"),
    # far places and capitals as places
    ("A Pakistani delegation landed in Doha for talks.", "Doha", ("populated_place", "Doha"), 1, "place"),
    ("Protesters gathered in Peshawar and Quetta.", "Quetta", ("populated_place", "Quetta"), 1, "place"),
    ("A car bomb exploded in Kabul on Monday.", "Kabul", ("populated_place", "Kabul"), 1, "place"),
    # speakers (capitals/countries used as governments)
    ("Kabul claimed that 58 soldiers were killed.", "Kabul", ("populated_place", "Kabul"), 1, "speaker"),
    (
        "Islamabad accuses the Taliban of sheltering militants.",
        "Islamabad",
        ("populated_place", "Islamabad"),
        1,
        "speaker",
    ),
    (
        "Islamabad has repeatedly accused Kabul of harbouring the TTP.",
        "Islamabad",
        ("populated_place", "Islamabad"),
        1,
        "speaker",
    ),
    ("Kabul said the strikes violated its airspace.", "Kabul", ("populated_place", "Kabul"), 1, "speaker"),
    ("Kabul’s response came within hours.", "Kabul", ("populated_place", "Kabul"), 1, "speaker"),
    ("New Delhi has firmly denied the claim.", "New Delhi", ("populated_place", "New Delhi"), 1, "speaker"),
    ("Pakistan’s foreign office summoned the envoy.", "Pakistan", "sup:country:pk", 6, "speaker"),
    ("Talks between Islamabad and Kabul collapsed.", "Kabul", ("populated_place", "Kabul"), 1, "speaker"),
    # boundary
    (
        "Both armies reinforced posts along the Durand Line.",
        "Durand Line",
        "sup:boundary:durand_line",
        5,
        "boundary",
    ),
    (
        "Shelling continued along the Pak-Afghan border.",
        "Pak-Afghan border",
        "sup:boundary:durand_line",
        5,
        "boundary",
    ),
    ("Fighters crossed the border at night.", "the border", "sup:boundary:durand_line", 5, "boundary"),
    (
        "Tensions rose along the Afghanistan–Pakistan frontier.",
        "Afghanistan–Pakistan frontier",
        "sup:boundary:durand_line",
        5,
        "boundary",
    ),
    # headlines in capitals
    ("CLASHES ERUPT NEAR TORKHAM AS TALKS FAIL", "TORKHAM", "sup:crossing:torkham", 1, "place"),
]


@pytest.mark.parametrize("text, surface, expected, precision, role", RESOLVED)
def test_resolves(g, text, surface, expected, precision, role):
    m = _mention(g, text, surface)
    assert m is not None, f"no mention for {surface!r}"
    assert text[m.start : m.end] == m.text
    if isinstance(expected, tuple):
        assert (m.place.kind, m.place.name) == expected
    else:
        assert m.place.id == expected
    assert m.place.precision == precision
    assert m.role == role


# (sentence, surface): no *place* may be reported for the surface
NOT_PLACES = [
    ("The Tehreek-e-Taliban Pakistan (TTP) claimed the attack.", "Pakistan"),
    ("Leaders of the Tehrik-i-Taliban Pakistan met in secret.", "Pakistan"),
    ("The Tehreek e Taliban Pakistan denied involvement.", "Pakistan"),
    ("The Pakistani Taliban have stepped up attacks.", "Pakistani"),
    ("Pakistani soldiers exchanged fire with Afghan forces.", "Pakistani"),
    ("Afghan forces returned fire, a spokesman said.", "Afghan"),
    ("Inter-Services Public Relations (ISPR) released the footage.", "Inter-Services"),
    ("Members of the Tehreek-e-Labbaik Pakistan blocked roads.", "Pakistan"),
    ("A statement from the Islamic Emirate of Afghanistan rejected the claim.", "Afghanistan"),
    ("The Balochistan Liberation Army claimed the bombing.", "Balochistan"),
    ("Water levels in the Kunar River rose sharply.", "Kunar"),
    ("#kabul #islamabad #durandline trended all night.", "kabul"),
    ("#kabul #islamabad #durandline trended all night.", "islamabad"),
    ("Punjabis make up most of the army, he said.", "Punjabis"),
    ("The reporter wrote for Times in Pakistan.", "Pakistan"),
    ("Peshawar Zalmi won the match in Lahore.", "Peshawar"),
    # case rules: names that are also words
    ("Now the two sides are talking again.", "Now"),
    ("In March the crossing reopened.", "March"),
    ("The tank rolled towards the post.", "tank"),
    ("Reg said the talks had failed.", "Reg"),
    ("he returned to kabul later.", "kabul"),  # lower-case name: not a confident toponym
    ("the kp police said nothing.", "kp"),  # acronym must be upper case
]


@pytest.mark.parametrize("text, surface", NOT_PLACES)
def test_not_a_place(g, text, surface):
    m = _mention(g, text, surface)
    assert m is None or m.role != "place", m


def test_org_does_not_hide_real_place_next_to_it(g):
    text = "The TTP (Tehreek-e-Taliban Pakistan) attacked a post in Bajaur."
    ms = [m for m in g.find_mentions(text) if m.role == "place"]
    assert [m.place.id for m in ms] == ["sup:district:pk:bajaur"]


def test_parent_area_named_elsewhere_decides(g):
    # two GeoNames villages share a name; the province named in the text picks one
    text = "Shelling hit Qarah Bāgh, a village in Herat province, residents said."
    m = _mention(g, text, "Qarah Bāgh")
    assert m is not None and m.place.admin1 == "Herat"
    text = "Shelling hit Qarah Bāgh in Ghazni, residents said."
    m = _mention(g, text, "Qarah Bāgh")
    assert m is not None and m.place.admin1 == "Ghazni"


def test_abstains_on_unresolvable_tie(g):
    # two identically named villages (Balkh, Faryab) without population, cue or context
    text = "Fighting was reported near Dowlatābād."
    assert _mention(g, text, "Dowlatābād") is None
    # ... but a province named elsewhere in the article decides
    text = "Fighting was reported near Dowlatābād. Officials in Faryab confirmed it."
    assert _mention(g, text, "Dowlatābād").place.admin1 == "Faryab"


def test_mentions_are_sorted_and_disjoint(g):
    text = (
        "Clashes between Khyber Pakhtunkhwa province in Pakistan and Khost province in Afghanistan "
        "left one soldier dead, while the Torkham and Chaman crossings stayed closed."
    )
    ms = g.find_mentions(text)
    assert [m.start for m in ms] == sorted(m.start for m in ms)
    for a, b in zip(ms, ms[1:]):
        assert a.end <= b.start
    got = {m.text: (m.place.id, m.cue) for m in ms}
    assert got["Khyber Pakhtunkhwa province"] == ("sup:province:pk:khyber_pakhtunkhwa", "province")
    assert got["Khost province"] == ("sup:province:af:khost", "province")
    assert got["Torkham"][0] == "sup:crossing:torkham"
    assert got["Chaman"] == ("sup:crossing:chaman_spin_boldak", "crossing")


def test_plural_cue_applies_to_each_name(g):
    text = "Strikes were reported in Khost and Paktika provinces."
    m = _mention(g, text, "Khost")
    assert m.place.id == "sup:province:af:khost" and m.cue == "province"
