"""The piece sets that rule a rule out of a text, read from the text's pieces: `shutting_sets`.

`Rule.opens` and `Rule.scanner` each look the text's pieces up again for one rule; a list of
rules tried on every sentence (the triggers) pays that some twenty times a sentence, though most
of them are ruled out by a set operation on the pieces read once (`pieces_in`).
"""

from __future__ import annotations

from . import Rule, _piece_index


def shutting_sets(r: Rule) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """(gate words, needed pieces), each None unless the shared index holds all of it: a text
    whose `pieces_in` is disjoint from the first has `r.opens` False, from the second
    `r.scanner` None (when the text can be gated at all)."""
    index = _piece_index().pieces
    words = frozenset(r.gate_words)
    needs = r.needs
    return (words if words and words <= index else None, needs if needs and needs <= index else None)
