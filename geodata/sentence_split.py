"""Sentence splitting of one paragraph (a chunk of one): pysbd, with cheaper paths that give
exactly what pysbd gives (`clean.sentences` puts the pieces back at their offsets in the body).

pysbd's rules are super-linear in the length of what they are given, so a paragraph is handed to
them in bounded chunks (see CHUNK_CHARS), and at most PYSBD_BUDGET_CHARS of one article at all.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# Work bounds for the splitter. pysbd's own rules are super-linear in the length of what it is
# given (80 KB of abbreviations: 80 s; its span search re-scans the text once per sentence), so a
# paragraph is given to it in chunks of at most CHUNK_CHARS, cut after a sentence end; and at most
# PYSBD_BUDGET_CHARS of one article go through pysbd at all, the rest is split by a linear rule.
# News paragraphs are far shorter than a chunk (the longest of 144 real and gold articles: 1,611
# characters), so they are split exactly as before.
CHUNK_CHARS = 2000
LONGEST_CHUNK_CHARS = 40_000
PYSBD_BUDGET_CHARS = 100_000
_CHUNK_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_SIMPLE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


_TRAILING_SPACE = re.compile(r"\s*")
# Anything pysbd could cut at: sentence ends, ellipses, line breaks, list items ("a)", "1.").
_CUT_MARK = re.compile(r"[.!?…\n\r)]")


def simple_split(text: str) -> list[str]:
    return [s for s in _SIMPLE_SPLIT.split(text) if s.strip()]


def _aligned(text: str, pieces: list[str]) -> list[str]:
    """pysbd's `sentences_with_char_spans` (each sentence with its trailing spaces, in order,
    dropping any it cannot place after the previous one), searching from the previous sentence's
    end instead of from the start of the text each time: linear instead of quadratic. A match
    that starts further back than the sentence's length cannot end after the previous one (the
    previous match took all following whitespace), so the result is the same but for sentences
    that overlap copies of themselves ("a. a. a."), where it differs only in which copy is used."""
    spans: list[str] = []
    prior_end = 0
    for piece in pieces:
        if not piece:  # an empty match advances by one character: leave that to the regex engine
            span = _regex_span(text, piece, prior_end)
            if span is not None:
                spans.append(text[span[0] : span[1]])
                prior_end = span[1]
            continue
        # str.find + one precompiled `\s*` instead of compiling `re.escape(piece) + r"\s*"` per
        # sentence: the same successive non-overlapping matches, and no flood of one-off patterns
        # that evicted pysbd's own from the re module's 512-entry cache
        start = text.find(piece, max(0, prior_end - len(piece)))
        while start >= 0:
            trailing = _TRAILING_SPACE.match(text, start + len(piece))
            end = trailing.end() if trailing else start + len(piece)
            if end > prior_end:
                spans.append(text[start:end])
                prior_end = end
                break
            start = text.find(piece, end)
    return spans


def _regex_span(text: str, piece: str, prior_end: int) -> tuple[int, int] | None:
    pattern = re.compile(re.escape(piece) + r"\s*")
    for match in pattern.finditer(text, max(0, prior_end - len(piece))):
        if match.end() > prior_end:
            return match.span()
    return None


def _one_sentence(text: str) -> bool:
    """True when pysbd would give `text` back whole: no mark it cuts at, but for one [.!?] that
    ends it (a closing quote after it can be split off, so that case still goes to pysbd). Half
    of real paragraphs are such a sentence, and pysbd was a third of the pipeline's time."""
    body = text.rstrip()
    if body[-1:] in {".", "!", "?"}:
        body = body[:-1]
    return _CUT_MARK.search(body) is None


# "word. Next": a full stop after a lower-case word of two letters or more, then a capitalised
# word (or a quote opening with one). Not after a number: pysbd reads "rose to 11. The ... 12."
# as a numbered list; not at "!" or "?": pysbd keeps "Yahoo! Officials" whole.
_PLAIN_END = re.compile(r"(?<=[a-z]{2}\.)\s+(?=[“\"]?[A-Z][a-z])")
_WORD_BEFORE_END = re.compile(r"([A-Za-z]+)\.\s*$")
_DIGIT_STOP = re.compile(r"\d\.(?:\s|$)")  # "rose to 11." anywhere: pysbd may see a list


@functools.cache
def _abbreviations() -> frozenset[str]:
    from pysbd.lang.english import English

    return frozenset(a.lower() for a in English.Abbreviation.ABBREVIATIONS)


def _plain_sentences(text: str) -> list[str] | None:
    """The sentences of a paragraph whose every sentence end is plain ("word. Next"), each with
    its trailing spaces, as pysbd gives them; None when anything else could be a cut (quotes,
    brackets, initials, abbreviations, numbers before a stop), which pysbd decides. A test checks
    the two agree on every paragraph of the test articles."""
    if not text[:1].isalpha() or "!" in text or "?" in text or _DIGIT_STOP.search(text):
        return None
    pieces: list[str] = []
    start = 0
    for m in _PLAIN_END.finditer(text):
        piece = text[start : m.end()]
        word = _WORD_BEFORE_END.search(piece)
        if word is None or word.group(1).lower() in _abbreviations() or not _plain_piece(piece.rstrip()):
            return None
        pieces.append(piece)
        start = m.end()
    if not pieces or not _plain_piece(text[start:]):
        return None
    pieces.append(text[start:])
    return [p for p in pieces if p.strip()]


# pysbd never cuts inside quotes or brackets: a piece with one open is not plain
_OPENING_SINGLE_QUOTE = re.compile(r"(?:^|\s)['‘’]")


def _plain_piece(piece: str) -> bool:
    quotes_closed = piece.count("“") == piece.count("”") and piece.count('"') % 2 == 0
    brackets = "(" in piece or "[" in piece
    return quotes_closed and not brackets and not _OPENING_SINGLE_QUOTE.search(piece) and _one_sentence(piece)


def split_chunk(text: str) -> list[str]:
    if _one_sentence(text):
        return [text.lstrip()] if text.strip() else []
    plain = _plain_sentences(text)
    return plain if plain is not None else _pysbd_pieces(text)


# "said in a post on X. He said ...": the platform, not an initial (pysbd reads "X." as one)
_PLATFORM_X_END = re.compile(r"\b(?:on|via)\sX\.(\s+)(?=[“\"]?[A-Z])")


def cut_after_platform_x(pieces: list[str]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        start = 0
        for m in _PLATFORM_X_END.finditer(piece):
            out.append(piece[start : m.end()])  # the piece keeps its trailing spaces, as pysbd's
            start = m.end()
        out.append(piece[start:])
    return [p for p in out if p.strip()]


@functools.cache
def _pysbd() -> tuple[Any, Any]:
    # late: pysbd takes 10-20 ms to import, and most importers of clean.py split nothing
    from pysbd.processor import Processor

    from .pysbd_english import FastEnglish

    return Processor, FastEnglish


def _pysbd_pieces(text: str) -> list[str]:
    try:
        # what pysbd.Segmenter.segment runs, with a cheaper abbreviation scan (see pysbd_english);
        # a Processor per call: pysbd keeps the text it works on in the instance
        processor, language = _pysbd()
        pieces = processor(text, language).process() if text else []
        return [s for s in _aligned(text, pieces) if s.strip()]
    except Exception:  # pragma: no cover - pysbd failure on odd input: fall back to a regex
        return simple_split(text)


def chunks(text: str, size: int = CHUNK_CHARS, longest: int | None = None) -> list[tuple[int, str]]:
    """(offset, piece) of `text` cut into pieces of about `size` characters, each after a
    sentence end (the last one in the second half of the window, else the first one after it). A
    single sentence longer than `size` stays whole up to `longest` characters (pysbd is cheap on
    text without sentence ends; cutting it would change what is extracted from it); beyond that it
    is cut at a space."""
    longest = longest or LONGEST_CHUNK_CHARS
    if len(text) <= size:
        return [(0, text)]
    result: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        cut = 0
        for match in _CHUNK_END.finditer(text, start + size // 2, start + size):
            cut = match.end() - start
        if cut == 0:
            after = _CHUNK_END.search(text, start + size, start + longest)
            if after is not None:
                cut = after.end() - start
            elif len(text) - start <= longest:
                break
            else:
                cut = text.rfind(" ", start + size, start + longest) + 1 - start
                if cut <= 0:
                    cut = longest
        result.append((start, text[start : start + cut]))
        start += cut
    result.append((start, text[start:]))
    return result
