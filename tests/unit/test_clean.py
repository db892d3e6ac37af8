"""Page furniture removal and sentence splitting (geodata.clean)."""

import pytest

from geodata.clean import cut_off_sentences, dateline_length, is_furniture, paragraphs, sentences

BODY = """Join our community

Become a member

― Advertisement ―

spot_img

Floods hit the capital: thousands displaced

Heavy rain fell for a week across the valley and the river burst its banks in many places...
HomeWorldBorder guards trade fire near the frontier

Border guards trade fire near the frontier

KHAR, Pakistan (Wire) — Border guards of the two countries traded fire near the Example Pass on Tuesday, officials said. Two people were hurt.

Photo: Guards at the pass. (Supplied)

The firing lasted about an hour, residents said.

#border, #pass, #guards, #news,

Tags

Post a Comment

0 Comments

3/related/default
Leave a Comment
Rate this article:
Looks good!
Please enter your name.
12 days ago
Published March 3, 2023
"""


def test_furniture_lines_are_recognised():
    for line in [
        "Comments", "Post a Comment", "Post a Comment (0)", "Become a member", "Subscribe to get the latest posts.",
        "Leave a Comment", "Rate this article:", "Looks good!", "― Advertisement ―", "spot_img",
        "3/related/default", "Image created by AI", "18 days ago", "Published December 29, 2024",
        "#a, #b, #c, #d,", "HomeInternationalSomething Happened", "Menu | World | Asia", "Tags",
        "Photo: Residents search the debris. (Supplied)", "- Wheat prices rise in the bazaar",
    ]:  # fmt: skip
        assert is_furniture(line), line


def test_article_sentences_are_kept():
    assert not is_furniture(
        "Border guards of the two countries traded fire near the pass on Tuesday, officials said."
    )
    assert not is_furniture("“We will respond,” the spokesman said.")


def test_teaser_and_headings_dropped_and_offsets_exact():
    kept = sentences(BODY)
    texts = [s.text for s in kept]
    assert all(BODY[s.start : s.end] == s.text for s in kept)
    assert not any("river burst" in t for t in texts)  # teaser of another story
    assert not any(t.startswith("Floods hit") for t in texts)  # its headline
    assert not any("Advertisement" in t or "#border" in t or "Looks good" in t for t in texts)
    assert texts[0].startswith("Border guards of the two countries traded fire")  # dateline cut
    assert "Two people were hurt." in texts
    assert "The firing lasted about an hour, residents said." in texts
    assert not any("Photo" in t for t in texts)


def test_dateline_length():
    assert dateline_length("QUETTA: Afghan forces fired.") == len("QUETTA: ")
    assert dateline_length("LANDI KOTAL: The crossing reopened.") == len("LANDI KOTAL: ")
    assert dateline_length("PESHAWAR, Pakistan (AP) — Jets struck.") == len("PESHAWAR, Pakistan (AP) — ")
    assert dateline_length("In Kabul: officials said.") == 0
    assert dateline_length("The ISPR said.") == 0
    # agency datelines with a date, and title-case ones that carry a date or an agency
    assert dateline_length("ISLAMABAD, Oct 12 (Reuters) - Pakistan shut Torkham.") == len(
        "ISLAMABAD, Oct 12 (Reuters) - "
    )
    assert dateline_length("Kabul, June 2 (TOLOnews) - Jets bombed Khost.") == len(
        "Kabul, June 2 (TOLOnews) - "
    )
    assert dateline_length("Khost, 12 October 2025 - Shells landed.") == len("Khost, 12 October 2025 - ")
    assert dateline_length("Islamabad (Reuters) — Talks ended.") == len("Islamabad (Reuters) — ")
    assert dateline_length("Kabul: a statement said the crossing was shut.") == 0
    assert dateline_length("ISLAMABAD/KABUL, Oct 12 (Reuters) - Talks ended.") == len(
        "ISLAMABAD/KABUL, Oct 12 (Reuters) - "
    )
    assert dateline_length("The Taliban (TTP) - a group - fired.") == 0
    # wire shapes of real pages: two cities after the country, no space after the dash; a period
    # before it
    assert dateline_length("QUETTA, Pakistan/KANDAHAR (Reuters) -The gate reopened.") == len(
        "QUETTA, Pakistan/KANDAHAR (Reuters) -"
    )
    assert dateline_length("Quetta, May 3 (Wire).- Guards fired.") == len("Quetta, May 3 (Wire).- ")
    assert dateline_length("NATO-Afghan talks ended.") == 0
    assert dateline_length("PESHAWAR-based traders said so.") == 0


def test_paragraph_indices_and_order():
    kept = sentences(BODY)
    assert [s.index for s in kept] == list(range(len(kept)))
    assert kept[0].para == kept[1].para  # same line
    assert kept[2].para > kept[1].para
    assert paragraphs("") == []
    assert sentences("Comments\nPost a Comment") == []


def test_sentences_are_the_same_from_many_threads():
    # Dask workers and Streamlit sessions split articles in parallel threads
    from concurrent.futures import ThreadPoolExecutor

    bodies = [
        f"Article {i} says forces clashed near post {i} on Monday. Officials said {i} people were hurt. "
        f"Trade through crossing {i} was halted for {i % 7 + 1} days, traders said."
        for i in range(300)
    ]
    serial = [[s.text for s in sentences(b)] for b in bodies]
    with ThreadPoolExecutor(4) as pool:
        threaded = list(pool.map(lambda b: [s.text for s in sentences(b)], bodies))
    assert threaded == serial


def test_dateline_with_long_agency_bracket_or_square_country_is_cut():
    # invented datelines of the shapes real wire copies use: the filing city never stays in the text
    # where the place finder would take it for the incident's place
    line = "HARNAI (Newswire / Sputnik - 3rd May, 2023) Shells hit two villages."
    assert dateline_length(line) == len("HARNAI (Newswire / Sputnik - 3rd May, 2023) ")
    line = "MARDAN, (Daily Point News - 2nd Feb, 2023) The Ghulam Khan crossing reopened."
    assert line[dateline_length(line) :].startswith("The Ghulam Khan")
    line = "Zhob [Pakistan], May 3 (ANI): A soldier was hurt in firing."
    assert line[dateline_length(line) :].startswith("A soldier")
    assert dateline_length("Ghazni – According to residents, shells fell.") == len("Ghazni – ")
    # not datelines: a sentence that only begins with a place, or a bracket that is no agency
    assert dateline_length("Ghazni: a statement said shells fell.") == 0
    assert dateline_length("Troops (two companies) moved in.") == 0
    assert dateline_length("The Taliban – Kabul's rulers – denied it.") == 0


def test_dateline_alone_on_its_line_leaves_no_text():
    # "City, Mon. D (Agency)." on a line of its own: the filing city must not stay as a sentence
    # whose place later stands in for "the crossing" of the next line
    kept = paragraphs("Gardez, Jan. 4 (XYZ).\nThe crossing was reopened on Monday after talks.")
    assert [p.text for p in kept] == ["The crossing was reopened on Monday after talks."]
    assert dateline_length("Gardez, Jan. 4 was a cold day.") == 0


def test_a_title_case_city_and_colon_is_a_dateline_on_the_first_line_only():
    body = "Kabul: A series of strikes hit Barmal.\n\nKhost: Taliban sources said the road is open."
    texts = [p.text for p in paragraphs(body)]
    assert texts == ["A series of strikes hit Barmal.", "Khost: Taliban sources said the road is open."]
    assert dateline_length("Kabul: A series of strikes hit Barmal.") == 0  # not the first line


# ---- a paragraph cut off mid-sentence ----------------------------------------------------------


def test_a_cut_off_paragraph_keeps_its_whole_sentences():
    body = (
        "Guards traded fire near the gate on Tuesday.\n\n"
        "Meanwhile, the firing has led to the closure of the border at Ghulam Khan. Officials in K"
    )
    texts = [s.text for s in sentences(body)]
    assert texts[-1] == "Meanwhile, the firing has led to the closure of the border at Ghulam Khan."
    assert not any("Officials in K" in t for t in texts)


@pytest.mark.parametrize(
    "line",
    [
        "Smoke rose over the valley after the shelling in Kunar on Friday. Photo: AFP",
        "Border tensions: what we know so far",
        "Latest news on the border clashes and the crossings",
        "Read more. Trade losses mount as the border stays shut for a week",
    ],
)
def test_captions_headings_and_short_heads_stay_furniture(line):
    assert cut_off_sentences(line) == 0
    assert [p.text for p in paragraphs(line)] == []


def test_a_last_paragraph_cut_mid_word_is_read_as_it_stands():
    cut = (
        "Sources said the forces used light and heavy weapons to target border posts in three "
        "areas, with the other side retaliating and killing several men of the pers"
    )
    body = f"Shells fell on the town on Friday.\n\n{cut}"
    assert [p.text for p in paragraphs(body)][-1] == cut
    # the same words in the middle of a page, or a short heading at its end, stay furniture
    assert cut not in [p.text for p in paragraphs(f"{cut}\n\nShells fell on the town on Friday.")]
    assert "Related Stories" not in [p.text for p in paragraphs("Shells fell on Friday.\n\nRelated Stories")]


def test_a_sentence_that_lost_its_full_stop_between_paragraphs_is_read():
    slip = (
        "Earlier this week, fighters had torn down the wire put up by the border guards on the line "
        "in the eastern district of the province"
    )
    body = f"Guards traded fire near the gate on Tuesday.\n\n{slip}\n\nOfficials said talks were held."
    assert slip in [p.text for p in paragraphs(body)]
    # next to a heading (a block of related stories) or with a credit after a full stop it is not
    assert slip not in [p.text for p in paragraphs(f"Related Stories\n\n{slip}\n\nOfficials said so.")]
    caption = "A wounded man is carried to a hospital in the border town near the crossing on Sunday. — AP"
    assert caption not in [p.text for p in paragraphs(f"Shells fell.\n\n{caption}\n\nTalks were held.")]


def test_a_caption_in_the_present_tense_between_paragraphs_is_not_prose():
    # unstopped_sentence: a scene told in the present tense is a photo caption
    caption = (
        "Afghan fighters stand on top of a border post captured during the clashes with troops near "
        "the town of Spin Boldak in the south of the country"
    )
    body = f"Guards traded fire near the gate on Tuesday.\n\n{caption}\n\nOfficials said talks were held."
    assert caption not in [p.text for p in paragraphs(body)]


def test_a_post_on_x_ends_its_sentence_and_an_initial_does_not():
    from geodata.clean import sentences

    text = "The spokesman said in a post on X. He said a woman was killed. John X. Smith agreed."
    assert [s.text for s in sentences(text)] == [
        "The spokesman said in a post on X.",
        "He said a woman was killed.",
        "John X. Smith agreed.",
    ]


def test_a_dateline_with_its_province_is_cut_whole():
    line = "JALALABAD, Nangarhar province (Pajhwok): Rockets fired from across the line landed in Lalpur."
    assert line[: dateline_length(line)] == "JALALABAD, Nangarhar province (Pajhwok): "


def test_a_timeline_entry_is_text_though_it_is_a_short_bullet():
    from geodata.clean import is_furniture

    assert not is_furniture("- 14 January: Chaman reopens after talks between elders and officials.")
    assert not is_furniture("• On 9 May, shells hit a school.")
    assert is_furniture("- Related: Chaman reopens")
    assert is_furniture("- 14 January")  # a date alone is a heading
