"""Gazetteer speed: load time and find_mentions throughput on the seed articles.

Excluded from the default run (pyproject addopts has --benchmark-skip); run with
    python -m pytest tests/benchmarks/test_gazetteer_bench.py --benchmark-only -m benchmark
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geodata import gazetteer as gz

pytestmark = pytest.mark.benchmark

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _bodies() -> list[str]:
    out = []
    for f in sorted(SEEDS.glob("*.md")):
        text = f.read_text(encoding="utf-8")
        parts = text.split("---", 2)
        out.append(parts[2] if len(parts) == 3 else text)
    return out


def test_bench_load(benchmark):
    def load():
        gz.load_gazetteer.cache_clear()
        return gz.load_gazetteer()

    g = benchmark(load)
    assert len(g.places) > 900
    assert benchmark.stats["mean"] < 1.0


def test_bench_find_mentions(benchmark):
    g = gz.load_gazetteer()
    bodies = _bodies()
    assert bodies

    def run():
        return sum(len(g.find_mentions(b)) for b in bodies)

    n = benchmark(run)
    assert n > 0
    articles_per_s = len(bodies) / benchmark.stats["mean"]
    benchmark.extra_info["articles_per_s"] = round(articles_per_s, 1)
    assert articles_per_s > 20
