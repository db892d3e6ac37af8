"""`assembly.actor_matches` tries the actor rules only where their matches can start; with
`anchored=False` each rule scans the whole text. Both must find the same first matches on every
example and not-example of the rule files, every sentence of the test articles, and runs of
sentences joined as a cluster's are."""

from __future__ import annotations

import functools
from pathlib import Path

from geodata.articles import load_articles
from geodata.clean import sentences
from geodata.extraction.assembly import actor_matches
from geodata.rules import all_rules

REPO = Path(__file__).resolve().parents[2]

_EDGES = [
    "Pakistani Taliban fighters attacked Pakistani troops; the Taliban said so.",
    "Tehreek-e-Taliban Pakistan (TTP) and the Afghan Taliban, Tehrik-i-Taliban Pakistan's men.",
    "PAKISTANI  TALIBAN and AFGHAN FORCES, the FC and ISPR, women and children, villagers.",
    "The Islamic Emirate's Ministry of Defence; Afghanistan's Defense Ministry; Taliban Pakistan.",
    "Inter-Services Public Relations said Frontier Corps troops and civilians were hurt.",
    "İstanbul: the Kelvin sign \u212a and the long s \u017f beside Pakistani soldiers and Taliban forces.",
    "",
]


@functools.cache
def _texts() -> list[str]:
    texts = [ex.text for r in all_rules() for ex in (*r.examples, *r.not_examples)]
    folders = [REPO / "seeds", *sorted((REPO / "tests" / "data").glob("*/articles"))]
    for folder in folders:
        for article in load_articles(folder)[0]:
            found = [s.text for s in sentences(article.body)]
            texts += found
            texts += [" ".join(found[i : i + 3]) for i in range(0, len(found), 2)]
    return [*_EDGES, *texts]


def _spans(text: str, anchored: bool) -> list[tuple[int, int] | None]:
    return [m.span() if m else None for m in actor_matches(text, anchored)]


def test_anchored_and_whole_text_actor_scans_agree():
    texts = _texts()
    assert len(texts) > 2500
    found = [0, 0, 0, 0]
    for text in texts:
        spans = _spans(text, anchored=True)
        assert spans == _spans(text, anchored=False), text
        found = [n + (s is not None) for n, s in zip(found, spans, strict=True)]
    assert min(found) > 50  # every rule matches somewhere, not only misses
