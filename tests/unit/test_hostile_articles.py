"""Every hostile or broken file gets its stated behaviour; the good ones still load."""

from datetime import date

import pytest

from geodata.articles import load_articles
from tests.hostile.corpus import cases, write_corpus

CASES = cases()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    directory = tmp_path_factory.mktemp("hostile")
    write_corpus(directory)
    articles, problems = load_articles(directory, today=date(2026, 1, 1))
    return {a.path.split("/")[-1]: a for a in articles}, {p.file: p.reason for p in problems}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_gets_its_behaviour(case, loaded):
    articles, problems = loaded
    if case.outcome == "skipped":
        assert case.name in problems, f"{case.why}: should be skipped with a reason"
        assert problems[case.name].strip()
        assert "Traceback" not in problems[case.name]
    else:
        assert case.name in articles, f"{case.why}: should load ({problems.get(case.name)})"
        article = articles[case.name]
        if case.outcome == "flagged":
            assert article.problems, f"{case.why}: should be flagged"
        else:
            assert not article.problems, article.problems


def test_nothing_is_silently_dropped(loaded):
    articles, problems = loaded
    assert len(articles) + len(problems) == len(CASES)
