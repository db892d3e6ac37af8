"""The pipeline in order: article files -> incidents per article -> merged incidents -> GeoJSON.

`extract_article_incidents` is the pure per-article stage (picklable inputs and outputs), so the
same function runs in one process, in a process pool (`workers`) or on Dask (`extract_all_dask`,
`python -m geodata build --dask tcp://scheduler:8786`; dask is optional and imported lazily).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .articles import ArticleProblem, article_paths, display_name, load_articles
from .budget import ArticleTooSlow, time_budget
from .export import feature_collection
from .model import Article, Incident

Progress = Callable[[int, int], None]
# (incidents, None) or ([], why the article was skipped)
Outcome = tuple[list[Incident], str | None]
_LOG = logging.getLogger(__name__)
# CPU seconds one article may take in extraction before it is skipped as too slow (a news article
# takes well under one); DURAND_ARTICLE_TIME_BUDGET_S changes it, 0 turns the budget off.
ARTICLE_TIME_BUDGET_S = float(os.environ.get("DURAND_ARTICLE_TIME_BUDGET_S", "20"))


def articles_fingerprint(articles_dir: str | Path) -> str:
    """A cheap hash of the directory's article files (names, sizes, mtimes): a cache key that
    changes when an article is added, edited or removed."""
    digest = hashlib.sha1()
    directory = Path(articles_dir)
    digest.update(str(directory.resolve()).encode())
    if directory.is_dir():
        for path in article_paths(directory):
            try:
                stat = path.stat()
            except OSError:
                continue
            digest.update(f"{path.name}\x1f{stat.st_size}\x1f{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def extract_article_incidents(article: Article, gazetteer=None) -> list[Incident]:
    """Incidents one article reports, before merging across articles."""
    from .extraction import extract_incidents
    from .gazetteer import load_gazetteer

    return extract_incidents(article, gazetteer if gazetteer is not None else load_gazetteer())


def extract_article_outcome(article: Article, gazetteer=None, budget_s: float | None = None) -> Outcome:
    """`extract_article_incidents` for one article of many: whatever goes wrong inside, or a run
    past the time budget, becomes the reason this article is skipped; the others go on."""
    budget = ARTICLE_TIME_BUDGET_S if budget_s is None else budget_s
    if gazetteer is None:  # loaded outside the budget: it is shared, not this article's work
        from .gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    try:
        with time_budget(budget):
            return extract_article_incidents(article, gazetteer), None
    except ArticleTooSlow:
        _LOG.warning("article %r skipped: extraction took longer than %g s", article.id, budget)
        return [], f"too slow: extraction stopped after {budget:g} s; skipped"
    except Exception as exc:  # noqa: BLE001 - one article's failure is that article's problem
        _LOG.exception("article %r skipped: extraction failed", article.id)
        return [], f"extraction failed ({type(exc).__name__}); skipped"


def _extract_in_worker(article: Article) -> Outcome:
    return extract_article_outcome(article)


def extract_all_outcomes(
    articles: Sequence[Article],
    *,
    workers: int = 1,
    progress: Progress | None = None,
    budget_s: float | None = None,
) -> list[Outcome]:
    """Per-article outcomes, in article order; identical for any number of workers."""
    results: list[Outcome] = []
    total = len(articles)
    if workers <= 1 or total < 2:
        from .gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
        for done, article in enumerate(articles, 1):
            results.append(extract_article_outcome(article, gazetteer, budget_s))
            if progress:
                progress(done, total)
        return results
    workers = min(workers, total)  # a process per article at most: 500 workers for 3 articles fork 500
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunk = max(1, min(64, total // (workers * 4) or 1))
        for done, outcome in enumerate(pool.map(_extract_in_worker, articles, chunksize=chunk), 1):
            results.append(outcome)
            if progress:
                progress(done, total)
    return results


def extract_all(
    articles: Sequence[Article], *, workers: int = 1, progress: Progress | None = None
) -> list[list[Incident]]:
    """Per-article incidents, in article order (an article that failed gives none)."""
    return [incidents for incidents, _ in extract_all_outcomes(articles, workers=workers, progress=progress)]


DASK_MISSING = (
    'Dask is not installed: `pip install dask distributed` (or `pip install -e ".[test]"`) '
    "to run the per-article stage on a Dask cluster."
)


def dask_client(address: str | None = None):
    """A `distributed.Client` for `address` ("tcp://scheduler:8786"), or a local cluster on this
    machine's cores when `address` is None or "local". Dask is optional: imported here only."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(DASK_MISSING) from exc
    if address in (None, "", "local"):
        return Client(LocalCluster(processes=True, threads_per_worker=1, dashboard_address=None))
    return Client(address)


def extract_all_dask(
    client, articles: Sequence[Article], *, batch_size: int = 64, progress: Progress | None = None
) -> list[list[Incident]]:
    """`extract_all` on a Dask cluster: the same pure per-article function, mapped over batches of
    articles on the cluster's workers (each worker loads the gazetteer once, from the installed
    package). Results come back in article order, identical to a single-process run.

    `client` is a `distributed.Client` (see `dask_client`); the workers need this package
    installed (`pip install durand-incidents` on every worker image)."""
    return [incidents for incidents, _ in extract_all_dask_outcomes(client, articles, batch_size, progress)]


def extract_all_dask_outcomes(
    client, articles: Sequence[Article], batch_size: int = 64, progress: Progress | None = None
) -> list[Outcome]:
    articles = list(articles)
    batches = [articles[i : i + batch_size] for i in range(0, len(articles), max(1, batch_size))]
    futures = client.map(_extract_batch, batches, pure=False)
    results: list[Outcome] = []
    for future in futures:  # in submission order: article order
        results.extend(future.result())
        if progress:
            progress(len(results), len(articles))
    return results


def _extract_batch(batch: Sequence[Article]) -> list[Outcome]:
    return [extract_article_outcome(article) for article in batch]


def build_incidents(
    articles: Sequence[Article], *, workers: int = 1, progress: Progress | None = None, client=None
) -> list[Incident]:
    """All incidents of the articles, merged across sources (`client`: a Dask client, optional)."""
    return build_incidents_checked(articles, workers=workers, progress=progress, client=client)[0]


def build_incidents_checked(
    articles: Sequence[Article], *, workers: int = 1, progress: Progress | None = None, client=None
) -> tuple[list[Incident], list[ArticleProblem]]:
    """(merged incidents, the articles skipped in extraction with the reason)."""
    from .merge import merge_incidents

    if client is not None:
        outcomes = extract_all_dask_outcomes(client, articles, progress=progress)
    else:
        outcomes = extract_all_outcomes(articles, workers=workers, progress=progress)
    failed = [
        ArticleProblem(display_name(Path(article.path).name), reason)
        for article, (_, reason) in zip(articles, outcomes)
        if reason is not None
    ]
    merged = merge_incidents([incident for incidents, _ in outcomes for incident in incidents])
    return merged, failed


def build_feature_collection_from(
    articles: Sequence[Article],
    problems: Sequence[ArticleProblem] = (),
    *,
    workers: int = 1,
    progress: Progress | None = None,
    client=None,
) -> dict:
    from .gazetteer import load_gazetteer

    incidents, failed = build_incidents_checked(articles, workers=workers, progress=progress, client=client)
    if failed:  # skipped in extraction: listed with the files skipped when read, not as articles
        skipped = {p.file for p in failed}
        articles = [a for a in articles if display_name(Path(a.path).name) not in skipped]
        problems = sorted([*problems, *failed], key=lambda p: p.file)
    return feature_collection(
        incidents, articles=articles, problems=problems, gazetteer=load_gazetteer().metadata
    )


def build_feature_collection(
    articles_dir: str | Path, workers: int = 1, progress: Progress | None = None
) -> dict:
    """Every article file of a directory -> one RFC 7946 FeatureCollection (unusable files are
    listed under "problems", never silently dropped)."""
    articles, problems = load_articles(articles_dir)
    return build_feature_collection_from(articles, problems, workers=workers, progress=progress)
