"""Every extraction rule's examples match and its not-examples do not (the rule files' own corpus)."""

import re

import pytest

from geodata import rules

ALL = rules.all_rules()


def test_rule_files_load_and_names_are_unique():
    names = [r.name for r in ALL]
    assert names, "no rules loaded"
    assert len(names) == len(set(names))


@pytest.mark.parametrize("rule", ALL, ids=[f"{r.file}:{r.name}" for r in ALL])
def test_rule_examples(rule):
    assert rule.examples, f"{rule.name} has no examples"
    assert rules.check_examples(rule) == []


def test_check_examples_reports_a_failing_example():
    bad = rules.Rule(
        name="t",
        file="t",
        pattern=r"\bshell(?:s|ing)\b",
        flags=re.I,
        examples=(rules.Example("shelled"),),
        not_examples=(rules.Example("heavy shelling"),),
    )
    problems = rules.check_examples(bad)
    assert len(problems) == 2


def test_macros_expand_and_word_lists_prefer_longest():
    assert re.fullmatch(rules.macro("month_name"), "Sept", re.I)
    pattern = rules.words_pattern(["post", "posts", "check post"])
    assert re.match(pattern, "posts").group(0) == "posts"
    assert re.match(pattern, "check  post")
    with pytest.raises(rules.RuleError):
        rules.expand("{{no_such_macro}}")


def test_word_lists_as_a_prefix_tree_match_as_the_flat_list():
    words = ["post", "posts", "check post", "check posts", "say", "said", "says", "a", "air strike"]
    flat = (
        "(?:"
        + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=lambda w: (-len(w), w)))
        + ")"
    )
    tree = rules.words_pattern(words)
    assert tree != flat and "|" in tree
    for text in ("Posts said a CHECK  POST says", "air strikes, check posting", "sayings of a post-war say"):
        for flags in (0, re.I):
            expected = [m.span() for m in re.finditer(rf"\b{flat}", text, flags)]
            assert [m.span() for m in re.finditer(rf"\b{tree}", text, flags)] == expected, (text, flags)
    assert rules.words_pattern(["Taliban", "tank"]) == "(?:Taliban|tank)"  # capitals: the flat list


def _gated(pattern: str, requires: str, examples: tuple[str, ...]) -> rules.Rule:
    return rules.Rule(
        name="g",
        file="t",
        pattern=pattern,
        flags=re.I,
        examples=tuple(rules.Example(e) for e in examples),
        requires=requires,
    )


def test_a_requires_gate_must_be_a_needed_piece_of_the_pattern():
    good = _gated(r"(?P<who>\w+) (?:while|after) \w+ing$", r"(?:while|after)", ("He while leaving",))
    assert rules.check_requires(good) == []
    assert good.gate is not None and good.gate.search("no clause here") is None
    optional = _gated(r"\w+ (?:while )?\w+ing$", r"(?:while )", ("He leaving",))
    assert any("without the required piece" in p for p in rules.check_requires(optional))
    foreign = _gated(r"\w+ing$", r"while", ("leaving",))
    assert any("not a piece" in p for p in rules.check_requires(foreign))


def test_gated_rules_find_the_same_as_ungated_on_rule_examples():
    """Every example sentence of every rule, searched with each gated rule: where the gate finds
    nothing the rule finds nothing either (the gate only ever skips hopeless text)."""
    gated = [r for r in ALL if r.gate is not None]
    assert gated, "no rule has a requires gate"
    corpus = [ex.text for r in ALL for ex in (*r.examples, *r.not_examples)]
    for r in gated:
        for text in corpus:
            if r.gate.search(text) is None:
                assert r.regex.search(text) is None, (r.name, text)


def test_rule_files_read_the_same_with_libyaml_and_pure_python():
    from importlib import resources

    import yaml

    for entry in resources.files("geodata.rules").iterdir():
        if entry.name.endswith(".yaml"):
            text = entry.read_text(encoding="utf-8")
            assert yaml.load(text, Loader=rules._LOADER) == yaml.safe_load(text), entry.name  # noqa: S506
