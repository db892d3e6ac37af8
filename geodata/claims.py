"""Claims and claimants: who says how many were killed, wounded, captured or destroyed.

* `find_speakers(text)` finds speech cues ("X said", "said X", "according to X", "X claimed that",
  "described by X") and the speaker phrase of each;
* `normalise_speaker(phrase)` maps a speaker phrase to a claimant label and a side
  (Kabul / Taliban / Afghan Ministry of Defence -> AF; Islamabad / ISPR / Pakistani military or
  officials -> PK; local sources, residents, doctors, Reuters, the UN -> independent); known
  spokespeople (data/spokespeople.csv, cited) by name or a nearly spelt surname, and other named
  people with their office ("Deputy Commissioner Tariq Mehmood Khan") as "Name (office)";
* silence ("the ISPR has not commented") is the silent party's statement, and what a reporter saw
  or could not verify ("A Reuters reporter saw ...") the outlet's;
* `find_figures(text)` finds casualty and post figures with their hedge ("at least", "over") and
  subject ("Pakistani soldiers"), plus unnumbered post claims ("destroyed multiple checkpoints");
* `sentence_claims(sentence, article_id, previous)` combines them: each figure is attributed to the
  nearest speech cue of its sentence (a preceding cue first), a pronoun or bare "a spokesperson" to
  the previous sentence's speaker, and an unattributed figure to "Article".
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

from .model import Claim
from .rules import macro, rule, ruleset

ARTICLE = "Article"

# ---------------------------------------------------------------------------------------------
# Speakers

_CUE = rule("speech_cue").regex
_ACCORDING = rule("speech_according_to").regex
_BY = rule("speech_by_source").regex
_CLAUSE_BREAK = rule("speaker_clause_break").regex
_PRONOUNS = {
    "he", "she", "they", "it", "we", "i", "the spokesman", "the spokesperson", "a spokesman",
    "a spokesperson", "the ministry", "the statement", "the officials", "the official",
    "the spokesman also", "the military", "the army",
}  # fmt: skip


@dataclass(frozen=True)
class Speaker:
    label: str  # normalised claimant
    side: str | None  # AF | PK | independent | None (unknown)
    raw: str  # the phrase as written
    start: int  # position of the cue (speech verb or "according to") in the sentence
    end: int
    silent: bool = False  # "X has not commented": X's position, never the source of a figure


# speaker phrase -> (claimant label, side): rules/actors.yaml, speaker_*, first match wins
_NORMALISER: list[tuple[re.Pattern[str], str, str | None]] = [
    (r.regex, r.meta["label"], r.meta["side"])
    for r in ruleset("actors").values()
    if r.name.startswith("speaker_")
]


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
    named = _named_with_role(text)
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


# ---------------------------------------------------------------------------------------------
# Named speakers


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
def _known_names() -> tuple[re.Pattern, dict[str, KnownPerson], dict[str, KnownPerson]]:
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
        if not _NAME_TOKEN.fullmatch(token) or len(token) < 4:
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
        if _NAME_TOKEN.fullmatch(nxt) and not _ROLE_WORD.match(nxt) and not _NOT_NAME.match(nxt):
            continue  # "Mujahid Khan", "Khurasan Province"
        if (
            _NAME_TOKEN.fullmatch(prev)
            and not _NOT_NAME.match(prev)
            and not _ROLE_WORD.match(prev)
            and prev.lower() != given
        ):
            continue  # "Mohammad Akhundzada": another man of that family name
        return person
    return None


# capitalised words that are not part of a person's name: sides, institutions, titles, days
_NOT_NAME = re.compile(
    r"^(?:The|A|An|In|On|At|Of|For|And|But|He|She|They|It|We|This|That|Pakistan\w*|Afghan\w*|Taliban\w*|"
    r"Islamic|Emirate|Ministry|Defen[cs]e|Police|Army|Military|Security|Officials?|Sources?|Government|"
    r"Foreign|Office|Interior|Kabul|Islamabad|Reuters|Levies|Frontier|Corps|ISPR|TTP|Customs|Provincial|"
    r"District|Border|Deputy|Assistant|Information|Culture|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)$"
)
_NAME_TOKEN = re.compile(r"[A-Z][a-z'-]+")
_ROLE_WORD = rule("role_noun_token").regex


def _name_run(tokens: list[str]) -> int:
    """How many of `tokens` (read from their start) form a person's name."""
    n = 0
    for tok in tokens:
        if not _NAME_TOKEN.fullmatch(tok) or _NOT_NAME.match(tok) or _ROLE_WORD.match(tok):
            break
        n += 1
    return n


def _named_with_role(text: str) -> tuple[str, str | None] | None:
    """'Provincial information director Rahimullah Nazar Wali' (role, then name) or 'Mustaghfir
    Gurbaz spokesman for the Paktia governor' (name, then role) -> ('Name (role)', side of the
    role). A name is 2-4 capitalised words (one word right after the role noun: 'spokesman
    Hamidullah'); the role must hold a noun of office, so a place or an outlet is no name."""
    parts = [p.strip() for p in text.strip(" ,.\"“”'").split(",") if p.strip()]
    if len(parts) >= 2:  # appositives: "Name, role" or "role, Name"
        role_words = lambda p: any(_ROLE_WORD.match(w.strip("'")) for w in p.split())  # noqa: E731
        if _is_name(parts[0]) and role_words(parts[1]):
            return _name_label(parts[0], " ".join(parts[1].split()[:8]))
        if _is_name(parts[-1]) and role_words(parts[-2]):
            return _name_label(parts[-1], " ".join(parts[-2].split()[-8:]))
    words = text.strip(" ,.\"“”'").replace(",", " ").split()
    if len(words) < 2:
        return None
    # role, then name: the longest trailing run of name words
    back = _name_run(list(reversed(words)))
    if back and back < len(words):
        role = words[: len(words) - back]
        if role[-1].lower() in ("of", "in", "at", "from", "near", "to", "for", "and"):
            return None  # "Residents of Mir Ali": the capitalised words are a place
        if (back >= 2 or _ROLE_WORD.match(role[-1])) and any(
            _ROLE_WORD.match(w.strip(",'")) for w in role[-8:]
        ):
            return _name_label(" ".join(words[-back:][:4]), " ".join(role[-8:]))
    # name, then role
    front = _name_run(words)
    if 2 <= front < len(words):
        role = words[front:]
        if any(_ROLE_WORD.match(w.strip(",'")) for w in role[:4]):
            return _name_label(" ".join(words[:front][:4]), " ".join(role[:8]))
    return None


def _is_name(phrase: str) -> bool:
    """2-4 capitalised words naming a person: 'Sher Agha Samim', 'Haji Wali Dad'."""
    words = phrase.split()
    return 2 <= len(words) <= 4 and _name_run(words) == len(words)


def _name_label(name: str, role: str) -> tuple[str, str | None]:
    role = re.sub(r"^(?:the|a|an)\s+", "", role.strip(" ,"), flags=re.I)
    norm = _normalise_role(role)
    side = norm[1] if norm is not None and norm[1] in ("AF", "PK", "independent") else None
    return f"{name} ({role})", side


def _short_label(text: str) -> str | None:
    text = re.sub(r"^\s*according\s+to\s+", "", text, flags=re.I)  # the same party as "X said"
    words = re.sub(r"^(?:the|a|an|one|some|several)\s+", "", text.strip(" ,.\"“”'"), flags=re.I).split()
    if not words or len(words) > 8:
        return None
    label = " ".join(words)
    return label[0].upper() + label[1:]


def _is_pronoun(phrase: str) -> bool:
    words = phrase.strip().lower()
    words = re.sub(r"^(?:but|and|however|meanwhile|also)\s+", "", words)
    return words in _PRONOUNS or bool(re.fullmatch(r"(?:he|she|they|it|we)(?:\s+also)?", words))


def _speaker_before(text: str, cue_start: int) -> str:
    """The phrase before a speech verb, back to the previous clause break (at most ~12 words)."""
    window = text[max(0, cue_start - 120) : cue_start]
    pieces = [p for p in _CLAUSE_BREAK.split(window) if p and p.strip()]
    if not pieces:
        return ""
    phrase = pieces[-1]
    appositive = len(pieces) >= 2 and re.search(r",\s*$", window) is not None
    if appositive and _is_name(pieces[-2]):
        # "Sher Agha Samim, spokesman for the Paktia governor, said": the person, not the office
        return ",".join(pieces[-2:]).strip()
    if normalise_speaker(phrase) is None and not _is_pronoun(phrase) and appositive:
        # appositive: "Enayatullah Khowarazmi, spokesperson for the ministry, said"
        phrase = ",".join(pieces[-2:])  # the comma keeps "at Torkham, Mawlawi X" apart
    words = phrase.split()
    return " ".join(words[-12:]).strip()


def _speaker_after(text: str, cue_end: int) -> str:
    window = text[cue_end : cue_end + 100]
    window = re.sub(
        r"^\s*(?:on\s+\w+|in a statement|by telephone|late \w+|early \w+)\s*", " ", window, flags=re.I
    )
    pieces = [p for p in re.split(r"[,.;:“”\"]|\bthat\b", window) if p.strip()]
    if not pieces:
        return ""
    if len(pieces) > 1 and _is_name(pieces[0]) and known_person(pieces[0]) is None:
        return f"{pieces[0].strip()}, {pieces[1].strip()}"  # said Haji Gul Zaman, a clearing agent
    if normalise_speaker(pieces[0]) is None and len(pieces) > 1:
        return pieces[1].strip()
    return pieces[0].strip()


# silence is a party's position: "Pakistani officials have not commented" is theirs to own
_SILENCE = rule("speech_silence").regex
# an account is a statement: "X gave a very different account", "Kabul offered its own version"
_ACCOUNT = rule("speech_account").regex
# what a reporter saw or could not check is the outlet's own claim
_OBSERVED = rule("speech_observed").regex
_REPORTER = rule("speech_reporter").regex


def _observer(text: str, cue_start: int) -> tuple[str, str | None] | None:
    window = text[max(0, cue_start - 150) : cue_start]
    for m in reversed(list(_REPORTER.finditer(window))):
        words = m.group("outlet").split()
        while words and words[0].lower() in ("a", "an", "the"):
            words.pop(0)
        if words and words[0].lower() not in ("our", "this", "local", "foreign"):
            return f"{' '.join(words)} reporter", "independent"
        break
    before = _speaker_before(text, cue_start)
    if not before or _is_pronoun(before) or _CUE.search(before):
        return None  # "Local people said they heard": the speech cue already names them
    norm = normalise_speaker(before)
    # only outlets and witnesses observe: "Afghanistan saw 40 civilians killed" is no claim of Kabul's
    return norm if norm is not None and norm[1] == "independent" else None


def _norm(phrase: str, known: Mapping[str, tuple[str, str | None]] | None) -> tuple[str, str | None] | None:
    norm = normalise_speaker(phrase)
    if norm is not None or not known:
        return norm
    words = phrase.strip(" ,.\"“”'").split()
    if words and _name_run(list(reversed(words))) >= 1 and words[-1].lower() in known:
        return known[words[-1].lower()]  # "according to Zadran", "Samim said"
    return None


def remember_people(
    claimants: Iterable[tuple[str, str | None]], known: dict[str, tuple[str, str | None]]
) -> None:
    """Add the people that (label, side) claimants name ("Name (office)" labels) to `known`, by
    surname, for the article's later sentences."""
    for label, side in claimants:
        name = label.split(" (", 1)[0] if label.endswith(")") else ""
        if _is_name(name):
            known.setdefault(name.split()[-1].lower(), (label, side))


def find_speakers(text: str, known: Mapping[str, tuple[str, str | None]] | None = None) -> list[Speaker]:
    """Speech cues of a sentence with the normalised speaker of each, in text order. Cues whose
    speaker cannot be recognised are kept with label '' (callers resolve them: pronoun -> the
    previous speaker). `known` maps the names of people an article has introduced (see
    `remember_people`) to their claimant: "according to Zadran" is the Zadran named before."""
    found: list[Speaker] = []
    for m in _ACCORDING.finditer(text):
        who = m.group("who")
        norm = _norm(who, known)
        if norm is not None and not re.match(r"\s*(?:reports?|media reports?)\b", who, re.I):
            found.append(Speaker(norm[0], norm[1], who.strip(), m.start(), m.end()))
        elif re.match(r"\s*(?:reports?|media reports?)\b", who, re.I):
            found.append(Speaker("Article (according to reports)", None, who.strip(), m.start(), m.end()))
    for m in _BY.finditer(text):
        norm = _norm(m.group("who"), known)
        if norm is not None:
            found.append(Speaker(norm[0], norm[1], m.group("who").strip(), m.start(), m.end()))
    # cues inside an "according to"/"by" phrase are taken: their spans, merged, sorted
    taken: list[list[int]] = []
    for s in sorted(found, key=lambda s: s.start):
        if taken and s.start <= taken[-1][1]:
            taken[-1][1] = max(taken[-1][1], s.end)
        else:
            taken.append([s.start, s.end])
    taken_starts = [start for start, _ in taken]
    for m in _CUE.finditer(text):
        i = bisect.bisect_right(taken_starts, m.start())
        if i > 0 and m.start() < taken[i - 1][1]:
            continue
        before = _speaker_before(text, m.start())
        if re.search(r"\b(?:was|were|is|are|been|be|being)\s*$", before, re.I):
            continue  # passive: "it was reported that", handled by _BY or unattributed
        norm = _norm(before, known) if before else None
        raw = before
        if norm is None and (not before or re.search(r"[,”\"]\s*$", text[max(0, m.start() - 3) : m.start()])):
            after = _speaker_after(text, m.end())
            norm = _norm(after, known)
            raw = after
        if norm is not None:
            found.append(Speaker(norm[0], norm[1], raw, m.start(), m.end()))
        elif before and _is_pronoun(before):
            # '"... the Pakistani soldiers fled," he claimed': the quote holds no antecedent
            after_quote = (
                re.search(r"[”\"]\s*,?\s*$", text[: max(0, m.start() - len(before) - 1)]) is not None
            )
            resolved = (
                _pronoun_antecedent(_recent(text, m.start() - len(before) - 1))
                if before.lower() in ("they", "he", "she", "it") and not after_quote
                else None
            )
            if resolved is not None:
                found.append(Speaker(resolved[0], resolved[1], before, m.start(), m.end()))
            else:
                found.append(Speaker("", None, before, m.start(), m.end()))
        elif before:
            resolved = (
                _pronoun_antecedent(_recent(text, m.start()))
                if re.search(r"\b(?:they|he|she|it)\b\s*$", before, re.I)
                else None
            )
            if resolved is not None:
                found.append(Speaker(resolved[0], resolved[1], before, m.start(), m.end()))
    # cues whose speaker is the subject before them: an account given, a silence kept
    for cue, silent in ((_ACCOUNT, False), (_SILENCE, True)):
        for m in cue.finditer(text):
            before = _speaker_before(text, m.start())
            norm = _norm(before, known) if before and not _is_pronoun(before) else None
            if norm is not None:
                found.append(Speaker(norm[0], norm[1], before, m.start(), m.end(), silent=silent))
    for m in _OBSERVED.finditer(text):
        norm = _observer(text, m.start())
        if norm is not None:
            found.append(
                Speaker(
                    norm[0], norm[1], text[max(0, m.start() - 40) : m.start()].strip(), m.start(), m.end()
                )
            )
    found.sort(key=lambda s: s.start)
    return found


def _recent(text: str, end: int, width: int = 300) -> str:
    """The last `width` characters of `text[:end]`, from a word start: a pronoun's antecedent is
    looked for there, not in the whole of a (possibly very long) sentence for every pronoun."""
    start = max(0, end - width)
    while 0 < start < end and text[start - 1].isalnum():
        start += 1
    return text[start : max(start, end)]


def _pronoun_antecedent(text: str) -> tuple[str, str | None] | None:
    """'accusations from the Afghan Taliban of ..., which they claim' -> the Afghan Taliban."""
    for m in re.finditer(r"\b(?:from|by)\s+(?:the\s+)?(?P<who>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})", text):
        norm = normalise_speaker(m.group("who"))
        if norm is not None:
            return norm
    return normalise_speaker(text) if text.strip() else None


def sentence_speaker(
    text: str, previous: Speaker | None = None, known: Mapping[str, tuple[str, str | None]] | None = None
) -> Speaker | None:
    """The main speaker of a sentence (the first recognised one), resolving pronouns and bare
    'a spokesperson' to `previous`."""
    for speaker in find_speakers(text, known):
        if speaker.label and not (_vague(speaker) and previous is not None):
            return speaker
        if previous is not None:
            return Speaker(previous.label, previous.side, speaker.raw, speaker.start, speaker.end)
    if previous is not None and re.search(r"\b(?:reportedly|allegedly)\b|^(?:He|She|They)\b", text):
        return Speaker(previous.label, previous.side, "(previous sentence)", 0, 0)
    return None


# ---------------------------------------------------------------------------------------------
# Figures

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100, "dozens": None,
    "dozen": 12, "hundreds": None, "scores": None,
}  # fmt: skip
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|a dozen|dozens(?: of)?|hundreds(?: of)?)"
_HEDGE = r"(?:at least|more than|over|about|around|nearly|almost|up to|some|approximately|an estimated|as many as|roughly|reportedly|allegedly|fewer than|less than)"
_SUBJ_NOUN = (
    r"(?:soldiers?|troops|personnel|militants?|fighters?|civilians?|people|persons|m[ae]n|wom[ae]n|child(?:ren)?|boys?|girls?|"
    r"guards?|policemen|police(?:men)?|members|terrorists?|insurgents?|taliban|khawarij|others|"
    r"paramilitar(?:y|ies)(?: soldiers?)?|officers?|villagers|residents|commanders?|attackers|"
    r"infiltrators|labou?rers|passengers|family members|security personnel|servicemen|jawans|"
    r"posts?|outposts?|checkpoints?|check ?posts?|positions|bunkers?|pickets?|border posts?)"
)
_POST_NOUN = re.compile(
    r"\b(?:posts?|outposts?|checkpoints?|check ?posts?|positions|bunkers?|pickets?)\b", re.I
)
# modifiers before the noun; never "and <number>", which starts a second conjunct ("a woman and two children")
_ADJ = rf"(?:(?!and\s+(?:{_NUM}|an?)\s)[A-Za-z'’\"“”-]+\s+){{0,4}}?"
_VERB_UNIT = [
    (r"killed|killing|kill|dead|died|martyred|lost their lives|lost", "killed"),
    (r"wounded|wounding|injured|injuring|hurt", "wounded"),
    (
        r"captured|capturing|seized|seizing|overran|overrun|occupied|occupying|took control of|taken",
        "captured",
    ),
    (r"destroyed|destroying|demolished|razed|set on fire|torched|burned|burnt", "destroyed"),
    (r"neutrali[sz]ed|neutrali[sz]ing|eliminated|eliminating|neutrali[sz]e|eliminate", "neutralised"),
    (r"arrested|detained|apprehended", "arrested"),
]
_VERBS = "|".join(v for v, _ in _VERB_UNIT)

_FIG_NUM_FIRST = re.compile(
    rf"(?P<hedge>{_HEDGE}\s+)?(?P<num>{_NUM})\s+(?P<subj>{_ADJ}{_SUBJ_NOUN})"
    rf"(?:\s+(?:of\s+(?:its|their)\s+own|of\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,3}}?(?:forces|army|police|military|guards|troops|militia)|"
    rf"who|that|had|have|has|were|was|been|are|is|reportedly|allegedly|also|all|being|in\s+\w+|each)){{0,4}}"
    rf"\s+(?P<verb>{_VERBS})\b",
    re.I,
)
_FIG_VERB_FIRST = re.compile(
    rf"\b(?P<verb>{_VERBS})\s+(?:(?:the\s+lives\s+of|the\s+death\s+of|a\s+total\s+of)\s+)?(?P<hedge>{_HEDGE}\s+)?(?P<num>{_NUM}|a|an)\s+"
    rf"(?P<subj>{_ADJ}{_SUBJ_NOUN})",
    re.I,
)
_FIG_STATE = re.compile(  # "put the toll at nine dead and six wounded"
    rf"(?P<hedge>{_HEDGE}\s+)?(?P<num>{_NUM})\s+(?P<verb>dead|killed|wounded|injured)\b",
    re.I,
)
_FIG_VERB_BARE = re.compile(  # "killing two civilians and wounding five"
    rf"\b(?P<verb>{_VERBS})\s+(?P<hedge>{_HEDGE}\s+)?(?P<num>{_NUM})\b(?!\s*(?:days?|hours?|minutes?|weeks?|months?|years?|percent|%|km|kilomet|miles?|rounds?|shells?|times))",
    re.I,
)
_FIG_NOUN = re.compile(  # "the death of a soldier", "injuries to seven others", "the loss of 23 of its own soldiers", "claimed the lives of 46 civilians"
    rf"\b(?P<verb>deaths?|loss|lives|injuries|casualties)\s+(?:of|to)\s+(?P<hedge>{_HEDGE}\s+)?(?P<num>{_NUM}|a|an)\s+(?:of\s+(?:its|their)\s+own\s+)?(?P<subj>{_ADJ}{_SUBJ_NOUN})",
    re.I,
)
# verbs of speech and perception: a conjunct they follow is the subject of a new clause
_CLAUSE_VERB = rule("clause_verb").regex
_CLAUSE_VERBS = macro("clause_verb_word")
# a further conjunct of a casualty object: "wounding a woman[ and two children]"; not the subject
# of a new clause ("killing a soldier, and two civilians were wounded", "wounded two soldiers and
# an officer said ...", "and a woman told reporters"). Used with .match(text, pos), so no "^".
_CONJUNCT_AFTER = re.compile(
    rf"\s*,?\s+and\s+(?P<num>{_NUM}|an?)\s+(?P<subj>{_ADJ}{_SUBJ_NOUN})\b"
    rf"(?!\s+(?:were|was|had|have|has|are|is|{_CLAUSE_VERBS})\b)",
    re.I,
)
# an earlier conjunct of a figure whose verb follows: "[a woman and ]two children were wounded"
_CONJUNCT_BEFORE = re.compile(
    rf"(?P<num>\b(?:{_NUM}|an?))\s+(?P<subj>{_ADJ}{_SUBJ_NOUN})\s*,?\s+and\s+$", re.I
)
_VERB_BEFORE = re.compile(rf"\b(?:{_VERBS})\s+(?:{_HEDGE}\s+)?$", re.I)
_LIVES_OF_BEFORE = re.compile(r"\b(?:the\s+)?(?:lives|deaths?|loss|injuries)\s+of\s*$", re.I)
# at most this many conjuncts are summed into one figure ("a woman and two children" ...)
_MAX_CONJUNCTS = 6
# how far back the patterns anchored at a position ("...$") look: a conjunct, a verb, "the lives of"
_LOOKBACK = 150
_FIG_UNNUMBERED_POSTS = re.compile(
    r"\b(?P<verb>captured|capturing|seized|seizing|overran|occupied|occupying|took control of|destroyed|destroying|demolished|set on fire|torched)\s+"
    r"(?P<hedge>multiple|several|many|numerous|some|a number of|dozens of|scores of|hostile|enemy)?\s*(?P<subj>(?:[A-Za-z'’-]+\s+){0,3}?(?:posts|outposts|checkpoints|check ?posts|positions|bunkers|pickets))\b",
    re.I,
)


def search_before(pattern: re.Pattern, text: str, pos: int, width: int = _LOOKBACK) -> re.Match | None:
    """`pattern.search(text[:pos])` for a pattern anchored at the end ("$"), over the last `width`
    characters only (from a word start), so that a long sentence is not rescanned from its start
    for every figure; match offsets are positions in `text`."""
    lo = max(0, pos - width)
    while 0 < lo < pos and text[lo - 1].isalnum():
        lo += 1  # not from inside a word ("...teen soldiers" is no "teen")
    return pattern.search(text, lo, pos)


# what a conjunct says of whom it counts: side (AF, PK, TTP) and role (state forces, fighters,
# civilians); conjuncts that differ in either are not summed ("Fifteen Afghan fighters and three
# Pakistani soldiers were killed" is two figures, not 18)
_SIDE_WORDS = [
    (r.meta["side"], r.regex) for r in ruleset("actors").values() if r.name.startswith("subject_side_")
]
_ROLE_WORDS = [
    (r.meta["role"], r.regex) for r in ruleset("actors").values() if r.name.startswith("subject_role_")
]


def _kind(subject: str) -> tuple[str | None, str | None]:
    side = next((label for label, p in _SIDE_WORDS if p.search(subject)), None)
    role = next((label for label, p in _ROLE_WORDS if p.search(subject)), None)
    return side, role


def _same_kind(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    return all(x is None or y is None or x == y for x, y in zip(a, b))


def _merge_kind(
    a: tuple[str | None, str | None], b: tuple[str | None, str | None]
) -> tuple[str | None, str | None]:
    return (a[0] or b[0], a[1] or b[1])


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    quantity: float | None
    unit: str
    subject: str | None
    hedge: str | None


def _number(token: str) -> float | None:
    token = token.lower().strip()
    token = re.sub(r"\s+of$", "", token)
    if token.replace(",", "").isdigit():
        return float(token.replace(",", ""))
    if token == "a dozen":
        return 12.0
    value = _NUMBER_WORDS.get(token)
    return float(value) if value is not None else None


def _unit(verb: str, subject: str | None) -> str:
    verb = verb.lower()
    for pattern, unit in _VERB_UNIT:  # noqa: B007 - the matching unit is used after the loop
        if re.fullmatch(pattern, verb):
            break
    else:
        unit = {"death": "killed", "deaths": "killed", "loss": "killed", "lives": "killed",
                "injuries": "wounded", "casualties": "casualties"}.get(verb, "killed")  # fmt: skip
    is_post = bool(subject and _POST_NOUN.search(subject))
    if unit in ("captured", "destroyed"):
        return f"posts_{unit}" if is_post else unit
    return unit


def find_figures(text: str) -> list[Figure]:
    """Casualty and post figures of a sentence, in text order, non-overlapping."""
    found: list[Figure] = []  # sorted by start; the spans are disjoint, so their ends are sorted too
    starts: list[int] = []

    def overlaps(start: int, end: int) -> bool:
        i = bisect.bisect_left(starts, end)  # found[:i] start before `end`
        return i > 0 and found[i - 1].end > start

    def insert(f: Figure) -> None:
        i = bisect.bisect_right(starts, f.start)
        starts.insert(i, f.start)
        found.insert(i, f)

    def clean(subject: str | None) -> str | None:
        subj = subject.strip(" \"“”'") if subject else None
        if subj and re.match(r"(?i)(?:its|their)\s+own\s+", subj):
            subj = re.sub(r"(?i)^(?:its|their)\s+own\s+", "", subj)
        return subj

    def add(m: re.Match, subject: str | None, coordinate: str | None = None):
        if overlaps(m.start(), m.end()):
            return
        num = m.groupdict().get("num")
        quantity = _number(num) if num else None
        hedge = (m.groupdict().get("hedge") or "").strip() or None
        if num and quantity is None:  # "dozens of", "hundreds of"
            hedge = hedge or num.strip()
        if coordinate and quantity is not None and subject:
            pieces = _coordinated(text, m, quantity, coordinate)
        else:
            pieces = [(m.start(), m.end(), quantity, subject, True)]
        for start, end, q, subj, head in pieces:
            subj = clean(subj)
            if head:
                insert(Figure(start, end, q, _unit(m.group("verb"), subj), subj, hedge))
            elif not overlaps(start, end):  # a conjunct of another kind: its own figure, same verb
                insert(Figure(start, end, q, _unit(m.group("verb"), subj), subj, None))

    for m in _FIG_NUM_FIRST.finditer(text):
        if search_before(_LIVES_OF_BEFORE, text, m.start()):
            continue
        add(m, m.group("subj"), "before")
    for m in _FIG_NOUN.finditer(text):
        add(m, m.group("subj"), "after")
    for m in _FIG_VERB_FIRST.finditer(text):
        add(m, m.group("subj"), "after")
    for m in _FIG_VERB_BARE.finditer(text):
        add(m, None)
    for m in _FIG_STATE.finditer(text):
        add(m, None)
    for m in _FIG_UNNUMBERED_POSTS.finditer(text):
        add(m, m.group("subj"))
    # a bare figure ("wounding 17 others", "and six in Kunar") takes the previous figure's subject
    result: list[Figure] = []
    for f in found:
        if f.subject is None and result:
            f = Figure(f.start, f.end, f.quantity, f.unit, result[-1].subject, f.hedge)
        result.append(f)
    return result


def _coordinated(text: str, m: re.Match, quantity: float, direction: str):
    """Figures for coordinated objects, summed: "wounding a woman and two children" is 3
    wounded, not 1 (the first conjunct alone would undercount). `direction` is where the other
    conjuncts are: "after" the matched object (verb first) or "before" it (verb last). Conjuncts
    of another kind (posts vs people) or of unknown size ("dozens") end the list; at most
    _MAX_CONJUNCTS are taken. Conjuncts of another side or role ("Fifteen Afghan fighters and three
    Pakistani soldiers were killed") are not added in: each run of alike conjuncts is a figure.
    Returns (start, end, quantity, subject, is_the_matched_one) per figure, in text order."""
    is_post = bool(_POST_NOUN.search(m.group("subj")))
    # a run: [start, end, subject start, subject end, quantity, kind, holds the match]
    runs = [[m.start(), m.end(), m.start("subj"), m.end("subj"), quantity, _kind(m.group("subj")), True]]
    count = 1
    pos = m.end() if direction == "after" else m.start()
    while count < _MAX_CONJUNCTS:
        if direction == "after":
            c = _CONJUNCT_AFTER.match(text, pos)
        else:
            c = search_before(_CONJUNCT_BEFORE, text, pos)
        value = _number(c.group("num")) if c else None
        if c is None or value is None or bool(_POST_NOUN.search(c.group("subj"))) != is_post:
            break
        if direction == "after" and _CLAUSE_VERB.search(c.group("subj")):
            break  # "wounding two soldiers and an officer said the attackers ...": a new clause
        if direction == "before" and search_before(_VERB_BEFORE, text, c.start()):
            break  # "killing three soldiers and two civilians were wounded": the object of another verb
        kind = _kind(c.group("subj"))
        run = runs[-1]
        if not _same_kind(run[5], kind):
            start = c.start("num")
            runs.append([start, c.end("subj"), c.start("subj"), c.end("subj"), value, kind, False])
        elif direction == "after":
            run[1] = run[3] = c.end("subj")
            run[4] += value
            run[5] = _merge_kind(run[5], kind)
        else:
            run[0] = run[2] = c.start()
            run[4] += value
            run[5] = _merge_kind(run[5], kind)
        pos = c.end() if direction == "after" else c.start()
        count += 1
    if direction == "before":
        runs.reverse()
    out = []
    for start, end, subj_start, subj_end, q, _, head in runs:
        subject = text[subj_start:subj_end]
        if direction == "before":
            subject = re.sub(r"(?i)^(?:an?|one)\s+", "", subject)
        out.append((start, end, q, subject, head))
    return out


# ---------------------------------------------------------------------------------------------
# Claims


_HEDGE_WORDS = re.compile(
    r"\b(unverified|unconfirmed|could not be (?:independently )?verified|reportedly|allegedly|purportedly)\b",
    re.I,
)


def _speaker_for(position: int, speakers: list[Speaker]) -> Speaker | None:
    """The speech cue governing a figure at `position`: the nearest preceding cue, else the
    nearest following one."""
    before = [s for s in speakers if s.start <= position]
    if before:
        return before[-1]
    after = [s for s in speakers if s.start > position]
    return after[0] if after else None


def _vague(s: Speaker) -> bool:
    """'a spokesperson', 'the officials': a speaker with no side, resolved by the previous one."""
    return s.side is None and bool(
        re.fullmatch(r"(?:an?|the)\s+(?:\w+\s+)?(?:spokes\w+|officials?|sources?)", s.raw.strip(), re.I)
    )


def resolved_speakers(
    text: str, previous: Speaker | None, known: Mapping[str, tuple[str, str | None]] | None = None
) -> list[Speaker]:
    out = []
    for s in find_speakers(text, known):
        if s.label and not (_vague(s) and previous is not None):
            out.append(s)
        elif previous is not None:
            out.append(Speaker(previous.label, previous.side, s.raw, s.start, s.end))
    return out


def sentence_claims(
    text: str,
    article_id: str,
    previous: Speaker | None = None,
    *,
    statement_claim: bool = False,
    known: Mapping[str, tuple[str, str | None]] | None = None,
) -> list[Claim]:
    """The claims one sentence makes: one per figure, attributed; with `statement_claim`, also one
    unnumbered claim for the sentence when it makes none with figures (its speaker or 'Article')."""
    speakers = resolved_speakers(text, previous, known)
    fallback = sentence_speaker(text, previous, known)
    vocal = [sp for sp in speakers if not sp.silent]
    vocal_fallback = fallback if fallback is None or not fallback.silent else (vocal[0] if vocal else None)
    sentence_hedge = _HEDGE_WORDS.search(text)
    claims: list[Claim] = []
    for fig in find_figures(text):
        speaker = _speaker_for(fig.start, vocal) or vocal_fallback
        hedge = fig.hedge
        if sentence_hedge and not hedge:
            hedge = sentence_hedge.group(1).lower()
        claims.append(
            Claim(
                claimant=speaker.label if speaker else ARTICLE,
                statement=text,
                quantity=fig.quantity,
                unit=fig.unit,
                subject=fig.subject,
                hedge=hedge,
                article=article_id,
                side=speaker.side if speaker else None,
            )
        )
    if statement_claim and not claims:
        # one claim per party speaking: "Afghan officials said X; Pakistani officials said Y"
        voices = list({(sp.label, sp.side): sp for sp in vocal if sp.label}.values()) or [
            speakers[0] if speakers else fallback
        ]
        for speaker in voices:
            claims.append(
                Claim(
                    claimant=speaker.label if speaker else ARTICLE,
                    statement=text,
                    hedge=sentence_hedge.group(1).lower() if sentence_hedge else None,
                    article=article_id,
                    side=speaker.side if speaker else None,
                )
            )
    return claims


def contested(claims) -> bool:
    """Both sides (AF and PK) give figures for the same unit."""
    sides: dict[str, set[str]] = {}
    for c in claims:
        if c.quantity is None or c.unit is None or c.side not in ("AF", "PK"):
            continue
        sides.setdefault(c.unit, set()).add(c.side)
    return any(len(s) == 2 for s in sides.values())


def dedupe(claims) -> tuple[Claim, ...]:
    """Unique claims in a stable order."""
    seen = set()
    out = []
    for c in claims:
        key = (c.claimant, c.statement, c.quantity, c.unit, c.subject, c.hedge, c.article, c.side)
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return tuple(out)


def sort_key(c: Claim):
    return (
        c.article,
        c.statement,
        c.claimant,
        c.unit or "",
        -1 if c.quantity is None else c.quantity,
        c.subject or "",
        c.hedge or "",
        c.side or "",
    )
