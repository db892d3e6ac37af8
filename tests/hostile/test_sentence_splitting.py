"""Sentence splitting is linear in the body (issue 14, case 3) and splits news text exactly as
pysbd's own `segment` does."""

from __future__ import annotations

from pathlib import Path

import pytest

from geodata import clean, sentence_split
from geodata.articles import load_article

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "dev-real" / "articles"  # ../shared beside the clone, as in CI
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
            assert sentence_split.split_chunk(para.text) == expected, (path.name, para.text[:80])
            checked += 1
    assert checked > 500


def _pysbd_inputs(body: str, monkeypatch) -> list[int]:
    """Split `body`; return the length of every piece of text handed to pysbd (the super-linear
    part). Work is counted, not timed: wall-clock limits are flaky on a shared 2-core machine."""
    given: list[int] = []
    real = clean.split_chunk

    def counting(text: str) -> list[str]:
        given.append(len(text))
        return real(text)

    monkeypatch.setattr(clean, "split_chunk", counting)
    found = clean.sentences(body)
    for sentence in found[:50] + found[-50:]:
        assert body[sentence.start : sentence.end] == sentence.text
    return given


@pytest.mark.parametrize("unit", list(BODIES.values()), ids=list(BODIES))
def test_pysbd_never_sees_more_than_a_chunk_at_a_time(unit, monkeypatch):
    """Quadratic splitting took 2.1 s at 10 KB and 97 s at 80 KB because a whole paragraph went
    to pysbd at once. However long the paragraph, each call gets at most one chunk, and one
    article at most PYSBD_BUDGET_CHARS in all."""
    for size in (20_000, 80_000, 400_000):
        given = _pysbd_inputs(unit * (size // len(unit)), monkeypatch)
        assert given and max(given) <= sentence_split.CHUNK_CHARS, (size, max(given))
        assert sum(given) <= sentence_split.PYSBD_BUDGET_CHARS + sentence_split.CHUNK_CHARS, (
            size,
            sum(given),
        )


def test_two_megabyte_pathological_body_stays_within_the_pysbd_budget(monkeypatch):
    body = "Gen. Lt. Col. Dr. Mr. " * (1_900_000 // 22)
    given = _pysbd_inputs(body, monkeypatch)
    assert sum(given) <= sentence_split.PYSBD_BUDGET_CHARS + sentence_split.CHUNK_CHARS


def test_a_very_long_paragraph_gives_bounded_exact_sentences():
    body = "word " * 50_000 + "end."
    found = clean.sentences(body)
    assert all(len(s.text) <= sentence_split.LONGEST_CHUNK_CHARS for s in found)
    assert all(body[s.start : s.end] == s.text for s in found)
    assert "".join(s.text for s in found).replace(" ", "") == body.replace(" ", "")


def test_chunks_cut_after_sentence_ends_and_cover_the_text():
    text = (EVENT * 60).strip()
    pieces = sentence_split.chunks(text, 1000)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 1000 for _, piece in pieces)
    assert all(piece.rstrip().endswith(".") for _, piece in pieces)
    one_sentence = "two soldiers and " * 2000 + "two soldiers were killed."
    assert sentence_split.chunks(one_sentence, 1000) == [(0, one_sentence)], "a long sentence stays whole"
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)


_WORDS = [
    "the",
    "Taliban",
    "said",
    "Gen",
    "Dr",
    "Mr",
    "U",
    "S",
    "a",
    "i",
    "ii",
    "1",
    "23",
    "Torkham",
    "St",
    "Co",
    "Inc",
    "vs",
    "etc",
    "e",
    "g",
    "Jan",
    "Sept",
    "Lt",
    "Col",
]
_MARKS = ["", ",", ":", ";", " -", " —", "'", '"', "“", "”", "(", "’s", "%", "/"]


def test_one_sentence_shortcut_gives_what_pysbd_gives():
    """Text with no mark pysbd cuts at, but for one final [.!?], skips pysbd (half of real
    paragraphs); on such text, with abbreviations, quotes, list-like openings and spaces around
    it, pysbd itself returns it whole."""
    import random

    rng = random.Random(7)
    checked = 0
    for _ in range(3000):
        words = [rng.choice(_WORDS) + rng.choice(_MARKS) for _ in range(rng.randint(1, 30))]
        text = (
            rng.choice(["", " ", "1 ", "a ", "• "])
            + " ".join(words)
            + rng.choice(["", ".", "!", "?", ".”", "!'"])
        )
        text += rng.choice(["", " ", "\t"])
        if not sentence_split._one_sentence(text):
            continue
        assert sentence_split.split_chunk(text) == sentence_split._pysbd_pieces(text), text
        checked += 1
    assert checked > 1500
    assert not sentence_split._one_sentence("He left. She stayed.")
    assert not sentence_split._one_sentence("Gen. Munir said so.")
    assert not sentence_split._one_sentence("He said: “we will respond.”")
