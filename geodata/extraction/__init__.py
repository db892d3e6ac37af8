"""Sentences -> incidents: event type, place, date, actors, claims and evidence for one article.

`extract_incidents(article, gazetteer)` runs the named passes of `engine` over one
`DocumentState`; `engine.run(..., trace=True)` also records why each trigger, place and date was
kept or dropped (see `explain`). The rules the passes apply are named, each in its module:
`triggers` and `filters` (what names an event), `places` (which mentions can be its place),
`attach` and `locate` (which place and date belong to which trigger), `dating` (news or
background), `clustering`, `claim_attachment` and `assembly`. Their patterns are data, found by
name in geodata/rules/*.yaml (triggers, filters, places, context, lexicon, speech, actors), each
rule with the examples it must and must not match."""

from .engine import extract_incidents, run
from .filters import find_triggers
from .state import Trigger

__all__ = ["Trigger", "extract_incidents", "find_triggers", "run"]
