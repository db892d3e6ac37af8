"""The passes run on each sentence in turn, in order: who speaks and what they claim, triggers
and their filters, anaphora, date phrases, sentences without an event, attachment of places and
dates to triggers, event mentions, and what the next sentences need to remember."""

from __future__ import annotations

from .. import claims as claims_mod
from .. import dates as dates_mod
from ..model import CROSSING_TYPES, POST_TYPES
from ..rules import gate_text, rule
from ..rules.anchors import Anchored
from .attach import _BORDER_PHRASE, assign_nearest, date_owners
from .claim_attachment import _TRADE, _VERIFY, _VIOLENCE_TALK, off_the_event
from .crossing_towns import crossings_by_town
from .events import trigger_events
from .filters import _GENERIC_WEAK, ScreenContext, screen_triggers
from .state import DocumentState, EventMention, SentenceState, Trigger

# Rules, not bare regexes, where a whole sentence is read: their search skips hopeless text
_DEFINITE_SPEAKER = rule("definite_speaker")
# tried only where its matches can start ("the", "said", "according"...), not at every word
_ANCHORED = Anchored([_DEFINITE_SPEAKER])


# a paragraph opening "He said ..." goes on quoting the last speaker of the paragraph just before
_HE_SAID = rule("he_said").regex


_AGGREGATE = rule("aggregate")


# "in the exchange of fire": within two sentences of a militant attack the fight is that attack's
# (a separate one is announced as such, see _SEPARATE); "in a gunfight" too, unless the fight is
# "with Afghan forces" (a clash between the states' forces)
_DEFINITE_FIGHT = rule("definite_fight").regex


_INDEFINITE_FIGHT = rule("indefinite_fight").regex
_FIGHT_NAMED_BEFORE = rule("fight_named_before").regex


_GUNFIGHT = rule("gunfight").regex
_REPULSED_THE_ATTACK = rule("repulsed_the_attack").regex
_STATE_FORCES_NAMED = rule("state_forces").regex


_WITH_STATE_FORCES = rule("with_state_forces").regex
_MILITANT_ACTORS = rule("militant_actors").regex
_WITH_MILITANTS = rule("with_militants").regex  # "killed in an exchange of fire with terrorists"


_SEPARATE = rule("separate_incident").regex


def _follows_militant_attack(text: str, t: Trigger, last_militant: bool, distance: int) -> bool:
    """'12 terrorists were killed in the exchange of fire' right after a militant attack: the
    definite fight is that attack's firefight, not a clash between the two states' forces. Only
    after a militant attack: after another `other` event (an interception, fence torn down) the
    fight that followed is a clash."""
    if not (last_militant and 0 <= distance <= 3 and t.type == "armed_clash"):
        return False
    if _REPULSED_THE_ATTACK.search(text) and not _STATE_FORCES_NAMED.search(text):
        return True  # "the soldiers fought bravely and repulsed the attacks" (not "Afghan forces ...")
    if distance > 2:
        return False
    before = text[max(0, t.start - 30) : t.start]
    if _DEFINITE_FIGHT.search(before):
        return True
    return bool(
        _INDEFINITE_FIGHT.search(before)
        and _GUNFIGHT.match(t.text)
        and not _WITH_STATE_FORCES.match(text[t.end : t.end + 40])
    )


def speaker_pass(doc: DocumentState, ss: SentenceState) -> None:
    """Who speaks in the sentence (or goes on speaking from before), and the claims it makes."""
    s, sents, speaker = ss.sentence, doc.sents, doc.speaker
    prev_speaker = (
        speaker if (speaker is not None and s.index > 0 and sents[s.index - 1].para == s.para) else None
    )
    found = claims_mod.find_speakers(s.text, doc.people)  # read once: three callers use it
    if prev_speaker is None and _ANCHORED.scan(s.text, gate_text(s.text)).search(_DEFINITE_SPEAKER):
        prev_speaker = speaker  # "the official said" names the official quoted before, paragraphs up
    elif (
        prev_speaker is None
        and s.para - doc.speaker_para <= 1
        and (_HE_SAID.match(s.text) or _he_speaks(found))
    ):
        prev_speaker = speaker  # '"...," he said.' in the paragraph after the one that named him
    current = claims_mod.sentence_speaker(s.text, prev_speaker, doc.people, found=found)
    ss.claims = claims_mod.sentence_claims(
        s.text, doc.article.id, prev_speaker, statement_claim=True, known=doc.people, found=found
    )
    claims_mod.remember_people(((c.claimant, c.side) for c in ss.claims), doc.people)
    if current is None and not found:
        # "a spokesman for the governor, Ataullah Zaid, linked ...": "He said" next means him
        current = claims_mod.introduced_person(s.text)
        if current is not None:
            claims_mod.remember_people([(current.label, current.side)], doc.people)
    doc.speaker = current or prev_speaker
    if current is not None:
        doc.speaker_para = s.para
    ss.prev_speaker, ss.current_speaker = prev_speaker, current


_TOWN_OPENS = rule("town_opens_or_closes").regex


def _he_speaks(found: list[claims_mod.Speaker]) -> bool:
    """The sentence's only speakers are 'he' or 'she' left unresolved in the sentence itself."""
    return bool(found) and all(not sp.label and sp.raw.lower() in ("he", "she") for sp in found)


def triggers_pass(doc: DocumentState, ss: SentenceState) -> None:
    """The sentence's triggers after the filters (the dropped ones go to the trace)."""
    twins = crossings_by_town(doc.gazetteer)
    s = ss.sentence
    # "Chaman reopens": a town a crossing is named after, as what opens or closes
    named_crossing = any(m.place.kind == "crossing" for m in doc.place_mentions.get(s.index, [])) or any(
        m.place is not None and m.place.id in twins and _TOWN_OPENS.match(s.text, m.end - s.start)
        for m in doc.all_mentions.get(s.index, [])
    )
    context = ScreenContext(
        crossing_named=bool(doc.dateline_crossing) or named_crossing, fight_told=doc.lead is not None
    )
    kept, dropped = screen_triggers(ss.sentence.text, context)
    for t, filter_name in dropped:
        doc.note(
            ss.sentence.index, "dropped", t.text, filter_name, f"{t.type or 'anaphoric'}, fired by {t.rule}"
        )
    ss.triggers = kept


def anaphora_pass(doc: DocumentState, ss: SentenceState) -> None:
    """Anaphoric triggers take the type of the previous event (within 3 sentences); a fight right
    after a militant attack is that attack's."""
    s = ss.sentence
    resolved: list[Trigger] = []
    for t in ss.triggers:
        if t.strength == "anaphoric":
            if (named := _type_of_event_at(doc, ss, t)) is not None:
                # "The Barmal strike was the second ...": the event told at Barmal, however far back
                resolved.append(t.retyped(named))
                continue
            reason = _anaphora_drop(doc, s.index, s.text)
            if reason == "separate_incident_before" and doc.lead is not None:
                # "In a separate incident, shells hit Bajaur. [...] The Afghan side said
                # Pakistan started the firing": the firing is the article's main event
                resolved.append(t.retyped(doc.lead[0]))
                continue
            if reason == "no_antecedent" and (typed := _strikes_as_an_act(s.text, t)) is not None:
                # "forces carried out precision strikes on hideouts" in the lead: nothing to refer
                # back to, so the words name the strikes themselves (rule bare_strikes)
                doc.note(s.index, "trigger", t.text, "bare_strikes", "no antecedent: strikes as an act")
                resolved.append(typed)
                continue
            if reason is not None:
                doc.note(s.index, "dropped", t.text, reason, "anaphoric")
                continue
            assert doc.last_type is not None
            words = " ".join(t.text.lower().split())
            # "The Pakistani strikes" told again after shelling: still the strikes told before;
            # a bare "the attack" names whatever was told last
            qualified = len(words.split()) >= 3
            t = t.retyped(doc.anaphor_types.setdefault(words, doc.last_type) if qualified else doc.last_type)
        elif (
            _same_firefight(s.text, ss.firefights, t)
            or _follows_militant_attack(s.text, t, doc.last_militant, s.index - doc.last_type_sentence)
            or _WITH_MILITANTS.match(s.text[t.end : t.end + 60])
        ):
            if t.type == "armed_clash":  # "during the exchange of fire, soldiers, having fought ..."
                t = t.retyped("other")
                ss.firefights.add(t)
        resolved.append(t)
    ss.triggers = resolved


def _type_of_event_at(doc: DocumentState, ss: SentenceState, t: Trigger) -> str | None:
    """The type of the last event told at a place the anaphor itself names ("the Barmal strike")."""
    named = {
        m.place.id
        for m in doc.all_mentions.get(ss.sentence.index, [])
        if m.place is not None and t.start <= m.start - ss.sentence.start < t.end
    }
    if not named:
        return None
    return next(
        (e.type for e in reversed(doc.events) if e.type and any(r.place.id in named for r in e.places)), None
    )


_BARE_STRIKES = rule("bare_strikes").regex


def _strikes_as_an_act(text: str, t: Trigger) -> Trigger | None:
    """The airstrike that a bare_strikes reading of the same words gives, if any."""
    for m in _BARE_STRIKES.finditer(text, max(0, t.start - 60), min(len(text), t.end + 40)):
        if m.start() < t.end and t.start < m.end():
            return Trigger("airstrike", "strong", m.start(), m.end(), m.group(0), "bare_strikes")
    return None


def _same_firefight(text: str, firefights: set[Trigger], t: Trigger) -> bool:
    """A later trigger of a sentence whose firefight with militants was told: the same fight,
    unless the two states' forces are named between ("..., while Afghan and Pakistani forces
    clashed at Torkham")."""
    if not firefights:
        return False
    last = max(f.end for f in firefights)
    return not _STATE_FORCES_NAMED.search(text[last : t.start]) if last <= t.start else True


def _anaphora_drop(doc: DocumentState, index: int, text: str) -> str | None:
    """Why an anaphoric trigger has no antecedent (None: it takes the last event's type)."""
    if _AGGREGATE.search(text):
        return "aggregate"  # "attacks have surged, leading to 950 casualties in 2024"
    if doc.last_separate and doc.lead is not None and doc.lead[0] != doc.last_type:
        return "separate_incident_before"
    if doc.last_type is None or index - doc.last_type_sentence > 3 or doc.last_type in CROSSING_TYPES:
        return "no_antecedent"
    return None


def dates_pass(doc: DocumentState, ss: SentenceState) -> None:
    """The sentence's date phrases (of events and of statements); the last day named."""
    text = ss.sentence.text
    ss.phrases, ss.said_on = dates_mod.split_dates(
        dates_mod.find_dates(text, doc.published, doc.previous_day)
    )
    day_phrases = [p for p in ss.phrases if p.precision == "day"]
    if day_phrases:
        doc.previous_day = day_phrases[0].date


def definite_reference_pass(doc: DocumentState, ss: SentenceState) -> None:
    """'The clashes' with no place or day of their own, in an article whose violence so far was
    told in other words ('Shelling killed six in Chaman ... linked the clashes with new
    checkpoints'): the article's first violent event, not a second one. So are 'the airstrikes'
    after a drone strike."""
    earlier = doc.lead[0] if doc.lead is not None else None
    # after an `other` event (a fence torn down) "the exchange of fire that followed" is a clash
    if (
        earlier is None
        or earlier in (*POST_TYPES, *CROSSING_TYPES, "armed_clash", "other")
        or doc.last_separate
    ):
        return
    s = ss.sentence
    if ss.phrases or doc.place_mentions.get(s.index):
        return
    # the words that name the lead event more broadly: any fight; "the airstrikes" for a drone's
    broader = {"armed_clash"} | ({"airstrike"} if earlier == "drone_strike" else set())
    told = {e.type for e in doc.events}  # a clash told before is what "the clashes" names
    retyped = []
    for t in ss.triggers:
        if (
            t.type in broader
            and t.type not in told
            and t.strength == "strong"
            and _FIGHT_NAMED_BEFORE.search(s.text, 0, t.start)
        ):
            doc.note(s.index, "trigger", t.text, "fight_named_before", f"the {earlier} told before")
            t = t.retyped(earlier)
        retyped.append(t)
    ss.triggers = retyped


def eventless_pass(doc: DocumentState, ss: SentenceState) -> None:
    """A sentence without a trigger: its dates may date the paragraph's events, its figures and
    statements go to the events around it. Casualties in a sentence of posts or closures too."""
    s, s_claims = ss.sentence, ss.claims
    if not ss.triggers:
        if ss.phrases:
            doc.orphan_dates.setdefault(s.para, []).extend((s.index, p) for p in ss.phrases)
        if any(c.quantity is not None or (c.unit or "").startswith("posts") for c in s_claims):
            doc.figure_claims.append((s, s_claims))
        elif (
            (ss.current_speaker is not None or _VERIFY.search(s.text))
            and doc.events
            and not off_the_event(s.text, {e.type for e in doc.events})
        ):
            doc.statement_claims.append((s, s_claims))
        elif doc.events and (event := _outlet_follow_up(doc, ss)) is not None:
            doc.follow_ups.append((event, s_claims))
        ss.stop = True
        return
    if all(t.type in (*POST_TYPES, *CROSSING_TYPES) for t in ss.triggers):
        casualties = [c for c in s_claims if c.unit in ("killed", "wounded", "neutralised")]
        if casualties:
            doc.figure_claims.append((s, casualties))


def _outlet_follow_up(doc: DocumentState, ss: SentenceState) -> EventMention | None:
    """A sentence of the outlet's own, right after an event and on its topic ("Trade through the
    gate has been going on smoothly" after a reopening, "There was no word on casualties" after
    a clash): the outlet's statement about that event (of the events of the last sentence that
    told any, the news one on its topic). Unattributed, so only the next sentence or the one
    after, in the same paragraph or the next (wire copy makes each sentence a paragraph)."""
    s, told = ss.sentence, doc.events[-1].sentence
    if ss.current_speaker is not None or s.para - told.para > 1 or not 0 < s.index - told.index <= 2:
        return None
    if _NOT_OUTLET_NARRATION.search(s.text):
        return None
    for event in (e for e in doc.events if e.sentence is told and not e.background):
        topic = _TRADE if event.type in CROSSING_TYPES else _VIOLENCE_TALK
        if topic.search(s.text) and not off_the_event(s.text, {event.type}):
            return event
    return None


_NOT_OUTLET_NARRATION = rule("not_outlet_narration").regex


def attach_pass(doc: DocumentState, ss: SentenceState) -> None:
    """Places, dates and border phrases -> the trigger each belongs to."""
    s = ss.sentence
    ss.mentions = doc.place_mentions.get(s.index, [])
    spans = [(m.start - s.start, m.end - s.start) for m in ss.mentions]
    kept = []
    for t in ss.triggers:
        if (
            _GENERIC_WEAK.search(s.text[max(0, t.start - 30) : t.start])
            and not ss.phrases
            and not ss.mentions
        ):
            # "sporadic shelling" with neither time nor place: generic history
            doc.note(s.index, "dropped", t.text, "sporadic_without_time_or_place", t.type)
            continue
        kept.append(t)
    ss.triggers = kept
    if not kept:
        ss.stop = True
        return
    ss.place_owner = assign_nearest(spans, kept, s.text)
    ss.date_owner = date_owners(ss.phrases, kept, s.text)
    border_spans = [(m.start - s.start, m.end - s.start) for m in doc.boundary_mentions.get(s.index, [])]
    border_spans += [(m.start(), m.end()) for m in _BORDER_PHRASE.finditer(s.text)]
    ss.border_owner = assign_nearest(border_spans, kept, s.text)


def events_pass(doc: DocumentState, ss: SentenceState) -> None:
    for ti, t in enumerate(ss.triggers):
        trigger_events(doc, ss, ti, t)


def memory_pass(doc: DocumentState, ss: SentenceState) -> None:
    """What later sentences need: the last violent event's type, whether it was a militant attack
    or "a separate incident", and the article's first violent event."""
    s = ss.sentence
    violent = [
        t for t in ss.triggers if t.type not in (*POST_TYPES, *CROSSING_TYPES) and t.strength != "causal"
    ]
    if not violent:
        return
    doc.last_type = violent[0].type
    # a militant attack, or another `other` event carried out by militants ("foiled an
    # attempt by militants to infiltrate"): the firefight that follows is part of it
    doc.last_militant = (
        violent[0].strength == "militant"
        or violent[0] in ss.firefights
        or (violent[0].type == "other" and _MILITANT_ACTORS.search(s.text) is not None)
    )
    doc.last_type_sentence = s.index
    doc.last_separate = _SEPARATE.match(s.text) is not None
    if doc.lead is None and not _SEPARATE.match(s.text):
        doc.lead = (violent[0].type, s.index)
