"""Rules searched over a window cut from a sentence (the words before a speech verb), with what
the sentence already tells: the pieces it lacks (`Rule.hopeless`), and where a match can start."""

from __future__ import annotations

import re

from ..rules import Rule


def search_in_window(r: Rule, text: str, window: str) -> re.Match[str] | None:
    """`r.search(window)` for a window cut from `text`. A text lacking the pieces the rule needs
    lacks them in every part of it, so the sentence's (cached) look-up answers for the window. A
    match holds none of the rule's `never_spans` characters, so it starts after the last one in
    the window: the gate and the pattern are tried from there, not from every earlier start."""
    if r.hopeless(text):
        return None
    start = 1 + max(map(window.rfind, r.meta.get("never_spans", "")), default=-1)
    if r.gate is not None and r.gate.search(window, start) is None:
        return None  # a match holds a match of its gate, starting inside it
    return r.regex.search(window, start)
