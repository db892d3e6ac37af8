"""`search_in_window` (geodata/claims/windows.py) finds what `Rule.search` finds in the window: the
`never_spans` characters of a rule are in no match of it (read off the parsed pattern), and the
search started after the last of them gives the same match on windows cut from every example of
the rule files, with those characters put in at every place."""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import pytest

from geodata.claims.windows import search_in_window
from geodata.rules import Rule, all_rules, rule

SPANNING = [r for r in all_rules() if "never_spans" in r.meta]
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def _may_consume(items: Any, c: str) -> bool:
    """Whether a part of the parsed pattern may consume character `c` (lookarounds consume nothing)."""
    for op, av in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue
        if op is sre.LITERAL:
            hit = chr(av) == c
        elif op is sre.NOT_LITERAL:
            hit = chr(av) != c
        elif op is sre.IN:
            hit = re.fullmatch(f"[{_class(av)}]", c) is not None
        elif op is sre.SUBPATTERN:
            hit = _may_consume(av[3].data, c)
        elif op is sre.BRANCH:
            hit = any(_may_consume(b.data, c) for b in av[1])
        elif op in _REPEATS:
            hit = _may_consume(av[2].data, c)
        else:
            hit = True  # ANY, a category, a back-reference...: assume it may
        if hit:
            return True
    return False


def _class(av: Any) -> str:
    out = ""
    for op, a in av:
        if op is sre.NEGATE:
            out += "^"
        elif op is sre.LITERAL:
            out += re.escape(chr(a))
        elif op is sre.CATEGORY:
            out += {sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_DIGIT: r"\d"}[a]
        elif op is sre.RANGE:
            out += f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}"
        else:
            raise AssertionError(op)
    return out


def test_some_rule_declares_never_spans() -> None:
    assert rule("subject_before_participle_clause") in SPANNING


@pytest.mark.parametrize("r", SPANNING, ids=lambda r: r.name)
def test_never_spans_characters_are_in_no_match(r: Rule) -> None:
    parsed = sre_parse.parse(r.pattern, r.flags)
    for c in r.meta["never_spans"]:
        assert not _may_consume(parsed.data, c), (r.name, c)


def _windows(r: Rule) -> list[str]:
    texts = [e.text for x in all_rules() for e in (*x.examples, *x.not_examples)]
    texts += [
        "Deputy mayor Samir Wardak while confirming the closure for an indefinite period ",
        'He said: "Officials, while visiting the post, said ',
        "“The gate is shut,” the commander after inspecting the post ",
        "The governor; before leaving the city, officials when asked\n",
        ": x while going ",
        "",
    ]
    out = []
    for t in texts:
        for c in r.meta["never_spans"]:
            for at in range(0, len(t) + 1, max(1, len(t) // 6)):
                out.append(t[:at] + c + t[at:])
        out.append(t)
    return out


@pytest.mark.parametrize("r", SPANNING, ids=lambda r: r.name)
def test_window_search_matches_the_plain_search(r: Rule) -> None:
    found = 0
    for window in _windows(r):
        text = f"Earlier words. {window}said the rest."
        fast, slow = search_in_window(r, text, window), r.search(window)
        assert (fast and (fast.span(), fast.groupdict())) == (slow and (slow.span(), slow.groupdict())), (
            window
        )
        found += slow is not None
    assert found > 10  # the cases reach matches, not only misses


def test_a_pattern_not_held_to_the_window_end_is_searched_from_its_start():
    """The cut is sound only for a pattern that ends at the text's end: "officials" before the
    last ";" is still found when the pattern does not run to the end."""
    from geodata.claims.windows import ends_at_text_end

    loose = Rule("loose", "test", r"\bofficials\b", re.I, meta={"never_spans": ";"})
    window = "officials said; later"
    assert not ends_at_text_end(loose)
    found = search_in_window(loose, window, window)
    assert found is not None and found.span() == (0, 9)
    held = Rule("held", "test", r"(?:\bofficials\b[^;]*|\bothers)$", re.I, meta={"never_spans": ";"})
    assert ends_at_text_end(held) and ends_at_text_end(rule("subject_before_participle_clause"))
    assert search_in_window(held, window, window) is None and held.regex.search(window) is None
