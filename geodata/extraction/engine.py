"""The engine: one document state, run through named passes in order.

Document passes: clean -> places -> localities -> sentences (the sentence passes, each sentence in turn:
speaker/claims -> triggers (with their filters) -> anaphora -> dates -> eventless sentences ->
attachment -> events -> memory) -> paragraph dates -> clustering -> claims -> assembly -> trace.
A pass reads and extends the state; `DocumentState.trace`, when a list, collects every decision
with the name of the rule behind it (`python -m geodata explain`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import dates as dates_mod
from ..clean import sentences
from ..model import CROSSING_TYPES, POST_TYPES, Article, Incident
from ..rules import rule
from ..sameness import nested
from .article_place import locate_from_article
from .assembly import assemble
from .attach import dateline_name, dateline_places
from .claim_attachment import (
    attach_figure_claims,
    attach_follow_ups,
    attach_statement_claims,
    share_group_claims,
)
from .clustering import closures_ended, cluster
from .localities import find_unlisted_localities
from .places import find_places
from .sentence_passes import (
    anaphora_pass,
    attach_pass,
    dates_pass,
    definite_reference_pass,
    eventless_pass,
    events_pass,
    memory_pass,
    speaker_pass,
    triggers_pass,
)
from .spellings import find_district_spellings
from .state import DocumentState, EventMention, SentenceState

_BORDER_TIE = rule("border_tie").regex

SentencePass = Callable[[DocumentState, SentenceState], None]
DocumentPass = Callable[[DocumentState], None]

SENTENCE_PASSES: list[tuple[str, SentencePass]] = [
    ("speaker", speaker_pass),
    ("triggers", triggers_pass),
    ("anaphora", anaphora_pass),
    ("dates", dates_pass),
    ("definite_reference", definite_reference_pass),
    ("eventless", eventless_pass),
    ("attach", attach_pass),
    ("events", events_pass),
    ("memory", memory_pass),
]


def clean_pass(doc: DocumentState) -> None:
    doc.sents = sentences(doc.article.body)
    doc.dateline_day = dates_mod.dateline_day(doc.article.body, doc.article.published)
    doc.dateline = dateline_name(doc.article.body)
    doc.dateline_crossing = dateline_places(doc.dateline, "crossing", doc.gazetteer)
    doc.border_tied = bool(
        _BORDER_TIE.search(doc.article.title or "") or _BORDER_TIE.search(doc.article.body)
    )
    doc.done = not doc.sents


def sentences_pass(doc: DocumentState) -> None:
    for s in doc.sents:
        ss = SentenceState(s)
        for _name, run in SENTENCE_PASSES:
            run(doc, ss)
            if ss.stop:
                break


def paragraph_dates_pass(doc: DocumentState) -> None:
    """Paragraph-level date phrases for events without their own; else the day of a recalled
    event told in the sentence just before, at the same place or one holding it ("Last week,
    three soldiers were killed in Kurram. As per the ISPR, terrorists opened fire on troops in the
    area of Kharlachi": the same recalled event)."""
    published = doc.published
    for e in doc.events:
        if e.date is None:
            candidates = doc.orphan_dates.get(e.sentence.para, [])
            if candidates:
                e.date = min(candidates, key=lambda ip: abs(ip[0] - e.sentence.index))[1]
                doc.note(e.sentence.index, "date", e.date.text, "paragraph_date", e.trigger.text)
                if e.background is None and published and e.date.date and (published - e.date.date).days > 4:
                    e.background = True
            elif (told := _recalled_just_before(doc, e)) is not None and told.date is not None:
                e.date, e.background = told.date, True
                doc.note(e.sentence.index, "date", told.date.text, "recalled_just_before", e.trigger.text)
            elif (before := _then_of_the_sentence_before(doc, e)) is not None and before.date is not None:
                e.date, e.background = before.date, before.background
                doc.note(
                    e.sentence.index, "date", before.date.text, "then_of_the_event_before", e.trigger.text
                )


# an event told this long before the article, without a place of its own, is a memory ("we came
# in 1992, when the fighting was everywhere"), no incident of the map; one the text places ("in 1961,
# aircraft bombed tribal fighters in Bajaur") is a background incident like any other
HISTORY_YEARS = 5


def history_pass(doc: DocumentState) -> None:
    """Drops the events dated more than HISTORY_YEARS before the article's publication that name
    neither a place nor the border in their own sentence."""
    published = doc.published
    if published is None:
        return
    kept = []
    for e in doc.events:
        day = e.date.date_end or e.date.date if e.date is not None else None
        own = e.border or any(e.sentence.start <= r.start < e.sentence.end for r in e.places)
        if day is not None and not own and (published - day).days > HISTORY_YEARS * 365:
            doc.note(e.sentence.index, "dropped", e.trigger.text, "history", f"dated {day.isoformat()}")
            continue
        kept.append(e)
    doc.events = kept


_THEN_BEFORE = rule("then_before_trigger").regex


def _then_of_the_sentence_before(doc: DocumentState, e: EventMention) -> EventMention | None:
    """'In 1961, aircraft bombed ... Bajaur. The border was then closed to trade': 'then' is the
    time of the dated event told in the sentence just before (same paragraph)."""
    if e.sentence.index == 0 or not _THEN_BEFORE.search(e.sentence.text, 0, e.trigger.start):
        return None
    before = doc.sents[e.sentence.index - 1]
    if before.para != e.sentence.para:
        return None
    dated = [b for b in doc.events if b.sentence.index == before.index and b.date is not None]
    return dated[-1] if dated else None


def _recalled_just_before(doc: DocumentState, e: EventMention) -> EventMention | None:
    if e.background is False or not e.places:
        return None
    return next(
        (
            b
            for b in doc.events
            if b.sentence.index == e.sentence.index - 1
            and b.background is True
            and _same_kind(b.trigger.type, e.trigger.type)
            and b.date is not None
            and b.places
            and any(nested(r.place, p.place, doc.gazetteer) for r in e.places for p in b.places)
            # "captured posts on Wednesday after heavy clashes": a cause told beside the news is
            # no recalled story for the next sentence to go on with
            and not any(o.sentence is b.sentence and o.background is False for o in doc.events)
        ),
        None,
    )


def _same_kind(a: str, b: str) -> bool:
    """Two event types that can tell one event: the same, or both violent ("three soldiers were
    killed", then "terrorists opened fire"); a reopening never retells a closure."""
    return a == b or not ({a, b} & {*CROSSING_TYPES, *POST_TYPES})


def clustering_pass(doc: DocumentState) -> None:
    doc.clusters = cluster(doc.events, doc.gazetteer)
    closures_ended(doc.clusters)


def claims_pass(doc: DocumentState) -> None:
    attach_figure_claims(doc.clusters, doc.figure_claims)
    attach_statement_claims(doc.clusters, doc.statement_claims, doc.sents)
    attach_follow_ups(doc.clusters, doc.follow_ups)
    share_group_claims(doc.clusters, doc.gazetteer)


def trace_pass(doc: DocumentState) -> None:
    """Which incident each event mention joined (only when a trace is kept)."""
    if doc.trace is None:
        return
    for n, (inc, c) in enumerate(zip(doc.incidents, doc.incident_clusters), start=1):
        where = inc.place.name if inc.place is not None else "unlocated"
        for m in c.members:
            detail = f"incident {n}: {inc.event_type} at {where}, {inc.date or 'undated'} ({inc.mention})"
            doc.note(m.sentence.index, "joined", m.trigger.text, "cluster", detail)


DOCUMENT_PASSES: list[tuple[str, DocumentPass]] = [
    ("clean", clean_pass),
    ("places", find_places),
    ("spellings", find_district_spellings),
    ("localities", find_unlisted_localities),
    ("sentences", sentences_pass),
    ("paragraph_dates", paragraph_dates_pass),
    ("history", history_pass),
    ("clustering", clustering_pass),
    ("claims", claims_pass),
    ("article_place", locate_from_article),
    ("assembly", assemble),
    ("trace", trace_pass),
]


def run(article: Article, gazetteer: Any, *, trace: bool = False) -> DocumentState:
    """Run every pass over the article; the state holds the incidents (and the trace if asked)."""
    doc = DocumentState(article, gazetteer, trace=[] if trace else None)
    for _name, run_pass in DOCUMENT_PASSES:
        run_pass(doc)
        if doc.done:
            break
    return doc


def extract_incidents(article: Article, gazetteer: Any) -> list[Incident]:
    """The incidents one article reports (before merging across articles), in a stable order."""
    return run(article, gazetteer).incidents
