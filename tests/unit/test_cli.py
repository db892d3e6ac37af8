"""`python -m geodata build` as other tools call it: a subprocess, exit codes, the summary line."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from geodata.validate import validate_feature_collection

REPO = Path(__file__).resolve().parents[2]


def run_cli(*args, cwd=REPO):
    return subprocess.run(
        [sys.executable, "-m", "geodata", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_build_on_seeds_writes_valid_geojson_from_every_article(tmp_path):
    out = tmp_path / "nested" / "incidents.geojson"
    result = run_cli("build", "--articles", str(REPO / "seeds"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert validate_feature_collection(collection) == []
    seed_ids = {p.stem for p in (REPO / "seeds").glob("*.md")}
    assert {a["id"] for a in collection["articles"]} == seed_ids
    cited = {s["article"] for f in collection["features"] for s in f["properties"]["sources"]}
    assert cited == seed_ids, "every seed article should contribute at least one incident"
    features = collection["features"]
    unlocated = sum(f["geometry"] is None for f in features)
    assert result.stdout.strip().startswith(
        f"{len(seed_ids)} articles, {len(features)} incidents, {unlocated} unlocated"
    )


def test_build_is_deterministic_and_workers_do_not_change_output(tmp_path):
    outs = []
    for name, workers in (("a", "1"), ("b", "1"), ("c", "2")):
        out = tmp_path / f"{name}.geojson"
        assert run_cli("build", "--out", str(out), "--workers", workers).returncode == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]


def test_bad_files_are_reported_and_the_rest_still_build(tmp_path):
    articles = tmp_path / "articles"
    shutil.copytree(REPO / "seeds", articles)
    (articles / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody", encoding="utf-8")
    (articles / "binary.md").write_bytes(b"\x00\xff\x00")
    out = tmp_path / "out.geojson"
    result = run_cli("build", "--articles", str(articles), "--out", str(out))
    assert result.returncode == 0
    assert "broken.md" in result.stderr and "binary.md" in result.stderr
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert {p["file"] for p in collection["problems"]} == {"broken.md", "binary.md"}
    assert "files skipped" in result.stdout


def test_unusable_input_exits_non_zero_with_a_message(tmp_path):
    result = run_cli("build", "--articles", str(tmp_path / "missing"), "--out", str(tmp_path / "x.geojson"))
    assert result.returncode != 0 and "not a directory" in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("build", "--articles", str(empty), "--out", str(tmp_path / "x.geojson"))
    assert result.returncode != 0 and "no usable article" in result.stderr
    assert "Traceback" not in result.stderr
