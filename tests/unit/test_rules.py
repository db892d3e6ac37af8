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
