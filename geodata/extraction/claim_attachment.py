"""Claims of sentences without an event of their own: figures go to the nearest event of their
kind, attributed statements follow up the event reported just before them."""

from __future__ import annotations

from typing import Any

from ..clean import Sentence
from ..model import CROSSING_TYPES, POST_TYPES, VIOLENT_TYPES, Claim
from ..rules import rule
from ..sameness import nested
from .state import Cluster, EventMention


def attach_figure_claims(clusters: list[Cluster], figure_claims: list[tuple[Sentence, list[Claim]]]) -> None:
    """Figures in sentences without an event trigger go to the closest preceding event (posts
    figures to a post event, casualties to a violent one), else to the first following one."""
    violent = (*VIOLENT_TYPES, "other")
    for s, cl in figure_claims:
        if _FIGURE_OF_ANOTHER_TIME.search(s.text) or _FIGURE_OF_ANOTHER_EVENT.search(s.text):
            continue  # "Last year, the ISPR put the death toll at 40": not today's toll
        for claim in cl:
            wanted = POST_TYPES if (claim.unit or "").startswith("posts") else violent
            candidates = [c for c in clusters if c.type in wanted]
            if not candidates:
                candidates = [c for c in clusters if c.type in violent + POST_TYPES]
            if not candidates:
                continue
            told = _toll_told_before(candidates, claim)
            if told:
                # "four guards were killed" again, from another source: the toll of that event
                for c in told:
                    c.extra_claims.append(claim)
                continue

            def distance(c: Cluster, s: Sentence = s):
                idx = [m.sentence.index for m in c.members]
                before = [s.index - i for i in idx if i <= s.index]
                after = [i - s.index for i in idx if i > s.index]
                primary_bonus = 0 if not c.background else 3
                if before:
                    return (0, min(before) + primary_bonus)
                return (1, min(after) + primary_bonus)

            best = min(distance(c) for c in candidates)
            for c in candidates:
                if distance(c) == best:
                    c.extra_claims.append(claim)


def _toll_told_before(clusters: list[Cluster], claim: Claim) -> list[Cluster]:
    """The events whose own sentences already give this figure (same number, unit and people:
    "two children were killed" is not the toll of a clash that killed two soldiers)."""
    if claim.quantity is None or claim.unit is None:
        return []
    return [
        c
        for c in clusters
        if any(
            cl.quantity == claim.quantity
            and cl.unit == claim.unit
            and cl.statement != claim.statement
            and _same_people(cl.subject, claim.subject)
            for m in c.members
            for cl in m.claims
        )
    ]


def _same_people(a: str | None, b: str | None) -> bool:
    """Two subjects of a toll name the same people: one is unsaid, or their head nouns agree
    ("Pakistani soldiers" and "soldiers")."""
    if not a or not b:
        return True
    return a.lower().split()[-1].rstrip("s") == b.lower().split()[-1].rstrip("s")


_VERIFY = rule("verify").regex


# a verdict on the figures just reported ("neither figure could be verified") concerns the incidents
# that carry those figures, not whichever event was named last
_ABOUT_FIGURES = rule("about_figures").regex


# "did not confirm the strike": the sentence names the event it is about
_DEFINITE_EVENT = rule("definite_event").regex


# statements about trade, cargo and the gate are about a crossing event, never about a strike or
# a clash; statements about firing and casualties are about a violent event, not a closure
_TRADE = rule("trade_talk").regex


_VIOLENCE_TALK = rule("violence_talk").regex
_OTHER_ROUTES = rule("other_routes").regex
_FIGURE_OF_ANOTHER_TIME = rule("figure_of_another_time").regex
_FIGURE_OF_ANOTHER_EVENT = rule("figure_of_another_event").regex


# statements next to an event that are about something else: warnings, demands, diplomacy, trade
_NOT_ABOUT_THE_EVENT = rule("not_about_the_event").regex


def off_the_event(text: str, event_types: set[str]) -> bool:
    """A statement about something else than the events told ("warned of consequences"). A demand
    or talks about a closed crossing's trade ("traders urged both governments to restore trade")
    are about the closure itself."""
    if not _NOT_ABOUT_THE_EVENT.search(text):
        return False
    trade_only = (
        bool(_TRADE.search(text)) and not _VIOLENCE_TALK.search(text) and not _OTHER_ROUTES.search(text)
    )
    return not (trade_only and event_types & set(CROSSING_TYPES))


def attach_statement_claims(clusters: list[Cluster], statement_claims, sents: list[Sentence]) -> None:
    """Attributed sentences without an event of their own ("Afghan officials said nobody was hurt")
    follow up the event reported just before them (up to two sentences back, same or next
    paragraph): their claims go to that event's incidents. Exceptions, each for a reason given in
    `_statement_targets`."""
    for s, cl in statement_claims:
        for c in _statement_targets(clusters, s, sents):
            c.extra_claims.extend(cl)


def _statement_targets(clusters: list[Cluster], s: Sentence, sents: list[Sentence]) -> list[Cluster]:
    trade, violence = bool(_TRADE.search(s.text)), bool(_VIOLENCE_TALK.search(s.text))
    pool = clusters
    if trade and not violence:
        pool = [c for c in clusters if c.type in CROSSING_TYPES]
    elif violence and not trade:
        pool = [c for c in clusters if c.type not in CROSSING_TYPES] or clusters
    if _ABOUT_FIGURES.search(s.text):
        # the figures of the paragraphs just before (both sides' claims may take four sentences)
        recent = {sents[i].text for i in range(max(0, s.index - 4), s.index) if s.para - sents[i].para <= 2}
        holders = [
            c
            for c in pool
            if any(cl.quantity is not None and cl.statement in recent for cl in c.all_claims())
        ]
        # the other places of a multi-place event get its figures later (share_group_claims)
        keys = {k for c in holders for k in c.group_keys}
        holders += [c for c in pool if c not in holders and c.group_keys & keys]
        if holders:
            return holders
    # a sentence naming "the strike" may come several sentences (and up to two paragraphs) after it
    reach, para_reach = (6, 2) if _DEFINITE_EVENT.search(s.text) else (2, 1)
    before = [c for c in pool if any(m.sentence.index < s.index for m in c.members)]
    # the places of one multi-place event ("strikes in Paktika and Kunar") are one event here
    one_event = len(before) == 1 or (
        len(before) > 1 and bool(set.intersection(*(c.group_keys for c in before)))
    )
    if (trade and not violence and before) or (one_event and (violence or _VERIFY.search(s.text))):
        # the article's only event of its kind so far: a later statement on its topic concerns it,
        # however many paragraphs of quotes and context came in between
        reach = para_reach = len(sents)
    window = []
    for c in pool:
        idx = [m.sentence.index for m in c.members if m.sentence.index < s.index]
        if not idx:
            continue
        last = max(idx)
        if s.index - last <= reach and s.para - sents[last].para <= para_reach:
            window.append((last, c))
    if not window:
        return []
    # a follow-up is about the news, not about an event recalled as context in between
    primary = [(last, c) for last, c in window if not c.background]
    if primary and all(c.background for last, c in window if last == max(i for i, _ in window)):
        window = primary
    best_index = max(last for last, _ in window)
    return [c for last, c in window if last == best_index]


def attach_follow_ups(clusters: list[Cluster], follow_ups: list[tuple[EventMention, list[Claim]]]) -> None:
    """The outlet's own sentences right after an event (sentence_passes._outlet_follow_up) go to
    the incidents that event joined."""
    for event, claims in follow_ups:
        for c in clusters:
            if any(m is event for m in c.members):
                c.extra_claims.extend(claims)


def share_group_claims(clusters: list[Cluster], gazetteer: Any = None) -> None:
    """The claims of a sentence that tells a multi-place event as a whole ("a soldier was killed
    when forces fired on posts in Kurram", then "posts in A, B and C were targeted") are claims
    about each place of it that lies in the area it names (or each place, if it names none); a
    sentence about one of the places keeps its claims there."""
    groups: dict[tuple[int, int], list[Cluster]] = {}
    for c in clusters:
        for key in c.group_keys:
            groups.setdefault(key, []).append(c)
    for key in sorted(groups):
        group = groups[key]
        whole = [m for c in group for m in c.members if m.group_key is None and m.claims]
        # each cluster's claims as a set, made once per group: a live blog's cluster holds
        # hundreds of claims, and rebuilding the list for each sentence was quadratic
        owns: dict[int, set[Claim]] = {}
        members = {id(c): {id(x) for x in c.members} for c in group}  # by identity: no deep ==
        for m in whole if len(group) > 1 else []:
            for other in group:
                if id(m) in members[id(other)] or not _about(m, other, gazetteer):
                    continue
                own = owns.get(id(other))
                if own is None:
                    own = owns[id(other)] = set(other.all_claims())
                added = [cl for cl in m.claims if cl not in own]
                other.extra_claims.extend(added)
                own.update(added)


def _about(m: EventMention, c: Cluster, gazetteer: Any) -> bool:
    """The mention tells the event at `c`'s place: it names no place, or an area holding it."""
    if c.place is None:
        return False
    place = c.place
    return not m.places or any(r.place.id != place.id and nested(place, r.place, gazetteer) for r in m.places)
