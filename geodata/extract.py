"""Sentences -> incidents: event type, place, date, actors, claims and evidence for one article.

`extract_incidents(article, gazetteer)` runs, per article:

1. `clean.sentences` - the article text without page furniture, with offsets;
2. event triggers per sentence (`find_triggers`): typed patterns (air strike, drone, shelling,
   clash, post captured/destroyed, crossing closed/reopened, other) and anaphoric ones ("the
   strikes", "the operation") that take the type of the previous event; triggers in conditional,
   future, negated, generic ("sporadic", "for years") or unrest (TLP, protests) contexts are
   dropped, and so is a closure named only as the time of something else ("while the gate was
   shut"); militants attacking security forces are `other`; the attack an event answers ("in
   response to an attack in X") is a trigger of its own (`other`, background) so that its place and
   date do not go to the main event;
3. places: the gazetteer's mentions (role "place") of the sentence, minus capitals used as
   speakers, speakers' locations ("officials in Kandahar said"), places only visited ("arrived in
   New Delhi"), origins of fire ("came from X"), datelines and countries; each place is attached to
   the nearest trigger; nested names collapse to the most specific ("Spera district of Khost
   province"); a border stretch "between A and B" is one place (the Afghan side); the places a
   crossing lies between ("the X crossing between A and B") are the crossing's; an unlocated clash
   that the sentence's crossing closure is blamed on ("X was closed after forces exchanged fire")
   is at that crossing; several other
   places split the event into a group; events in a sentence about "the post" without a place take
   the place of the post named just before; crossing events without a place take the crossings named in
   the sentences before ("both crossings"); events "along the border" without a place are
   border-wide (the gazetteer's Durand Line, precision 5, no point);
4. dates (`dates.event_dates`): the phrase nearest the trigger (a phrase before ", and"/";" closes
   its own clause), else an orphan phrase of the same paragraph, else the lead's date for an event of
   the same type, else the article's news date, capped by the day of the statement reporting it
   ("said in a statement on Friday that ..."), else the publication day (background: a few days
   before, precision week);
5. `mention`: background when the trigger is recalled as a cause ("after", "following", "in
   response to", "recent", pluperfect) or dated more than 4 days before publication, except the
   cause of the lead's crossing closure dated no earlier than the night before it;
6. repeated mentions of one event in the article are merged (same type, same or nested place,
   compatible dates); unlocated mentions fold into the located incidents of the same type; shelling
   at a place where a clash is reported folds into the clash; places within 15 km (twin border towns)
   are one incident (towns, not districts); an unlocated post event in an article whose fighting is
   at one place is located there;
7. claims (`claims.sentence_claims`) of the incident's sentences plus figure-only sentences, actors
   per side, verification ("contested" when both sides give figures for the same unit).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from . import claims as claims_mod
from . import dates as dates_mod
from .clean import Sentence, sentences
from .model import Article, Claim, Incident, Place, Source

# ---------------------------------------------------------------------------------------------
# Triggers

_W = r"(?:[\w'’\"“”-]+\s+)"
_POSTS = r"(?:posts?|outposts?|checkpoints?|check[- ]?posts?|positions|bunkers?|pickets?|watch[- ]?towers?)"
# "posts across the border, from where the fire originated, were destroyed": a comma-delimited
# aside between the posts and the verb (no sentence break, no second clause inside it)
_QUOTE_ADVERB = r"""["“'‘]?(?:\w+ly\s+)?"""  # 'were "completely destroyed"', 'were reportedly captured'
_POSTS_ASIDE_PASSIVE = (
    r"\b"
    + _POSTS
    + r"(?:\s+[\w'’-]+){0,8}?\s*,(?!\s*(?:and|or|but)\b)[^,.;]{1,60},\s+(?:were|was|had\s+been|have\s+been)\s+"
    + _QUOTE_ADVERB
    + r"(?:captured|destroyed|overrun|seized|torched|abandoned|set\s+on\s+fire)\b"
)

# militants by name ("attackers", "infiltrators" say what they did, not who they are)
_MILITANT_NAMES = (
    r"terrorists?|militants?|gunmen|insurgents?|khawarij|khwarij|TTP|Tehreek-e-Taliban\s+Pakistan"
)
_MILITANTS_NAMED = re.compile(rf"\b(?:{_MILITANT_NAMES})\b", re.I)
_MILITANT_ACTORS = re.compile(rf"\b(?:{_MILITANT_NAMES}|attackers|infiltrators)\b", re.I)
_STATE_FORCES = re.compile(
    r"\b(?:Afghan|Taliban|Pakistani|Pakistan['’]s)\s+(?:\w+\s+)?(?:forces|troops|soldiers|guards|army|military|posts|fighters|regime)\b"
    r"|\bIslamic\s+Emirate\b|(?<!Pakistani\s)(?<!Tehreek-e-)(?<!Tehrik-e-)(?<!Tehrik-i-)\bTaliban\b(?!\s+Pakistan)",
    re.I,
)
_MILITANTS = r"\b(?:terrorists|militants|gunmen|insurgents|attackers|khawarij|suicide\s+bombers?|(?:a\s+|the\s+)?(?:TTP|Tehreek-e-Taliban\s+Pakistan)\s+(?:militants|fighters))"
_CAUSE = r"\b(?:in\s+(?:direct\s+)?response\s+to|(?:a|the)\s+(?:direct\s+)?response\s+to|(?:in\s+)?retaliation\s+(?:for|against)|(?:in\s+)?revenge\s+for|to\s+avenge)"

TRIGGERS: list[tuple[str, str, re.Pattern]] = [
    # (type, strength, pattern); strength: strong | weak | anaphoric | causal (the attack another
    # event answers; an optional group "noun" gives the trigger span) | militant (a militant
    # attack: strong, and the fight that a later sentence calls "the exchange of fire" is its own)
    (
        "drone_strike",
        "strong",
        re.compile(
            r"\bdrones?\s+(?:strikes?|attacks?|struck|hit|fired|targeted|attacked)\b|\bUAV\s+(?:strikes?|attacks?)\b|\bunmanned aerial vehicles?\b(?=.{0,40}\b(?:struck|hit|fired|strike))",
            re.I,
        ),
    ),
    (
        "airstrike",
        "strong",
        re.compile(
            r"\bair[\s-]?strikes?\b|\bair[\s-]?raids?\b|\baerial\s+(?:bombardments?|strikes?|attacks?|bombing|raids?)\b|\bwarplanes?\b|\b(?:fighter\s+)?jets\s+(?:"
            + _W
            + r"{0,3})?(?:struck|bombed|hit|pounded|targeted|strike|carried out)\b|\baircraft\s+(?:"
            + _W
            + r"{0,3})?(?:struck|bombed|hit|pounded|targeted|carried out)\b|\bbombed\b|\bbombing raids?\b",
            re.I,
        ),
    ),
    (
        "armed_clash",
        "strong",
        re.compile(
            r"\bclash(?:es|ed|ing)?\b|\bexchange[sd]?\s+(?:of\s+)?(?:heavy\s+|intense\s+)?(?:fire|gunfire|artillery|shots|firing)\b|\bartillery\s+exchanges?\b|\b(?:fierce|heavy|intense|brief|deadly)\s+exchanges?\b|\btrad(?:ed|ing|e)\s+(?:heavy\s+)?fire\b|\bfire[\s-]?fights?\b|\bgun[\s-]?(?:fights?|battles?)\b|\bgunfire\b|\bskirmish(?:es)?\b|\bfighting\b(?!\s+(?:against|the|a|an|for|to|terror\w*|militan\w*|insurgen\w*)\b)|\bfought\b|\bheavy\s+firing\b|\bborder\s+(?:assaults?|fighting)\b",
            re.I,
        ),
    ),
    (
        "artillery_shelling",
        "strong",
        re.compile(
            r"\bshell(?:s|ed|ing)\b|\bartillery\s+(?:fire|attacks?|shells?|strikes?|barrages?|rounds?|shelling|and\s+mortar)\b|\bmortars?(?:\s+(?:fire|shells?|rounds?|attacks?|bombs?))?\b|\brockets?\s+(?:"
            + _W
            + r"{0,2})?(?:fired|attacks?|landed|hit)\b|\bfired\s+(?:"
            + _W
            + r"{0,4})?(?:artillery|mortars?|rockets?|shells|rounds|heavy\s+weapons?)\b|\bheavy[\s-]weapons?\s+fire\b|\bstruck\s+(?:multiple|several|numerous|various|\d+|many)\s+(?:locations|targets|positions|areas|sites)\b",
            re.I,
        ),
    ),
    (
        "post_captured_or_destroyed",
        "strong",
        re.compile(
            r"\b(?:captured|capturing|seized|seizing|overran|overrun|occupied|occupying|took\s+(?:over|control\s+of)|destroyed|destroying|demolished|razed|set\s+(?:on\s+)?fire\s+to|torched|abandoned)\s+(?:"
            + _W
            + r"{0,5}?)"
            + _POSTS
            + r"\b|\b"
            + _POSTS
            + r"\s+(?:"
            + _W
            + r"{0,2})?(?:(?:were|was|had\s+been|have\s+been)\s+"
            + _QUOTE_ADVERB
            + r")?(?:captured|destroyed|overrun|seized|torched|abandoned|set\s+on\s+fire)\b|\bcaptured\s+outposts\b|"
            + _POSTS_ASIDE_PASSIVE,
            re.I,
        ),
    ),
    (
        "crossing_reopened",
        "strong",
        re.compile(
            r"\bre-?open(?:ed|s|ing)?\b|\bresum(?:ed|es|ing)\s+(?:trade|traffic|movement|operations)\b|\bopened\s+(?:again|for\s+(?:trade|traffic|pedestrians))\b",
            re.I,
        ),
    ),
    (
        "crossing_closed",
        "strong",
        re.compile(
            r"\bclos(?:ed|es|ing|ure)\b|\bshut(?:\s+down)?\b|\bsealed\b|\b(?:suspended|halted|stopped|blocked)\s+(?:all\s+|the\s+)?(?:cross-border\s+|border\s+)?(?:trade|traffic|movement|crossings?)\b|\b(?:remains?|remained|stays?|stayed|has\s+been|have\s+been|had\s+been|was|were)\s+(?:\w+\s+)?(?:suspended|halted)\b",
            re.I,
        ),
    ),
    (
        "other",
        "strong",
        re.compile(
            r"\bintercept(?:ed|ing)\b|\binfiltrat(?:e|ed|ing)\b|\binfiltration\s+(?:bids?|attempts?)\b|\b(?:tore|tear|pulled|pull|torn)\s+down\b|\b(?:damaged|removed|dismantled|uprooted)\s+(?:"
            + _W
            + r"{0,3})?fence\b",
            re.I,
        ),
    ),
    # militants attacking security forces: not fighting between the two states' forces (GOLD_FORMAT
    # section 5: a militant attack tied to the conflict is `other`)
    (
        "other",
        "militant",
        re.compile(
            _MILITANTS
            + r"\s+(?:[\w'’-]+\s+){0,2}?(?:attacked|stormed|raided|assaulted|ambushed)\b|\b(?:militant|terrorist|insurgent|TTP)\s+(?:attack|assault|ambush)\b",
            re.I,
        ),
    ),  # singular: "a surge in militant attacks" is a trend
    # the attack an event answers ("a response to an attack in X"): a sink for the attack's own
    # place and date, so that they do not locate the main event; an incident only if it has one
    (
        "other",
        "causal",
        re.compile(
            _CAUSE
            + r"\s+(?:an?\s+|the\s+|(?:last|this)\s+\w+['’]s\s+)?(?:[\w'’-]+\s+){0,3}?(?P<noun>attacks?|ambush(?:es)?|assaults?|bombings?)\b",
            re.I,
        ),
    ),
    (
        "armed_clash",
        "weak",
        re.compile(
            r"\battacks?\s+on\s+(?:"
            + _W
            + r"{0,3})?"
            + _POSTS
            + r"\b|\b(?:attacked|stormed|raided|assaulted|ambushed|target(?:ed|ing))\s+(?:"
            + _W
            + r"{0,4}?)"
            + _POSTS
            + r"\b|\bopened\s+(?:"
            + _W
            + r"{0,3})?fire\b|\b(?:came|come|coming|comes)\s+under\s+(?:"
            + _W
            + r")?(?:fire|attack)\b|\bretaliatory\s+[\"“']?(?:operations?|attacks?|assaults?)\b|\bexchange\b",
            re.I,
        ),
    ),
    (
        "",
        "anaphoric",
        re.compile(
            r"\b(?:the|these|those|such|this|its|their)\s+(?:"
            + _W
            + r"{0,2})?(?:strikes?|attacks?|raids?|bombings?|operations?|assaults?|firing|offensive|exchange|incident)\b|\bprecision\s+strikes\b|\bretaliatory\s+strikes\b"
            # the damage the event just reported did: "residents in X said two houses were destroyed"
            r"|\b(?:houses?|homes?|buildings?|shops?|mosques?|schools?|madrass?as?|compounds?)\s+(?:were|was|had\s+been)\s+(?:\w+ly\s+)?(?:destroyed|damaged|flattened|razed)\b"
            r"(?!\s+(?:by|in|during|due\s+to)\s+(?:the\s+)?(?:flash\s+|heavy\s+)?(?:floods?|rains?|earthquakes?|landslides?|storms?|fires?|snow))",
            re.I,
        ),
    ),
]

_CROSSING_CONTEXT = re.compile(
    r"\b(?:crossings?|gates?|border\s+points?|terminal|trade\s+(?:through|via|at)|border\s+(?:was|were|has\s+been|had\s+been)|closed\s+the\s+border|border\s+closure|trade\s+route)\b",
    re.I,
)
# the modal "may", not the month ("on 3 May", "In May")
_MAY = r"(?<!\d\s)(?-i:may)(?!\s+\d)"
_CONDITIONAL = re.compile(
    r"\b(?:if|unless|would|will|could|might|"
    + _MAY
    + r"|should|shall|threaten\w*|warn\w*|vow\w*|potential|possible|possibly|any|"
    r"prepared\s+to|ready\s+to|plans?\s+to|planned\s+to|seeks?\s+to|wants?|wanted|avoid\w*|prevent\w*|risks?|fears?|feared|"
    r"to\s+curb|future|demand\w*|call(?:ed|s)?\s+(?:for|on)|urg\w+|whether|when(?:ever)?\s+(?:they|it)\s+(?:are|is)|"
    # a decision is not the act: "the decision to reopen the border was taken on Wednesday"
    r"decisions?\s+to|decided\s+to|agreed\s+to|agreements?\s+to)\b",
    re.I,
)
_CONDITIONAL_AFTER = re.compile(r"^\W*(?:\w+\W+){0,2}?(?:could|would|will|might|" + _MAY + r")\b", re.I)
_NEGATION = re.compile(r"\b(?:not|no|never|without|denied|denies|deny|rejected|nobody)\b|n[’']t\b", re.I)
_GENERIC_STRONG = re.compile(
    r"\b(?:(?:weeks|months|years|decades)\s+of\s+(?:[\w-]+\s+){0,3}?(?:clashes|fighting|hostilities|skirmishes|shelling|strikes|violence)|for\s+(?:years|decades|months)|repeatedly|often|frequently|regularly|long\s+been|is\s+not\s+new|in\s+(?:the\s+)?past\s+years|over\s+the\s+years|history\s+of|have\s+long|(?:of|in)\s+recent\s+years|"
    # a forecast or a type of thing, not an event: "the likely outcome is more of the same: a clash here"
    r"more\s+of\s+the\s+same|likely\s+outcome|scenarios?)\b",
    re.I,
)
_GENERIC_WEAK = re.compile(r"\b(?:sporadic|occasional|periodic)\b", re.I)
_UNREST = re.compile(
    r"\b(?:TLP|Tehreek-e-Labbaik|Tehrik-e-Labbaik|protest\w*|demonstrat\w*|rall(?:y|ies)|riot\w*)\b", re.I
)
# what an event followed or answered ("after", "in response to" ...: the _CAUSE phrases) is earlier
_BACKGROUND_CUE = re.compile(
    r"\b(?:follow(?:ed|s|ing)?|after|in\s+retaliation|ever\s+since|began\s+when|triggered\s+by|sparked\s+by|avenge)\b|"
    + _CAUSE
    + r"\b",
    re.I,
)
_CONSEQUENCE = re.compile(
    r"\b(?:was|were)\s+(?:\w+ly\s+)?(?:damaged|destroyed|killed|martyred|injured|wounded|hurt|repulsed|repelled|"
    r"beaten\s+back|pushed\s+back|driven\s+back|forced\s+to\s+(?:retreat|withdraw))\s+$",
    re.I,
)
_WEAK_BACKGROUND_CUE = re.compile(r"\b(?:earlier|previous|prior|recent|past|last\s+week)\b", re.I)
_SPEECH_ANY = re.compile(
    r"\b(?:said|says|claimed|claims|stated|told|reported|alleged|confirmed|added|according\s+to)\b", re.I
)
_PLUPERFECT = re.compile(r"\bhad\s+(?:been\s+)?(?:\w+ly\s+)?$", re.I)
_AGGREGATE = re.compile(
    r"\b(?:surged?|surging|uptick|spike|increase[sd]?|rise|rising|wave\s+of|in\s+\d{4}\s+alone|this\s+year|so\s+far)\b",
    re.I,
)
_AFTER_FIGHTING = re.compile(
    r"\b(?:after|following|because\s+of|due\s+to)\s+the\s+(?:\w+\s+)?(?:fighting|clash(?:es)?|exchange|firing|shelling|attacks?|strikes?)\b",
    re.I,
)
_COUNTRY_ONLY = re.compile(
    r"\b(?:inside|within|into|in|across)\s+(?:Pakistan|Afghanistan)\b|\b(?:Afghan|Pakistani)\s+(?:territory|soil)\b",
    re.I,
)
_BORDER_PHRASE = re.compile(
    r"\b(?:along|across|on|at|near)\s+(?:the\s+|their\s+|its\s+)?(?:[\w'’-]+\s+){0,3}?(?:border|frontier|Durand\s+Line|boundary)\b|\b(?:border|frontier)\s+(?:areas?|regions?|posts?|points?)\b|\bat\s+(?:more\s+than\s+)?(?:\w+\s+)?(?:locations|points)\b",
    re.I,
)


@dataclass(frozen=True)
class Trigger:
    type: str
    strength: str
    start: int
    end: int
    text: str


def _clause_before(text: str, start: int, limit: int = 70) -> str:
    """Text before `start` back to the previous clause break (',', ';', ':', dash) or `limit`."""
    window = text[max(0, start - limit) : start]
    parts = re.split(r"[;:—–]|,\s+(?:but|while|and|as|which|who|although|though)\b|\bbut\b", window)
    return parts[-1] if parts else window


# an event named as the topic of an account, an inquiry or footage is reported elsewhere
_ACCOUNT_OF = re.compile(
    r"\b(?:gave|given|give|gives|offered|offers)\s+(?:a|an|its|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:account|version)\s+of\s+"
    r"(?:the\s+|this\s+|that\s+|[A-Z][a-z]+day['’]s\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)
# a closure named only as the time of something else ("while the gate was shut")
_WHILE_STATE = re.compile(
    r"\bwhile\s+(?:the\s+|that\s+|this\s+)?(?:[\w'’-]+\s+){0,2}?(?:gate|crossing|border|terminal|route|it)\s+"
    r"(?:was|were|is|are|had\s+been|has\s+been|remained|stayed|remains|stays)\s+(?:\w+ly\s+)?$",
    re.I,
)


# the closure a reopening ends, and how long it lasted: "ending a closure of three weeks",
# "after a week-long closure", "after a 10-day closure"
_ENDED_CLOSURE = re.compile(
    r"\b(?:ending|ended|ends|end\s+to|after|following)\s+(?:a|an|the|its|their)\s+(?P<span>[\w-]+[\s-]+(?:[\w-]+\s+)?)?$",
    re.I,
)
_DURATION_BEFORE = re.compile(r"(?:(?P<n>\w+)[\s-]+)?(?P<u>hour|day|week|month)s?(?:[\s-]+long)?\s*$", re.I)
_DURATION_AFTER = re.compile(
    r"\s+(?:of|lasting)\s+(?:about\s+|nearly\s+|more\s+than\s+)?(?P<n>\w+)\s+(?P<u>hour|day|week|month)s?\b",
    re.I,
)
_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30}


def _ended_closure(
    text: str, t: Trigger, triggers: list[Trigger], phrases, date_owner
) -> dates_mod.DatePhrase | None:
    """The closure that a reopening in the same sentence ends, dated back from the reopening day
    by its length, at precision week; None if the closure is not such a one or cannot be dated."""
    cue = _ENDED_CLOSURE.search(text, max(0, t.start - 40), t.start)
    reopen = [i for i, r in enumerate(triggers) if r.type == "crossing_reopened" and r.end <= t.start]
    if cue is None or not reopen:
        return None
    if any(
        triggers[owner] is t
        for p, owner in zip(phrases, date_owner)
        if owner is not None and p.start > t.start
    ):
        return None  # "after the closure on Monday": the closure's own day
    # the reopening's day: a day phrase of the reopening, or any before the closure noun
    days = [p for p, owner in zip(phrases, date_owner) if owner == reopen[-1] and p.date is not None]
    days = days or [p for p in phrases if p.date is not None and p.end <= t.start and p.precision == "day"]
    if not days:
        return None
    m = _DURATION_BEFORE.search(cue.group("span") or "") or _DURATION_AFTER.match(text, t.end)
    n, unit = 1, "week"  # no length given: a week before, as a best guess at week precision
    if m is not None:
        word = (m.group("n") or "one").lower()  # "a month-long closure"
        n = (
            int(word)
            if word.isdigit()
            else (1 if word in ("a", "an", "one") else dates_mod.number_word(word) or 0)
        )
        unit = m.group("u").lower()
        if not n:
            return None
    closed = days[0].date - timedelta(days=max(1, round(n * _UNIT_DAYS[unit])))
    return dates_mod.DatePhrase(
        t.start, t.end, text[cue.start() : t.end], closed, None, "month" if unit == "month" else "week"
    )


def find_triggers(text: str) -> list[Trigger]:
    """Event triggers of a sentence, non-overlapping, in text order, negative contexts removed."""
    raw: list[Trigger] = []
    for etype, strength, pattern in TRIGGERS:
        for m in pattern.finditer(text):
            start, end = m.span("noun") if "noun" in pattern.groupindex else m.span()
            if any(start < t.end and t.start < end for t in raw):
                continue
            raw.append(Trigger(etype, strength, start, end, text[start:end]))
    raw.sort(key=lambda t: t.start)
    kept: list[Trigger] = []
    for t in raw:
        before = _clause_before(text, t.start)
        near = text[max(0, t.start - 35) : t.start]
        after = text[t.end : t.end + 30]
        if _CONDITIONAL.search(before) or _CONDITIONAL_AFTER.search(after):
            continue
        if _NEGATION.search(near.split(",")[-1]):
            continue
        if t.type in ("crossing_closed", "crossing_reopened") and re.match(
            r"\s+(?:to\s+\w+\s+)?for\s+(?:years|decades|months)", after
        ):
            continue
        if _GENERIC_STRONG.search(text):
            continue
        if t.type in ("armed_clash", "artillery_shelling", "") and _UNREST.search(text):
            continue
        if t.strength != "causal" and re.search(r"\bsuicide\s+$", text[max(0, t.start - 10) : t.start], re.I):
            continue
        if t.type == "crossing_closed" and re.match(r"(?i)clos(?:ed|ing)\s+(?:to|in)\s+on\b", t.text):
            continue
        if _ACCOUNT_OF.search(text, max(0, t.start - 50), t.start):
            continue  # "has not given its account of Friday's fire exchange": the event reported elsewhere
        if t.type in ("crossing_closed", "crossing_reopened") and _WHILE_STATE.search(
            text[max(0, t.start - 60) : t.start]
        ):
            continue  # "traders lost millions while the gate was shut": the state, not a new event
        kept.append(t)
    # crossing events need a crossing context
    if any(t.type in ("crossing_closed", "crossing_reopened") for t in kept) and not _CROSSING_CONTEXT.search(
        text
    ):
        kept = [t for t in kept if t.type not in ("crossing_closed", "crossing_reopened")]
    # a strong clash in the sentence absorbs shelling / weak clash triggers of the same sentence
    if any(t.type == "armed_clash" and t.strength == "strong" for t in kept):
        # (not across a ';': "fighting broke out at X; mortar rounds landed in Y" are two events)
        clashes = [t for t in kept if t.type == "armed_clash" and t.strength == "strong"]
        kept = [
            t for t in kept
            if t.type != "artillery_shelling"
            or all(";" in text[min(c.end, t.end): max(c.start, t.start)] for c in clashes)
        ]  # fmt: skip
    if any(t.type == "artillery_shelling" for t in kept):
        kept = [t for t in kept if not (t.type == "armed_clash" and t.strength == "weak")]
    # an attack on a post by militants (TTP, "terrorists"), with no state forces named as its
    # authors, is a militant attack: `other` (GOLD_FORMAT section 5)
    if _MILITANTS_NAMED.search(text) and not _STATE_FORCES.search(text):
        kept = [
            Trigger("other", t.strength, t.start, t.end, t.text)
            if t.type == "armed_clash" and t.strength == "weak" and re.match(r"(?i)attacks?\s+on\b", t.text) else t
            for t in kept
        ]  # fmt: skip
    # an anaphoric trigger is only needed when the sentence has no typed one (the attack an event
    # answers is not the event: "the strikes were a response to an attack")
    if any(t.strength not in ("anaphoric", "causal") for t in kept):
        kept = [t for t in kept if t.strength != "anaphoric"]
    return kept


# ---------------------------------------------------------------------------------------------
# Places

_SPEAKER_PLACE_BEFORE = re.compile(
    r"(?:\b(?:arriv\w+|visit\w*|trip|travel\w*|talks|meeting|met|based|speaking|spoke|hospitals?|fled|moved|relatives|"
    r"counterparts|writers|reporters?|correspondents?|embassy|envoy|flown|taken|shifted|control|capital|rulers|"
    r"government|officials?|spokes\w+|ministry|authorities|administration|sources?|commanders?|chief|governor|"
    r"traders?|transporters?|exporters?|importers?|businessm[ae]n|customs|"
    r"delegations?|police|leaders?|emirate|office|bureau|court|jail|prison|summoned|headquarters|centre|center|"
    r"markets?|schools?|elders?|chamber|analysts?|experts?|researchers?|journalists?|diplomats?|professors?|scholars?|"
    # ("police in X said", but not "a police station in X", which is where an attack was)
    r"observers?|homes|refuge|shelter|camps?|relocated|evacuated|displaced|lives|living|studying|exile)\s+"
    r"(?:(?!(?:stations?|posts?|checkpoints?|lines|vehicles?|convoys?|patrols?)\b)\w+\s+)?(?:in|of|from|to|at|for|near)\s+(?:the\s+)?(?:city\s+of\s+|province\s+of\s+)?$)"
    r"|(?:\b(?:came|come|coming|fired|launched|originat\w+)\s+from\s+(?:across\s+)?(?:the\s+)?(?:[\w'’]+\s+)?$)"
    # "the shells came from Taliban positions in Paktika's Barmal district": where the fire began
    r"|(?:\b(?:came|come|coming|fired|launched|originat\w+)\s+from\s+(?:the\s+|their\s+|its\s+)?(?:[A-Z][\w'’-]*\s+|enemy\s+|hostile\s+|border\s+|military\s+){0,2}"
    r"(?:positions?|posts?|areas?|side|territory|hills?|mountains?)\s+(?:in|at|near|of|across)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){0,2}$)",
    re.I,
)
_SPEAKER_PLACE_AFTER = re.compile(
    r"^(?:['’]s)?\s*(?:\w+\s+){0,2}?(?:said|says|claimed|claims|stated|accused|alleged|denied|told|rejected|confirmed|announced)\b",
    re.I,
)
_KIND_RANK = {
    "crossing": 0,
    "populated_place": 1,
    "pass": 1,
    "district": 2,
    "province": 3,
    "region": 4,
    "boundary": 5,
    "country": 6,
}
DURAND_LINE = Place(id="boundary:durand-line", name="Durand Line", kind="boundary", country=None, precision=5)


@dataclass
class PlaceRef:
    place: Place
    texts: list[str]
    start: int  # absolute offset of the first mention
    parent: bool = False  # named only as the container of another ("X district of <Kandahar>")


_LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:in|near|at|along|across|around|inside|into|on|outside|between|to|within|over|through|opposite|facing|beyond|"
    r"hit|struck|targeted|bombed|shelled|pounded|attacked|stormed|entered|reached|including|like|as|closed|shut|sealed|reopened|opened)\s+"
    r"(?:the\s+|a\s+)?(?:(?:[\w'’-]+\s+){0,3}?(?:areas?|parts?|outskirts|villages?|towns?|city|district|province|region|sector|vicinity|border\s+areas?|side|border|valley|mountains?|regions?|deserts?|plains?|tehsil|sub-?division|agency|union\s+council|bazaar|market)\s+of\s+(?:the\s+)?)?"
    r"(?:(?:northern|southern|eastern|western|central|north|south|east|west|northeastern|northwestern|southeastern|southwestern|mountainous|remote|tribal|border|restive|neighbouring|neighboring)\s+)*$)"
    r"|(?:\bfrom\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:regions?|areas?|parts?|mountains?|deserts?|plains?|valleys?)\s+of\s+(?:the\s+)?$)"
    r"|(?:\b(?:residents|villagers|traders|people|families|locals|elders|shopkeepers|witnesses)\s+(?:of|in|from)\s+(?:the\s+)?$)"
    r"|(?:^\s*(?:the\s+)?$)",
    re.I,
)
_REACTION_BEFORE = re.compile(
    r"\b(?:outrage|anger|protests?|condemnation|concern|celebrations?|mourning|funerals?|fury|alarm|panic)\s+(?:\w+\s+)?(?:in|across|throughout)\s+(?:the\s+)?$",
    re.I,
)
CAPITALS = ("Kabul", "Islamabad")


_WITNESS_OF = re.compile(
    r"\b(?:residents|villagers|traders|people|families|locals|elders|shopkeepers|witnesses)\s+(?:of|in|from)\s+(?:the\s+)?$",
    re.I,
)


# the attacks a target served or is blamed for, named as a purpose: not the event of the sentence
_ATTACKS_THEY_SERVE = re.compile(
    r"\b(?:used\s+(?:for|to\s+launch)|blamed\s+for|responsible\s+for|plotting|planning)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:attacks?|raids?|incursions?)\s+(?:on|in|into|against|across)\s+(?:the\s+)?$",
    re.I,
)


def _mention_usable(m, sentence: Sentence) -> bool:
    place = m.place
    if place is None or place.kind in ("country", "boundary"):
        return False
    if place.country not in ("AF", "PK", None):
        return False  # Doha, New Delhi, Moscow: talks and visits, never a Durand Line incident
    rel_start = m.start - sentence.start
    rel_end = m.end - sentence.start
    before = sentence.text[max(0, rel_start - 60) : rel_start]
    after = sentence.text[rel_end : rel_end + 40]
    if getattr(m, "role", "place") != "place":
        if not (getattr(m, "role", "") == "speaker" and _WITNESS_OF.search(before)):
            return False  # "Kabul claimed"; but "residents of Bajaur said" saw it there
    if _SPEAKER_PLACE_BEFORE.search(before):
        return False
    if _SPEAKER_PLACE_AFTER.match(after) and re.search(
        r"\b(?:officers?|officials?|police|sources?|spokes\w+|commanders?)\b[^,.;:]{0,40}$", before, re.I
    ):
        return False  # "Officers at a police station in Parachinar said": where the speakers are
    if _SPEAKER_PLACE_AFTER.match(after) and not re.search(
        r"\b(?:in|at|near|of|from|to)\s+(?:the\s+)?$", before, re.I
    ):
        return False  # "Kabul claimed", "Islamabad said"
    if re.search(r"(?:^|[.;]\s*)In\s+$", before) and re.match(
        r"^,\s+(?:[\w'’-]+\s+){0,7}?(?:said|says|claimed|told|stated|announced|reported)\b", after
    ):
        return False  # "In Kabul, the defence ministry said": where the speaker is
    if _REACTION_BEFORE.search(before):
        return False  # "sparking outrage in Kabul"
    if _ATTACKS_THEY_SERVE.search(before):
        return False  # "hideouts used for cross-border attacks on Chitral": other attacks' place
    # a mention continuing a list ("at A, B and C", "from A to B") counts like the list's head;
    # "in Paktika province's Barmal district" like "in Barmal district"
    possessor = re.search(
        r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}\s+(?:province|district|region|valley)['’]s\s+$", before
    )
    head = before[: possessor.start()] if possessor else before
    for _ in range(4):
        lm = re.search(
            r"(?:,\s*(?:and\s+)?(?:the\s+)?|\s+(?:and|or)\s+(?:the\s+)?|\s+to\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?)$",
            head,
        )
        prev = (
            re.search(
                r"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}(?:\s+(?:province|district|area|crossing|border crossing|agency))?)$",
                head[: lm.start()],
            )
            if lm
            else None
        )
        if not (lm and prev):
            break
        head = head[: prev.start()]
    from_range = bool(re.search(r"\bfrom\s+(?:the\s+)?$", head)) and bool(
        re.match(r"^\s*(?:province|district|region)?\s*to\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}?[A-Z]", after)
    )
    # "Across the border, the Kharlachi crossing ... was closed": a crossing named as such is a
    # place wherever it stands in the clause (it cannot be a government or a speaker's seat)
    named_crossing = (
        place.kind == "crossing"
        and re.search(r"\b(?:crossing|gate|terminal)\b", m.text, re.I)
        and re.search(r"\bthe\s+$", before, re.I)
    )
    if (
        not from_range
        and not named_crossing
        and not _LOCATIVE_BEFORE.search(head[-60:])
        and not _LOCATIVE_BEFORE.search(before[-60:])
    ):
        return False
    if re.match(
        r"^['’]s\s+(?!(?:\w+\s+){0,2}(?:district|province|area|valley|village|town|border|crossing|tehsil|agency))",
        after,
        re.I,
    ):
        return False  # "Islamabad's narrative": a government
    if place.name in CAPITALS:
        # "between Islamabad and Kabul", "Islamabad and Kabul": governments, not places
        if re.search(r"\b(?:Islamabad|Kabul)\s+(?:and|&)\s+$", before) or re.match(
            r"^\s+(?:and|&)\s+(?:Islamabad|Kabul)\b", after
        ):
            return False
    return True


def _nested(a: Place, b: Place, gazetteer=None) -> bool:
    """One place lies within the other (same id, admin1/admin2 names the other, or gazetteer parent)."""
    if a.id == b.id:
        return True
    for inner, outer in ((a, b), (b, a)):
        if (
            outer.kind == "province"
            and inner.admin1
            and _same_name(inner.admin1, outer.name)
            and (inner.country == outer.country or not inner.country or not outer.country)
        ):
            return True
        if (
            outer.kind == "district"
            and inner.admin2
            and (
                _same_name(inner.admin2, outer.name)
                # "Lower South Waziristan" lies in the South Waziristan of before the 2022 split
                or _same_name(re.sub(r"(?i)^(?:upper|lower)\s+", "", inner.admin2), outer.name)
            )
        ):
            return True
        if gazetteer is not None and outer.kind in ("province", "district"):
            try:
                parent = gazetteer.parent(inner, outer.kind)
            except Exception:
                parent = None
            if parent is not None and parent.id == outer.id:
                return True
    return False


def _same_name(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\b(province|district|agency|tehsil)\b", "", s.lower()).replace("-", " ").strip()  # noqa: E731
    return norm(a) == norm(b)


def _distance_km(a: Place, b: Place) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _collapse(refs: list[PlaceRef], text: str, offset: int, gazetteer) -> list[list[PlaceRef]]:
    """Attached places -> location sets: nested names together, a 'between A and B' stretch as one."""
    groups: list[list[PlaceRef]] = []
    for ref in sorted(refs, key=lambda r: r.start):
        target = None
        for g in groups:
            if any(_nested(ref.place, other.place, gazetteer) for other in g):
                target = g
                break
            last = g[-1]
            gap = text[last.start - offset + len(last.texts[0]) : ref.start - offset]
            # textual nesting: "Spera district of Khost province", "Kunar's Dangam district"
            if re.fullmatch(
                r"\s*(?:district|province|area|agency|tehsil|region|valley)?\s*,?\s*(?:of|in)\s*(?:the\s+)?",
                gap,
                re.I,
            ):
                explicit = (
                    re.search(r"\b(?:district|agency|tehsil)\b", last.texts[0] + " " + gap, re.I) is not None
                )
                ranked = (
                    _KIND_RANK.get(last.place.kind, 9) <= _KIND_RANK.get(ref.place.kind, 9)
                    and last.place.kind != ref.place.kind
                )
                if ranked or explicit:
                    # "Spin Boldak district of Kandahar": the text says Kandahar contains it, even
                    # where the gazetteer read "Kandahar" as the city
                    ref.parent = True
                    target = g
                    break
            if re.fullmatch(r"['’]s\s+", gap):
                last.parent = True  # "Kunar's Dangam district"
                target = g
                break
            if (
                re.fullmatch(r"\s*,\s*", gap)
                and ref.place.kind in ("district", "province")
                and _KIND_RANK.get(last.place.kind, 9) < _KIND_RANK[ref.place.kind]
            ):
                # apposition "Birmal, South Waziristan" (not a list "at Angoor Adda, Bajaur and Kurram")
                rel_end = ref.start - offset + len(ref.texts[0])
                rel_start = last.start - offset
                in_list = _LIST_GOES_ON.match(text, rel_end) or claims_mod.search_before(
                    _LIST_BEFORE, text, rel_start
                )
                if not in_list:
                    ref.parent = True
                    target = g
                    break
        if target is None:
            groups.append([ref])
        else:
            target.append(ref)
    groups = _fold_crossing_ends(groups, text, offset)
    # "between A (in Pakistan) and B (in Afghanistan)": one stretch
    if len(groups) == 2:
        first, second = groups
        a, b = first[0], second[0]
        head = text[max(0, a.start - offset - 60) : a.start - offset]
        gap = text[a.start - offset : b.start - offset]
        if re.search(r"\bbetween\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$", head, re.I) and re.search(
            r"\band\b", gap
        ):
            return [first + second]
    return groups


# "the X crossing between A and B", "the X crossing, which links A with B": A and B say where the
# crossing lies, they are not further places of the event
_CROSSING_ENDS = re.compile(
    r"\s*(?:border\s+)?(?:crossing(?:\s+point)?|gate|terminal)?(?:\s+(?:on|late|early|last)\s+\w+(?:\s+(?:night|morning|evening))?)?"
    r"\s*,?\s*(?:which\s+|where\s+[^,;.]{0,40}?(?=straddl))?"
    r"(?:between|linking|links|connecting|connects|straddl\w+\s+(?:the\s+)?(?:frontier|border|line)\s+between)\s+"
    r"[^,;.]*?(?=\s+(?:was|were|is|are|has|had|have|remains?|remained|reopen\w*|clos\w+)\b|[,;.]|$)",
    re.I,
)


def _fold_crossing_ends(groups: list[list[PlaceRef]], text: str, offset: int) -> list[list[PlaceRef]]:
    for g in groups:
        crossing = next((r for r in g if r.place.kind == "crossing"), None)
        if crossing is None:
            continue
        rel_end = crossing.start - offset + len(crossing.texts[0])
        m = _CROSSING_ENDS.match(text, rel_end)
        if m is None:
            continue
        ends = [h for h in groups if h is not g and rel_end <= h[0].start - offset < m.end()]
        if not ends:
            continue
        for h in ends:
            for r in h:
                r.parent = True
            g.extend(h)
        return [h for h in groups if not any(h is e for e in ends)]
    return groups


def _best(group: list[PlaceRef]) -> Place:
    """Representative place of a location set: the most specific; for a cross-border stretch of
    equal rank, the Afghan side (consistent with the annotation of such stretches)."""
    candidates = [r for r in group if not r.parent] or group
    ranked = sorted(
        candidates,
        key=lambda r: (_KIND_RANK.get(r.place.kind, 9), 0 if r.place.country == "AF" else 1, r.start),
    )
    return ranked[0].place


# ---------------------------------------------------------------------------------------------
# Event mentions and clusters


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


@dataclass
class Cluster:
    type: str
    members: list[EventMention]
    place: Place | None
    border: bool
    texts: list[str]
    extra_claims: list[Claim] = field(default_factory=list)
    group_keys: set = field(default_factory=set)

    def first_sentence(self) -> Sentence:
        return min((m.sentence for m in self.members), key=lambda s: s.index)

    @property
    def background(self) -> bool:
        flags = [m.background for m in self.members]
        if any(f is False for f in flags):
            return False
        return any(f is True for f in flags)

    def best_date(self) -> dates_mod.DatePhrase | None:
        phrases = [m.date for m in self.members if m.date is not None and m.date.date is not None]
        if not phrases:
            return None
        return min(
            phrases,
            key=lambda p: (dates_mod.PRECISION_RANK[p.precision], _FUZZY.get(p.text.lower(), 0), p.date),
        )


_FUZZY = {"recent": 2, "recently": 2, "earlier": 2, "days ago": 1}


def _date_conflict(a: dates_mod.DatePhrase | None, b: dates_mod.DatePhrase | None) -> bool:
    if a is None or b is None or a.date is None or b.date is None:
        return False
    return not dates_mod.compatible(a.date, a.date_end, a.precision, b.date, b.date_end, b.precision)


def _place_key(place: Place | None) -> str:
    return place.id if place is not None else ""


def _places_match(c: Cluster, place: Place | None, gazetteer) -> bool:
    if place is None or c.place is None:
        return place is None and c.place is None
    return _nested(place, c.place, gazetteer)


# ---------------------------------------------------------------------------------------------
# Actors

_AF_ACTOR = re.compile(
    r"\b(?:Afghan\s+(?:and\s+Pakistani\s+)?(?:Taliban|border|forces|troops|fighters|guards|security)|Taliban\s+(?:forces|fighters|troops|militants|border)|Taliban\b(?!\s+Pakistan)|Islamic\s+Emirate|Afghan(?:istan['’]s)?\s+(?:Ministry\s+of\s+Defen[cs]e|Defen[cs]e\s+Ministry))",
    re.I,
)
_PK_ACTOR = re.compile(
    r"\b(?:Pakistan(?:i|['’]s)?\s+(?:and\s+Afghan\s+)?(?:army|guards|border\s+guards|military|troops|forces|soldiers|security|aircraft|jets|air\s+force|border|paramilitary)|Frontier\s+Corps|\bFC\b|ISPR|Inter-Services|Pakistani\s+(?:military|posts|positions|outposts|checkpoints))",
    re.I,
)
_TTP_ACTOR = re.compile(r"\bTTP\b|Tehr[ei]e?k-[ei]-Taliban|Tehrik-i-Taliban|Pakistani\s+Taliban", re.I)
_CIV_ACTOR = re.compile(r"\bcivilians?\b|\bvillagers\b|\bwomen\s+and\s+children\b|\brefugees\b", re.I)

_ACTOR_DEFAULT_ACTING = {"airstrike": "PK", "drone_strike": "PK"}


def _actors(texts: list[str], etype: str) -> tuple[str, ...]:
    joined = " ".join(texts)
    found: list[tuple[int, str]] = []
    m = _PK_ACTOR.search(joined)
    if m:
        found.append((m.start(), "Pakistani military"))
    m = _AF_ACTOR.search(
        re.sub(
            r"(?i)Pakistani\s+Taliban|Tehr[ei]e?k-[ei]-Taliban\s+Pakistan|Tehrik-i-Taliban\s+Pakistan",
            "",
            joined,
        )
    )
    if m:
        found.append((m.start(), "Afghan Taliban forces"))
    if (
        etype in ("airstrike", "drone_strike")
        and not any(a == "Pakistani military" for _, a in found)
        and re.search(r"\bPakistan", joined)
    ):
        found.append((-1, "Pakistani military"))
    found.sort()
    actors = [a for _, a in found]
    if etype in ("airstrike", "drone_strike") and "Pakistani military" in actors:
        actors.remove("Pakistani military")
        actors.insert(0, "Pakistani military")
    if _TTP_ACTOR.search(joined):
        actors.append("target: TTP" if etype in ("airstrike", "drone_strike") else "TTP")
    if _CIV_ACTOR.search(joined):
        actors.append("civilians")
    out: list[str] = []
    for a in actors:
        if a not in out:
            out.append(a)
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# Main


def _usable_mentions(gazetteer, article: Article, sents: list[Sentence]):
    try:
        mentions = list(gazetteer.find_mentions(article.body))
    except Exception:
        mentions = []
    per_sentence: dict[int, list] = {s.index: [] for s in sents}
    boundary: dict[int, list] = {s.index: [] for s in sents}
    every: dict[int, list] = {s.index: [] for s in sents}  # also those not usable as event places
    starts = [s.start for s in sents]
    import bisect

    for m in mentions:
        i = bisect.bisect_right(starts, m.start) - 1
        if i < 0:
            continue
        s = sents[i]
        if not (s.start <= m.start and m.end <= s.end):
            continue
        every[s.index].append(m)
        if getattr(m, "role", "place") == "boundary" or (m.place is not None and m.place.kind == "boundary"):
            boundary[s.index].append(m)
        elif _mention_usable(m, s):
            per_sentence[s.index].append(m)
    return per_sentence, boundary, every


def _durand_place(gazetteer, boundary_mentions) -> Place:
    for m in boundary_mentions:
        if m.place is not None and m.place.kind == "boundary":
            return m.place
    for name in ("Durand Line", "durand line"):
        try:
            for p in gazetteer.lookup(name):
                if p.kind == "boundary":
                    return p
        except Exception:
            pass
    return DURAND_LINE


_DEFINITE_SPEAKER = re.compile(
    r"\bthe\s+(?:same\s+)?(?:official|spokes(?:man|person|woman)|source|statement)\s+(?:said|says|added|told)\b"
    r"|\b(?:said|says|added|told)\s+the\s+(?:same\s+)?(?:official|spokes(?:man|person|woman)|source|statement)\b",
    re.I,
)
# a paragraph opening "He said ..." goes on quoting the last speaker of the paragraph just before
_HE_SAID = re.compile(
    r"^(?:He|She)\s+(?:also\s+)?(?:said|says|added|told|claimed|insisted|noted|explained)\b"
)
_SUBORDINATE = re.compile(r"\b(?:after|following|since|amid|before|despite)\b", re.I)
_CLAUSE_BREAK = re.compile(r";|,\s*(?:and|but|while|whereas)\b", re.I)


def _date_owners(phrases, triggers: list[Trigger], text: str) -> list[int | None]:
    """`_assign_nearest` for date phrases, except that a phrase dating what follows it ("closed on
    2 March, a day after [forces exchanged fire]") goes to the next trigger."""
    owners = _assign_nearest([(p.start, p.end) for p in phrases], triggers, text)
    for k, p in enumerate(phrases):
        if p.ahead:
            following = [i for i, t in enumerate(triggers) if t.start >= p.end]
            if following:
                owners[k] = following[0]
    return owners


def _assign_nearest(
    items_pos: list[tuple[int, int]], triggers: list[Trigger], text: str | None = None
) -> list[int | None]:
    """For each (start, end) span, the index of the trigger it belongs to: the nearest preceding
    trigger unless a following one is clearly closer and not in a subordinate phrase ("reopened
    the crossing on Monday after a week-long closure": Monday is the reopening's)."""
    result: list[int | None] = []
    for start, end in items_pos:
        best = None
        prev = [(start - t.end, i) for i, t in enumerate(triggers) if t.end <= start]
        nxt = [(t.start - end, i) for i, t in enumerate(triggers) if t.start >= end]
        inside = [i for i, t in enumerate(triggers) if t.start < end and start < t.end]
        if inside:
            best = inside[0]
        elif prev and nxt:
            d1, i1 = min(prev)
            d2, i2 = min(nxt)
            between = text[end : triggers[i2].start] if text is not None else ""
            subordinate = _SUBORDINATE.search(between) is not None
            # "fought on Thursday evening, and aircraft struck ...": the day closes its clause
            closes = _CLAUSE_BREAK.search(between) is not None
            best = i2 if d2 * 2 < d1 and not subordinate and not closes else i1
            if text is not None and ";" in text[triggers[i1].end : start] and ";" not in between:
                best = i2  # "...; and the Chaman crossing has also been closed": its own clause's
        elif prev:
            best = min(prev)[1]
            later = _LATER_CLAUSE.search(text, triggers[best].end, start) if text is not None else None
            if later is not None and "," not in text[later.end() : start]:
                best = None  # "torched a post near X, hours after troops killed militants in Y": Y is not X's
        elif nxt:
            best = min(nxt)[1]
        result.append(best)
    return result


# a comma-led clause about another, earlier happening: what it names is not the main event's
_LATER_CLAUSE = re.compile(
    r",\s+(?:(?:hours|days|minutes|weeks|shortly|soon|just|a\s+day|a\s+week|(?:\w+\s+)?(?:hours|days|weeks))\s+)?"
    r"(?:after|before|following)\b(?![^,]{0,12}\b(?:attacks?|strikes?|clash(?:es)?|shelling)\b)",
    re.I,
)


def extract_incidents(article: Article, gazetteer) -> list[Incident]:
    """The incidents one article reports (before merging across articles), in a stable order."""
    sents = sentences(article.body)
    if not sents:
        return []
    published = article.published
    place_mentions, boundary_mentions, all_mentions = _usable_mentions(gazetteer, article, sents)

    events: list[EventMention] = []
    figure_claims: list[tuple[Sentence, list[Claim]]] = []
    speaker: claims_mod.Speaker | None = None
    people: dict[str, tuple[str, str | None]] = {}  # surname -> claimant, of people named so far
    speaker_para = -10  # paragraph of the last sentence that named its speaker
    last_type: str | None = None
    last_type_sentence = -10
    last_militant = False  # the last violent event was a militant attack (not any `other` event)
    lead: tuple[str, int] | None = None  # (type, sentence) of the article's first violent event
    last_separate = False  # the last violent event was introduced as "a separate incident"
    orphan_dates: dict[int, list[tuple[int, dates_mod.DatePhrase]]] = {}
    previous_day: date | None = None  # the last day a sentence named, for "the previous day"
    sentence_claims_cache: dict[int, list[Claim]] = {}
    lede_type: str | None = None
    lede_sentence = -1  # the sentence of the article's first reported (not recalled) event
    statement_claims: list[tuple[Sentence, list[Claim]]] = []

    for s in sents:
        prev_speaker = (
            speaker if (speaker is not None and s.index > 0 and sents[s.index - 1].para == s.para) else None
        )
        if prev_speaker is None and _DEFINITE_SPEAKER.search(s.text):
            prev_speaker = speaker  # "the official said" names the official quoted before, paragraphs up
        elif prev_speaker is None and _HE_SAID.match(s.text) and s.para - speaker_para <= 1:
            prev_speaker = speaker
        current = claims_mod.sentence_speaker(s.text, prev_speaker, people)
        s_claims = claims_mod.sentence_claims(
            s.text, article.id, prev_speaker, statement_claim=True, known=people
        )
        claims_mod.remember_people(((c.claimant, c.side) for c in s_claims), people)
        sentence_claims_cache[s.index] = s_claims
        speaker = current or prev_speaker
        if current is not None:
            speaker_para = s.para

        triggers = find_triggers(s.text)
        # anaphoric triggers take the type of the previous event (within 3 sentences)
        resolved: list[Trigger] = []
        firefights: set[Trigger] = set()  # the firefight of the militant attack just before
        for t in triggers:
            if t.strength == "anaphoric":
                if _AGGREGATE.search(s.text):
                    continue  # "attacks have surged, leading to 950 casualties in 2024"
                if last_separate and lead is not None and lead[0] != last_type:
                    # "In a separate incident, shells hit Bajaur. [...] The Afghan side said
                    # Pakistan started the firing": the firing is the article's main event
                    t = Trigger(lead[0], t.strength, t.start, t.end, t.text)
                    resolved.append(t)
                    continue
                if (
                    last_type is None
                    or s.index - last_type_sentence > 3
                    or last_type in ("crossing_closed", "crossing_reopened")
                ):
                    continue
                t = Trigger(last_type, t.strength, t.start, t.end, t.text)
            elif _follows_militant_attack(s.text, t, last_militant, s.index - last_type_sentence):
                t = Trigger("other", t.strength, t.start, t.end, t.text)
                firefights.add(t)
            resolved.append(t)
        triggers = resolved
        phrases = dates_mod.event_dates(s.text, published, previous_day)
        said_on = dates_mod.statement_dates(s.text, published, previous_day)
        day_phrases = [p for p in phrases if p.precision == "day"]
        if day_phrases:
            previous_day = day_phrases[0].date
        if not triggers:
            if phrases:
                orphan_dates.setdefault(s.para, []).extend((s.index, p) for p in phrases)
            if any(c.quantity is not None or (c.unit or "").startswith("posts") for c in s_claims):
                figure_claims.append((s, s_claims))
            elif (
                (current is not None or _VERIFY.search(s.text))
                and events
                and not _NOT_ABOUT_THE_EVENT.search(s.text)
            ):
                statement_claims.append((s, s_claims))
            continue
        if all(
            t.type in ("post_captured_or_destroyed", "crossing_closed", "crossing_reopened") for t in triggers
        ):
            casualties = [c for c in s_claims if c.unit in ("killed", "wounded", "neutralised")]
            if casualties:
                figure_claims.append((s, casualties))

        # places -> triggers
        mentions = place_mentions.get(s.index, [])
        owners = _assign_nearest([(m.start - s.start, m.end - s.start) for m in mentions], triggers, s.text)
        # dates -> triggers
        date_owner = _date_owners(phrases, triggers, s.text)
        kept_triggers = []
        for t in triggers:
            if _GENERIC_WEAK.search(s.text[max(0, t.start - 30) : t.start]) and not phrases and not mentions:
                continue  # "sporadic shelling" with neither time nor place: generic history
            kept_triggers.append(t)
        if len(kept_triggers) != len(triggers):
            triggers = kept_triggers
            if not triggers:
                continue
            owners = _assign_nearest(
                [(m.start - s.start, m.end - s.start) for m in mentions], triggers, s.text
            )
            date_owner = _date_owners(phrases, triggers, s.text)
        border_spans = [(m.start - s.start, m.end - s.start) for m in boundary_mentions.get(s.index, [])]
        border_spans += [(m.start(), m.end()) for m in _BORDER_PHRASE.finditer(s.text)]
        border_owner = _assign_nearest(border_spans, triggers, s.text)

        typed_seen: dict[str, int] = {}
        refs_of: dict[int, list[PlaceRef]] = {}
        for ti, t in enumerate(triggers):
            refs: list[PlaceRef] = []
            for m, owner in zip(mentions, owners):
                if owner != ti:
                    continue
                existing = next((r for r in refs if r.place.id == m.place.id), None)
                if existing:
                    existing.texts.append(m.text)
                else:
                    refs.append(PlaceRef(m.place, [m.text], m.start))
            # fighting "near the gate" / "at the crossing" is at the crossing the text names
            if (
                not refs
                and t.type not in ("crossing_closed", "crossing_reopened")
                and _AT_THE_CROSSING.search(s.text)
            ):
                refs = _crossing_antecedents(s, sents, place_mentions, crossings_only=True)
            # crossing events may use the crossing named elsewhere in the sentence / just before
            if t.type in ("crossing_closed", "crossing_reopened"):
                if not refs:
                    # a crossing named in the sentences before, rather than the town beside it
                    # ("trucks waiting in Landi Kotal ... The crossing was closed on 2 March")
                    refs = _crossing_antecedents(s, sents, place_mentions)
                    if not any(r.place.kind == "crossing" for r in refs):
                        refs = _crossing_antecedents(s, sents, place_mentions, crossings_only=True) or refs
                elif not any(r.place.kind == "crossing" for r in refs) and re.search(
                    r"\b(?:the|this|that)\s+(?:border\s+)?(?:crossing|gate)\b", s.text, re.I
                ):
                    # "fighting broke out at Torkham; the crossing was closed": the crossing named
                    # before it in the sentence, else in the sentences before
                    here = [
                        m
                        for m in place_mentions.get(s.index, [])
                        if m.place.kind == "crossing" and m.end - s.start <= t.start
                    ]
                    previous = [PlaceRef(here[-1].place, [here[-1].text], here[-1].start)] if here else []
                    previous = previous or _crossing_antecedents(
                        s, sents, place_mentions, crossings_only=True, skip_current=True
                    )
                    refs = previous or refs
            my_dates = [p for p, owner in zip(phrases, date_owner) if owner == ti]
            if t.strength in ("causal", "militant") and not refs and not my_dates:
                # "in retaliation for an attack on its soldiers", "analysts said militants attacked
                # because of the crackdown": neither time nor place, no incident
                continue
            blamed = _blamed_for_closure(s.text, triggers, ti, refs_of)
            if blamed and not refs:
                # "Torkham was closed ... after forces exchanged fire": the fire was at the crossing
                refs = [
                    PlaceRef(r.place, list(r.texts), r.start)
                    for r in refs_of[ti - 1]
                    if r.place.kind == "crossing"
                ]
            if not refs and t.type not in ("crossing_closed", "crossing_reopened"):
                refs = _post_antecedents(s, sents, place_mentions)
            if not refs:
                refs = _unit_antecedent(s, t, all_mentions.get(s.index, []))
            refs_of[ti] = refs
            if not my_dates and len(triggers) == 1:
                my_dates = list(phrases)
            if (
                not my_dates
                and ti > 0
                and triggers[ti - 1].type != "crossing_reopened"
                and re.search(r"\b(?:after|following)\b", s.text[triggers[ti - 1].end : t.start], re.I)
            ):
                # "shut a fortnight ago after a gunfight": the cause is dated like its consequence
                my_dates = [p for p, owner in zip(phrases, date_owner) if owner == ti - 1]
            phrase = (
                min(
                    my_dates,
                    key=lambda p: (dates_mod.PRECISION_RANK[p.precision], _FUZZY.get(p.text.lower(), 0)),
                )
                if my_dates
                else None
            )
            ended = (
                _ended_closure(s.text, t, triggers, phrases, date_owner)
                if t.type == "crossing_closed"
                else None
            )
            if ended is not None:
                phrase = (
                    ended  # "reopened on Saturday, ending a closure of three weeks": closed 3 weeks before
                )
            background = (
                True
                if ended is not None
                else _background(s.text, t, phrase, published, typed_seen, lede_type)
            )
            if (
                background is True
                and blamed
                and s.index == lede_sentence
                and _same_news(phrase, events[-1].date if events else None)
            ):
                # the cause of the lead's closure, not marked as earlier, is part of the news
                background = False
            if lede_type is None and background is not True:
                lede_type = t.type
                lede_sentence = s.index
            typed_seen.setdefault(t.type, ti)
            groups = _collapse(refs, s.text, s.start, gazetteer) if refs else []
            claims_here = list(s_claims)
            owner = _post_owner(s.text, t) if t.type == "post_captured_or_destroyed" else None
            claim_of = _CLAIM_OF.search(s.text, max(0, t.start - 60), t.start) if owner is None else None
            if t.type == "post_captured_or_destroyed" and claim_of is not None:
                # "the Afghan claim of a destroyed post": Kabul claims a Pakistani post, whoever speaks
                owner = "PK" if re.match(r"(?i)afghan|taliban|kabul", claim_of.group("side")) else "AF"
            elif (
                t.type == "post_captured_or_destroyed"
                and owner is None
                and current is not None
                and current.side in ("AF", "PK")
            ):
                # "Mujahid claimed ... 25 posts captured": a side claims the other side's posts
                if not re.search(
                    r"\b(?:our|its own|their own|abandoned)\b",
                    s.text[max(0, t.start - 40) : t.end + 40],
                    re.I,
                ):
                    owner = "PK" if current.side == "AF" else "AF"
            key = (s.index, t.start) if len(groups) > 1 else None
            # "the military said in a statement on Friday that posts had been destroyed": Friday
            # dates the statement; the event took place then at the latest
            bound = next((p for p in reversed(said_on) if p.end <= t.start), None) if phrase is None else None
            if not groups:
                events.append(
                    EventMention(
                        t.type,
                        s,
                        t,
                        [],
                        ti in border_owner,
                        phrase,
                        background,
                        None,
                        claims_here,
                        owner,
                        bound,
                    )
                )
            for g in groups:
                events.append(
                    EventMention(t.type, s, t, g, False, phrase, background, key, claims_here, owner, bound)
                )
        violent = [
            t for t in triggers
            if t.type not in ("post_captured_or_destroyed", "crossing_closed", "crossing_reopened") and t.strength != "causal"
        ]  # fmt: skip
        if violent:
            last_type = violent[0].type
            # a militant attack, or another `other` event carried out by militants ("foiled an
            # attempt by militants to infiltrate"): the firefight that follows is part of it
            last_militant = (
                violent[0].strength == "militant"
                or violent[0] in firefights
                or (violent[0].type == "other" and _MILITANT_ACTORS.search(s.text) is not None)
            )
            last_type_sentence = s.index
            last_separate = _SEPARATE.match(s.text) is not None
            if lead is None and not _SEPARATE.match(s.text):
                lead = (violent[0].type, s.index)

    # paragraph-level date phrases for events without their own
    for e in events:
        if e.date is None:
            candidates = orphan_dates.get(e.sentence.para, [])
            if candidates:
                e.date = min(candidates, key=lambda ip: abs(ip[0] - e.sentence.index))[1]
                if e.background is None and published and e.date.date and (published - e.date.date).days > 4:
                    e.background = True

    clusters = _cluster(events, gazetteer)
    _closures_ended(clusters)
    _attach_figure_claims(clusters, figure_claims)
    _attach_statement_claims(clusters, statement_claims, sents)
    return _to_incidents(clusters, article, gazetteer, boundary_mentions)


def _blamed_for_closure(
    text: str, triggers: list[Trigger], ti: int, refs_of: dict[int, list[PlaceRef]]
) -> bool:
    """A violent event that the crossing closure just before it in the sentence is blamed on ("the
    X crossing was closed on Wednesday after forces exchanged fire")."""
    if ti == 0 or triggers[ti].type not in ("armed_clash", "artillery_shelling"):
        return False  # jets or drones "after" which a crossing closed struck elsewhere
    before = triggers[ti - 1]
    if before.type != "crossing_closed" or not any(
        r.place.kind == "crossing" for r in refs_of.get(ti - 1, [])
    ):
        return False
    return re.search(r"\b(?:after|following)\b", text[before.end : triggers[ti].start], re.I) is not None


def _same_news(phrase: dates_mod.DatePhrase | None, consequence: dates_mod.DatePhrase | None) -> bool:
    """The cause is dated like its consequence or at most the day (night) before it."""
    if phrase is None or phrase.date is None or consequence is None or consequence.date is None:
        return True
    return (consequence.date - phrase.date).days <= 1 and (phrase.date_end or phrase.date) <= (
        consequence.date_end or consequence.date
    )


# "in the exchange of fire": within two sentences of a militant attack the fight is that attack's
# (a separate one is announced as such, see _SEPARATE); "in a gunfight" too, unless the fight is
# "with Afghan forces" (a clash between the states' forces)
_DEFINITE_FIGHT = re.compile(r"\b(?:in|during|amid)\s+the\s+(?:[\w'’-]+\s+)?$", re.I)
_INDEFINITE_FIGHT = re.compile(r"\b(?:in|during|amid)\s+(?:a|an)\s+(?:[\w'’-]+\s+)?$", re.I)
_GUNFIGHT = re.compile(
    r"(?i)gun[\s-]?(?:fights?|battles?)|fire[\s-]?fights?|shoot[\s-]?outs?|exchanges?\s+of\s+fire"
)
_WITH_STATE_FORCES = re.compile(r"^\s+with\s+(?:the\s+)?(?:Afghan|Pakistani|Taliban|border)\b", re.I)


_SEPARATE = re.compile(
    r"\W*(?:in\s+(?:a|another)\s+separate\s+(?:incident|attack|development)|separately|elsewhere)\b", re.I
)


def _follows_militant_attack(text: str, t: Trigger, last_militant: bool, distance: int) -> bool:
    """'12 terrorists were killed in the exchange of fire' right after a militant attack: the
    definite fight is that attack's firefight, not a clash between the two states' forces. Only
    after a militant attack: after another `other` event (an interception, fence torn down) the
    fight that followed is a clash."""
    if not (last_militant and 0 <= distance <= 2 and t.type == "armed_clash"):
        return False
    before = text[max(0, t.start - 30) : t.start]
    if _DEFINITE_FIGHT.search(before):
        return True
    return bool(
        _INDEFINITE_FIGHT.search(before)
        and _GUNFIGHT.match(t.text)
        and not _WITH_STATE_FORCES.match(text[t.end : t.end + 40])
    )


_THE_POST = re.compile(
    r"\b(?:the|this|that)\s+(?:border\s+|security\s+|military\s+)?(?:post|outpost|checkpoint|check[- ]?post|picket|bunker)\b(?!\s+of\b)",
    re.I,
)
_A_POST = re.compile(r"\b(?:post|outpost|checkpoint|check[- ]?post|picket|bunker)\b", re.I)


def _post_antecedents(s: Sentence, sents: list[Sentence], place_mentions) -> list[PlaceRef]:
    """'six shells struck the post': the post located in one of the two sentences before (same or
    previous paragraph) locates this sentence's events too (GOLD_FORMAT 9: a place named in the
    previous sentence for the same event)."""
    if not _THE_POST.search(s.text):
        return []
    for i in range(s.index - 1, max(-1, s.index - 3), -1):
        if sents[i].para < s.para - 1:
            break
        found = place_mentions.get(i, [])
        if not found or not _A_POST.search(sents[i].text):
            continue
        refs: list[PlaceRef] = []
        for m in found:
            existing = next((r for r in refs if r.place.id == m.place.id), None)
            if existing:
                existing.texts.append(m.text)
            else:
                refs.append(PlaceRef(m.place, [m.text], m.start))
        return refs
    return []


_CLAIM_OF = re.compile(
    r"\b(?P<side>afghan|taliban|kabul|pakistani?|islamabad)(?:['’]s)?\s+claims?\s+(?:of|that)\b[^.;]{0,40}$",
    re.I,
)


def _post_owner(text: str, t: Trigger) -> str | None:
    """Whose posts: 'Pakistani outposts' -> PK, 'Taliban border posts' / 'Afghan posts' -> AF."""
    # the words before the posts noun, also when the trigger starts at it ("Pakistani posts had
    # been overrun")
    lead = re.search(r"(?:[\w'’-]+\s+){0,3}$", text[max(0, t.start - 40) : t.start])
    span = (lead.group(0) if lead else "") + t.text
    m = re.search(r"((?:[\w'’-]+\s+){0,3})" + _POSTS, span, re.I) or re.search(
        r"((?:[\w'’-]+\s+){0,3})" + _POSTS, text[t.start : t.end + 60], re.I
    )
    words = (m.group(1) if m else "").lower()
    if re.search(r"pakistan", words):
        return "PK"
    if re.search(r"afghan|taliban", words):
        return "AF"
    return None


_IN_THE_UNIT = re.compile(
    r"\b(?:in|inside|across|along)\s+the\s+(?P<kind>province|district)\b(?!\s+of\b)", re.I
)


def _unit_antecedent(s: Sentence, t: Trigger, mentions) -> list[PlaceRef]:
    """'officials in Khost province said forces exchanged fire in the province': the province the
    sentence named (`mentions`: all of the sentence's, even the speakers' place) is where it
    happened (the nearest before)."""
    m = _IN_THE_UNIT.search(s.text, t.end, t.end + 80)
    if m is None:
        return []
    kind = m.group("kind").lower()
    named = [
        x for x in mentions if x.place is not None and x.place.kind == kind and x.end - s.start <= m.start()
    ]
    return [PlaceRef(named[-1].place, [named[-1].text], named[-1].start)] if named else []


_AT_THE_CROSSING = re.compile(
    r"\b(?:near|at|around|close\s+to|outside)\s+the\s+(?:border\s+|customs\s+|main\s+|trade\s+)?(?:gate|crossing|crossing\s+point|terminal)\b",
    re.I,
)


def _crossing_antecedents(
    s: Sentence,
    sents: list[Sentence],
    place_mentions,
    *,
    crossings_only: bool = False,
    skip_current: bool = False,
) -> list[PlaceRef]:
    """Places the crossing of this sentence refers back to: this sentence's, else those of the two
    sentences before (same or previous paragraph). A crossing itself is the article's topic more
    than a town is, so `crossings_only` looks back up to six sentences and two paragraphs."""
    if not _CROSSING_CONTEXT.search(s.text) and not re.search(r"\b(?:it|they|both)\b", s.text, re.I):
        return []
    back, paragraphs = (6, 2) if crossings_only else (2, 1)
    candidates = ([] if skip_current else [s.index]) + [
        i for i in range(s.index - 1, max(-1, s.index - 1 - back), -1)
    ]
    for i in candidates:
        found = place_mentions.get(i, [])
        if i != s.index and sents[i].para < s.para - paragraphs:
            break
        if found:
            refs: list[PlaceRef] = []
            for m in found:
                if m.place.kind in ("province", "region", "country"):
                    continue
                if crossings_only and m.place.kind != "crossing":
                    continue
                existing = next((r for r in refs if r.place.id == m.place.id), None)
                if existing:
                    existing.texts.append(m.text)
                else:
                    refs.append(PlaceRef(m.place, [m.text], m.start))
            if refs:
                return refs
    return []


_TENSIONS = re.compile(r"\btensions?\b", re.I)
_LIST_GOES_ON = re.compile(r"\s*(?:,\s*(?:and\s+)?[A-Z]|and\b|or\b|&)")
_LIST_BEFORE = re.compile(r"(?:,|\band|\bor|&)\s*$")


@functools.lru_cache(maxsize=256)
def _first_end(pattern: re.Pattern, text: str) -> float:
    """Where the first match of `pattern` in `text` ends (infinity if none): "is there a match
    before position p" is `_first_end(pattern, text) <= p`, answered for every trigger of a
    sentence without searching its start again each time."""
    m = pattern.search(text)
    return m.end() if m else math.inf


def _background(
    text: str, t: Trigger, phrase, published: date | None, typed_seen: dict, lede_type: str | None
) -> bool | None:
    before = text[max(0, t.start - 70) : t.start]
    cue_match = None
    for cue_match in _BACKGROUND_CUE.finditer(before):  # noqa: B007 - keeps the last cue before the trigger
        pass
    cue = cue_match is not None
    cue_at = max(0, t.start - 70) + cue_match.start() if cue else 0
    if cue and _first_end(_TENSIONS, text) <= cue_at:
        cue = False  # "tensions rose following clashes": the clashes are the news
    if cue and claims_mod.search_before(_CONSEQUENCE, text, cue_at) and cue_match.group(0).lower() == "after":
        cue = False  # "a post was damaged after shells hit it": the harm and its cause are one news event
    if _PLUPERFECT.search(text[max(0, t.start - 25) : t.start]) and _first_end(_SPEECH_ANY, text) > t.start:
        cue = True
    if (
        not cue
        and _WEAK_BACKGROUND_CUE.search(text[max(0, t.start - 40) : t.start])
        and lede_type is not None
        and t.type != lede_type
    ):
        cue = True  # "recent airstrikes" in an article about clashes
    if cue and t.type == lede_type and re.search(r"\bthe\s+(?:[\w'’-]+\s+)?$", before):
        cue = False  # "closed the gate after the fighting": the fighting already reported
    if cue and t.type in typed_seen:
        cue = False  # "clashes erupted after forces launched attacks": the same event
    if phrase is not None and phrase.date is not None and published is not None:
        age = (published - (phrase.date_end or phrase.date)).days
        if age > 4 or phrase.precision == "month":
            return True
        if phrase.precision == "day" and not cue:
            return False
    if cue:
        return True
    if (
        phrase is not None
        and phrase.precision == "week"
        and phrase.text.lower() in ("recent", "recently", "earlier", "last week")
    ):
        return True if (lede_type is not None and t.type != lede_type) else None
    return None


def _evidence(c: Cluster) -> bool | None:
    flags = [m.background for m in c.members]
    if any(f is False for f in flags):
        return False
    if any(f is True for f in flags):
        return True
    return None


def _evidence_compatible(a: Cluster, b: Cluster) -> bool:
    ea, eb = _evidence(a), _evidence(b)
    return ea is None or eb is None or ea == eb


def _owners_compatible(a: Cluster, b: Cluster) -> bool:
    oa = {m.owner for m in a.members if m.owner}
    ob = {m.owner for m in b.members if m.owner}
    return not oa or not ob or oa == ob


_TWIN_KINDS = ("crossing", "populated_place", "pass")


_STILL = re.compile(
    r"\b(?:remain(?:s|ed)?|stay(?:s|ed)?|still|continu(?:es|ed)\s+to\s+be)\s+(?:\w+\s+)?$", re.I
)


def _closures_ended(clusters: list[Cluster]) -> None:
    """A closure that the article's news reopening has ended, reported after it, is context, not
    news: "the crossing reopened this morning ... it was closed three days ago"."""
    reopened = [
        c for c in clusters if c.type == "crossing_reopened" and not c.background and c.place is not None
    ]
    for c in clusters:
        if c.type != "crossing_closed" or c.background or c.place is None:
            continue
        closed_on = c.best_date()
        for r in reopened:
            opened_on = r.best_date()
            if (
                r.place.id != c.place.id
                or opened_on is None
                or closed_on is None
                or closed_on.date >= opened_on.date
            ):
                continue
            if c.first_sentence().index < r.first_sentence().index:
                continue  # the closure leads the article: it is the news the reopening follows
            for m in c.members:
                m.background = True
            break


def _began_before(c: Cluster, e: EventMention, days: int) -> bool:
    first = c.best_date()
    if first is None or e.date is None or e.date.date is None:
        return True
    return 0 <= (e.date.date - first.date).days <= days


def _same_incident(c: Cluster, e: EventMention, place: Place | None, gazetteer) -> bool:
    """The mention reports the cluster's incident: same type and place, compatible dates, the
    same evidence of being news or background, and posts of the same side."""
    return (
        c.type == e.type
        and _places_match(c, place, gazetteer)
        and not any(_date_conflict(m.date, e.date) for m in c.members)
        and not (
            (e.background is True and _evidence(c) is False)
            or (e.background is False and _evidence(c) is True)
        )
        and not (e.owner and any(m.owner and m.owner != e.owner for m in c.members))
    )


def _cluster(events: list[EventMention], gazetteer) -> list[Cluster]:
    clusters: list[Cluster] = []
    for e in events:
        place = _best(e.places) if e.places else None
        target = None
        # "the gate remained closed as of Sunday": the state of a closure the article reported
        state = (
            e.type in ("crossing_closed", "crossing_reopened")
            and _STILL.search(e.sentence.text, max(0, e.trigger.start - 25), e.trigger.start) is not None
        )
        if state and place is not None:
            # the closure still in force: the latest at that place begun at most 45 days before
            fits = [
                c for c in clusters
                if c.type == e.type and _places_match(c, place, gazetteer) and _began_before(c, e, days=45)
            ]  # fmt: skip
            if fits:
                target = fits[-1]
                if any(m.date is not None for m in target.members):
                    e = replace(e, date=None)  # "as of Sunday" dates the state, not the closing
        if target is None:
            target = next((c for c in clusters if _same_incident(c, e, place, gazetteer)), None)
        if target is None:
            clusters.append(Cluster(e.type, [e], place, e.border, [t for r in e.places for t in r.texts]))
            if e.group_key:
                clusters[-1].group_keys.add(e.group_key)
        else:
            target.members.append(e)
            target.border = target.border or e.border
            if (
                place is not None
                and target.place is not None
                and _KIND_RANK.get(place.kind, 9) < _KIND_RANK.get(target.place.kind, 9)
            ):
                target.place = place
            for r in e.places:
                for t in r.texts:
                    if t not in target.texts:
                        target.texts.append(t)
            if e.group_key:
                target.group_keys.add(e.group_key)

    # twin places (< 15 km apart, e.g. towns facing each other across a crossing): one incident;
    # a district is an area of its own ("fire on a post near the pass, the response into the
    # district across the border" are two actions), never a twin town
    merged: list[Cluster] = []
    for c in clusters:
        twin = None
        if c.place is not None and c.place.kind in _TWIN_KINDS:
            for other in merged:
                if (
                    other.type == c.type
                    and other.place is not None
                    and other.place.kind in _TWIN_KINDS
                    and other.place.id != c.place.id
                ):
                    d = _distance_km(other.place, c.place)
                    if (
                        d is not None
                        and d <= 15
                        and not any(_date_conflict(a.date, b.date) for a in other.members for b in c.members)
                        and other.background == c.background
                    ):
                        twin = other
                        break
        if twin is None:
            merged.append(c)
        else:
            twin.members.extend(c.members)
            twin.texts.extend(t for t in c.texts if t not in twin.texts)
            twin.group_keys |= c.group_keys
    clusters = merged

    # unlocated mentions fold into the located incidents of the same type (claims repeated)
    out: list[Cluster] = []
    for c in clusters:
        if c.place is None:
            hosts = [
                h for h in clusters
                if h is not c and h.place is not None and h.type == c.type and _evidence_compatible(h, c)
                and not any(_date_conflict(a.date, b.date) for a in h.members for b in c.members)
                and _owners_compatible(h, c)
            ]  # fmt: skip
            if hosts:
                for h in hosts:
                    h.extra_claims.extend(cl for m in c.members for cl in m.claims)
                    h.members.extend(m for m in c.members if not any(x is m for x in h.members))
                continue
        out.append(c)
    clusters = out

    # an unlocated clash/shelling in an article that locates the fighting elsewhere is part of it
    # ("artillery exchanges from A to B ... border troops launched artillery fire on posts"), unless
    # the text gives it a location of its own, however vague ("struck locations inside Pakistan");
    # with neither place nor date, a mention flagged as earlier only by a cue ("troops had returned
    # fire after coming under attack") has nothing that sets it apart from that fighting either
    out = []
    fighting = ("armed_clash", "artillery_shelling")
    for c in clusters:
        if (
            c.place is None
            and c.type in fighting
            and not any(_COUNTRY_ONLY.search(m.sentence.text) for m in c.members)
        ):
            undated = all(m.date is None for m in c.members)
            hosts = [
                h for h in clusters
                if h is not c and h.place is not None and h.type in fighting and h.type != c.type and (undated or _evidence_compatible(h, c))
                and not any(_date_conflict(a.date, b.date) for a in h.members for b in c.members)
            ]  # fmt: skip
            if hosts:
                for h in hosts:
                    h.extra_claims.extend(cl for m in c.members for cl in m.claims)
                continue
        out.append(c)
    clusters = out

    _locate_posts_at_the_fighting(clusters)

    # shelling at a place where a clash is reported is part of the clash
    out = []
    for c in clusters:
        if c.type == "artillery_shelling" and c.place is not None:
            host = next(
                (h for h in clusters if h.type == "armed_clash" and h.place is not None and _nested(h.place, c.place, gazetteer)
                 and h.background == c.background), None)  # fmt: skip
            if host is not None:
                host.extra_claims.extend(cl for m in c.members for cl in m.claims)
                continue
        out.append(c)
    return out


def _locate_posts_at_the_fighting(clusters: list[Cluster]) -> None:
    """'The army claimed three Afghan posts were destroyed' with no place of its own, in an article
    whose fighting is at one place: the posts were lost in that fighting, so they are located there
    (GOLD_FORMAT 9: context from the same article). Fighting at several places leaves them
    unlocated: the text does not say which place lost the posts."""
    violent = ("armed_clash", "artillery_shelling", "airstrike", "drone_strike")
    for c in clusters:
        if c.type != "post_captured_or_destroyed" or c.place is not None or c.background:
            continue
        hosts = [
            h for h in clusters
            if h.type in violent and h.place is not None and not h.background
            and not any(_date_conflict(a.date, b.date) for a in h.members for b in c.members)
        ]  # fmt: skip
        if len({h.place.id for h in hosts}) == 1:
            c.place = hosts[0].place


def _attach_figure_claims(clusters: list[Cluster], figure_claims: list[tuple[Sentence, list[Claim]]]) -> None:
    """Figures in sentences without an event trigger go to the closest preceding event (posts
    figures to a post event, casualties to a violent one), else to the first following one."""
    violent = ("armed_clash", "artillery_shelling", "airstrike", "drone_strike", "other")
    for s, cl in figure_claims:
        for claim in cl:
            wanted = ("post_captured_or_destroyed",) if (claim.unit or "").startswith("posts") else violent
            candidates = [c for c in clusters if c.type in wanted]
            if not candidates:
                candidates = [c for c in clusters if c.type in violent + ("post_captured_or_destroyed",)]
            if not candidates:
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


_VERIFY = re.compile(
    r"\b(?:verif\w*|unverified|confirm\w*|denied|denies|independently|comment(?:ed)?|could\s+not\s+be\s+reached|no\s+word)\b",
    re.I,
)
# a verdict on the figures just reported ("neither figure could be verified") concerns the incidents
# that carry those figures, not whichever event was named last
_ABOUT_FIGURES = re.compile(r"\b(?:figures?|tolls?|numbers?|casualty\s+(?:claims?|counts?))\b", re.I)
# "did not confirm the strike": the sentence names the event it is about
_DEFINITE_EVENT = re.compile(
    r"\b(?:the|this|these|those)\s+(?:[\w'’-]+\s+)?(?:strikes?|attacks?|raids?|bombings?|shelling|clash(?:es)?|fighting|incident|operation)\b",
    re.I,
)
# statements about trade, cargo and the gate are about a crossing event, never about a strike or
# a clash; statements about firing and casualties are about a violent event, not a closure
_TRADE = re.compile(
    r"\b(?:cargo|trade|trucks|goods|traders|vehicles|traffic|gate|stranded|travell?ers|pedestrians|transit|"
    r"containers|reopen\w*|closure)\b",
    re.I,
)
_VIOLENCE_TALK = re.compile(
    r"\b(?:fired|firing|shell(?:s|ed|ing)?|clash\w*|attack\w*|wounded|injured|killed|died|martyred|"
    r"struck|strikes?|bomb\w*|casualt\w+)\b",
    re.I,
)


# statements next to an event that are about something else: warnings, demands, diplomacy, trade
_NOT_ABOUT_THE_EVENT = re.compile(
    r"\b(?:warn\w*|threat\w*|vow\w*|urg(?:e|ed|es|ing)|call(?:ed|s|ing)?\s+(?:on|for)|demand\w*|summon\w*|"
    r"raised?\s+the\s+(?:matter|issue)|ceasefire|truce|talks|negotiat\w*|relations|econom\w*|"
    r"would\s+respond|will\s+respond|reserves?\s+the\s+right)\b",
    re.I,
)


def _attach_statement_claims(clusters: list[Cluster], statement_claims, sents: list[Sentence]) -> None:
    """Attributed sentences without an event of their own ("Afghan officials said nobody was hurt")
    follow up the event reported just before them (up to two sentences back, same or next
    paragraph): their claims go to that event's incidents. Exceptions, each for a reason given in
    `_statement_targets`."""
    for s, cl in statement_claims:
        for c in _statement_targets(clusters, s, sents):
            c.extra_claims.extend(cl)


def _statement_targets(clusters: list[Cluster], s: Sentence, sents: list[Sentence]) -> list[Cluster]:
    crossing = ("crossing_closed", "crossing_reopened")
    trade, violence = bool(_TRADE.search(s.text)), bool(_VIOLENCE_TALK.search(s.text))
    pool = clusters
    if trade and not violence:
        pool = [c for c in clusters if c.type in crossing]
    elif violence and not trade:
        pool = [c for c in clusters if c.type not in crossing] or clusters
    if _ABOUT_FIGURES.search(s.text):
        recent = {sents[i].text for i in range(max(0, s.index - 2), s.index)}
        holders = [
            c
            for c in pool
            if any(cl.quantity is not None and cl.statement in recent for cl in _cluster_claims(c))
        ]
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


def _cluster_claims(c: Cluster) -> list[Claim]:
    return [cl for m in c.members for cl in m.claims] + c.extra_claims


def _location_precision(place: Place | None, etype: str, border: bool) -> int:
    if place is None:
        return 5 if border else 7
    kind = place.kind
    if kind == "boundary":
        return 5
    if kind == "crossing":
        # a crossing whose point is a fallback (district HQ, province) is no finer than that point
        return max(1 if etype in ("crossing_closed", "crossing_reopened") else 2, place.precision or 1)
    if kind == "district":
        return 3
    if kind == "province":
        return 4
    if kind == "region":
        return max(place.precision or 5, 4)
    if kind == "country":
        return 6
    if kind in ("populated_place", "pass"):
        if etype in ("crossing_closed", "crossing_reopened"):
            return 1
        return max(2, place.precision or 2) if place.precision and place.precision <= 3 else 2
    return place.precision or 2


def _to_incidents(clusters: list[Cluster], article: Article, gazetteer, boundary_mentions) -> list[Incident]:
    published = article.published
    pub_text = published.isoformat() if published else None
    # group ids: clusters sharing a split key
    keys_sorted = sorted({k for c in clusters for k in c.group_keys})
    key_members = {k: [c for c in clusters if k in c.group_keys] for k in keys_sorted}
    group_ids: dict[int, str] = {}
    n = 0
    for k in keys_sorted:
        members = key_members[k]
        if len(members) < 2 or any(id(c) in group_ids for c in members):
            continue
        n += 1
        for c in members:
            group_ids[id(c)] = f"{article.id}-G{n}"

    # the article's news date: the best explicit date of its primary incidents; undated primary
    # incidents ("captured three outposts during the clashes") share it
    # (the first reported: a later "Meanwhile, ... on Monday" is other news)
    primary_phrases = [(c.first_sentence().index, c.best_date()) for c in clusters if not c.background]
    primary_phrases = [
        (i, p)
        for i, p in primary_phrases
        if p is not None and p.precision == "day" and p.text.lower() not in _FUZZY
    ]
    article_phrase = (
        min(primary_phrases, key=lambda ip: (ip[0], ip[1].date, ip[1].start))[1] if primary_phrases else None
    )

    # the lead (the first sentence reporting news) dates each type of event it names: a later
    # undated report of the same type ("Hours later, jets bombed ...") takes that day
    lead_index = min(
        (m.sentence.index for c in clusters if not c.background for m in c.members), default=None
    )
    lead_phrases: dict[str, dates_mod.DatePhrase] = {}
    for c in clusters:
        for m in c.members:
            p = m.date
            if (
                m.sentence.index == lead_index
                and m.background is not True
                and p is not None
                and p.date is not None
                and p.precision == "day"
                and p.text.lower() not in _FUZZY
            ):
                lead_phrases.setdefault(c.type, p)

    incidents: list[Incident] = []
    for c in clusters:
        anchor = _anchor(c)
        phrase = c.best_date()
        if phrase is None and not c.background and c.type in lead_phrases:
            phrase = lead_phrases[c.type]
        tied = c.type not in ("crossing_closed", "crossing_reopened") or any(
            _AFTER_FIGHTING.search(m.sentence.text) for m in c.members
        )  # a closure "after the fighting" dates from the fighting; otherwise from its own report
        if phrase is None and not c.background and article_phrase is not None and tied:
            phrase = article_phrase
        bounds = [m.said_on for m in c.members if m.said_on is not None]
        if bounds and not c.background and c.best_date() is None:
            # reported in a statement of that day: the news of the article up to then, else that day
            bound = min(bounds, key=lambda p: p.date)
            if phrase is None or phrase.date is None or phrase.date > bound.date:
                phrase = bound
        if (
            phrase is not None
            and not c.background
            and phrase.precision == "week"
            and phrase.text.lower() in _FUZZY
        ):
            phrase = None  # "the recent fighting" reported as this article's news
        if phrase is not None:
            d, d_end, precision = phrase.date, phrase.date_end, phrase.precision
            if (
                phrase.night
                and d_end is None
                and any("midnight" in m.sentence.text.lower() for m in c.members)
            ):
                d_end = d + timedelta(days=1)
        else:
            d, d_end, precision = dates_mod.default_date(published, c.background)
        if d is not None and published is not None and d > published and precision == "day":
            d = published
        if d_end is not None and d is not None and d_end <= d:
            d_end = None
        place = c.place
        border = c.border and place is None
        if border:
            place = _durand_place(
                gazetteer, [m for e in c.members for m in boundary_mentions.get(e.sentence.index, [])]
            )
        lat = lon = None
        country = admin1 = None
        if place is not None and place.kind != "boundary" and place.lat is not None and place.lon is not None:
            lat, lon = place.lat, place.lon
            try:
                country = gazetteer.border_side(lon, lat)
            except Exception:
                country = place.country
            admin1 = place.admin1 or (place.name if place.kind == "province" else None)
        precision_loc = _location_precision(place, c.type, border)
        sentence_texts = [m.sentence.text for m in sorted(c.members, key=lambda m: m.sentence.index)]
        all_claims = [cl for m in c.members for cl in m.claims] + c.extra_claims
        claims = tuple(sorted(claims_mod.dedupe(all_claims), key=claims_mod.sort_key))
        verification = "contested" if claims_mod.contested(claims) else "single_source"
        notes = []
        if border:
            notes.append("border-wide: no place named; located on the boundary as a line")
        if place is None:
            notes.append("unlocated: the text names no usable place")
        incidents.append(
            Incident(
                event_type=c.type,
                date=d,
                date_end=d_end,
                date_precision=precision if d is not None else "unknown",
                place=place,
                place_mentions=tuple(c.texts),
                location_precision=precision_loc,
                lat=lat,
                lon=lon,
                country=country,
                admin1=admin1,
                actors=_actors(sentence_texts, c.type),
                claims=claims,
                sources=(
                    Source(
                        article=article.id,
                        title=article.title,
                        outlet=article.outlet,
                        url=article.url,
                        published=pub_text,
                        quote=anchor.text,
                    ),
                ),
                mention="background" if c.background else "primary",
                verification=verification,
                group=group_ids.get(id(c)),
                notes=tuple(notes),
            )
        )
    keyed = [
        ((inc.mention != "primary", c.first_sentence().index, i), inc)
        for i, (c, inc) in enumerate(zip(clusters, incidents))
    ]
    keyed.sort(key=lambda pair: pair[0])
    ordered = [inc for _, inc in keyed]
    renumber: dict[str, str] = {}
    for inc in ordered:
        if inc.group and inc.group not in renumber:
            renumber[inc.group] = f"{article.id}-G{len(renumber) + 1}"
    return [replace(inc, group=renumber[inc.group]) if inc.group else inc for inc in ordered]


def _anchor(c: Cluster) -> Sentence:
    """The evidence sentence: the first one naming the incident's place, else the first one."""
    members = sorted(c.members, key=lambda m: m.sentence.index)
    for m in members:
        if m.places:
            return m.sentence
    return members[0].sentence
