"""Every hostile or broken file gets its stated behaviour; the good ones still load."""

from datetime import date

import pytest

from geodata.articles import load_articles
from tests.hostile.corpus import cases, write_corpus

CASES = cases()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    directory = tmp_path_factory.mktemp("hostile")
    write_corpus(directory)
    articles, problems = load_articles(directory, today=date(2026, 1, 1))
    return {a.path.split("/")[-1]: a for a in articles}, {p.file: p.reason for p in problems}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_gets_its_behaviour(case, loaded):
    articles, problems = loaded
    if case.outcome == "skipped":
        assert case.name in problems, f"{case.why}: should be skipped with a reason"
        assert problems[case.name].strip()
        assert "Traceback" not in problems[case.name]
    else:
        assert case.name in articles, f"{case.why}: should load ({problems.get(case.name)})"
        article = articles[case.name]
        if case.outcome == "flagged":
            assert article.problems, f"{case.why}: should be flagged"
        else:
            assert not article.problems, article.problems


def test_nothing_is_silently_dropped(loaded):
    articles, problems = loaded
    assert len(articles) + len(problems) == len(CASES)


def test_cli_summary_names_every_unusable_and_flagged_file(tmp_path):
    """`python -m geodata build` on the whole corpus: exit 0, one `skipped <file>: <reason>` line
    per unusable file, a `warning <file>: …` line per flagged one, each on its own inert line (no
    raw control characters from hostile file names), no traceback, and a summary that counts them."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    from geodata.__main__ import shown

    directory = tmp_path / "corpus"
    write_corpus(directory)
    out = tmp_path / "out.geojson"
    repo = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-m", "geodata", "build", "--articles", str(directory), "--out", str(out)],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert not any("\x1b" in line or "\u202e" in line for line in lines), (
        "raw control characters reached the terminal"
    )
    skipped = [c for c in CASES if c.outcome == "skipped"]
    flagged = [c for c in CASES if c.outcome == "flagged"]
    for case in skipped:
        matching = [ln for ln in lines if ln.startswith(f"skipped {shown(case.name)}: ")]
        assert len(matching) == 1, f"{case.name!r} ({case.why}) not reported once: {matching}"
        assert len(matching[0]) > len(f"skipped {shown(case.name)}: ") + 3, "no reason given"
    for case in flagged:
        assert any(ln.startswith(f"warning {shown(case.name)}: ") for ln in lines), (
            f"{case.name!r} ({case.why}) not warned"
        )
    assert f"{len(skipped)} files skipped" in result.stdout, result.stdout
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(p["file"] for p in collection["problems"]) == sorted(c.name for c in skipped)
    assert len(collection["articles"]) == len(CASES) - len(skipped)
