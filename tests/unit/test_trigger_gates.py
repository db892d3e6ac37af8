"""Gate words: a sentence holding none of a rule's gate words is not scanned with its pattern, so
every match must contain one of them. The trigger rules' `gate_words` (rules/triggers.yaml) and
the figure cue (`figure_cue` in rules/claims.yaml) are checked on every example and on every
sentence of the test articles (the fictionalised gold sets and the seeds): gated and ungated scans
give the same triggers and the same figures."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from geodata.articles import load_articles
from geodata.claims.figures import find_figures
from geodata.clean import sentences
from geodata.extraction.triggers import TRIGGERS, raw_triggers
from geodata.rules import all_rules, folds_like_lower, rule, ruleset
from geodata.rules.needs import needed_pieces, top_alternatives

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


@functools.cache  # three tests read them
def _test_sentences() -> list[str]:
    folders = [REPO / "seeds", *sorted((REPO / "tests" / "data").glob("*/articles"))]
    texts = []
    for folder in folders:
        articles, _ = load_articles(folder)
        texts += [s if isinstance(s, str) else s.text for a in articles for s in sentences(a.body)]
    return texts


# every kind of space a cleaned text keeps, in place of the plain ones ("came\u00a0under")
_SPACES = ("\u00a0", "\t", "\u2009", "\u3000")


def _with_spaces(texts: list[str]) -> list[str]:
    return [*texts, *(t.replace(" ", space) for t in texts for space in _SPACES if " " in t)]


def test_gated_and_ungated_scans_agree_on_the_test_articles():
    texts = _test_sentences()
    assert len(texts) > 500
    fired = 0
    for text in _with_spaces(texts):
        gated = raw_triggers(text)
        assert gated == raw_triggers(text, gated=False), text
        fired += len(gated)
    assert fired > 200  # the corpus does exercise the rules


def test_a_gate_word_in_another_case_still_opens_the_gate():
    assert [t.rule for t in raw_triggers("SHELLING hit the town.")] == ["shelling"]
    assert len(TRIGGERS) == len(RULES)


def test_the_figure_cue_opens_for_every_figure_of_the_test_articles():
    cue = rule("figure_cue")
    words = cue.meta["gate_words"]
    texts = _test_sentences()
    counted = 0
    for text in texts:
        figures = find_figures(text)
        assert figures == find_figures(text, gated=False), text
        counted += len(figures)
        for m in cue.regex.finditer(text):
            assert any(word in m.group(0).lower() for word in words), m.group(0)
    assert counted > 100
    assert find_figures("Nine guards were KILLED on Monday.")[0].quantity == 9


def test_letters_that_lower_does_not_fold_turn_the_gates_off():
    for text in (
        "Pakistani forces cloſed the Torkham crossing on Monday.",
        "PAKİSTANİ AİRSTRİKES HİT KABUL.",
    ):
        assert raw_triggers(text) == raw_triggers(text, gated=False) != []
    text = "Three guards were kılled on Monday."
    assert find_figures(text) == find_figures(text, gated=False)
    # the Kelvin sign turns them off, not the letter K (Kabul, Kunar, Kurram: most sentences)
    assert folds_like_lower("Shelling hit Kunar and Khost.")
    assert not folds_like_lower("Shelling hit \u212aunar.")


def test_a_rule_skips_only_text_it_cannot_match():
    """`Rule.hopeless` (the literal pieces every match needs, read from the pattern) is only ever
    true of a text the pattern finds nothing in: every rule, on every example and test sentence."""
    rules = all_rules()
    texts = [*_test_sentences()] + [ex.text for r in rules for ex in (*r.examples, *r.not_examples)]
    # other spaces, and no space at all: a needed piece read past a space would be missed there
    texts += [t.replace(" ", "\t") for t in texts[-400:]] + [t.replace(" ", "") for t in texts[-400:]]
    skipped = 0
    for r in rules:
        for text in texts:
            if r.hopeless(text):
                skipped += 1
                assert r.regex.search(text) is None, (r.name, text)
    assert skipped > len(texts) * len(rules) // 2  # most rules need words most sentences lack


def test_needed_pieces_read_from_patterns():
    assert needed_pieces(r"\b(?:killed|wounded)\s+in\b", re.I) == (("killed", "wounded"), True)
    assert needed_pieces(r"\bKilled(?: in)?", 0) == (("Killed",), False)
    assert needed_pieces(r"(?:killed)?\s+in", re.I) == (("in",), True)  # the optional part is no need
    assert needed_pieces(r"(?!killed)\w+", re.I) is None
    assert needed_pieces(r"(?:killed|\d+)", re.I) is None  # one alternative needs no literal
    assert needed_pieces(r"(?-i:[A-Z])\w+ port", re.I) is None  # case rules change inside: no gate
    # a word list written as a prefix tree needs its whole words, not their first letters
    tree = r"\b(?:s(?:a(?:id|ys)|tated)|c(?:laim|onfirm)ed)\b"
    assert set(needed_pieces(tree, re.I)[0]) == {"claimed", "confirmed", "said", "says", "stated"}
    # read on up to a space ("\s" may be a tab) or a digit, never past
    assert set(needed_pieces(r"c(?:alled\s+on|autioned)", re.I)[0]) == {"called", "cautioned"}
    assert set(needed_pieces(r"c(?:alled\t|autioned)", re.I)[0]) == {"called", "cautioned"}
    assert needed_pieces(r"ab(?:\d+x|cd)", re.I) == (("ab",), True)
    assert needed_pieces(r"s(?:aid|ays)", 0) == (("sa",), False)  # case-sensitive: not read on
    assert rule("date_weekday").hopeless("Trucks waited at the gate.")
    assert not rule("date_weekday").hopeless("Trucks waited on MONDAY.")
    assert not rule("date_weekday").hopeless("Trucks waited on MONDAY ſ.")  # lower() untrusted


def _found(pattern, text):
    return [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(text)]


_EDGES = [
    "Forces clashed; cross-border firing by the army and heavy firing went on.",
    "They agreed to stop cross-border firing. Artillery exchanges followed, then a gunfight.",
    "FIGHTING AGAINST SMUGGLING; A FIRE-FIGHT; confrontations between the two forces",
    "The ſhelling and fighting on the İslam Qala road went on.",  # lower() untrusted: whole pattern
    "",
]


def test_a_narrowed_scanner_finds_what_the_whole_pattern_finds():
    """`Rule.scanner` leaves out the top-level alternatives whose needed pieces a text lacks: on
    every example and test sentence, every rule with such alternatives finds the same matches
    (spans, groups) with it as with its whole pattern."""
    rules = [r for r in all_rules() if r.branch_needs]
    texts = [
        *_test_sentences(),
        *_EDGES,
        *(ex.text for r in all_rules() for ex in (*r.examples, *r.not_examples)),
    ]
    narrowed = 0
    for r in rules:
        cut = top_alternatives(r.pattern, r.flags)
        assert cut is not None and [b for b, _ in r.branch_needs] == cut[1]
        whole = re.compile(f"{cut[0]}(?:{'|'.join(cut[1])}){cut[2]}", r.flags)  # cut apart, all kept
        for text in texts:
            full = _found(r.regex, text)
            assert _found(whole, text) == full, (r.name, text)
            scanner = r.scanner(text)
            if scanner is None:
                assert full == [], (r.name, text)
                continue
            assert scanner.groupindex == r.regex.groupindex
            assert _found(scanner, text) == full, (r.name, text)
            narrowed += scanner is not r.regex and full != []
    assert narrowed > 500  # the narrowed patterns do find things


def test_top_level_alternatives_are_cut_where_the_pattern_has_them():
    assert top_alternatives(r"a|b(?:c|d)|[|]|[]|]|[^]|]x|\||e", 0) == (
        "",
        ["a", "b(?:c|d)", "[|]", "[]|]", "[^]|]x", "\\|", "e"],
        "",
    )
    assert top_alternatives(r"abc", 0) is None  # one alternative
    assert top_alternatives(r"(?i)a|b", 0) is None  # a global flag
    assert top_alternatives(r"(a)|\1", 0) is None  # a group of another alternative
    assert top_alternatives("a|b", re.VERBOSE) is None
    # else the first group of alternatives
    assert top_alternatives(r"\b(?:a|b(?:c|d))\b", 0) == ("\\b", ["a", "b(?:c|d)"], "\\b")
    assert top_alternatives(r"(x)\b(?:a|(b))+(?:c|d)", 0) == ("(x)\\b", ["a", "(b)"], "+(?:c|d)")
    assert top_alternatives(r"\bbomb(?:ed)?", 0) is None
    r = rule("clash")
    assert r.scanner("The border was quiet.") is None
    kept = r.scanner("Forces clashed overnight.")
    assert kept is not None and kept.pattern == r"(?:\bclash(?:es|ed|ing)?\b)"


def test_anchored_trigger_rules_match_as_the_whole_scan():
    """The rules `raw_triggers` tries only where their matches can start find the same matches
    (spans and groups) as their pattern scanned over the whole sentence."""
    from geodata.extraction.triggers import _ANCHORED
    from geodata.rules import gate_text

    anchored = [r for r in TRIGGERS if _ANCHORED.pieces(r.name)]
    assert {"post_taken", "clash", "shelling"} <= {r.name for r in anchored}
    examples = [e.text for r in TRIGGERS for e in (*r.examples, *r.not_examples)]
    edges = ["", "the", "Border posts were captured; the clash, the clash.", "THE POST WAS OVERRUN"]
    compared = 0
    for text in [*examples, *edges, *_test_sentences()]:
        scan = _ANCHORED.scan(text, gate_text(text))
        for r in anchored:
            got = [(m.span(), m.groups()) for m in scan.finditer(r)]
            assert got == [(m.span(), m.groups()) for m in r.regex.finditer(text)], (r.name, text)
            compared += len(got)
    assert compared > 200


def test_the_shutting_sets_rule_out_what_opens_and_scanner_rule_out():
    """A rule `shutting_sets` rules out of a text has `opens` False or `scanner` None (the sets
    are those the two read, looked up at once)."""
    from geodata.rules import gate_text, pieces_in
    from geodata.rules.shut import shutting_sets

    examples = [e.text for r in TRIGGERS for e in (*r.examples, *r.not_examples)]
    shut_count = 0
    for text in [*examples, "", "The border was quiet.", *_test_sentences()]:
        lowered = gate_text(text)
        if lowered is None:
            continue
        found = pieces_in(lowered)
        for r in TRIGGERS:
            words, needs = shutting_sets(r)
            shut = any(s is not None and s.isdisjoint(found) for s in (words, needs))
            if shut:
                assert not r.opens(lowered) or r.scanner(text) is None, (r.name, text)
            shut_count += shut
    assert shut_count > 1000


def test_rules_anchored_by_alternative_match_as_the_whole_scan():
    """`attack_on_post` (and the rules like it) tried where the alternatives a sentence leaves
    can start find the same matches as the whole pattern; a sentence leaving one with no leading
    pieces ("Tuesday's firing") is scanned whole."""
    from geodata.extraction.triggers import _SHUT
    from geodata.rules import gate_text

    by_branch = {r.name: b for r, *_, b in _SHUT if b is not None}
    assert "attack_on_post" in by_branch
    examples = [e.text for r in TRIGGERS for e in (*r.examples, *r.not_examples)]
    edges = [
        "",
        "Exchange of fire.",
        "Opened fire, opened fire",
        "Tuesday's firing hit a post; troops opened fire.",
    ]
    anchored = 0
    for text in _with_spaces([*examples, *edges, *_test_sentences()]):
        lowered = gate_text(text)
        if lowered is None:
            continue
        for name, b in by_branch.items():
            got = b.finditer(text, lowered)
            if got is None:
                continue
            expected = [(m.span(), m.groups()) for m in b.rule.regex.finditer(text)]
            assert [(m.span(), m.groups()) for m in got] == expected, (name, text)
            anchored += len(got)
    assert anchored > 50
    assert by_branch["attack_on_post"].finditer(edges[3], edges[3].lower()) is None
