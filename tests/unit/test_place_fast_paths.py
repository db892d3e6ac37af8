"""The place finder's shortcuts give what the long way gives.

* `mention_rejection` reads the list before a name ("at A, B and C") only when no locative phrase
  stands right before it: the long way (below, as it was) reads it always.
* The spellings pass skips a sentence without "district": every match it uses has that cue word.
* `_case_ok` looks at the first letter without listing the letters.
Each is compared with the long way on every sentence of the test articles and on edge cases.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

from geodata.articles import load_articles
from geodata.clean import Sentence, sentences
from geodata.extraction import localities, places
from geodata.extraction.spellings import _AREA_NAMED, _DISTRICT
from geodata.gazetteer import load_gazetteer
from geodata.place_cues import _KeyInfo
from geodata.rules import all_rules

REPO = Path(__file__).resolve().parents[2]


@functools.cache
def _sentences() -> list[Sentence]:
    out: list[Sentence] = []
    folders = [REPO / "seeds", *sorted((REPO / "tests" / "data").glob("*/articles"))]
    for folder in folders:
        articles, _ = load_articles(folder)
        out += [s for a in articles for s in sentences(a.body) if isinstance(s, Sentence)]
    return out


def _long_way(m: Any, sentence: Sentence) -> str | None:
    """`mention_rejection` as written before the shortcut: the list head read for every mention."""
    place = m.place
    if place is None or place.kind in ("country", "boundary"):
        return "country_or_boundary"
    if place.country not in ("AF", "PK", None):
        return "abroad"
    rel_start, rel_end = m.start - sentence.start, m.end - sentence.start
    before = sentence.text[max(0, rel_start - 60) : rel_start]
    after = sentence.text[rel_end : rel_end + 40]
    rejected = places._speaker_rejection(m, before, after, sentence.text[rel_end : rel_end + 160])
    if rejected is not None:
        return rejected
    # a list's head is read on 120 characters: it may stand further back than this item's 60
    head = places._list_head(sentence.text[max(0, rel_start - 120) : rel_start])
    from_range = bool(places._FROM_BEFORE.search(head)) and bool(places._TO_AFTER.match(after))
    named_crossing = (
        place.kind == "crossing"
        and places._CROSSING_WORD.search(m.text)
        and places._THE_BEFORE.search(before)
    )
    if (
        not from_range
        and not named_crossing
        and not places._LOCATIVE_BEFORE.search(head[-60:])
        and not places._LOCATIVE_BEFORE.search(before[-60:])
    ):
        return "not_locative"
    if places._POSSESSIVE_GOVERNMENT.match(after):
        return "possessive_government"
    if place.name in places.CAPITALS:
        if places._CAPITALS_PAIR_BEFORE.search(before):
            return "capitals_pair_before"
        if places._CAPITALS_PAIR_AFTER.match(after):
            return "capitals_pair_after"
    return None


def test_mention_rejection_agrees_with_the_long_way():
    g = load_gazetteer()
    seen: dict[str | None, int] = {}
    for s in _sentences():
        for m in g.find_mentions(s.text):
            shifted = type(m)(m.start + s.start, m.end + s.start, m.text, m.place, m.score, m.role, m.cue)
            got = places.mention_rejection(shifted, s)
            assert got == _long_way(shifted, s), s.text
            seen[got] = seen.get(got, 0) + 1
    # the texts reach both sides of the shortcut: usable places and names not in a locative phrase
    assert seen.get(None, 0) > 100 and seen.get("not_locative", 0) > 20


@pytest.mark.parametrize(
    "text",
    [
        "Shells fell from Kunar to Nangarhar on Monday.",
        "The Torkham crossing and the Chaman gate were shut.",
        "Across the border, the Kharlachi crossing was closed.",
        "Forces struck Khost, Paktika and eastern Kunar.",
        "They met Paktika province's Barmal district elders.",
        "Kabul and Islamabad traded blame.",
    ],
)
def test_mention_rejection_agrees_on_edge_sentences(text):
    g = load_gazetteer()
    s = Sentence(text, 0, len(text), 0, 0)
    for m in g.find_mentions(text):
        assert places.mention_rejection(m, s) == _long_way(m, s)


def test_the_spellings_gate_never_hides_a_district_cue():
    texts = [s.text for s in _sentences()]
    texts += [ex.text for r in all_rules() for ex in (*r.examples, *r.not_examples)]
    texts += ["Shelling hit the Spurra DISTRICT of Khost.", "in Gorbz District", "Barmal Districts"]
    used = 0
    for text in texts:
        for m in _AREA_NAMED.finditer(text):
            if m.group("name") is not None and m.group("cue").lower() == "district":
                assert _DISTRICT in text.lower(), text
                used += 1
    assert used > 50


@pytest.mark.parametrize("mode", ["acronym", "cap", "lower"])
@pytest.mark.parametrize("strict", [False, True])
def test_case_check_agrees_with_the_list_of_letters(mode, strict):
    g = load_gazetteer()
    surfaces = [
        "Khost",
        "khost",
        "KP",
        "Kp",
        "'Kabul",
        "-kabul",
        "9th Kurram",
        "ǅamal",
        "中Kabul",
        "",
        "  ",
        "ÉTAT",
    ]
    for surface in surfaces:
        for text, start in ((f"They said. {surface}", 11), (f"in {surface}", 3)):
            for cue in (None, "district"):
                info = _KeyInfo([], mode, strict, False)
                expected = _case_by_letters(g, surface, info, text, start, cue)
                assert g._case_ok(surface, info, text, start, cue) == expected, (surface, mode, strict)


def _case_by_letters(g: Any, surface: str, info: Any, text: str, ostart: int, cue: str | None) -> bool:
    letters = [c for c in surface if c.isalpha()]
    if not letters:
        return True
    if info.mode == "acronym" and not all(c.isupper() for c in letters):
        return False
    if info.mode == "cap" and not letters[0].isupper():
        return False
    if info.strict:
        if not letters[0].isupper():
            return False
        if g._sentence_initial(text, ostart) and not cue:
            return False
    return True


def test_scores_kept_per_article_are_the_scores(monkeypatch):
    """A candidate's score is kept for the other spans of the article with the same cue, own
    province and own point: the mentions are those of scoring every span anew."""
    g = load_gazetteer()
    bodies = sorted({s.text for s in _sentences()})
    bodies = [" ".join(bodies[i : i + 12]) for i in range(0, len(bodies), 12)]  # article-sized
    kept = [g.find_mentions(body) for body in bodies]
    monkeypatch.setattr(
        type(g), "_memo_score", lambda self, memo, pid, t, sp, ctx, own: self._score(pid, t, sp, ctx)
    )
    anew = [g.find_mentions(body) for body in bodies]
    assert kept == anew
    assert sum(len(k) for k in kept) > 1000


def _windows(text: str) -> list[str]:
    """The 60 letters before each word start of a text, as `mention_rejection` cuts them."""
    return [
        text[max(0, i - 60) : i]
        for i in range(len(text) + 1)
        if i == len(text) or text[i - 1 : i] in ("", " ")
    ]


def test_speaker_place_before_tried_where_it_can_start_agrees():
    texts = [s.text for s in _sentences()]
    r = places._SPEAKER_PLACE_BEFORE_RULE
    texts += [ex.text for ex in (*r.examples, *r.not_examples)]
    texts += [
        "OFFICIALS IN ",
        "Officials\tin\u00a0the ",
        "the shells came\u2028from ",
        "officials in Khost’s ",
        "İstanbul officials in ",  # lower() changes its length: the whole window is scanned
        "struck a gathering in ",
        "a wedding gathering in ",
        "officials said. Fighting in ",
        "",
    ]
    found = 0
    for text in texts:
        for before in (*_windows(text), text):
            expected = (
                places._SPEAKER_PLACE_BEFORE.search(before) is not None
                and places._WHERE_IT_FELL.search(before) is None  # a school where shells fell
            )
            assert places._speaker_place_before(before) == expected, before
            found += expected
    assert found > 50


def test_locality_lists_skip_only_sentences_without_a_match():
    r = localities._LOCALITIES
    texts = [s.text for s in _sentences()]
    texts += [ex.text for ex in (*r.examples, *r.not_examples)]
    texts += [
        "Rockets hit Allai and Southan VILLAGES",
        "shells landed in Gul Kot\u00a0village",
        "İn Kanda Sar and Dobar localities",  # lower() changes its length: never skipped
        "the Sherpao Area of Bajaur",
        "",
    ]
    assert localities._LOCALITY_WORDS
    found = 0
    for text in texts:
        expected = [(m.span(), m.groups()) for m in r.regex.finditer(text)]
        assert [(m.span(), m.groups()) for m in localities.locality_lists(text)] == expected, text
        found += len(expected)
    assert found > 20


def test_sure_locative_endings_are_found_by_the_rule():
    assert len(places._SURELY_LOCATIVE) > 30
    prefixes = ["", "x", "Forces", "officials said.", "The Upper", "residents of", "“Zazi”", "9"]
    for ending in places._SURELY_LOCATIVE:
        for prefix in prefixes:
            assert places._LOCATIVE_BEFORE.search(prefix + ending), prefix + ending


def test_locative_windows_agree_with_the_search():
    texts = [s.text for s in _sentences()]
    r = places.rule("locative_before")
    texts += [ex.text for ex in (*r.examples, *r.not_examples)]
    texts += ["clashes in the ", "officials said in ", "fighting in a ", "shelling hit  the ", "IN THE "]
    sure = 0
    for text in texts:
        for before in (*_windows(text), text):
            assert places._locative(before) == bool(places._LOCATIVE_BEFORE.search(before)), before
            sure += before.endswith(places._SURELY_LOCATIVE)
    assert sure > 100
