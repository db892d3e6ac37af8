"""`python -m geodata explain ARTICLE`: the extraction's reasoning, sentence by sentence.

For each sentence where a rule decided something: the triggers that fired (rule, type, news or
background), the triggers dropped and the filter that dropped them, the places kept or rejected
(with the rule), the places each event got and how, the date phrase chosen, and the incident each
event mention joined. Then the incidents, numbered as the lines refer to them."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..model import Article, Incident
from .engine import run
from .state import Decision

# how each kind of decision reads, in the order a sentence lists them
_LABELS = {
    "trigger": "fired",
    "dropped": "dropped",
    "place": "place",
    "rejected": "not a place",
    "located": "located",
    "date": "date",
    "joined": "joined",
}


def _line(d: Decision) -> str:
    label = _LABELS.get(d.kind, d.kind)
    detail = f": {d.detail}" if d.detail else ""
    return f"  {label:<12} {d.text!r} [{d.rule}]{detail}"


def _incident_line(n: int, inc: Incident) -> str:
    where = inc.place.name if inc.place is not None else "unlocated"
    when = inc.date.isoformat() if inc.date else "undated"
    return (
        f"  {n}. {inc.event_type} at {where} (precision {inc.location_precision}), {when}"
        f" ({inc.date_precision}), {inc.mention}"
    )


def explain(article: Article, gazetteer: Any) -> str:
    """The trace of one article's extraction as text (one block per sentence with decisions)."""
    doc = run(article, gazetteer, trace=True)
    by_sentence: dict[int, list[Decision]] = defaultdict(list)
    for d in doc.trace or []:
        by_sentence[d.sentence].append(d)
    published = article.published.isoformat() if article.published else "unknown"
    out = [f"{article.id}: {article.title or '(no title)'} (published {published})"]
    out.append(f"{len(doc.sents)} sentences, {len(by_sentence)} with decisions")
    order = list(_LABELS)
    for s in doc.sents:
        decisions = by_sentence.get(s.index)
        if not decisions:
            continue
        out.append("")
        out.append(f"[{s.index}] {s.text}")
        ranked = sorted(decisions, key=lambda d: order.index(d.kind) if d.kind in order else len(order))
        out.extend(_line(d) for d in ranked)
    out.append("")
    out.append(f"incidents: {len(doc.incidents)}")
    out.extend(_incident_line(n, inc) for n, inc in enumerate(doc.incidents, start=1))
    return "\n".join(out)
