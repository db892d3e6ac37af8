"""The data the passes share: triggers, place references, event mentions, clusters, and the one
document state object every pass reads and extends (instead of a dozen loop variables)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .. import claims as claims_mod
from .. import dates as dates_mod
from ..clean import Sentence
from ..model import Article, Claim, Incident, Place

# date phrases too vague to date the news they report ("the recent fighting")
FUZZY = {"recent": 2, "recently": 2, "earlier": 2, "days ago": 1}


@dataclass(frozen=True)
class Trigger:
    """Words of a sentence that name an event: its type (after anaphora), how strongly they name
    it, their span in the sentence, and the rule that found them."""

    type: str
    strength: str
    start: int
    end: int
    text: str
    rule: str = ""  # the name of the rule that fired (for the decision trace)

    def retyped(self, etype: str) -> Trigger:
        return Trigger(etype, self.strength, self.start, self.end, self.text, self.rule)


@dataclass
class PlaceRef:
    place: Place
    texts: list[str]
    start: int  # absolute offset of the first mention
    parent: bool = False  # named only as the container of another ("X district of <Kandahar>")


def sentence_at(sents: list[Sentence], offset: int) -> Sentence | None:
    """The sentence holding the absolute offset (a place's first mention), None if none does."""
    return next((s for s in sents if s.start <= offset < max(s.end, s.start + 1)), None)


def place_refs(mentions: Iterable[Any]) -> list[PlaceRef]:
    """Gazetteer mentions -> one PlaceRef per place, with every text that named it, in order."""
    refs: list[PlaceRef] = []
    for m in mentions:
        existing = next((r for r in refs if r.place.id == m.place.id), None)
        if existing:
            existing.texts.append(m.text)
        else:
            refs.append(PlaceRef(m.place, [m.text], m.start))
    return refs


@dataclass
class EventMention:
    type: str
    sentence: Sentence
    trigger: Trigger
    places: list[PlaceRef]  # one location set (nested names), [] = none
    border: bool
    date: dates_mod.DatePhrase | None
    background: bool | None  # True / False (explicit primary) / None (no evidence)
    group_key: tuple[int, int] | None  # (sentence index, trigger start) when split over several places
    claims: list[Claim] = field(default_factory=list)
    owner: str | None = None  # posts: whose posts (AF / PK), to keep captures by the two sides apart
    said_on: dates_mod.DatePhrase | None = None  # the day of the statement reporting it: an upper bound
    # the closure this violent event is blamed for in its sentence ("closed ... following an
    # exchange of fire"): undated, the event takes the day that closure began
    closure: EventMention | None = None
    # the event of the sentence just before that this one follows ("Hours later, ..."): it shares
    # that event's day and news-or-background once the incidents are formed
    follows: EventMention | None = None


@dataclass
class Cluster:
    type: str
    members: list[EventMention]
    place: Place | None
    border: bool
    texts: list[str]
    extra_claims: list[Claim] = field(default_factory=list)
    group_keys: set[tuple[int, int]] = field(default_factory=set)

    def first_sentence(self) -> Sentence:
        return min((m.sentence for m in self.members), key=lambda s: s.index)

    @property
    def background(self) -> bool:
        flags = [m.background for m in self.members]
        if any(f is False for f in flags):
            return False
        return any(f is True for f in flags)

    def evidence(self) -> bool | None:
        """False if any member is explicit news, True if any is explicit background, else None."""
        flags = [m.background for m in self.members]
        if any(f is False for f in flags):
            return False
        if any(f is True for f in flags):
            return True
        return None

    def best_date(self) -> dates_mod.DatePhrase | None:
        phrases = [m.date for m in self.members if m.date is not None and m.date.date is not None]
        if not phrases:
            return None
        return min(
            phrases,
            key=lambda p: (dates_mod.PRECISION_RANK[p.precision], FUZZY.get(p.text.lower(), 0), p.date),
        )

    def all_claims(self) -> list[Claim]:
        return [cl for m in self.members for cl in m.claims] + self.extra_claims


@dataclass(frozen=True)
class Decision:
    """One line of the decision trace: what a rule did to a trigger, a place or a date."""

    sentence: int  # sentence index (-1: the whole document)
    kind: str  # trigger | dropped | place | rejected | date | joined | note
    text: str  # the words concerned
    rule: str  # the name of the rule that decided
    detail: str = ""


@dataclass
class SentenceState:
    """What the sentence passes learn about one sentence; `stop` ends its passes early."""

    sentence: Sentence
    prev_speaker: claims_mod.Speaker | None = None
    current_speaker: claims_mod.Speaker | None = None
    claims: list[Claim] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    firefights: set[Trigger] = field(default_factory=set)  # the firefight of the militant attack just before
    phrases: list[dates_mod.DatePhrase] = field(default_factory=list)
    said_on: list[dates_mod.DatePhrase] = field(default_factory=list)
    mentions: list[Any] = field(default_factory=list)
    place_owner: list[int | None] = field(default_factory=list)
    date_owner: list[int | None] = field(default_factory=list)
    border_owner: list[int | None] = field(default_factory=list)
    typed_seen: dict[str, int] = field(default_factory=dict)
    refs_of: dict[int, list[PlaceRef]] = field(default_factory=dict)
    # trigger -> the scene-setting sentence ("In a separate incident, ...") it took its places from
    scene_of: dict[int, int] = field(default_factory=dict)
    stop: bool = False


@dataclass
class DocumentState:
    """Everything the passes know about one article, in the order they learn it."""

    article: Article
    gazetteer: Any
    sents: list[Sentence] = field(default_factory=list)
    # gazetteer mentions per sentence index: usable as event places, on the boundary, and all of them
    place_mentions: dict[int, list[Any]] = field(default_factory=dict)
    boundary_mentions: dict[int, list[Any]] = field(default_factory=dict)
    all_mentions: dict[int, list[Any]] = field(default_factory=dict)
    # the article ties itself to the cross-border conflict (rule border_tie): a militant attack
    # is an incident only then
    border_tied: bool = True
    events: list[EventMention] = field(default_factory=list)
    figure_claims: list[tuple[Sentence, list[Claim]]] = field(default_factory=list)
    statement_claims: list[tuple[Sentence, list[Claim]]] = field(default_factory=list)
    # (the event just told, the claims of the outlet's own sentence on it): see _outlet_follow_up
    follow_ups: list[tuple[EventMention, list[Claim]]] = field(default_factory=list)
    orphan_dates: dict[int, list[tuple[int, dates_mod.DatePhrase]]] = field(default_factory=dict)
    # who speaks: the last speaker, people named so far (surname -> claimant, side), and the
    # paragraph of the last sentence that named its speaker
    speaker: claims_mod.Speaker | None = None
    people: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    speaker_para: int = -10
    # the last violent event: its type and sentence, whether it was a militant attack, and whether
    # it was introduced as "a separate incident"
    last_type: str | None = None
    last_type_sentence: int = -10
    last_militant: bool = False
    last_separate: bool = False
    lead: tuple[str, int] | None = None  # (type, sentence) of the article's first violent event
    # the type each anaphor ("the pakistani strikes") took: the same words name the same event
    anaphor_types: dict[str, str] = field(default_factory=dict)
    previous_day: date | None = None  # the last day a sentence named, for "the previous day"
    lede_type: str | None = None
    lede_sentence: int = -1  # the sentence of the article's first reported (not recalled) event
    clusters: list[Cluster] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    incident_clusters: list[Cluster] = field(default_factory=list)  # the cluster of each incident
    trace: list[Decision] | None = None  # None: no trace is kept (the normal, faster run)
    done: bool = False  # a pass found nothing left to do (an empty article)

    # the day of a dated dateline ("QUETTA, 4 Mar:") when it is not the publication day
    dateline_day: date | None = None
    # the crossing a dateline names ("TORKHAM:"): the place of "the border crossing" when the
    # article names no other crossing (the dateline is cut from the sentences)
    dateline_crossing: list[PlaceRef] = field(default_factory=list)
    dateline: str = ""  # the place name of the dateline, as written

    @property
    def published(self) -> date | None:
        """The day the article's relative dates count from ("on Tuesday", "yesterday"): its dated
        dateline's day, else the publication day."""
        return self.dateline_day or self.article.published

    def note(self, sentence: int, kind: str, text: str, rule: str, detail: str = "") -> None:
        if self.trace is not None:
            self.trace.append(Decision(sentence, kind, text, rule, detail))
