"""Event triggers: typed patterns that name an event in a sentence (the `triggers` pass).

Each trigger rule has a name (recorded on every trigger it fires), an event type and a strength:
strong | weak | anaphoric ("the strikes": the type of the previous event) | causal (the attack
another event answers; an optional group "noun" gives the trigger span) | militant (a militant
attack)."""

from __future__ import annotations

import re

from .state import Trigger

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

TRIGGERS: list[tuple[str, str, str, re.Pattern[str]]] = [
    # (rule name, type, strength, pattern); strength: strong | weak | anaphoric | causal (the attack another
    # event answers; an optional group "noun" gives the trigger span) | militant (a militant
    # attack: strong, and the fight that a later sentence calls "the exchange of fire" is its own)
    (
        "drone_strike",
        "drone_strike",
        "strong",
        re.compile(
            r"\bdrones?\s+(?:strikes?|attacks?|struck|hit|fired|targeted|attacked)\b|\bUAV\s+(?:strikes?|attacks?)\b|\bunmanned aerial vehicles?\b(?=.{0,40}\b(?:struck|hit|fired|strike))",
            re.I,
        ),
    ),
    (
        "airstrike",
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
        "clash",
        "armed_clash",
        "strong",
        re.compile(
            r"\bclash(?:es|ed|ing)?\b|\bexchange[sd]?\s+(?:of\s+)?(?:heavy\s+|intense\s+)?(?:fire|gunfire|artillery|shots|firing)\b|\bartillery\s+exchanges?\b|\b(?:fierce|heavy|intense|brief|deadly)\s+exchanges?\b|\btrad(?:ed|ing|e)\s+(?:heavy\s+)?fire\b|\bfire[\s-]?fights?\b|\bgun[\s-]?(?:fights?|battles?)\b|\bgunfire\b|\bskirmish(?:es)?\b|\bfighting\b(?!\s+(?:against|the|a|an|for|to|terror\w*|militan\w*|insurgen\w*)\b)|\bfought\b|\bheavy\s+firing\b|\bborder\s+(?:assaults?|fighting)\b",
            re.I,
        ),
    ),
    (
        "shelling",
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
        "post_taken",
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
        "crossing_reopened",
        "strong",
        re.compile(
            r"\bre-?open(?:ed|s|ing)?\b|\bresum(?:ed|es|ing)\s+(?:trade|traffic|movement|operations)\b|\bopened\s+(?:again|for\s+(?:trade|traffic|pedestrians))\b",
            re.I,
        ),
    ),
    (
        "crossing_closed",
        "crossing_closed",
        "strong",
        re.compile(
            r"\bclos(?:ed|es|ing|ure)\b|\bshut(?:\s+down)?\b|\bsealed\b|\b(?:suspended|halted|stopped|blocked)\s+(?:all\s+|the\s+)?(?:cross-border\s+|border\s+)?(?:trade|traffic|movement|crossings?)\b|\b(?:remains?|remained|stays?|stayed|has\s+been|have\s+been|had\s+been|was|were)\s+(?:\w+\s+)?(?:suspended|halted)\b",
            re.I,
        ),
    ),
    (
        "fence_or_infiltration",
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
        "militant_attack",
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
        "causal_attack",
        "other",
        "causal",
        re.compile(
            _CAUSE
            + r"\s+(?:an?\s+|the\s+|(?:last|this)\s+\w+['’]s\s+)?(?:[\w'’-]+\s+){0,3}?(?P<noun>attacks?|ambush(?:es)?|assaults?|bombings?)\b",
            re.I,
        ),
    ),
    (
        "attack_on_post",
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
        "anaphoric",
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


def raw_triggers(text: str) -> list[Trigger]:
    """Every trigger of a sentence, non-overlapping (earlier rules win), in text order."""
    raw: list[Trigger] = []
    for name, etype, strength, pattern in TRIGGERS:
        for m in pattern.finditer(text):
            start, end = m.span("noun") if "noun" in pattern.groupindex else m.span()
            if any(start < t.end and t.start < end for t in raw):
                continue
            raw.append(Trigger(etype, strength, start, end, text[start:end], name))
    raw.sort(key=lambda t: t.start)
    return raw
