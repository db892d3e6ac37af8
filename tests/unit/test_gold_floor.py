"""The gold-floor gate: a rule change must not silently lose what the gold sets already score.

Runs the pipeline and the evaluator (as `python -m geodata evaluate` does) on every gold set in
tests/data, and on the real articles of ../shared/dev-real when that folder exists, and fails when
headline F1, date exact or claims found drops below the floors in tests/data/gold_floor.yaml.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from geodata.evaluation import evaluate, load_gold
from geodata.evaluation.cli import run_pipeline

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
FLOORS_FILE = DATA / "gold_floor.yaml"
FLOORS = yaml.safe_load(FLOORS_FILE.read_text(encoding="utf-8"))

MEASURES: dict[str, Callable[[dict], float | None]] = {
    "core_f1": lambda r: r["slices"][r["headline"]]["f1"],
    "date_exact": lambda r: r["diagnostics"]["date_exact"],
    "date_exact_day_in_text": lambda r: r["diagnostics"]["date_exact_text_pinned"],
    "claims_found": lambda r: r["claims"]["share_found_of_all"],
}


def shared_dir() -> Path:
    """../shared beside the clone (CI keeps a copy there); DURAND_SHARED overrides it, for
    checkouts elsewhere (a git worktree)."""
    return Path(os.environ.get("DURAND_SHARED") or REPO.parent / "shared")


def figures(gold_path: Path, articles: Path) -> dict[str, float]:
    """The measures of one gold set in percent (a measure with nothing to count is 0)."""
    gold = load_gold(gold_path, articles)
    system, _ = run_pipeline(gold, with_mentions=False)
    result = evaluate(gold, system)
    return {name: 100 * (measure(result) or 0.0) for name, measure in MEASURES.items()}


@pytest.fixture(scope="module")
def scored() -> Callable[[str, Path, Path], dict[str, float]]:
    """Each set runs through the pipeline once per test session, whichever tests ask for it."""
    cache: dict[str, dict[str, float]] = {}

    def get(name: str, gold_path: Path, articles: Path) -> dict[str, float]:
        if name not in cache:
            cache[name] = figures(gold_path, articles)
        return cache[name]

    return get


def drops(name: str, got: dict[str, float], floors: dict[str, float]) -> list[str]:
    return [
        f"{name}: {measure} fell to {got[measure]:.2f}% (floor {floor}%)"
        for measure, floor in floors.items()
        if got[measure] < floor - 1e-9
    ]


def _assert_no_drops(problems: list[str]) -> None:
    assert not problems, (
        "\n".join(problems) + f"\nA change lowered a gold-set figure. Fix the change; the floors in "
        f"{FLOORS_FILE.relative_to(REPO)} are raised deliberately, never lowered to let a change pass."
    )


def test_every_gold_set_in_tests_data_has_floors():
    sets = sorted(p.parent.name for p in DATA.glob("*/gold.yaml"))
    assert sets and sets == sorted(FLOORS["tests_data"])
    for floors in [*FLOORS["tests_data"].values(), FLOORS["dev_real"]]:
        assert set(floors) == set(MEASURES)
        assert all(0 <= value <= 100 and value == math.floor(value * 10) / 10 for value in floors.values())


@pytest.mark.parametrize("name", sorted(FLOORS["tests_data"]))
def test_gold_set_stays_above_its_floor(name, scored):
    folder = DATA / name
    got = scored(name, folder / "gold.yaml", folder / "articles")
    _assert_no_drops(drops(name, got, FLOORS["tests_data"][name]))


def test_dev_real_stays_above_its_floor(scored):
    folder = shared_dir() / "dev-real"
    if not (folder / "gold.yaml").is_file():
        pytest.skip(
            f"no real-article gold set at {folder} (it lives in ../shared beside the clone, as in "
            "CI; set DURAND_SHARED to its folder to check it here)"
        )
    got = scored("dev-real", folder / "gold.yaml", folder / "articles")
    _assert_no_drops(drops("dev-real", got, FLOORS["dev_real"]))


def test_a_drop_is_reported_with_its_measure_and_floor():
    floors = {"core_f1": 50.0, "date_exact": 80.0}
    got = {"core_f1": 49.9, "date_exact": 80.0}
    assert drops("set", got, floors) == ["set: core_f1 fell to 49.90% (floor 50.0%)"]
