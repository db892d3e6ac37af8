"""Score the pipeline against gold annotations (tests/data/GOLD_FORMAT.md, schema_version 1).

The evaluator is a development tool apart from the product: the pipeline never imports it.

* `schema`: `load_gold(path, articles_dir)` reads a gold YAML file and checks every rule of
  GOLD_FORMAT section 11 (records and article reading in `gold`);
* `matching`: candidate pairs and the one-to-one matching per article (section 12);
* `metrics`: `evaluate(gold, system, mentions)`, the scores (with `names`, `claim_match`,
  `places`, `system` and `scores` for the parts);
* `report`: `format_report(result)`, the text report;
* `cli`: `python -m geodata evaluate --gold FILE --articles DIR [--json OUT]`.
"""

from __future__ import annotations

from .claim_match import claim_matches, claimant_side, claimants_compatible, split_claim
from .cli import add_arguments, main, run
from .gold import EVENT_TYPES, GoldArticle, GoldError, GoldIncident, GoldSet, read_article_file
from .matching import Pair, candidate, hungarian, match_article
from .metrics import evaluate
from .names import numbers_in
from .report import format_report
from .schema import load_gold

__all__ = [
    "EVENT_TYPES",
    "GoldArticle",
    "GoldError",
    "GoldIncident",
    "GoldSet",
    "Pair",
    "add_arguments",
    "candidate",
    "claim_matches",
    "claimant_side",
    "claimants_compatible",
    "evaluate",
    "format_report",
    "hungarian",
    "load_gold",
    "main",
    "match_article",
    "numbers_in",
    "read_article_file",
    "run",
    "split_claim",
]
