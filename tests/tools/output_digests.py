"""sha256 of the build output of every gold set in tests/data and of seeds/, kept in
tests/data/output_digests.json so that any change of output is seen by the test suite.

A speed change must keep every digest; a change of the rules that changes output on purpose
regenerates them with:

    python -m tests.tools.output_digests --update
"""

from __future__ import annotations

import argparse
import hashlib
import json
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DIGEST_FILE = REPO / "tests" / "data" / "output_digests.json"
UPDATE_COMMAND = "python -m tests.tools.output_digests --update"


def article_sets() -> dict[str, Path]:
    """Name -> article folder: every gold set of tests/data, plus the seeds the app shows."""
    sets = {
        d.name: d / "articles"
        for d in sorted((REPO / "tests" / "data").iterdir())
        if (d / "articles").is_dir()
    }
    sets["seeds"] = REPO / "seeds"
    return sets


# The day the sets are read on, fixed: a publication day after the machine's clock is ignored as
# "in the future", so holdout4_gold (dated 2027) would change its digest, and fail the suite, on
# the day its dates pass.
READ_ON = date(2030, 1, 1)


def output_digest(articles_dir: Path) -> str:
    """sha256 of the GeoJSON text `python -m geodata build` writes for this folder, read on READ_ON."""
    from geodata.articles import load_articles
    from geodata.export import dumps
    from geodata.pipeline import build_feature_collection_from

    collection = build_feature_collection_from(*load_articles(articles_dir, today=READ_ON))
    return hashlib.sha256(dumps(collection).encode("utf-8")).hexdigest()


def current_digests() -> dict[str, str]:
    return {name: output_digest(folder) for name, folder in article_sets().items()}


def committed_digests() -> dict[str, str]:
    return json.loads(DIGEST_FILE.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--update", action="store_true", help=f"rewrite {DIGEST_FILE.name}")
    args = parser.parse_args(argv)
    digests = current_digests()
    if args.update:
        DIGEST_FILE.write_text(json.dumps(digests, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {len(digests)} digests to {DIGEST_FILE.relative_to(REPO)}")
        return 0
    committed = committed_digests()
    changed = sorted(n for n in digests.keys() | committed.keys() if digests.get(n) != committed.get(n))
    for name in sorted(digests):
        print(f"{'DIFF' if name in changed else 'same'}  {name}")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
