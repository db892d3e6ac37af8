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

The patterns are data: rules/speech.yaml (speech verbs and speaker cues), rules/actors.yaml
(claimant labels and sides, what a figure's subject counts) and rules/claims.yaml (figures, names,
pronouns). Modules: `people` (cited spokespeople, name tokens), `claimants` (phrase -> label and
side), `speakers` (cues of a sentence), `figures`, `attribution` (figures -> claims).
"""

from .attribution import ARTICLE, contested, dedupe, sentence_claims, sort_key
from .claimants import normalise_speaker
from .figures import Figure, find_figures, search_before
from .people import KnownPerson, known_people, known_person, known_person_by_full_name
from .speakers import (
    Speaker,
    find_speakers,
    introduced_person,
    remember_people,
    resolved_speakers,
    sentence_speaker,
)

__all__ = [
    "ARTICLE",
    "Figure",
    "KnownPerson",
    "Speaker",
    "contested",
    "dedupe",
    "find_figures",
    "find_speakers",
    "introduced_person",
    "known_people",
    "known_person",
    "known_person_by_full_name",
    "normalise_speaker",
    "remember_people",
    "resolved_speakers",
    "search_before",
    "sentence_claims",
    "sentence_speaker",
    "sort_key",
]
