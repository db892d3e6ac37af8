"""The plain-sentence splitter (`sentence_split._plain_sentences`) stands in for pysbd on paragraphs whose
every sentence end is "word. Next". It must cut exactly where pysbd cuts: checked on every
paragraph of the test articles, on thousands of paragraphs made by joining their sentences at
random, and on the shapes it must leave to pysbd."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from geodata.articles import load_articles
from geodata.clean import paragraphs, sentences
from geodata.sentence_split import _plain_sentences, _pysbd_pieces, chunks

REPO = Path(__file__).resolve().parents[2]


def _bodies() -> list[str]:
    folders = [REPO / "seeds", *sorted((REPO / "tests" / "data").glob("*/articles"))]
    return [a.body for folder in folders for a in load_articles(folder)[0]]


def test_plain_split_agrees_with_pysbd_on_every_paragraph_of_the_test_articles():
    taken = 0
    for body in _bodies():
        for para in paragraphs(body):
            for _offset, chunk in chunks(para.text):
                plain = _plain_sentences(chunk)
                if plain is not None:
                    taken += 1
                    assert plain == _pysbd_pieces(chunk), chunk
    assert taken > 100  # the fast path is exercised


def test_plain_split_agrees_with_pysbd_on_random_paragraphs():
    texts = [s.text for body in _bodies() for s in sentences(body)]
    rnd = random.Random(13)
    taken = 0
    for _ in range(3000):
        para = " ".join(rnd.sample(texts, rnd.randint(2, 5)))
        plain = _plain_sentences(para)
        if plain is not None:
            taken += 1
            assert plain == _pysbd_pieces(para), para
    assert taken > 500


@pytest.mark.parametrize(
    "para",
    [
        'He said: "Shells fell. We ran." Then it stopped.',  # a quote spanning a stop
        "Gen. Khan visited the post. Troops were calm.",  # an abbreviation
        "The gate (shut on Monday. Trucks waited) opened.",  # a bracket
        "Firing began at 3 a.m. Troops replied.",  # a stop inside a word
        "Forces fired. Then. Nothing...",  # an ellipsis
    ],
)
def test_what_pysbd_must_decide_is_left_to_it(para):
    assert _plain_sentences(para) is None


def test_a_plain_paragraph_is_split_with_trailing_spaces_kept():
    para = "Forces clashed on Monday. Two soldiers died.  Talks began on Tuesday. Trade resumed."
    assert _plain_sentences(para) == _pysbd_pieces(para)
    assert len(_plain_sentences(para) or []) == 4


@pytest.mark.parametrize(
    "para",
    [
        # found by review: pysbd reads consecutive numbers before stops as a numbered list
        "Forces attacked posts on Tuesday. The toll rose to 11. The wounded reached 12. Teams searched.",
        "He said Yahoo! Officials agreed.",
    ],
)
def test_numbers_before_stops_and_exclamations_are_left_to_pysbd(para):
    assert _plain_sentences(para) is None
