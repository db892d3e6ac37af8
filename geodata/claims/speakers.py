"""Speakers: the speech cues of a sentence and who each one names.

Cues are the rules of rules/speech.yaml ("X said", "said X", "according to X", "released by X",
an account given, a silence kept, what a reporter saw); the phrase before or after a cue is
normalised to a claimant by `claimants.normalise_speaker`.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..rules import gate_text, rule
from ..rules.anchors import Anchored, Scan
from .claimants import normalise_speaker
from .people import ROLE_WORD, is_name, known_person, name_run
from .windows import search_in_window, sub_in_window

_SPEECH_CUE = rule("speech_cue")
_CUE = _SPEECH_CUE.regex
_CUE_AS_NOUN = rule("speech_cue_as_noun").regex
# Rules, not bare regexes, where a whole sentence is scanned: their finditer skips a sentence
# holding none of the words a match needs
_ACCORDING = rule("speech_according_to")
_BY = rule("speech_by_source")
_QUOTED_AS_SAYING = rule("speech_quoted_as_saying")
_CLAUSE_BREAK = rule("speaker_clause_break").regex
_INTRODUCED_THEN_PASSIVE = rule("introduced_then_passive").regex
_RELATIVE_BEFORE_PRONOUN = rule("relative_before_pronoun").regex
# silence is a party's position: "Pakistani officials have not commented" is theirs to own
_SILENCE = rule("speech_silence")
_SILENCE_OF_ARMED_MEN = rule("silence_of_armed_men").regex
_INFINITIVE_BEFORE = rule("infinitive_before_cue").regex
_BARE_FORM = rule("speech_verb_bare_form").regex
# an account is a statement: "X gave a very different account", "Kabul offered its own version"
_ACCOUNT = rule("speech_account")
_POSSESSIVE = rule("speech_possessive_statement")
# what a reporter saw or could not check is the outlet's own claim
_OBSERVED = rule("speech_observed")
_REPORTER = rule("speech_reporter").regex
_PRONOUN = rule("speaker_pronoun").regex
_LEAD_CONJUNCTION = rule("speaker_lead_conjunction").regex
_VAGUE_SPEAKER = rule("vague_speaker").regex
_AFTER_FILLER = rule("speaker_after_filler").regex
_AFTER_BREAK = rule("speaker_after_break").regex
_APPOSITIVE_END = rule("appositive_end").regex
_ACCORDING_TO_REPORTS = rule("according_to_reports").regex
_REPORT_OF_A_PARTY = rule("report_of_a_party").regex
_PASSIVE_BEFORE = rule("passive_before_cue").regex
_CLAUSE_BEFORE = rule("clause_before_cue").regex
_QUOTE_OR_COMMA_END = rule("quote_or_comma_end").regex
_CLOSING_QUOTE_END = rule("closing_quote_end").regex
_PRONOUN_END = rule("pronoun_end").regex
_ANTECEDENT = rule("antecedent_from_by").regex
_CONTINUES_PREVIOUS = rule("continues_previous_speaker").regex
_APPOSITIVE_AFTER_NAME = rule("appositive_after_name").regex
_PARTICIPLE_APPOSITIVE = rule("participle_appositive").regex
_TRAILING_AUXILIARY = rule("speaker_trailing_auxiliary")
_JOINT_BEFORE = rule("speaker_joint_before_name").regex
# a Rule: its search skips a window without "while/after ... -ing" (its `requires` gate), and
# starts after the last character no match holds (see `search_in_window`)
_SUBJECT_BEFORE_PARTICIPLE = rule("subject_before_participle_clause")
# per process: the pieces the matches of the cues scanned over a whole sentence start with
_ANCHORED = Anchored(
    [_SPEECH_CUE, _ACCORDING, _BY, _QUOTED_AS_SAYING, _ACCOUNT, _SILENCE, _OBSERVED, _POSSESSIVE]
)


@dataclass(frozen=True)
class Speaker:
    label: str  # normalised claimant
    side: str | None  # AF | PK | independent | None (unknown)
    raw: str  # the phrase as written
    start: int  # position of the cue (speech verb or "according to") in the sentence
    end: int
    silent: bool = False  # "X has not commented": X's position, never the source of a figure


def _is_pronoun(phrase: str) -> bool:
    words = phrase.strip().lower()
    words = _LEAD_CONJUNCTION.sub("", words)
    return _PRONOUN.search(words) is not None


def _speaker_before(text: str, cue_start: int) -> str:
    """The phrase before a speech verb, back to the previous clause break (at most ~12 words)."""
    window = text[max(0, cue_start - 120) : cue_start]
    if (travelled := _PARTICIPLE_APPOSITIVE.search(window)) is not None:
        window = window[: travelled.start() + 1]  # "officials, cited in a report, said": officials
    window = sub_in_window(_TRAILING_AUXILIARY, text, window)
    inner = _last_cue_end(window)
    # a speech verb earlier in the same clause: "X said residents have reported" (the residents
    # reported), "Y also said citing reports that" (the reports are inside Y's words)
    if inner is not None and window[inner:].strip() and not _CLAUSE_BREAK.search(window[inner:]):
        if not _names_speaker(window[inner:]):
            return ""
        window = window[inner:]
    pieces = [p for p in _CLAUSE_BREAK.split(window) if p and p.strip()]
    if not pieces:
        return ""
    phrase = pieces[-1]
    appositive = len(pieces) >= 2 and _APPOSITIVE_END.search(window) is not None
    if appositive and (person := _name_with_appositive(window)):
        # "Sher Agha Samim, spokesman for the Paktia governor, said": the person, not the office
        return person
    # what joins the phrase to the piece before it: a comma (None), "and", a relative word
    joint = _JOINT_BEFORE.search(window[: window.rfind(phrase)]) if len(pieces) >= 2 else None
    if len(pieces) >= 2 and normalise_speaker(phrase) is None:
        if joint is None and is_name(phrase):
            # "Spokesman for the district police, Samir Wardak said": the office, then the name
            return " ".join(",".join(pieces[-2:]).split()[-16:]).strip()
        words = phrase.split()
        compound = joint is not None and joint.group(0).strip() == "and" and 0 < len(words) <= 4
        if compound and name_run(words) == len(words) and normalise_speaker(pieces[-2]) is not None:
            # "residents of Goshta and Lalpur said": one compound speaker, the last word a place
            return " ".join(f"{pieces[-2].strip()} and {phrase.strip()}".split()[-16:])
    if len(pieces) >= 2 and joint is None and _titled_person(phrase):
        office = pieces[-2].strip()
        if any(ROLE_WORD.match(w.strip(",'’")) for w in office.split()):
            # "Pakistan's Special Representative for Afghanistan, Ambassador Zar Sadiq, said"
            return f"{' '.join(office.split()[-10:])}, {phrase.strip()}"
    if normalise_speaker(phrase) is None and not _is_pronoun(phrase) and appositive:
        # appositive: "Enayatullah Khowarazmi, spokesperson for the ministry, said"
        phrase = ",".join(pieces[-2:])  # the comma keeps "at Torkham, Mawlawi X" apart
    words = phrase.split()
    return " ".join(words[-12:]).strip()


def _titled_person(phrase: str) -> bool:
    """'Ambassador Zar Sadiq': a title, then a name (not a known spokesperson)."""
    words = phrase.strip(" ,").split()
    return (
        len(words) >= 3
        and ROLE_WORD.match(words[0]) is not None
        and name_run(words[1:]) == len(words) - 1
        and known_person(phrase) is None
    )


def _names_speaker(text: str) -> bool:
    pieces = [p for p in _CLAUSE_BREAK.split(text) if p and p.strip()]
    return bool(pieces) and normalise_speaker(pieces[-1]) is not None


def _last_cue_end(window: str) -> int | None:
    """End of the last speech verb inside a speaker window, if any."""
    ends = [m.end() for m in _CUE.finditer(window)]
    return ends[-1] if ends else None


def _name_with_appositive(window: str) -> str | None:
    """'Name, role[ and role],' at the end of a window: 'Name, role' (the office may hold a
    conjunction: 'trader and leader of the agents' association')."""
    segments = window.rstrip().rstrip(",").split(",")
    if len(segments) < 2:
        return None
    head = [p for p in _CLAUSE_BREAK.split(segments[-2]) if p and p.strip()]
    if head and is_name(head[-1]):
        return f"{head[-1].strip()}, {segments[-1].strip()}"
    return None


def _speaker_after(text: str, cue_end: int) -> str:
    window = text[cue_end : cue_end + 100]
    window = _AFTER_FILLER.sub(" ", window)
    pieces = [p for p in _AFTER_BREAK.split(window) if p.strip()]
    if not pieces:
        return ""
    if len(pieces) > 1 and is_name(pieces[0]) and known_person(pieces[0]) is None:
        return f"{pieces[0].strip()}, {pieces[1].strip()}"  # said Haji Gul Zaman, a clearing agent
    if normalise_speaker(pieces[0]) is None and len(pieces) > 1:
        return pieces[1].strip()
    return pieces[0].strip()


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
    """The claimant of a speaker phrase; a surname the article introduced before is that person
    ("according to Zadran", "Samim said", "Ambassador Sadiq said" after "Ambassador Mohammad Sadiq,
    Pakistan's envoy, said"), however the phrase itself would read."""
    words = phrase.strip(" ,.\"“”'").split()
    if known and words and name_run(list(reversed(words))) >= 1 and words[-1].lower() in known:
        return known[words[-1].lower()]
    return normalise_speaker(phrase)


def remember_people(
    claimants: Iterable[tuple[str, str | None]], known: dict[str, tuple[str, str | None]]
) -> None:
    """Add the people that (label, side) claimants name ("Name (office)" labels) to `known`, by
    surname, for the article's later sentences."""
    for label, side in claimants:
        name = label.split(" (", 1)[0] if label.endswith(")") else ""
        if is_name(name):
            known.setdefault(name.split()[-1].lower(), (label, side))


def introduced_person(text: str) -> Speaker | None:
    """The named official a sentence opens with, office beside the name ("In Kandahar, a
    spokesman for the governor, Ataullah Zaid, linked the clashes to new posts"): who "he said"
    in the next sentence means, though this one has no speech verb."""
    pieces = text[:240].split(",")[:5]  # the subject stands among the first few pieces
    for i, (first, second) in enumerate(itertools.pairwise(p.strip() for p in pieces[:4])):
        if i + 2 < len(pieces) and _INTRODUCED_THEN_PASSIVE.match(pieces[i + 2]):
            return None  # "Qari Zubair, a TTP commander, was killed": told of, not speaking
        # "Name, a spokesman for ..." or "a spokesman for ..., Name"
        name, office = (first, second.split()[:4]) if is_name(first) else (second, first.split())
        if not (is_name(name) and any(ROLE_WORD.match(w) for w in office)):
            continue
        norm = normalise_speaker(f"{first}, {second}")
        if norm is not None and norm[0].startswith(name):
            return Speaker(norm[0], norm[1], "(introduced)", 0, 0)
    return None


def find_speakers(text: str, known: Mapping[str, tuple[str, str | None]] | None = None) -> list[Speaker]:
    """Speech cues of a sentence with the normalised speaker of each, in text order. Cues whose
    speaker cannot be recognised are kept with label '' (callers resolve them: pronoun -> the
    previous speaker). `known` maps the names of people an article has introduced (see
    `remember_people`) to their claimant: "according to Zadran" is the Zadran named before."""
    scan = _ANCHORED.scan(text, gate_text(text))
    found = _attributed(text, known, scan)
    taken = _taken_spans(found)
    taken_starts = [start for start, _ in taken]
    for m in scan.finditer(_SPEECH_CUE):
        i = bisect.bisect_right(taken_starts, m.start())
        if i > 0 and m.start() < taken[i - 1][1]:
            continue  # a cue inside an "according to"/"by" phrase
        speaker = _verb_cue_speaker(text, m, known)
        if speaker is not None and _is_pronoun(speaker.raw):
            speaker = _embedded_in(text, speaker, found) or speaker
        if speaker is not None:
            found.append(speaker)
    # cues whose speaker is the subject before them: an account given, a silence kept
    for cue, silent in ((_ACCOUNT, False), (_SILENCE, True)):
        for m in scan.finditer(cue):
            before = _speaker_before(text, m.start())
            if silent and "react" in m.group().lower() and before and _SILENCE_OF_ARMED_MEN.search(before):
                continue  # "troops did not react": they held their fire
            norm = _norm(before, known) if before and not _is_pronoun(before) else None
            if norm is not None:
                found.append(Speaker(norm[0], norm[1], before, m.start(), m.end(), silent=silent))
    if not found:  # "Islamabad's narrative that ...": Islamabad's, unless someone speaks here
        for m in scan.finditer(_POSSESSIVE):
            norm = _norm(m.group("who"), known)
            if norm is not None:
                found.append(Speaker(norm[0], norm[1], m.group("who"), m.start(), m.end()))
    for m in scan.finditer(_OBSERVED):
        norm = _observer(text, m.start())
        if norm is not None:
            raw = text[max(0, m.start() - 40) : m.start()].strip()
            found.append(Speaker(norm[0], norm[1], raw, m.start(), m.end()))
    found.sort(key=lambda s: s.start)
    return found


def _embedded_in(text: str, speaker: Speaker, found: list[Speaker]) -> Speaker | None:
    """'Islamabad said its strikes hit militants, who it says operate from Afghan soil': "it"
    (or "he", "she") after a relative word is the speaker named earlier in the sentence."""
    at = text.rfind(speaker.raw, 0, speaker.start + 1)
    if speaker.raw.lower() not in ("it", "he", "she"):
        return None  # "accusations from the Taliban, which they deny": "they" may be the accused
    if at < 0 or not _RELATIVE_BEFORE_PRONOUN.search(text, max(0, at - 12), at):
        return None
    earlier = [s for s in found if s.label and s.start < at and not _is_pronoun(s.raw)]
    if not earlier:
        return None
    return Speaker(earlier[-1].label, earlier[-1].side, speaker.raw, speaker.start, speaker.end)


def _attributed(text: str, known: Mapping[str, tuple[str, str | None]] | None, scan: Scan) -> list[Speaker]:
    """Speakers named by "according to X", "(released) by X" and "quoted X as saying"."""
    found: list[Speaker] = []
    for m in scan.finditer(_ACCORDING):
        who = m.group("who")
        norm = _norm(who, known) or _according_appositive(text, m)
        of_party = _REPORT_OF_A_PARTY.match(who)
        party = _norm(who[of_party.end() :], known) if of_party else None
        if party is not None:
            found.append(Speaker(party[0], party[1], who.strip(), m.start(), m.end()))
        elif norm is not None and not _ACCORDING_TO_REPORTS.search(who):
            found.append(Speaker(norm[0], norm[1], who.strip(), m.start(), m.end()))
        elif _ACCORDING_TO_REPORTS.search(who):
            found.append(Speaker("Article (according to reports)", None, who.strip(), m.start(), m.end()))
        elif _is_pronoun(who.strip()):
            # "According to the statement, ...": the one quoted before (callers resolve it)
            found.append(Speaker("", None, who.strip(), m.start(), m.end()))
    for m in itertools.chain(scan.finditer(_BY), scan.finditer(_QUOTED_AS_SAYING)):
        norm = _norm(m.group("who"), known)
        if norm is not None:
            found.append(Speaker(norm[0], norm[1], m.group("who").strip(), m.start(), m.end()))
    return found


def _according_appositive(text: str, m: re.Match[str]) -> tuple[str, str | None] | None:
    """'according to Samir Wardak, the district governor, ...': an unknown name is a speaker when
    the appositive after it names an office ('Name (role)')."""
    who = m.group("who").strip()
    if not is_name(who):
        return None
    appositive = _APPOSITIVE_AFTER_NAME.match(text, m.end())
    return normalise_speaker(f"{who}, {appositive.group('role')}") if appositive else None


def _taken_spans(found: list[Speaker]) -> list[list[int]]:
    """The spans of the speakers found so far, merged and sorted: speech cues inside are taken."""
    taken: list[list[int]] = []
    for s in sorted(found, key=lambda s: s.start):
        if taken and s.start <= taken[-1][1]:
            taken[-1][1] = max(taken[-1][1], s.end)
        else:
            taken.append([s.start, s.end])
    return taken


def _verb_cue_speaker(
    text: str, m: re.Match[str], known: Mapping[str, tuple[str, str | None]] | None
) -> Speaker | None:
    """The speaker of one speech verb: the phrase before it, else the one after it (after a quote
    or a comma), else a pronoun's antecedent; None for a passive ("it was reported")."""
    if _CUE_AS_NOUN.search(text[max(0, m.start() - 40) : m.start()]):
        return None  # "have not reacted to the reports": a noun, not a speech verb
    if _BARE_FORM.fullmatch(m.group(0)) and _INFINITIVE_BEFORE.search(
        text[max(0, m.start() - 60) : m.start()]
    ):
        return None  # "expects Kabul to fulfil its obligations and deny ...": asked of them, not said
    before = _speaker_before(text, m.start())
    if _PASSIVE_BEFORE.search(before) or _PASSIVE_BEFORE.search(text, max(0, m.start() - 20), m.start()):
        return None  # passive: "it was reported that", "no casualties were reported", handled by _BY
    inverted = _QUOTE_OR_COMMA_END.search(text[max(0, m.start() - 3) : m.start()]) is not None
    # "ten civilians were taken to hospital, reported the outlet", "outlets were spreading false
    # claims": a clause before the verb is no speaker
    clause = _CLAUSE_BEFORE.search(before) is not None
    norm = _norm(before, known) if before and not clause else None
    raw = before
    if norm is None and not clause:
        norm, raw = _subject_before_participle(text, m.start(), known) or (None, before)
    if norm is None and (not before or inverted):
        after = _speaker_after(text, m.end())
        # "..., said 12 soldiers were killed": a clause after the verb is what was said, not who
        norm = _norm(after, known) if not _CLAUSE_BEFORE.search(after) else None
        raw = after
    if norm is not None:
        return Speaker(norm[0], norm[1], raw, m.start(), m.end())
    if before and _is_pronoun(before):
        # '"... the Pakistani soldiers fled," he claimed': the quote holds no antecedent
        head = text[: max(0, m.start() - len(before) - 1)]
        after_quote = _CLOSING_QUOTE_END.search(head) is not None
        # "But the troops, he claimed, built a post": the subject before the comma is not "he"
        inserted = (
            before.lower() in ("he", "she")
            and head.rstrip().endswith(",")
            and text[m.end() :].lstrip().startswith(",")
        )
        resolved = (
            _pronoun_antecedent(_recent(text, m.start() - len(before) - 1))
            if before.lower() in ("they", "he", "she", "it") and not after_quote and not inserted
            else None
        )
        if resolved is not None:
            return Speaker(resolved[0], resolved[1], before, m.start(), m.end())
        return Speaker("", None, before, m.start(), m.end())
    if before:
        resolved = _pronoun_antecedent(_recent(text, m.start())) if _PRONOUN_END.search(before) else None
        if resolved is not None:
            return Speaker(resolved[0], resolved[1], before, m.start(), m.end())
    return None


def _subject_before_participle(
    text: str, cue_start: int, known: Mapping[str, tuple[str, str | None]] | None
) -> tuple[tuple[str, str | None], str] | None:
    """'Commissioner Samir Wardak while confirming the closure said': (claimant, phrase) of the
    subject before the participle clause, or None."""
    window = text[max(0, cue_start - 240) : cue_start]
    m = search_in_window(_SUBJECT_BEFORE_PARTICIPLE, text, window)
    if m is None:
        return None
    who = " ".join(m.group("who").split()[-12:])
    norm = _norm(who, known)
    return (norm, who) if norm is not None else None


def _recent(text: str, end: int, width: int = 300) -> str:
    """The last `width` characters of `text[:end]`, from a word start: a pronoun's antecedent is
    looked for there, not in the whole of a (possibly very long) sentence for every pronoun."""
    start = max(0, end - width)
    while 0 < start < end and text[start - 1].isalnum():
        start += 1
    return text[start : max(start, end)]


def _pronoun_antecedent(text: str) -> tuple[str, str | None] | None:
    """'accusations from the Afghan Taliban of ..., which they claim' -> the Afghan Taliban."""
    for m in _ANTECEDENT.finditer(text):
        norm = normalise_speaker(m.group("who"))
        if norm is not None:
            return norm
    return normalise_speaker(text) if text.strip() else None


def sentence_speaker(
    text: str,
    previous: Speaker | None = None,
    known: Mapping[str, tuple[str, str | None]] | None = None,
    *,
    found: list[Speaker] | None = None,
) -> Speaker | None:
    """The main speaker of a sentence (the first recognised one), resolving pronouns and bare
    'a spokesperson' to `previous`. `found`: the sentence's `find_speakers`, if already read."""
    for speaker in find_speakers(text, known) if found is None else found:
        if speaker.label and not (_vague(speaker) and previous is not None):
            return speaker
        if previous is not None:
            return Speaker(previous.label, previous.side, speaker.raw, speaker.start, speaker.end)
    if previous is not None and _CONTINUES_PREVIOUS.search(text):
        return Speaker(previous.label, previous.side, "(previous sentence)", 0, 0)
    return None


def _vague(s: Speaker) -> bool:
    """'a spokesperson', 'the officials': a speaker with no side, resolved by the previous one."""
    return s.side is None and _VAGUE_SPEAKER.search(s.raw.strip()) is not None


def resolved_speakers(
    text: str,
    previous: Speaker | None,
    known: Mapping[str, tuple[str, str | None]] | None = None,
    *,
    found: list[Speaker] | None = None,
) -> list[Speaker]:
    """The speakers of a sentence, pronouns and vague ones ("a spokesperson") resolved to
    `previous`; unrecognised ones dropped when there is no previous speaker. `found`: the
    sentence's `find_speakers`, if already read."""
    out = []
    for s in find_speakers(text, known) if found is None else found:
        if s.label and not (_vague(s) and previous is not None):
            out.append(s)
        elif previous is not None:
            out.append(Speaker(previous.label, previous.side, s.raw, s.start, s.end))
    return out
