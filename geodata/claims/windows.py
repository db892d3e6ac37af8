"""Rules run over a window cut from a sentence (the words before a speech verb), with what the
sentence already tells: the pieces it lacks (`Rule.hopeless`; the filters' windows use the same
reading, geodata/rules/windows.py), and where a match can start."""

from __future__ import annotations

import functools
import re
from typing import Any

from ..rules import Rule
from ..rules.needs import sre, sre_parse


def sub_in_window(r: Rule, text: str, window: str) -> str:
    """`r.sub("", window)` for a window cut from `text`: a text holding none of the pieces the
    rule needs holds none in any part of it, so the sentence's (cached) look-up answers for the
    window without a pass of its own over it."""
    return window if r.hopeless(text) else r.regex.sub("", window)


def search_in_window(r: Rule, text: str, window: str) -> re.Match[str] | None:
    """`r.search(window)` for a window cut from `text`. A text lacking the pieces the rule needs
    lacks them in every part of it, so the sentence's (cached) look-up answers for the window. A
    match holds none of the rule's `never_spans` characters and, when the pattern ends at the end
    of the text on every path (`$`), runs to the window's end: it starts after the last of them,
    and the gate and the pattern are tried from there, not from every earlier start."""
    if r.hopeless(text):
        return None
    spans = r.meta.get("never_spans", "")
    start = 1 + max(map(window.rfind, spans), default=-1) if spans and ends_at_text_end(r) else 0
    if r.gate is not None and r.gate.search(window, start) is None:
        return None  # a match holds a match of its gate, starting inside it
    return r.regex.search(window, start)


@functools.cache
def ends_at_text_end(r: Rule) -> bool:
    """Every match of the rule ends at the end of the text (the parsed pattern ends in `$` or
    `\\Z` on every path); False when that cannot be read."""
    if sre_parse is None:
        return False
    try:
        return _ends(list(sre_parse.parse(r.pattern, r.flags).data))
    except (re.error, AttributeError, TypeError, ValueError):
        return False


def _ends(items: list[Any]) -> bool:
    if not items:
        return False
    op, av = items[-1]
    if op is sre.AT:
        return av in (sre.AT_END, sre.AT_END_STRING)
    if op is sre.BRANCH:
        return all(_ends(list(b.data)) for b in av[1])
    if op is sre.SUBPATTERN:
        return _ends(list(av[-1].data))
    return False
