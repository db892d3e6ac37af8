"""`python -m geodata evaluate --gold FILE --articles DIR [--json OUT]`.

The pipeline modules are imported inside `run()` only, so the evaluator imports without them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path

from .gold import GoldError, GoldSet, as_date
from .metrics import evaluate
from .places import mention_tuple
from .report import format_report
from .schema import load_gold


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--gold", required=True, help="gold YAML file (GOLD_FORMAT schema_version 1)")
    parser.add_argument(
        "--articles", required=True, help="directory of the article files the gold file annotates"
    )
    parser.add_argument(
        "--json", dest="json_out", default=None, help="also write the full results as JSON here"
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Load the gold set, run the pipeline per article (pre-merge), score, print; 0 ok, 2 on bad input."""
    try:
        gold = load_gold(args.gold, args.articles)
    except GoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for warning in gold.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    system, mentions = run_pipeline(gold)
    result = evaluate(gold, system, mentions)
    result["after_merge"] = after_merge_scores(gold, system)
    print(format_report(result))
    if getattr(args, "json_out", None):
        out = Path(args.json_out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        print(f"-> {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m geodata evaluate", description="Score the pipeline against gold."
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


def reading_day(gold: GoldSet) -> date | None:
    """The day the set's articles are read on. A set written ahead of the machine's clock is read
    as on the day after its latest reference day (one day for the whole set, not each article's
    own answer), so that its publication days are not "in the future"."""
    references = [d for d in (as_date(a.published) for a in gold.articles.values()) if d is not None]
    if not references:
        return None
    return max(date.today(), max(references) + timedelta(days=1))


def run_pipeline(gold: GoldSet) -> tuple[dict[str, list], dict[str, list] | None]:
    """Per-article (pre-merge) incidents and toponym spans of every gold article; the spans are
    None when the gazetteer cannot list them."""
    from ..articles import load_article
    from ..gazetteer import load_gazetteer
    from ..pipeline import extract_article_incidents

    gazetteer = load_gazetteer()
    system: dict[str, list] = {}
    mentions: dict[str, list] | None = {}
    today = reading_day(gold)
    for aid, art in gold.articles.items():
        article = load_article(art.path, today=today)
        system[aid] = list(extract_article_incidents(article, gazetteer))
        if mentions is not None:
            found = _find_mentions(gazetteer, article.body)
            if found is None:
                mentions = None
            else:
                mentions[aid] = found
    return system, mentions


def _find_mentions(gazetteer: object, text: str) -> list | None:
    finder = getattr(gazetteer, "find_mentions", None)
    if finder is None:
        return None
    return [t for t in (mention_tuple(m) for m in finder(text)) if t is not None]


def after_merge_scores(gold: GoldSet, system: Mapping[str, Sequence]) -> dict:
    """The same scores for what the map shows: incidents merged across the gold set's articles,
    each scored in every article that is one of its sources. A merged incident carries the most
    precise date and place its sources give, so an article that dates or places an event vaguely
    gains from a sibling report; the per-article figures above measure extraction alone."""
    from ..merge import merge_incidents

    merged = merge_incidents([inc for aid in sorted(system) for inc in system[aid]])
    by_article: dict[str, list] = defaultdict(list)
    for inc in merged:
        for aid in sorted({src.article for src in inc.sources}):
            by_article[aid].append(inc)
    scored = evaluate(gold, by_article)
    core = scored["slices"][scored["headline"]]
    d = scored["diagnostics"]
    return {
        "incidents": len(merged),
        "precision": core["precision"],
        "recall": core["recall"],
        "date_exact": d["date_exact"],
        "date_within_1_day": d["date_within_1_day"],
        "within_25_km": d["within_25_km"],
        "claimant_found": scored["claims"]["share_claimant_found"],
    }
