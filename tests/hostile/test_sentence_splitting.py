"""Sentence splitting is linear in the body (issue 14, case 3) and splits news text exactly as
pysbd's own `segment` does."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from geodata import clean
from geodata.articles import load_article

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent.parent / "shared" / "dev-real" / "articles"
EVENT = "Afghan forces and Pakistani troops exchanged heavy fire at Torkham on Saturday, officials said. "
BODIES = {
    "repeated a.": "a. ",
    "abbreviations": "Gen. Lt. Col. Dr. Mr. ",
    "event sentences": EVENT,
}


def _article_files() -> list[Path]:
    files = sorted((REPO / "tests" / "data").rglob("articles/*.md")) + sorted((REPO / "seeds").glob("*.md"))
    if SHARED.is_dir():  # optional: real pages, when this machine has them
        files += sorted(SHARED.glob("*.md"))
    return files


def test_news_paragraphs_split_exactly_as_pysbd_segment():
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    checked = 0
    for path in _article_files():
        for para in clean.paragraphs(load_article(path).body):
            expected = [s for s in segmenter.segment(para.text) if s.strip()]
            assert clean._pysbd_split(para.text) == expected, (path.name, para.text[:80])
            checked += 1
    assert checked > 500


def _seconds(body: str) -> float:
    started = time.perf_counter()
    found = clean.sentences(body)
    elapsed = time.perf_counter() - started
    for sentence in found[:50] + found[-50:]:
        assert body[sentence.start : sentence.end] == sentence.text
    return elapsed


@pytest.mark.parametrize("unit", list(BODIES.values()), ids=list(BODIES))
def test_splitting_time_grows_linearly_with_the_body(unit):
    """Quadratic splitting took 2.1 s at 10 KB and 97 s at 80 KB. Doubling the body twice must
    not more than ~6x the time (linear: 4x; quadratic: 16x), measured as the best of two runs."""
    small = unit * (20_000 // len(unit))
    large = unit * (80_000 // len(unit))
    t_small = min(_seconds(small) for _ in range(2))
    t_large = min(_seconds(large) for _ in range(2))
    assert t_large < max(6 * t_small, 0.5), (t_small, t_large)


def test_two_megabyte_pathological_body_is_split_in_seconds():
    body = "Gen. Lt. Col. Dr. Mr. " * (1_900_000 // 22)
    assert _seconds(body) < 30


def test_a_very_long_paragraph_gives_bounded_exact_sentences():
    body = "word " * 50_000 + "end."
    found = clean.sentences(body)
    assert all(len(s.text) <= clean.LONGEST_CHUNK_CHARS for s in found)
    assert all(body[s.start : s.end] == s.text for s in found)
    assert "".join(s.text for s in found).replace(" ", "") == body.replace(" ", "")


def test_chunks_cut_after_sentence_ends_and_cover_the_text():
    text = (EVENT * 60).strip()
    pieces = clean.chunks(text, 1000)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 1000 for _, piece in pieces)
    assert all(piece.rstrip().endswith(".") for _, piece in pieces)
    one_sentence = "two soldiers and " * 2000 + "two soldiers were killed."
    assert clean.chunks(one_sentence, 1000) == [(0, one_sentence)], "a long sentence stays whole"
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)
