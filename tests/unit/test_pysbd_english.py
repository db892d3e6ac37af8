"""`pysbd_english.FastEnglish` skips the abbreviations that cannot change a line; pysbd's own
English scan tries them all. Both must give the same text: checked line by line and through
pysbd's whole processor, on invented text full of abbreviations, stops, numbers, quotes and
brackets, and on every paragraph of the test articles."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from pysbd.lang.english import English
from pysbd.processor import Processor

from geodata.articles import load_articles
from geodata.clean import paragraphs
from geodata.pysbd_english import _FOLDS_TO_ASCII, FastEnglish

REPO = Path(__file__).resolve().parents[2]

_INVENTED_WORDS = """
Lt. Gen. U.S. U.S.A. Mr. Mrs. Dr. St. No. Nos. pp. p. Art. e.g. i.e. Ph.D. a.m. p.m. etc. vs. v.
Taliban said the forces is was co al me in id may man J. R. K. A. B. I I'm I'll
3.5 11. 2021. 4:45 (2) (a) a) ii. iii) 5 10 -- — , : ; ? ! ... … . .. ' ’s 's
" “ ” ( ) [ ] {gen} {dr} ſt. K. ı İ Kabul. Chaman. General. Street. Colonel.
"""
_PIECES = [*English.Abbreviation.ABBREVIATIONS, *_INVENTED_WORDS.split()]
_GLUE = [" ", " ", " ", "", "  ", "\t", "\n", "\r", "\u00a0"]


def _invented(rng: random.Random) -> str:
    words = []
    for _ in range(rng.randint(1, 40)):
        word = rng.choice(_PIECES)
        word = rng.choice([word, word, word.capitalize(), word.upper()])
        if rng.random() < 0.3:
            word += rng.choice([".", ".", ":", ",", "-", "?", ".:3", ". ("])
        words.append(word + rng.choice(_GLUE))
    return "".join(words)


def _scan(language: type, line: str) -> str:
    return str(language.AbbreviationReplacer(line, language).search_for_abbreviations_in_string(line))


def test_the_scan_changes_lines_exactly_as_pysbd_does():
    rng = random.Random(17)
    changed = 0
    for _ in range(2500):
        line = _invented(rng)
        fast = _scan(FastEnglish, line)
        assert fast == _scan(English, line), line
        changed += fast != line
    assert changed > 400  # abbreviations are replaced, not only skipped


def test_pysbd_splits_invented_paragraphs_the_same_with_the_fast_scan():
    rng = random.Random(29)
    for _ in range(800):
        text = _invented(rng)
        assert Processor(text, FastEnglish).process() == Processor(text, English).process(), text


def test_pysbd_splits_the_test_articles_the_same_with_the_fast_scan():
    folders = [REPO / "seeds", *sorted((REPO / "tests" / "data").glob("*/articles"))]
    checked = 0
    for folder in folders:
        for article in load_articles(folder)[0]:
            for para in paragraphs(article.body):
                text = para.text
                assert Processor(text, FastEnglish).process() == Processor(text, English).process(), text
                checked += 1
    assert checked > 500


def test_every_letter_a_case_blind_regex_reads_as_ascii_is_left_to_pysbd():
    """Outside ASCII, the letters that `(?i)[a-z]` matches or that lower-case to ASCII letters
    are exactly those the fast scan hands back to pysbd's own scan."""
    ascii_letter = re.compile(r"(?i)[a-z]")
    folding = {
        c
        for c in map(chr, range(128, sys.maxunicode + 1))
        if ascii_letter.search(c) or (c.lower() != c and ascii_letter.search(c.lower()))
    }
    assert folding == {c for c in map(chr, range(sys.maxunicode + 1)) if _FOLDS_TO_ASCII.match(c)}
