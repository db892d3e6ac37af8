"""A sentence's claims: each figure attributed to the speech cue that governs it."""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Claim
from ..rules import rule
from .figures import find_figures
from .speakers import Speaker, find_speakers, resolved_speakers, sentence_speaker

ARTICLE = "Article"
_HEDGE_WORDS = rule("claim_hedge_word")
_SUBORDINATE_START = rule("subordinate_speaker_start").regex
_APPEAL_THEN_EVENT = rule("appeal_then_event").regex
# a voice reported inside another's words ("the ISPR said, adding that Afghan forces had denied")
_REPORTED_INSIDE = rule("reported_voice_before").regex


def _speaker_for(position: int, speakers: list[Speaker]) -> Speaker | None:
    """The speech cue governing a figure at `position`: the nearest preceding cue, else the
    nearest following one."""
    before = [s for s in speakers if s.start <= position]
    if before:
        return before[-1]
    after = [s for s in speakers if s.start > position]
    return after[0] if after else None


def sentence_claims(
    text: str,
    article_id: str,
    previous: Speaker | None = None,
    *,
    statement_claim: bool = False,
    known: Mapping[str, tuple[str, str | None]] | None = None,
    found: list[Speaker] | None = None,
) -> list[Claim]:
    """The claims one sentence makes: one per figure, attributed; with `statement_claim`, also one
    unnumbered claim for the sentence when it makes none with figures (its speaker or 'Article').
    `found`: the sentence's `find_speakers(text, known)`, if the caller has read it already."""
    found = find_speakers(text, known) if found is None else found
    speakers = resolved_speakers(text, previous, known, found=found)
    fallback = sentence_speaker(text, previous, known, found=found)
    vocal = [sp for sp in speakers if not sp.silent]
    vocal_fallback = fallback if fallback is None or not fallback.silent else (vocal[0] if vocal else None)
    sentence_hedge = _HEDGE_WORDS.search(text)
    claims: list[Claim] = []
    for fig in find_figures(text):
        speaker = _speaker_for(fig.start, vocal) or vocal_fallback
        if speaker is not None and _APPEAL_THEN_EVENT.match(text[speaker.start : fig.start]):
            speaker = None  # "the UN urged restraint after five were killed": the toll is the article's
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
    if statement_claim and claims:
        # "X said the victims died in mortar fire, while Y confirmed 80 were injured": X speaks too
        counted = {(c.claimant, c.side) for c in claims}
        for sp in {(sp.label, sp.side): sp for sp in vocal if sp.label}.values():
            if (sp.label, sp.side) not in counted and not _reported_inside(text, sp):
                claims.append(_statement(text, article_id, sp, sentence_hedge))
        if vocal and all(_in_subordinate_clause(text, sp) for sp in vocal):
            # "jets bombed the town, an attack that, according to Kabul, killed 40": the bombing is
            # the article's own statement, the toll Kabul's
            claims.append(_statement(text, article_id, None, sentence_hedge))
    if statement_claim and not claims:
        # one claim per party speaking: "Afghan officials said X; Pakistani officials said Y"
        voices: list[Speaker | None] = list(
            {(sp.label, sp.side): sp for sp in vocal if sp.label}.values()
        ) or [speakers[0] if speakers else fallback]
        if voices and all(sp is not None and _in_subordinate_clause(text, sp) for sp in voices):
            voices.append(None)  # "shut after Kabul rejected the demand": the shutting is the article's
        elif speakers and not vocal:
            voices.append(None)  # "the border was closed, but Kabul has not reacted": the article's
        claims.extend(_statement(text, article_id, speaker, sentence_hedge) for speaker in voices)
    return claims


def _statement(text: str, article_id: str, speaker: Speaker | None, hedge) -> Claim:
    """An unnumbered claim: the sentence as its speaker's (or the article's) statement."""
    return Claim(
        claimant=speaker.label if speaker else ARTICLE,
        statement=text,
        hedge=hedge.group(1).lower() if hedge else None,
        article=article_id,
        side=speaker.side if speaker else None,
    )


def _raw_start(text: str, speaker: Speaker) -> int:
    """Where the speaker's phrase stands in the sentence (-1: not found as written)."""
    return text.rfind(speaker.raw, 0, speaker.start + 1) if speaker.raw else -1


def _reported_inside(text: str, speaker: Speaker) -> bool:
    """The voice stands inside another's words ("the ISPR said, adding that Afghan forces ...")."""
    at = _raw_start(text, speaker)
    return at > 0 and _REPORTED_INSIDE.search(text, 0, at) is not None


def _in_subordinate_clause(text: str, speaker: Speaker) -> bool:
    """The speaker is named inside a clause of time or cause ("... after Kabul rejected ..."),
    after the start of the sentence: the main clause is not theirs."""
    at = _raw_start(text, speaker)
    at = speaker.start if at < 0 else at  # "according to X": the phrase starts the speaker
    return at > 0 and _SUBORDINATE_START.search(text, max(0, at - 20), at) is not None


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
