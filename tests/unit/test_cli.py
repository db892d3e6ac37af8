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


def test_odd_arguments_get_a_message_not_a_traceback(tmp_path):
    out = str(tmp_path / "x.geojson")
    for workers in ("0", "-1", "two"):
        result = run_cli("build", "--articles", str(REPO / "seeds"), "--out", out, "--workers", workers)
        assert result.returncode == 2 and "--workers" in result.stderr and "Traceback" not in result.stderr
    for address in ("localhost", "http://localhost:8786"):
        result = run_cli("build", "--articles", str(REPO / "seeds"), "--out", out, "--dask", address)
        assert result.returncode == 2, result.stderr
        assert "not a Dask scheduler address" in result.stderr and "Traceback" not in result.stderr
    folder = tmp_path / "sub.md"
    folder.mkdir()
    result = run_cli("explain", str(folder))
    assert result.returncode == 2 and "a directory, not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


def test_articles_dropped_in_extraction_are_counted_as_skipped(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    for seed in sorted((REPO / "seeds").glob("*.md")):  # each ~20 times as long: see test_isolation
        front, body = seed.read_text(encoding="utf-8").split("\n---\n", 1)
        (articles / seed.name).write_text(front + "\n---\n" + "\n\n".join([body] * 20), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "geodata", "build", "--articles", str(articles), "--out", str(tmp_path / "x.geojson")],
        cwd=REPO, capture_output=True, text=True, timeout=300,
        env={**__import__("os").environ, "DURAND_ARTICLE_TIME_BUDGET_S": "0.000001"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    collection = json.loads((tmp_path / "x.geojson").read_text(encoding="utf-8"))
    assert len(collection["problems"]) == 5 and collection["articles"] == []
    assert result.stdout.startswith("0 articles, 0 incidents, 0 unlocated, 5 files skipped")
    assert result.stderr.count("skipped ") == 5


def test_add_refuses_devices_and_huge_files_without_reading_them(tmp_path):
    huge = tmp_path / "huge.md"
    with huge.open("wb") as handle:  # sparse: 3 GB on paper, nothing on disk
        handle.truncate(3 * 1024**3)
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    result = run_cli("add", "--db", db, "/dev/zero", str(huge))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "/dev/zero: a device, not a regular file" in result.stderr
    assert "too large (3221.2 MB; the limit is 5 MB)" in result.stderr


def test_build_with_a_mistyped_store_path_fails_instead_of_making_an_empty_store(tmp_path):
    missing = tmp_path / "no" / "such" / "store.sqlite"
    result = run_cli(
        "build",
        "--articles",
        str(REPO / "seeds"),
        "--out",
        str(tmp_path / "x.geojson"),
        "--db",
        f"sqlite:///{missing}",
    )
    assert result.returncode == 2 and f"no review store at {missing}" in result.stderr
    assert not (tmp_path / "no").exists() and not (tmp_path / "x.geojson").exists()
