"""The per-article stage runs unchanged on a Dask cluster (a local one here) with output identical
to a single-process build. Skipped when dask/distributed are not installed (they are in the
`test` extra, not in the runtime dependencies)."""

from __future__ import annotations

import pytest

pytest.importorskip("distributed")

from distributed import Client, LocalCluster  # noqa: E402

from geodata.articles import load_articles  # noqa: E402
from geodata.export import dumps  # noqa: E402
from geodata.gazetteer import load_gazetteer  # noqa: E402
from geodata.pipeline import build_feature_collection_from, extract_all, extract_all_dask  # noqa: E402
from tests.benchmarks.synth import synthetic_articles  # noqa: E402


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    directory = tmp_path_factory.mktemp("dask_articles")
    for name, text in synthetic_articles(60, load_gazetteer(), seed=3):
        (directory / name).write_text(text, encoding="utf-8")
    articles, problems = load_articles(directory)
    assert len(articles) == 60 and not problems
    return articles


@pytest.fixture(scope="module")
def client():
    # Two in-process workers (threads): no process start-up cost, the same scheduling, pickling
    # of tasks and gathering of results as a real cluster.
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)
    with Client(cluster) as c:
        yield c
    cluster.close()


def test_dask_extract_matches_single_process(client, articles):
    single = extract_all(articles, workers=1)
    on_dask = extract_all_dask(client, articles, batch_size=7)
    assert on_dask == single
    assert sum(len(x) for x in single) > 0


def test_dask_build_is_byte_identical(client, articles):
    single = dumps(build_feature_collection_from(articles))
    on_dask = dumps(build_feature_collection_from(articles, client=client))
    assert on_dask == single
