"""The claims, dates, speech and actors rule files: the metadata the code reads is well formed, and
the shared vocabularies are really shared (one list, used by every reader)."""

import ast
import re
from datetime import date
from pathlib import Path

import pytest

from geodata import rules
from geodata.claims import find_speakers, normalise_speaker
from geodata.dates import find_dates, number_word

ROOT = Path(__file__).resolve().parents[2]
SIDES = {"AF", "PK", "independent", None}


def _words(rule_name: str) -> list[str]:
    """The members of a word-list rule as its file lists them; its pattern is their alternation
    (a prefix tree, see `rules.words_pattern`), which matches each of them whole."""
    raw = next(
        r for data in rules._raw_files().values() for r in data.get("rules") or [] if r["name"] == rule_name
    )
    words = [str(w) for w in raw.get("words") or raw["values"]]
    assert rules.macro(rule_name) == rules.words_pattern(words)
    assert all(re.fullmatch(rules.macro(rule_name), w) for w in words), rule_name
    return words


def test_speaker_rules_carry_a_label_and_a_known_side():
    speakers = [r for r in rules.ruleset("actors").values() if r.name.startswith("speaker_")]
    assert len(speakers) >= 20
    for r in speakers:
        assert isinstance(r.meta.get("label"), str) and r.meta["label"], r.name
        assert "side" in r.meta and r.meta["side"] in SIDES, r.name


def test_subject_rules_carry_a_side_or_a_role():
    actors = rules.ruleset("actors").values()
    sides = [r.meta.get("side") for r in actors if r.name.startswith("subject_side_")]
    roles = [r.meta.get("role") for r in actors if r.name.startswith("subject_role_")]
    assert sorted(sides) == ["AF", "PK", "TTP"]
    assert sorted(roles) == ["civilian", "fighter", "state"]


def test_the_first_speaker_rule_that_matches_wins():
    # "Afghan villagers" names Afghans, but villagers speak for themselves: the earlier rule wins
    assert normalise_speaker("Afghan villagers")[1] == "independent"
    assert normalise_speaker("the Afghan defence ministry") == ("Afghan Ministry of Defence", "AF")
    assert normalise_speaker("the defence ministry")[1] is None  # either government's


def test_figure_verbs_name_distinct_units():
    units = [r.meta["unit"] for r in rules.ruleset("claims").values() if "unit" in r.meta]
    assert units == ["killed", "wounded", "captured", "destroyed", "neutralised", "arrested"]


def test_value_tables_are_word_lists_and_agree_where_they_overlap():
    tables = ["count_word", "article_count", "large_count_word", "ordinal_word", "month_full_name"]
    seen: dict[str, object] = {}
    for name in tables:
        values = rules.rule(name).meta["values"]
        assert sorted(_words(name)) == sorted(values), name
        for word, value in values.items():
            assert seen.setdefault(word.lower(), value) == value, word
    assert rules.rule("count_word").regex.fullmatch("twenty  one")  # spaces in a word: any run


def test_every_speech_verb_is_a_speech_cue_and_dates_a_statement():
    published = date(2025, 10, 15)
    verbs = _words("speech_verb")
    assert {"said", "denied", "tweeted", "described"} <= set(verbs)
    for verb in verbs:
        sentence = f"Border officials {verb} on Monday that the crossing was shut."
        speakers = find_speakers(sentence)
        assert speakers and speakers[0].label.startswith("Border officials"), verb
        phrases = find_dates(sentence, published)
        assert [p.statement for p in phrases] == [True], verb


def test_number_word_reads_the_date_counts_only():
    assert number_word("twenty-one") == 21
    assert number_word("an") == 1
    assert number_word("forty") is None  # a figure's count, not a date's (large_count_word)


@pytest.mark.parametrize(
    "path", sorted((ROOT / "geodata" / "claims").glob("*.py")) + [ROOT / "geodata/dates.py"]
)
def test_claims_and_dates_modules_stay_small(path):
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 500, path.name
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert node.end_lineno - node.lineno + 1 <= 80, f"{path.name}:{node.name}"


@pytest.mark.parametrize(
    "path", sorted((ROOT / "geodata" / "claims").glob("*.py")) + [ROOT / "geodata/dates.py"]
)
def test_claims_and_dates_compile_no_regex_in_code(path):
    """Their patterns are rules: the code finds them by name instead of compiling its own."""
    source = path.read_text(encoding="utf-8")
    calls = re.findall(r"\bre\.(?:compile|search|match|fullmatch|sub|split|finditer|findall)\(", source)
    allowed = {"people.py": 1}  # the pattern of the cited spokespeople's names, built from the data file
    assert len(calls) == allowed.get(path.name, 0), path.name
