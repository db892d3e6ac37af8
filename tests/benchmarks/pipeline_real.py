"""Pipeline throughput on real-size text (issue 17): the articles of ../shared/dev-real copied
under new names into a temporary corpus (never committed: their text belongs to the
publishers), measured in CPU seconds of this process so a busy machine changes the figure less (after the
once-per-process setup, printed apart: a fresh interpreter's imports, gazetteer and rules),
next to the synthetic one-paragraph articles of tests/benchmarks/synth.py from the same run; then
`--workers 2` against one worker on the same corpus, wall clock, side by side.

    python -m tests.benchmarks.pipeline_real [--articles 2000] [--repeat 2]

Without ../shared/dev-real (DURAND_SHARED overrides where it is looked for) it prints
"skipped: ../shared/dev-real not found".
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def dev_real_articles() -> Path:
    return Path(os.environ.get("DURAND_SHARED") or REPO.parent / "shared") / "dev-real" / "articles"


def copy_corpus(source: Path, target: Path, n: int) -> None:
    """n article files in target, the source files over and over, each under a new id."""
    files = sorted(p for p in source.iterdir() if p.suffix in {".md", ".txt"})
    for i in range(n):
        original = files[i % len(files)]
        shutil.copyfile(original, target / f"copy{i:05d}-{original.name}")


def cpu_rate(articles) -> float:
    """Articles per CPU second of this process, one worker, after the once-per-process setup
    (`setup_seconds`: the imports, the gazetteer read, the rules compiled on first use), which
    one article before the clock starts pays: it is not part of the per-article cost."""
    from geodata.gazetteer import load_gazetteer
    from geodata.pipeline import extract_all

    load_gazetteer()
    extract_all(articles[:1], workers=1)
    started = time.process_time()
    extract_all(articles, workers=1)
    return len(articles) / (time.process_time() - started)


def setup_seconds(one_article: Path) -> float:
    """CPU seconds a fresh interpreter spends up to its first article done (the folder
    `one_article` holds one): the imports, the gazetteer read, the rules compiled on first use
    and that one article (a few ms of it)."""
    code = (
        "import sys, time; t = time.process_time(); from geodata.articles import load_articles; "
        "from geodata.gazetteer import load_gazetteer; from geodata.pipeline import extract_all; "
        "load_gazetteer(); extract_all(load_articles(sys.argv[1])[0], workers=1); "
        "print(time.process_time() - t)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(one_article)], capture_output=True, text=True, check=True, cwd=REPO
    )
    return float(done.stdout.strip().splitlines()[-1])


def wall_seconds(articles, workers: int) -> float:
    from geodata.pipeline import extract_all

    started = time.perf_counter()
    extract_all(articles, workers=workers)
    return time.perf_counter() - started


def report(n: int = 2000, repeat: int = 2) -> None:
    from geodata import gazetteer as gz
    from geodata.articles import load_articles
    from tests.benchmarks.synth import write_articles

    source = dev_real_articles()
    print(f"\n(f) pipeline on real-size text ({n:,} copies of ../shared/dev-real), target >= 200/s per core")
    if not source.is_dir():
        print("  skipped: ../shared/dev-real not found")
        return
    with (
        tempfile.TemporaryDirectory() as real_dir,
        tempfile.TemporaryDirectory() as synth_dir,
        tempfile.TemporaryDirectory() as one_dir,
    ):
        copy_corpus(source, Path(real_dir), n)
        write_articles(Path(synth_dir), n, gz.load_gazetteer())
        real, _ = load_articles(real_dir)
        synthetic, _ = load_articles(synth_dir)
        size = sum(len(a.body) for a in real) / len(real)
        copy_corpus(source, Path(one_dir), 1)
        setup = [setup_seconds(Path(one_dir)) for _ in range(repeat)]
        print(f"  once per process, to the first article done: {', '.join(f'{s:.2f}' for s in setup)} CPU s")
        for _ in range(repeat):
            ours, synth = cpu_rate(real), cpu_rate(synthetic)
            print(
                f"  real ({size / 1000:.1f} KB/article): {ours:7.1f}/s per core | synthetic one-paragraph: "
                f"{synth:7.1f}/s | ratio x{synth / ours:.1f}  {'MEETS' if ours >= 200 else 'MISSES'} 200/s"
            )
        for _ in range(repeat):
            one, two = wall_seconds(real, 1), wall_seconds(real, 2)
            print(
                f"  --workers 1: {one:6.1f} s wall | --workers 2: {two:6.1f} s | speed-up x{one / two:.2f}"
                f"  {'MEETS' if one / two >= 1.7 else 'MISSES'} x1.7  (load average {os.getloadavg()[0]:.1f})"
            )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    report(args.articles, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
