"""`Windowed`: a rule searched in windows of a sentence with the pattern the sentence's pieces
leave (rules/windows.py) finds in every window exactly what the whole rule finds."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from geodata.articles import load_articles
from geodata.clean import sentences
from geodata.extraction import filters
from geodata.rules import Rule, rule, ruleset
from geodata.rules.windows import JOINER, Windowed

REPO = Path(__file__).resolve().parents[2]
# the rules the filters read in windows, and every other filter rule (any rule may be windowed)
USED = [w.rule for w in vars(filters).values() if isinstance(w, Windowed)]
RULES = {r.name: r for r in [*USED, *ruleset("filters").values()]}


@functools.cache
def _texts() -> list[str]:
    articles, _ = load_articles(REPO / "seeds")
    found = [s if isinstance(s, str) else s.text for a in articles for s in sentences(a.body)]
    examples = [e.text for r in ruleset("filters").values() for e in (*r.examples, *r.not_examples)]
    edges = ["", "@", "If it may.", "IF THE GATE WOULD CLOSE", "schools@closed", "Since the clashes@ began"]
    return [*examples, *edges, *found]


def _windows(text: str) -> list[str]:
    """Substrings at several cuts, and pairs of them joined as the filters join them."""
    n = len(text)
    cuts = sorted({0, n, *range(0, n, 9)})
    out = [text[a : a + size] for a in cuts for size in (12, 30, 70)]
    out += [f"{text[max(0, b - 40) : b]}{JOINER}{text[b : b + 30]}" for b in cuts]
    return out


def _found(pattern, window: str):
    return [(m.span(), m.groups()) for m in pattern.finditer(window)], pattern.match(window) is not None


def test_the_filters_read_windows_with_windowed_rules():
    assert {"conditional", "civic_closure", "since_it_began"} <= {r.name for r in USED}


@pytest.mark.parametrize("name", sorted(RULES))
def test_a_windowed_rule_finds_in_every_window_what_the_rule_finds(name):
    r: Rule = RULES[name]
    windowed = Windowed(r)
    for text in _texts():
        pattern = windowed.pattern(text)
        for window in _windows(text):
            expected = _found(r.regex, window)
            if pattern is None:
                assert expected == ([], False), (name, text, window)
            else:
                assert _found(pattern, window) == expected, (name, text, window)


def test_the_sentence_pieces_do_narrow():
    conditional = Windowed(rule("conditional"))
    text = "Forces clashed on Monday."
    assert conditional.pattern(text) is not rule("conditional").regex
    assert conditional.pattern("Forces would clash.") is rule("conditional").regex
    assert Windowed(rule("civic_closure")).pattern(text) is None
