"""Page furniture removal and sentence splitting, with offsets into the original body.

Article bodies are stored as collected (GOLD_FORMAT 1.4): menus, sign-up boxes, hashtags, teasers
for unrelated stories, captions and comment forms are still in them. `sentences(body)` returns the
sentences of the real article text only, each with its `start`/`end` offsets so that
`body[start:end] == text` (evidence quotes stay exact substrings of the body).

Rules work on lines (one line = one paragraph in collected pages):

* furniture lines are dropped by pattern (comment forms, sign-up/subscribe boxes, advertisement
  markers, "N days ago", "Published ...", breadcrumbs, menus with `|` separators, hashtag lists,
  "Image created by AI", photo captions, copyright lines, share bars);
* lines without sentence-final punctuation are headings, bylines, dates or captions and are dropped
  (the headline repeats what the body says);
* a teaser (a line ending in "..." / "…", as sidebars cut them) is dropped;
* short bullet lines (related-story lists) are dropped;
* a dateline prefix ("PESHAWAR, Pakistan (AP) —", "QUETTA:") is cut off the first sentence: a
  dateline is where the story was filed, never where an incident happened.

Sentences are split by `sentence_split` (pysbd, in bounded chunks): linear in the length of the body.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .sentence_split import PYSBD_BUDGET_CHARS, chunks, cut_after_platform_x, simple_split, split_chunk


@dataclass(frozen=True)
class Sentence:
    text: str  # == body[start:end]
    start: int
    end: int
    para: int  # index of the paragraph (kept line) the sentence belongs to
    index: int  # position in the article's sentence list


_FURNITURE_PATTERNS = [
    r"comments?(\s*\(\d+\))?",
    r"\d+\s+comments?",
    r"post a comment.*",
    r"leave a (comment|reply|review).*",
    r"leave the first review",
    r"comments are closed\.?",
    r"become a member.*",
    r"get the best offers.*",
    r"subscribe\b.*",
    r"sign up\b.*",
    r"newsletter\b.*",
    r"discover more from.*",
    r"rate this article.*",
    r"looks good!?",
    r"please (enter|check)\b.*",
    r"name\*.*",
    r"[-―—–\s\[\]]*advertisement[-―—–\s\[\]]*",
    r"advertisement\b.*",
    r"spot_img",
    r"\d+/related/default",
    r"tags?\s*:?.*",
    r"share( this)?\b.*",
    r"follow us\b.*",
    r"print\s+email.*",
    r"related( posts| stories| articles)?\s*:?.*",
    r"(most read|read more|also read|you may also like|trending|latest|more from)\b.*",
    r"image created by ai\.?",
    r"(photo|image|picture|caption|file photo)\s*[:|(].*",
    r"\d+\s+(seconds?|minutes?|hours?|days?|weeks?|months?)\s+ago",
    r"(published|posted|updated|last updated)\b.{0,60}",
    r"home\s*[>/|»].*",
    r"home[A-Z].*",
    r"(copyright|©|\(c\)).*",
    r"see the (released )?(visuals|video|photos?|pictures).*here\.?",
    r"views expressed .*",
    r"the writer is .*",
    r"[-*_=~.]{2,}",
]
_FURNITURE = re.compile(r"^\s*(?:" + "|".join(_FURNITURE_PATTERNS) + r")\s*$", re.IGNORECASE)
_CASE_FURNITURE = re.compile(r"^\s*Home[A-Z]\w+")  # glued breadcrumbs: "HomeInternationalTaliban ..."
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*\s*$|[\"”’]\s*$")
_TEASER = re.compile(r"(\.\.\.|…)\s*$")
_BULLET = re.compile(r"^\s*(?:[-*•·–]|\d+[.)])\s+")
_HASHTAG = re.compile(r"#\w+")
_DATELINE_DATE = (
    r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?)"
    r"(?:\s*,?\s*\d{4})?"
)
_DATELINE = re.compile(
    r"^(?P<d>(?:[A-Z][A-Z'’.-]+(?:(?:\s+|\s*/\s*)[A-Z][A-Z'’.-]+){0,3})"  # PESHAWAR / LANDI KOTAL / ISLAMABAD/KABUL
    r"(?:\s*,\s*[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?(?:\s*/\s*[A-Z][A-Za-z]+)?"  # , Pakistan/KABUL
    r"(?:\s+(?:province|district|agency))?)?"  # , Nangarhar province
    r"(?:\s*,\s*" + _DATELINE_DATE + r")?"  # , Oct 12
    r"(?:\s*\([^)]{1,30}\))?"  # (AP)
    r"(?:\s*\.?(?::|—|–|--|-)\s+|\s+(?:—|–|--|-)(?=[A-Z\"“])))"  # " - ", ").- ", " -The"
)
# "Kabul, June 2 (TOLOnews) -", "Islamabad (Reuters) —": a title-case dateline needs a date or an
# agency, so that "Kabul: a statement said" style sentences are not cut
_TITLE_DATELINE = re.compile(
    r"^(?!(?:The|A|An|This|That|These|Those|In|On|At|By|For)\b)(?P<d>[A-Z][a-z'’.-]+(?:\s+[A-Z][a-z'’.-]+){0,2})"
    r"(?:\s*,\s*[A-Z][A-Za-z]+)?"
    r"(?:(?:\s*,\s*" + _DATELINE_DATE + r")(?:\s*\([^)]{1,30}\))?|\s*\([A-Z][^)]{1,29}\))"
    r"(?:\s*\.?(?::|—|–|--|-)\s+|\s+(?:—|–|--|-)(?=[A-Z\"“]))"  # "(EFE).- Pakistan", "(AP) -The"
)


def is_furniture(line: str) -> bool:
    """True for a line that is page furniture, a heading or a teaser rather than article text."""
    text = line.strip()
    if not text:
        return True
    if _FURNITURE.match(text) or _CASE_FURNITURE.match(text):
        return True
    words = text.split()
    tags = _HASHTAG.findall(text)
    if tags and len(tags) * 2 >= len(words):
        return True
    if text.count("|") >= 2 or text.count("·") >= 2:
        return True
    if _TEASER.search(text):
        return True
    if (
        _BULLET.match(text)
        and len(words) < 20
        and not (_dated_bullet().match(text) and _TERMINAL.search(text))
    ):
        return True  # a list of links; but "- 14 January: Chaman reopens ..." is a timeline's entry
    if not _TERMINAL.search(text):
        return True  # headings, bylines, dates, menus
    return len(words) < 4


def dateline_length(line: str, first: bool = False) -> int:
    """Characters of a dateline prefix ("QUETTA: ", "PESHAWAR, Pakistan (AP) — "), else 0. The
    `first` line of a body may also open with "Kabul: " (places.yaml `dateline_first_line`)."""
    match = _DATELINE.match(line)
    if not match:
        title = _TITLE_DATELINE.match(line)
        return title.end() if title else _agency_dateline_length(line, first)
    head = match.group("d")
    letters = [c for c in head if c.isalpha()]
    if len(letters) < 3:
        return 0
    first_word = head.split()[0].strip(",")
    if not (first_word.isupper() and len(first_word) >= 3):
        return 0
    return match.end()


@functools.cache
def _agency_datelines() -> tuple[re.Pattern[str], re.Pattern[str]]:
    from .rules import rule  # late: the rules package must not be loaded for every clean.py import

    return rule("dateline_agency").regex, rule("dateline_first_line").regex


@functools.cache
def _dated_bullet() -> re.Pattern[str]:
    from .rules import rule  # late, as above

    return rule("dated_timeline_bullet").regex


def _agency_dateline_length(line: str, first: bool = False) -> int:
    """Datelines of other shapes (places.yaml `dateline_agency`): "KABUL (Agency - 3rd May, 2023) "."""
    agency, first_line = _agency_datelines()
    match = agency.match(line)
    if match is None and first:
        match = first_line.match(line)
    return match.end() if match else 0


@dataclass(frozen=True)
class Paragraph:
    text: str
    start: int
    end: int


# A paragraph cut off mid-sentence (a page stored or fed in part: "... at Torkham. District P"):
# its whole sentences are article text, the stub after the last one is not. A caption or credit
# ("... at the gate. Photo: AFP") is not a stub of text.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[A-Z])")
_CREDIT = re.compile(
    r"^(?:photo\w*|file|image\w*|picture\w*|screen\s*grab\w*|courtesy|credit\w*|source|afp|reuters|ap|epa|getty"
    r"|xinhua|anadolu|dawn|twitter|x)\b",
    re.I,
)
CUT_OFF_MIN_WORDS = 10  # words of whole sentences before the stub
CUT_OFF_MAX_STUB_WORDS = 40  # a longer tail is a paragraph of its own, not a stub


def cut_off_sentences(line: str) -> int:
    """The length of the whole sentences of a paragraph cut off mid-sentence, else 0."""
    text = line.rstrip()
    # the last sentence end (a lookahead for "no later one" would be quadratic in the line)
    ends = list(_SENTENCE_END.finditer(text))
    m = ends[-1] if ends else None
    if m is None or _TERMINAL.search(text) or _TEASER.search(text) or _FURNITURE.match(text):
        return 0
    head, stub = text[: m.end()].rstrip(), text[m.end() :]
    if len(stub.split()) > CUT_OFF_MAX_STUB_WORDS or _CREDIT.match(stub) or is_furniture(head):
        return 0
    return len(head) if len(head.split()) >= CUT_OFF_MIN_WORDS else 0


TRUNCATED_MIN_WORDS = 20  # a heading, byline or menu is shorter; a stored page cut mid-sentence not
_CAPTION = re.compile(r"\b(?:photo|photograph|picture|image|file|caption|courtesy|credit)s?\b", re.I)


def truncated_prose(line: str) -> bool:
    """A paragraph of prose cut off mid-word, with no ellipsis (a stored page that ends where the
    publisher's text was cut): 20 words or more, mostly lower-case, ending on a letter, no
    furniture marks and no words of a photo caption."""
    text = line.strip()
    words = text.split()
    if len(words) < TRUNCATED_MIN_WORDS or not text[:1].isupper():
        return False
    if _FURNITURE.match(text) or _CASE_FURNITURE.match(text) or _TEASER.search(text) or text.count("|") >= 2:
        return False
    if not text[-1].isalpha() or _CAPTION.search(text):
        return False  # cut off mid-word ("late M"); a caption ("... file photo released in 2021") is not
    lower = sum(1 for w in words if w[:1].islower())
    return lower >= 0.6 * len(words)


# a photo caption tells a scene in the present tense ("Soldiers stand guard at the gate as trucks
# wait"); news prose that lost its full stop is told in the past
_CAPTION_SCENE = re.compile(
    r"\b(?:stands?|walks?|waits?|gathers?|sits?|looks?\s+on|(?:is|are)\s+(?:seen|pictured|parked|stranded|lined)"
    r"|carr(?:y|ies)|rides?|queues?|lines?\s+up|pass(?:es)?\s+by|arrives?|patrols?|holds?|checks?|crosses|"
    r"(?:is|are)\s+\w+ing)\b",
    re.I,
)
_PAST_TELLING = re.compile(r"\b(?:said|says|told|was|were|had|has|have)\b", re.I)


def unstopped_sentence(line: str, before: str, after: str) -> bool:
    """One sentence of prose that lost its full stop (an editing slip), between two paragraphs of
    article text (`before`, `after`: the neighbouring non-empty lines): no sentence end inside it,
    so not a caption ("... on Sunday. — AP", or a scene in the present tense); prose on both sides,
    so not a teaser in a block of related stories."""
    if _SENTENCE_END.search(line) or re.search(r"\s[—–]\s*[A-Z]{2,}\s*$", line):
        return False
    if _CAPTION_SCENE.search(line) and not _PAST_TELLING.search(line):
        return False
    return not (is_furniture(before) or is_furniture(after))


def _kept_as_prose(lines: list[str], i: int, last: int) -> bool:
    """A furniture-looking line that is article text all the same (see `truncated_prose`)."""
    if not truncated_prose(lines[i]):
        return False
    if i == last:
        return True
    before = next((x for x in reversed(lines[:i]) if x.strip()), "")
    after = next((x for x in lines[i + 1 :] if x.strip()), "")
    return unstopped_sentence(lines[i], before, after)


def paragraphs(body: str) -> list[Paragraph]:
    """The kept lines of a body (furniture dropped, datelines cut), with their offsets. The last
    line may be prose cut off mid-sentence, a line between paragraphs one sentence without its
    full stop: each is read as it stands."""
    kept: list[Paragraph] = []
    offset = 0
    lines = body.split("\n")
    last = max((i for i, line in enumerate(lines) if line.strip()), default=-1)
    for i, line in enumerate(lines):
        start, end = offset, offset + len(line)
        offset = end + 1
        if is_furniture(line) and not _kept_as_prose(lines, i, last):
            whole = cut_off_sentences(line)
            if not whole:
                continue
            line = line[:whole]
        cut = dateline_length(line, first=not kept)
        text = line[cut:]
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        if not text:
            continue
        kept.append(Paragraph(text, start + cut + lead, start + cut + lead + len(text)))
    return kept


def sentences(body: str) -> list[Sentence]:
    """Sentences of the article text, each an exact substring of `body`."""
    result: list[Sentence] = []
    budget = PYSBD_BUDGET_CHARS
    for p_index, para in enumerate(paragraphs(body)):
        for offset, chunk in chunks(para.text):
            if budget > 0:
                pieces = split_chunk(chunk)
                budget -= len(chunk)
            else:
                pieces = simple_split(chunk)
            if "X." in chunk:
                pieces = cut_after_platform_x(pieces)  # on top of pysbd, which keeps "X." an initial
            cursor = 0
            for piece in pieces:
                piece = piece.strip()
                if not piece:
                    continue
                found = chunk.find(piece, cursor)
                if found < 0:
                    continue
                cursor = found + len(piece)
                start = para.start + offset + found
                result.append(Sentence(piece, start, start + len(piece), p_index, len(result)))
    return result


def clean_text(body: str) -> str:
    """The kept paragraphs joined by blank lines (for display and debugging)."""
    return "\n\n".join(p.text for p in paragraphs(body))
