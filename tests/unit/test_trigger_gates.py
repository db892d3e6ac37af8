"""The trigger rules' `gate_words` (rules/triggers.yaml): a sentence holding none of a rule's gate
words is not scanned with its pattern, so every match must contain one of them. Checked on every
example of every trigger rule and on every sentence of the test articles (the fictionalised gold
sets and the seeds): gated and ungated scans give the same triggers."""

from __future__ import annotations

from pathlib import Path

import pytest

from geodata.articles import load_articles
from geodata.clean import sentences
from geodata.extraction.triggers import TRIGGERS, raw_triggers
from geodata.rules import ruleset

REPO = Path(__file__).resolve().parents[2]
RULES = list(ruleset("triggers").values())


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_every_example_match_holds_a_gate_word(rule):
    gate = rule.meta.get("gate_words")
    assert gate, f"{rule.name} has no gate_words"
    assert all(word == word.lower() for word in gate)
    for example in rule.examples:
        for m in rule.regex.finditer(example.text):
            assert any(word in m.group(0).lower() for word in gate), (rule.name, m.group(0))


def _test_sentences() -> list[str]:
    folders = [REPO / "seeds", *sorted((REPO / "tests" / "data").glob("*/articles"))]
    texts = []
    for folder in folders:
        articles, _ = load_articles(folder)
        texts += [s if isinstance(s, str) else s.text for a in articles for s in sentences(a.body)]
    return texts


def test_gated_and_ungated_scans_agree_on_the_test_articles():
    texts = _test_sentences()
    assert len(texts) > 500
    fired = 0
    for text in texts:
        gated = raw_triggers(text)
        assert gated == raw_triggers(text, gated=False), text
        fired += len(gated)
    assert fired > 200  # the corpus does exercise the rules


def test_a_gate_word_in_another_case_still_opens_the_gate():
    assert [t.rule for t in raw_triggers("SHELLING hit the town.")] == ["shelling"]
    assert len(TRIGGERS) == len(RULES)
