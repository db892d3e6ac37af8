"""People who speak: the cited spokespeople (data/spokespeople.csv) and the tokens of a person's name."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, process

from ..rules import rule

# capitalised words that are not part of a person's name: sides, institutions, titles, days
NOT_NAME = rule("not_name_word").regex
NAME_TOKEN = rule("name_token").regex
ROLE_WORD = rule("role_noun_token").regex
INSTITUTION = rule("institution_word").regex


@dataclass(frozen=True)
class KnownPerson:
    name: str
    role: str
    side: str | None  # AF | PK | None (TTP and others: no side of the two governments)
    names: tuple[str, ...]  # full name and spelling variants
    surnames: tuple[str, ...]  # surnames that name the person alone ("Mujahid said")

    @property
    def label(self) -> str:
        return f"{self.name} ({self.role})"


@cache
def known_people() -> tuple[KnownPerson, ...]:
    """Spokespeople and officials who speak for one side, from data/spokespeople.csv (cited per
    row): their names identify the side even where the article gives no title."""
    path = resources.files("geodata") / "data" / "spokespeople.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    people = []
    for row in rows:
        names = (row["name"], *[v for v in row["variants"].split("|") if v.strip()])
        surnames = tuple(dict.fromkeys(n.split()[-1] for n in names)) if row["surname_alone"] == "yes" else ()
        side = row["side"] if row["side"] in ("AF", "PK") else None
        people.append(KnownPerson(row["name"], row["role"], side, names, surnames))
    return tuple(people)


@cache
def _known_names() -> tuple[re.Pattern[str], dict[str, KnownPerson], dict[str, KnownPerson]]:
    by_name = {" ".join(n.lower().split()): p for p in known_people() for n in p.names}
    by_surname = {n.lower(): p for p in known_people() for n in p.surnames}
    pattern = re.compile(
        r"\b(?:"
        + "|".join(r"\s+".join(map(re.escape, n.split())) for n in sorted(by_name, key=len, reverse=True))
        + r")\b",
        re.I,
    )
    return pattern, by_name, by_surname


# a transliterated surname may be spelt another way ("Khwarazmi", "Khowarazmi", "Khawarazmi")
_SURNAME_SCORE = 90


def known_person_by_full_name(phrase: str) -> KnownPerson | None:
    """The known person whose full name (or a listed spelling of it) the phrase contains."""
    pattern, by_name, _ = _known_names()
    m = pattern.search(phrase)
    return by_name[" ".join(m.group(0).lower().split())] if m else None


def known_person(phrase: str) -> KnownPerson | None:
    """The known person a speaker phrase names: by full name, or by a surname that identifies
    the person alone, spelt exactly or nearly (capitalised; fuzzy only from 6 letters). A surname
    counts only standing alone or after the person's own given name: "Mujahid Khan", "Mohammad
    Akhundzada" or "Balkhi University" name somebody (or something) else."""
    person = known_person_by_full_name(phrase)
    if person is not None:
        return person
    _, _, by_surname = _known_names()
    words = phrase.replace(",", " , ").split()
    for i, token in enumerate(words):
        if not NAME_TOKEN.fullmatch(token) or len(token) < 4:
            continue
        key = token.lower()
        if key not in by_surname:
            hit = (
                process.extractOne(key, list(by_surname), scorer=fuzz.ratio, score_cutoff=_SURNAME_SCORE)
                if len(token) >= 6
                else None
            )
            if hit is None:
                continue
            key = hit[0]
        person = by_surname[key]
        prev = words[i - 1] if i > 0 else ""
        nxt = words[i + 1] if i + 1 < len(words) else ""
        given = person.name.split()[0].lower()
        if NAME_TOKEN.fullmatch(nxt) and not ROLE_WORD.match(nxt) and not NOT_NAME.match(nxt):
            continue  # "Mujahid Khan", "Khurasan Province"
        if (
            NAME_TOKEN.fullmatch(prev)
            and not NOT_NAME.match(prev)
            and not ROLE_WORD.match(prev)
            and prev.lower() != given
        ):
            continue  # "Mohammad Akhundzada": another man of that family name
        return person
    return None


def name_run(tokens: list[str]) -> int:
    """How many of `tokens` (read from their start) form a person's name."""
    n = 0
    for tok in tokens:
        if not NAME_TOKEN.fullmatch(tok) or NOT_NAME.match(tok) or ROLE_WORD.match(tok):
            break
        n += 1
    return n


def is_name(phrase: str) -> bool:
    """2-4 capitalised words naming a person: 'Sher Agha Samim', 'Haji Wali Dad'."""
    words = phrase.split()
    return 2 <= len(words) <= 4 and name_run(words) == len(words)
