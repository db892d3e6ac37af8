"""`python -m geodata build` on the seeds plus every hostile file (issue 14): exit 0, every good
incident written, every bad file listed with its reason, nothing hostile in the output, memory
bounded (a 1 GB file is never read), no temporary file left behind."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.corpus import cases, write_corpus

REPO = Path(__file__).resolve().parents[2]
INVISIBLE = ["\u202e", "\u200b", "\ufeff", "\u0085", "\x7f", "\u2066", "\u2028"]


# `python -m geodata build`, reporting its own peak memory on the last line of stderr
_BUILD_WITH_PEAK = (
    "import resource, sys\n"
    "from geodata.__main__ import main\n"
    "code = main(sys.argv[1:])\n"
    "print(f'PEAK_KB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _build(articles: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", _BUILD_WITH_PEAK, "build", "--articles", str(articles), "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile-build")
    seeds_only, mixed = base / "seeds", base / "mixed"
    shutil.copytree(REPO / "seeds", seeds_only)
    corpus = write_corpus(mixed)
    for path in (REPO / "seeds").glob("*.md"):
        shutil.copy(path, mixed / path.name)
    result = _build(mixed, base / "out" / "mixed.geojson")
    peak_kb = [line.split()[1] for line in result.stderr.splitlines() if line.startswith("PEAK_KB ")]
    reference = _build(seeds_only, base / "out" / "seeds.geojson")
    assert reference.returncode == 0, reference.stderr[-2000:]
    return {
        "result": result,
        "corpus": corpus,
        "out": base / "out",
        "mixed": json.loads((base / "out" / "mixed.geojson").read_text(encoding="utf-8")),
        "seeds": json.loads((base / "out" / "seeds.geojson").read_text(encoding="utf-8")),
        "peak_mb": int(peak_kb[-1]) / 1024 if peak_kb else None,
        "raw": (base / "out" / "mixed.geojson").read_bytes(),
    }


def test_build_exits_0_and_lists_every_bad_file_with_its_reason(builds):
    result = builds["result"]
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    listed = {p["file"]: p["reason"] for p in builds["mixed"]["problems"]}
    skipped = {c.listed_as for c in builds["corpus"] if c.outcome == "skipped"}
    assert set(listed) == skipped, set(listed) ^ skipped
    assert all(reason.strip() for reason in listed.values())


def test_every_good_incident_is_written(builds):
    """Each incident of the seeds alone is in the mixed build with all its evidence (hostile
    articles may add sources to it, never take any away)."""
    mixed = [
        {(s["article"], s["quote"]) for s in f["properties"]["sources"]} for f in builds["mixed"]["features"]
    ]
    for feature in builds["seeds"]["features"]:
        evidence = {(s["article"], s["quote"]) for s in feature["properties"]["sources"]}
        assert any(evidence <= other for other in mixed), feature["properties"]["place"]
    seed_ids = {a["id"] for a in builds["seeds"]["articles"]}
    assert seed_ids <= {a["id"] for a in builds["mixed"]["articles"]}


def test_nothing_hostile_reaches_the_output(builds):
    raw = builds["raw"]
    text = raw.decode("utf-8")  # valid UTF-8: no surrogate made it to the write
    for char in INVISIBLE:
        assert char not in text, repr(char)
    assert "root:x:0:0" not in text, "/etc/passwd was read through a symbolic link"
    assert "e+3" not in text, "a 38-digit figure was written in exponent form"
    longest = max(len(a["title"]) for a in builds["mixed"]["articles"])
    assert longest <= 500


def test_memory_stays_bounded_with_a_1gb_file(builds):
    """The 1 GB sparse file is refused from its size (it took the build to 1.07 GB before)."""
    assert builds["peak_mb"] is not None, "the build did not report its peak memory"
    assert builds["peak_mb"] < 800, builds["peak_mb"]


def test_no_temporary_file_is_left(builds):
    assert sorted(p.name for p in builds["out"].iterdir()) == ["mixed.geojson", "seeds.geojson"]


def test_corpus_covers_issue_14():
    names = {c.name for c in cases()}
    for name in (
        "int_hex_title.md",
        "surrogate_title.md",
        "passwd.md",
        "fifo.md",
        "sparse_1gb.md",
        "page.html",
    ):
        assert name in names
