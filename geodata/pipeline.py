"""The pipeline in order: article files -> incidents per article -> merged incidents -> GeoJSON.

`extract_article_incidents` is the pure per-article stage (picklable inputs and outputs), so the
same function runs in one process, in a process pool (`workers`) or on Dask (`extract_all_dask`,
`python -m geodata build --dask tcp://scheduler:8786`; dask is optional and imported lazily).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .articles import ArticleProblem, article_paths, load_articles
from .export import feature_collection
from .model import Article, Incident

Progress = Callable[[int, int], None]


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


def _extract_in_worker(article: Article) -> list[Incident]:
    return extract_article_incidents(article)


def extract_all(
    articles: Sequence[Article], *, workers: int = 1, progress: Progress | None = None
) -> list[list[Incident]]:
    """Per-article incidents, in article order; identical for any number of workers."""
    results: list[list[Incident]] = []
    total = len(articles)
    if workers <= 1 or total < 2:
        from .gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
        for done, article in enumerate(articles, 1):
            results.append(extract_article_incidents(article, gazetteer))
            if progress:
                progress(done, total)
        return results
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunk = max(1, min(64, total // (workers * 4) or 1))
        for done, incidents in enumerate(pool.map(_extract_in_worker, articles, chunksize=chunk), 1):
            results.append(incidents)
            if progress:
                progress(done, total)
    return results


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
    articles = list(articles)
    batches = [articles[i : i + batch_size] for i in range(0, len(articles), max(1, batch_size))]
    futures = client.map(_extract_batch, batches, pure=False)
    results: list[list[Incident]] = []
    for future in futures:  # in submission order: article order
        results.extend(future.result())
        if progress:
            progress(len(results), len(articles))
    return results


def _extract_batch(batch: Sequence[Article]) -> list[list[Incident]]:
    return [extract_article_incidents(article) for article in batch]


def build_incidents(
    articles: Sequence[Article], *, workers: int = 1, progress: Progress | None = None, client=None
) -> list[Incident]:
    """All incidents of the articles, merged across sources (`client`: a Dask client, optional)."""
    from .merge import merge_incidents

    if client is not None:
        per_article = extract_all_dask(client, articles, progress=progress)
    else:
        per_article = extract_all(articles, workers=workers, progress=progress)
    return merge_incidents([incident for incidents in per_article for incident in incidents])


def build_feature_collection_from(
    articles: Sequence[Article],
    problems: Sequence[ArticleProblem] = (),
    *,
    workers: int = 1,
    progress: Progress | None = None,
    client=None,
) -> dict:
    from .gazetteer import load_gazetteer

    incidents = build_incidents(articles, workers=workers, progress=progress, client=client)
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
