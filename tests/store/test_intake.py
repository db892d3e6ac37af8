"""Article intake against a local HTTP server (tests/store/webserver.py): pages with furniture,
feeds, and every way a fetch can go wrong; duplicates; timings for the report."""

from __future__ import annotations

import time

import pytest

from geodata.intake import IntakeError, article_from_file, article_from_url, feed_items, fetch
from geodata.store import add_article, create_store_engine, migrate, stored_articles

from .pages import FURNITURE, article_page, atom, rss
from .sample import SENTENCES, article_text
from .webserver import Route, serving


@pytest.fixture(scope="module")
def site():
    with serving() as site:
        yield site


def test_article_page_gives_main_text_date_and_outlet(site):
    url = site.add("/news/clashes", Route(article_page().encode()))
    article = article_from_url(url)
    assert all(s in article.body for s in SENTENCES)
    assert not any(f in article.body for f in FURNITURE), article.body
    assert "carpets" not in article.body and "Cricket" not in article.body
    assert str(article.published) == "2025-10-14"
    assert article.outlet == "Test Daily" and "Clashes on the border" in article.title
    assert article.url == url


def test_page_in_another_encoding_is_decoded(site):
    sentences = (
        "Pakistani forces shelled a café near Chaman on Sunday, “residents” said — witnesses agreed.",
    )
    page = article_page(sentences=sentences)
    declared = site.add("/news/cp1252", Route(page.encode("cp1252"), "text/html; charset=windows-1252"))
    in_meta_only = site.add(
        "/news/latin1",
        Route(
            page.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
            .replace("“", '"')
            .replace("”", '"')
            .replace(" — ", " - ")
            .encode("latin-1"),
            "text/html",
        ),
    )
    assert "café" in article_from_url(declared).body and "“residents”" in article_from_url(declared).body
    assert "café near Chaman" in article_from_url(in_meta_only).body


def test_slow_response_times_out(site):
    url = site.add("/slow", Route(article_page().encode(), delay=3))
    started = time.monotonic()
    with pytest.raises(IntakeError, match="cannot fetch|too long"):
        fetch(url, timeout=1)
    assert time.monotonic() - started < 2.5


def test_dripping_response_is_cut_at_the_deadline(site):
    url = site.add("/drip", Route(article_page().encode() * 4, drip=0.2))
    started = time.monotonic()
    with pytest.raises(IntakeError, match="too long|cannot fetch"):
        fetch(url, timeout=1)
    assert time.monotonic() - started < 3


def test_twenty_megabytes_are_refused_without_reading_them_all(site):
    url = site.add("/big", Route(stream_bytes=20_000_000))
    started = time.monotonic()
    with pytest.raises(IntakeError, match="larger than 5 MB"):
        fetch(url)
    assert time.monotonic() - started < 5
    declared = site.add("/big-declared", Route(b"x" * 6_000_000))
    with pytest.raises(IntakeError, match="6.0 MB; the limit is 5 MB"):
        fetch(declared)


def test_redirects_are_followed_but_bounded_and_checked(site):
    target = site.add("/final", Route(article_page().encode()))
    site.add("/hop", Route(status=302, headers={"Location": "/final"}))
    assert fetch(site.base + "/hop").url == target
    site.add("/loop-a", Route(status=301, headers={"Location": "/loop-b"}))
    site.add("/loop-b", Route(status=301, headers={"Location": "/loop-a"}))
    with pytest.raises(IntakeError, match="more than 5 redirects"):
        fetch(site.base + "/loop-a")
    site.add("/to-file", Route(status=302, headers={"Location": "file:///etc/passwd"}))
    with pytest.raises(IntakeError, match="only http"):
        fetch(site.base + "/to-file")


def test_wrong_content_type_scheme_and_status_are_refused(site):
    image = site.add("/photo.png", Route(b"\x89PNG\r\n", "image/png"))
    with pytest.raises(IntakeError, match="image/png, not a web page"):
        article_from_url(image)
    with pytest.raises(IntakeError, match="only http"):
        article_from_url("ftp://example.org/a")
    with pytest.raises(IntakeError, match="HTTP 404"):
        article_from_url(site.base + "/missing")
    with pytest.raises(IntakeError, match="private or local"):
        fetch(site.base + "/final", allow_private=False)


def test_page_without_text_is_refused(site):
    empty = site.add("/empty", Route(b"<html><body><nav>Home</nav></body></html>"))
    with pytest.raises(IntakeError, match="no article text"):
        article_from_url(empty)


def test_rss_and_atom_feeds_give_one_article_per_entry(site):
    site.add("/f/one", Route(article_page("First report").encode()))
    site.add("/f/two", Route(article_page("Second report", sentences=SENTENCES[:1]).encode()))
    links = [("First report", "/f/one"), ("Second report", "/f/two"), ("Gone", "/f/gone")]
    summary = "<p>" + SENTENCES[2] + "</p>"
    feed = site.add(
        "/feed.xml", Route(rss(site.base, links, summary=summary).encode(), "application/rss+xml")
    )
    items = list(feed_items(feed))
    assert [i.link for i in items] == [site.base + p for _, p in links]
    assert items[0].article.title.startswith("First report") and items[0].article.origin == "feed"
    gone = items[2].article  # the page is missing: the entry's own text stands in, and says so
    assert gone is not None and SENTENCES[2] in gone.body
    assert any("text from the feed entry" in p for p in gone.problems)
    atom_url = site.add("/atom.xml", Route(atom(site.base, links[:2]).encode(), "application/atom+xml"))
    assert [i.article.title.split(" |")[0] for i in feed_items(atom_url)] == ["First report", "Second report"]
    not_feed = site.add("/notfeed.xml", Route(b"<html><body>hello</body></html>", "text/xml"))
    with pytest.raises(IntakeError, match="not an RSS/Atom feed"):
        list(feed_items(not_feed))


def test_files_of_each_kind(tmp_path):
    md = article_from_file("a.md", article_text().encode())
    assert md.title == "Border clashes and a closure" and str(md.published) == "2025-10-14"
    html = article_from_file("b.html", article_page().encode())
    assert SENTENCES[0] in html.body
    with pytest.raises(IntakeError, match="only .md, .txt and .html"):
        article_from_file("c.pdf", b"%PDF-1.4")
    with pytest.raises(IntakeError, match="binary"):
        article_from_file("d.txt", b"a\x00b")
    with pytest.raises(IntakeError, match="empty"):
        article_from_file("e.txt", b"  \n")


def test_same_page_twice_is_added_once(site, db_url):
    engine = create_store_engine(db_url)
    migrate(engine)
    url = site.add("/dup", Route(article_page("Duplicate").encode()))
    first = add_article(engine, article_from_url(url), added_by="t")
    again = add_article(engine, article_from_url(url + "?utm_source=feed"), added_by="t")
    copy = site.add("/dup-copy", Route(article_page("Duplicate").encode()))  # a wire copy elsewhere
    third = add_article(engine, article_from_url(copy), added_by="t")
    assert first.added and not again.added and not third.added
    assert len(stored_articles(engine)) == 1
    engine.dispose()


def test_intake_rates(site, db_url, tmp_path):
    """Not a gate: articles per second from files and from the local URL server (for the report)."""
    engine = create_store_engine(db_url)
    migrate(engine)
    count = 20
    files = []
    for i in range(count):
        path = tmp_path / f"a{i}.md"
        path.write_text(
            article_text(SENTENCES[i % 3], f"Item number {i} of the file batch."), encoding="utf-8"
        )
        files.append(path)
    started = time.perf_counter()
    for path in files:
        assert add_article(engine, article_from_file(path.name, path.read_bytes()), added_by="t").added
    from_files = count / (time.perf_counter() - started)
    urls = [
        site.add(
            f"/rate/{i}",
            Route(
                article_page(
                    f"Rate {i}", sentences=(SENTENCES[i % 3], f"Item number {i} of the web batch.")
                ).encode()
            ),
        )
        for i in range(count)
    ]
    started = time.perf_counter()
    for url in urls:
        assert add_article(engine, article_from_url(url), added_by="t").added
    from_urls = count / (time.perf_counter() - started)
    print(
        f"\nintake on {db_url.split(':')[0]}: {from_files:.0f} articles/s from files, {from_urls:.0f} articles/s from the local URL server"
    )
    assert len(stored_articles(engine)) == 2 * count
    engine.dispose()


def test_cli_add_pages_and_a_feed(site, db_url, capsys):
    from geodata.__main__ import main

    page = site.add("/cli/page", Route(article_page("CLI page").encode()))
    site.add("/cli/entry", Route(article_page("CLI entry", sentences=SENTENCES[1:2]).encode()))
    feed = site.add(
        "/cli/feed.xml",
        Route(
            rss(site.base, [("CLI entry", "/cli/entry"), ("CLI page", "/cli/page")]).encode(),
            "application/rss+xml",
        ),
    )
    image = site.add("/cli/photo.png", Route(b"\x89PNG", "image/png"))
    assert main(["add", "--db", db_url, page, image, "--feed", feed]) == 1  # the image failed
    out, err = capsys.readouterr()
    assert "2 added, 1 already there, 1 failed" in out
    assert "image/png" in err
    assert {a.title.split(" |")[0] for a in stored_articles(create_store_engine(db_url))} == {
        "CLI page",
        "CLI entry",
    }
