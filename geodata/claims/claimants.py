"""Claimants: a speaker phrase -> (claimant label, side).

The labels and sides are the speaker_* rules of rules/actors.yaml (the first that matches wins);
people are named "Name (office)" with the side their office names, or by data/spokespeople.csv.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..rules import rule, ruleset
from .people import INSTITUTION, ROLE_WORD, is_name, known_person, name_run

# speaker phrase -> (claimant label, side): rules/actors.yaml, speaker_*, first match wins
_NORMALISER: list[tuple[re.Pattern[str], str, str | None]] = [
    (r.regex, r.meta["label"], r.meta["side"])
    for r in ruleset("actors").values()
    if r.name.startswith("speaker_")
]
_LEADING_ARTICLE = rule("leading_article").regex
_ACCORDING_TO_PREFIX = rule("according_to_prefix").regex
_LABEL_DETERMINER = rule("label_determiner").regex
_ROLE_OF_A_COUNTRY = rule("role_of_a_country").regex
_TRAILING_WORDS = rule("speaker_trailing_auxiliary")
_INTERNATIONAL_BODY = rule("speaker_international_body").regex


@lru_cache(maxsize=8192)  # pure, and the same phrases recur across sentences and articles
def normalise_speaker(phrase: str) -> tuple[str, str | None] | None:
    """(claimant label, side) for a speaker phrase, or None if it names nobody we recognise.
    A person of `known_people()` gets "Name (role)" and the side of the data file; another named
    person with a role ("Deputy Commissioner Tariq Mehmood Khan", "Sher Agha Samim, spokesman
    for the Paktia governor") gets "Name (role)" and the side the role names, if any. Speakers of
    neither side keep their own short description ("Customs officials", "Residents of the town")
    so that different independent sources stay distinguishable."""
    text = phrase.replace("’", "'").strip()
    if not text:
        return None
    person = known_person(text)
    if person is not None:
        return person.label, person.side
    # "Doctors Without Borders" is an organisation, not a doctor named "Without Borders"
    named = None if _INTERNATIONAL_BODY.search(text) else _named_with_role(text)
    if named is not None:
        return named
    return _normalise_role(text)


def _normalise_role(text: str) -> tuple[str, str | None] | None:
    for pattern, label, side in _NORMALISER:
        if pattern.search(text):
            if side in (None, "independent") and label != "Officials of both sides":
                own = _short_label(text)
                if own:
                    return own, side
            return label, side
    return None


def _named_with_role(text: str) -> tuple[str, str | None] | None:
    """'Provincial information director Rahimullah Nazar Wali' (role, then name) or 'Mustaghfir
    Gurbaz spokesman for the Paktia governor' (name, then role) -> ('Name (role)', side of the
    role). A name is 2-4 capitalised words (one word right after the role noun: 'spokesman
    Hamidullah'); the role must hold a noun of office, so a place or an outlet is no name."""
    parts = [p.strip() for p in text.strip(" ,.\"“”'").split(",") if p.strip()]
    if len(parts) >= 2:  # appositives: "Name, role" or "role, Name"
        role_words = lambda p: any(ROLE_WORD.match(w.strip("'")) for w in p.split())  # noqa: E731
        if is_name(parts[0]) and role_words(parts[1]):
            return _name_label(parts[0], " ".join(parts[1].split()[:10]))
        if is_name(parts[-1]) and role_words(parts[-2]):
            return _name_label(parts[-1], " ".join(parts[-2].split()[-10:]))
        title, *name = parts[-1].split()
        if ROLE_WORD.match(title) and is_name(" ".join(name)) and role_words(parts[-2]):
            # "Pakistan's envoy for Afghanistan, Ambassador Zar Sadiq": the office, then the title
            return _name_label(" ".join(name), f"{' '.join(parts[-2].split()[-10:])}, {title}")
    words = text.strip(" ,.\"“”'").replace(",", " ").split()
    if len(words) < 2:
        return None
    # role, then name: the longest trailing run of name words
    back = name_run(list(reversed(words)))
    role = words[: len(words) - back]
    # "Residents of Mir Ali": the capitalised words after a preposition are a place
    place_after = bool(role) and role[-1].lower() in ("of", "in", "at", "from", "near", "to", "for", "and")
    if back and back < len(words) and not place_after:
        if (back >= 2 or ROLE_WORD.match(role[-1])) and any(
            ROLE_WORD.match(w.strip(",'")) for w in role[-8:]
        ):
            return _name_label(" ".join(words[-back:][:4]), " ".join(role[-8:]))
    # name, then role
    front = name_run(words)
    if 2 <= front < len(words):
        role = words[front:]
        if any(ROLE_WORD.match(w.strip(",'")) for w in role[:4]):
            return _name_label(" ".join(words[:front][:4]), " ".join(role[:8]))
        if role[0].lower() in ("of", "from") and any(INSTITUTION.match(w.strip(",'")) for w in role[:8]):
            # "Zar Gul of the Joint Chamber of Commerce": the body is the role
            return _name_label(" ".join(words[:front][:4]), " ".join(role[1:9]))
    return None


def _name_label(name: str, role: str) -> tuple[str, str | None]:
    role = _LEADING_ARTICLE.sub("", role.strip(" ,"))
    words = role.split()
    while len(words) > 1 and words[-1].lower() in _DANGLING:  # a role cut short: "a think tank in"
        words.pop()
    role = " ".join(words)
    norm = _normalise_role(role)
    side = norm[1] if norm is not None and norm[1] in ("AF", "PK", "independent") else None
    owner = _ROLE_OF_A_COUNTRY.match(role)  # "Pakistan's envoy for Afghanistan": Pakistan's
    if owner is not None:
        side = "PK" if owner.group(1).lower().startswith("pak") else "AF"
    return f"{name} ({role})", side


# words a role cut at its word budget must not end on
_DANGLING = {"in", "at", "of", "for", "to", "on", "and", "the", "a", "an", "from", "with", "by"}


def _short_label(text: str) -> str | None:
    text = _ACCORDING_TO_PREFIX.sub("", text)  # the same party as "X said"
    # "Residents also said": Residents
    words = _TRAILING_WORDS.sub("", _LABEL_DETERMINER.sub("", text.strip(" ,.\"“”'"))).split()
    if len(words) > 1 and words[0].islower() and words[0].endswith("ing"):
        words.pop(0)  # "claims circulating on social media": social media, not "Circulating"
        while len(words) > 1 and words[0].lower() in _DANGLING:
            words.pop(0)
    if not words or len(words) > 8:
        return None
    label = " ".join(words)
    return label[0].upper() + label[1:]
