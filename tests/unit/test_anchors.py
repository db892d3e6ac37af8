"""Anchored scans (geodata/rules/anchors.py): a pattern tried only where its matches can start gives
the same matches as the pattern run over the whole text. Checked for every rule whose leading
pieces can be read, on every example and not-example of every rule, on every sentence of the test
articles and on invented edge cases (count words inside words, digits of other scripts, letters
that lower() does not fold)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from geodata.articles import load_articles
from geodata.claims import figures, speakers
from geodata.claims.windows import sub_in_window
from geodata.clean import sentences
from geodata.extraction import sentence_passes
from geodata.rules import Rule, all_rules, gate_text, rule
from geodata.rules.anchors import DIGIT, SPACES, Anchored, leading_pieces

REPO = Path(__file__).resolve().parents[2]

EDGE_CASES = [
    "Someone killed two guards and someone else wounded ten others.",
    "Often ten soldiers were killed; oftentimes twenty-one were hurt.",
    "At least ٣ soldiers were killed and ١٢ others were wounded.",  # Arabic-Indic digits
    "AT LEAST SEVEN BORDER GUARDS WERE KILLED, OFFICIALS SAID.",
    "Seventeen people were killed and seventy wounded, the ISPR said.",
    "The toll rose to 1,250 on Monday, according to the provincial police.",
    "Three guards were kılled on Monday, he claımed.",  # dotless i: lower() untrusted
    "Five guards were \u212aILLED, officials said.",  # the Kelvin sign
    "Nine children and a woman were killed, while 12 others were injured, residents told Reuters.",
    "the bodies of 7 soldiers were recovered and received 4 dead bodies",
    "and an officer said; and a further three were hurt",
    "Nine children and a\u00a0woman were killed,\tofficials\u2009said.",  # other spaces
    "Two\nsoldiers were\u3000killed and a\u2028man was hurt according\u00a0to police.",
    "",
    "7",
    "a",
]


def test_spaces_are_what_the_pattern_reads_as_spaces():
    """`\\s` is every space of `SPACES`, and every one but " " is unprintable (`_piece_starts`
    turns them into " " only in a text that is not printable)."""
    every = "".join(c for c in map(chr, range(0x110000)) if re.match(r"\s", c))
    assert every == SPACES
    assert all(not c.isprintable() for c in SPACES if c != " ")


@functools.cache
def _texts() -> list[str]:
    folders = [REPO / "seeds", *sorted((REPO / "tests" / "data").glob("*/articles"))]
    texts = list(EDGE_CASES)
    for folder in folders:
        articles, _ = load_articles(folder)
        texts += [s if isinstance(s, str) else s.text for a in articles for s in sentences(a.body)]
    return texts


def _spans(matches) -> list[tuple[tuple[int, int], tuple]]:
    return [(m.span(), m.groups()) for m in matches]


def _same_matches(anchored: Anchored, rules, texts) -> int:
    found = 0
    for text in texts:
        scan = anchored.scan(text, gate_text(text))
        for r in rules:
            expected = _spans(r.finditer(text))
            assert _spans(scan.finditer(r)) == expected, (r.name, text)
            first = scan.search(r)
            assert (first and first.span()) == (expected[0][0] if expected else None), (r.name, text)
            if r.gate is not None:  # the `requires` gate, tried where its matches can start
                assert scan._gate_opens(r) == (r.gate.search(text) is not None), (r.name, text)
            found += len(expected)
    return found


def test_leading_pieces_read_from_patterns():
    # "\s" reads as " " (the text is looked up with its spaces made " ")
    assert leading_pieces(r"\b(?:killed|wounded)\s+in", re.I) == {"killed ", "wounded "}
    # an optional hedge: a match starts with it or with the count; "seventeen" starts with "seven"
    assert leading_pieces(r"(?:at least\s+)?(?:\d+|seven|seventeen)\s+men", re.I) == {
        "at least ",
        DIGIT,
        "seven ",
        "seventeen ",
    }
    # a lookbehind has no width; the pieces of a group run on into what follows it
    assert leading_pieces(r"(?<=\band\s)an?\s+(?:[Ww]oman|man)", 0) == {"a ", "an "}
    assert leading_pieces(r"(?:an?|one)(?:\s+more)?\s+(?:\d|x)", re.I) == {"a ", "an ", "one "}
    assert leading_pieces(r"(?:Afghan|Pakistani)(?:\s+forces)?", re.I) == {"afghan", "pakistani"}
    assert leading_pieces(r"\s+said", re.I) is None  # may start with any space
    assert leading_pieces("killed\tin|hurt[\n]", re.I) == {"killed in", "hurt "}  # a tab: " " too
    assert leading_pieces(r"s(?:a(?:id|ys)|tated)", re.I) == {"said", "says", "stated"}  # a tree
    assert leading_pieces(r"(?:killed)?\s+in", re.I) is None  # may start with any space
    assert leading_pieces(r"\w+ said", re.I) is None
    assert leading_pieces(r"(?:said)?", re.I) is None  # may be empty
    assert leading_pieces(r"(?-i:[A-Z])\w+ port", re.I) is None  # case rules change inside
    assert leading_pieces(r"(said)\s+\1", re.I) == {"said "}
    assert leading_pieces(r"(a)?(?(1)b|c)", re.I) is None  # a conditional: not read
    assert leading_pieces(r"\x00abc", 0) is None  # NUL is not read: it stands for DIGIT
    assert leading_pieces(r"ab\d+", 0) == {"ab"}


def test_anchored_scans_match_every_example():
    rules = all_rules()
    anchored = Anchored(rules)
    read = [r for r in rules if anchored.pieces(r.name) is not None]
    assert len(read) > len(rules) // 2  # most rules start with known words
    texts = [*EDGE_CASES, *(ex.text for r in rules for ex in (*r.examples, *r.not_examples))]
    assert _same_matches(anchored, read, texts) > 500


@pytest.mark.parametrize(
    ("module", "least"),
    [(figures, 100), (speakers, 100), (sentence_passes, 5)],
    ids=["figures", "speakers", "speaker_pass"],
)
def test_anchored_scans_match_on_the_test_articles(module, least):
    anchored = module._ANCHORED
    rules = [r for r in all_rules() if anchored.pieces(r.name) is not None]
    assert rules  # the scans of the module are anchored
    assert _same_matches(anchored, rules, _texts()) > least


def test_figures_and_speakers_agree_with_the_slow_path():
    counted = 0
    for text in _texts():
        found = figures.find_figures(text)
        assert found == figures.find_figures(text, gated=False), text
        counted += len(found)
    assert counted > 100
    assert figures.find_figures("Often ten soldiers were killed.")[0].quantity == 10


def test_a_window_of_a_sentence_is_read_as_the_window_itself():
    """`sub_in_window`: a window cut from a sentence, the rule's pieces looked up in the sentence."""
    auxiliary = rule("speaker_trailing_auxiliary")
    changed = 0
    for text in _texts():
        for cut in range(0, len(text), 7):
            window = text[max(0, cut - 120) : cut]
            expected = auxiliary.sub("", window)
            assert sub_in_window(auxiliary, text, window) == expected, (text, cut)
            changed += expected != window
    assert changed > 10


def test_spaces_of_every_kind_in_pieces_and_texts():
    """A tab in a pattern, and "\\s" against any space of the text: the same matches."""
    made = [
        Rule("tab_rule", "test", "killed\tin|hurt[\n ]by", re.I),
        Rule("space_rule", "test", r"\b(?:an?|the)\s+(?:man|woman)\b", re.I),
    ]
    anchored = Anchored(made)
    assert all(anchored.pieces(r.name) is not None for r in made)
    texts = [
        f"He was killed{a}in Kurram; a{b}woman{c}was hurt{d}by shells, the{e}man said."
        for a in ("\t", " ", "\u00a0")
        for b in (" ", "\u2009", "\n")
        for c in (" ", "\t")
        for d in ("\n", " ", "\u3000")
        for e in ("\u00a0", " ")
    ]
    assert _same_matches(anchored, made, texts) > 50


def test_a_rule_whose_matches_all_start_with_a_digit():
    """No word for the automaton: the scan still runs (pyahocorasick raised on an empty one)."""
    made = [Rule("digits_only", "test", r"\d{1,2}/\d{1,2}/\d{4}", re.I)]
    anchored = Anchored(made)
    assert anchored.pieces("digits_only") == frozenset({DIGIT})
    texts = ["on 12/03/2024 and 1/4/2025", "no date here", "٣/٤/٢٠٢٤ in other digits", ""]
    assert _same_matches(anchored, made, texts) >= 2
