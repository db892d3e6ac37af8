"""`python -m geodata explain`: the decision trace names the rule behind each trigger, filter,
place, date and incident (invented article text, the real gazetteer)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from geodata import rules
from geodata.extraction import extract_incidents, run
from geodata.extraction.explain import explain
from geodata.extraction.filters import TRIGGER_FILTERS
from geodata.extraction.places import CODE_REJECTIONS
from geodata.extraction.triggers import TRIGGERS
from geodata.model import Article

REPO = Path(__file__).resolve().parents[2]

BODY = (
    "Islamabad said Pakistan would launch airstrikes if the attacks continued.\n\n"
    "Jets bombed a compound in Dangam district of Kunar province on Friday, villagers said.\n\n"
    "Separately, the Torkham crossing was closed on Saturday morning."
)


def _article(body: str = BODY) -> Article:
    return Article(
        id="inv1",
        path="inv1.md",
        title="Invented",
        outlet="Test",
        url=None,
        published=date(2025, 6, 16),
        body=body,
    )


def _sentence_block(text: str, start: str) -> str:
    """The lines of the sentence block that starts with `start` (up to the next blank line)."""
    blocks = text.split("\n\n")
    return next(b for b in blocks if start in b.splitlines()[0])


def test_explain_names_the_filter_that_dropped_a_conditional_strike(gazetteer):
    block = _sentence_block(explain(_article(), gazetteer), "would launch airstrikes")
    assert "dropped      'airstrikes' [conditional]" in block
    assert "\n  fired " not in block
    # the speaking capital is no place, and says why
    assert "not a place  'Islamabad' [" in block


def test_explain_shows_the_trigger_rule_places_date_and_incident(gazetteer):
    text = explain(_article(), gazetteer)
    block = _sentence_block(text, "Jets bombed")
    assert "fired        'Jets bombed' [airstrike]: airstrike (strong)" in block
    assert "place        'Dangam district' [usable]" in block
    assert "located      'Jets bombed' [nearest_trigger]: Dangam" in block
    assert "date         'on Friday' [date_phrase]" in block
    assert "joined       'Jets bombed' [cluster]: incident 1: airstrike at Dangam, 2025-06-13" in block
    assert "  1. airstrike at Dangam" in text


def test_trace_leaves_the_incidents_unchanged(gazetteer):
    traced = run(_article(), gazetteer, trace=True)
    assert traced.incidents == extract_incidents(_article(), gazetteer)
    assert traced.trace, "a traced run records decisions"
    assert run(_article(), gazetteer).trace is None


def test_every_trigger_and_filter_rule_in_the_trace_is_a_named_rule(gazetteer):
    body = BODY + "\n\nThe army said it would never shell villages, and no fighting took place in Kurram."
    doc = run(_article(body), gazetteer, trace=True)
    trigger_rules = {r.name for r in TRIGGERS}
    filter_rules = {name for name, _ in TRIGGER_FILTERS}
    fired = {d.rule for d in doc.trace or [] if d.kind == "trigger"}
    dropped = {d.rule for d in doc.trace or [] if d.kind == "dropped"}
    assert fired and fired <= trigger_rules
    assert "negated" in dropped or "conditional" in dropped
    assert {"conditional"} <= dropped
    assert dropped - filter_rules <= {
        "no_crossing_context",
        "clash_absorbs_shelling",
        "shelling_absorbs_attack",
        "anaphora_not_needed",
        "aggregate",
        "no_antecedent",
        "sporadic_without_time_or_place",
        "cause_without_place_or_date",
    }


def test_rejected_places_name_a_place_rule(gazetteer):
    body = (
        "Officials in Kabul said jets struck Bajaur on Friday, sparking outrage in Islamabad. "
        "In Kabul, the ministry said Islamabad and Kabul would talk in Doha."
    )
    doc = run(_article(body), gazetteer, trace=True)
    rejected = {d.rule for d in doc.trace or [] if d.kind == "rejected"}
    place_rules = set(rules.ruleset("places"))
    assert rejected, "the speakers' and the reaction's places are rejected"
    by_rule = {r for r in rejected if not r.startswith("gazetteer_role_")}  # the gazetteer's own verdict
    assert by_rule <= place_rules | set(CODE_REJECTIONS)
    assert rejected & place_rules, "at least one rejection names a rule of places.yaml"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geodata", "explain", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        timeout=300,
    )


def test_cli_explains_an_article_file(tmp_path):
    path = tmp_path / "inv2.md"
    path.write_text(
        '---\ntitle: "Invented"\npublished: "2025-06-16"\n---\n' + BODY + "\n\x1b[31mred\x1b[0m\n",
        encoding="utf-8",
    )
    done = _cli(str(path))
    assert done.returncode == 0, done.stderr
    assert "[conditional]" in done.stdout and "[airstrike]" in done.stdout
    assert "\x1b" not in done.stdout  # control characters from the text are shown inert


def test_cli_missing_file_is_a_clear_error(tmp_path):
    done = _cli(str(tmp_path / "missing.md"))
    assert done.returncode == 2
    assert "cannot be read" in done.stderr
