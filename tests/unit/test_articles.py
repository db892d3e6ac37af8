from datetime import date

import pytest

from geodata.articles import ArticleError, load_article, load_articles, parse_article, split_front_matter

TODAY = date(2026, 1, 1)


def write(tmp_path, name, content, mode="w"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_front_matter_split_keeps_body_byte_for_byte():
    meta, body = split_front_matter("---\ntitle: x\n---\nline one\n---\nline two")
    assert meta == "title: x"
    assert body == "line one\n---\nline two"


def test_no_front_matter_means_whole_file_is_body():
    meta, body = split_front_matter("Just text\n---\nmore")
    assert meta is None and body.startswith("Just text")


def test_full_article_fields(tmp_path):
    path = write(
        tmp_path,
        "0042.md",
        '---\ntitle: "A title"\noutlet: Dawn\nurl: https://example.org/a\npublished: 2025-10-12\n---\nBody text.',
    )
    article = load_article(path, today=TODAY)
    assert article.id == "0042"  # the stem, leading zeros kept
    assert (article.title, article.outlet, article.url) == ("A title", "Dawn", "https://example.org/a")
    assert article.published == date(2025, 10, 12)
    assert article.published_source == "front_matter"
    assert article.body == "Body text."
    assert article.problems == ()


def test_quoted_and_unquoted_dates_are_both_read():
    a = parse_article('---\ntitle: t\npublished: "2024-12-29"\n---\nx', article_id="a", path="a", today=TODAY)
    b = parse_article("---\ntitle: t\npublished: 2024-12-29\n---\nx", article_id="b", path="b", today=TODAY)
    assert a.published == b.published == date(2024, 12, 29)


@pytest.mark.parametrize(
    "when", ["2025-10-14T09:30:00+05:00", "2025-10-14 09:30:00", '"2025-10-14T23:30:00Z"', "2025-10-14T09:30"]
)
def test_a_publication_date_time_gives_its_day(when):
    # feeds and CMS exports write date-times; the day as written is the publication day
    article = parse_article(
        f"---\ntitle: t\npublished: {when}\n---\nx", article_id="a", path="a", today=TODAY
    )
    assert article.published == date(2025, 10, 14)
    assert article.published_source == "front_matter"
    assert article.problems == ()


def test_impossible_date_loads_flagged():
    article = parse_article(
        "---\ntitle: t\npublished: 2025-02-30\n---\nx", article_id="a", path="a", today=TODAY
    )
    assert article.published is None
    assert any("2025-02-30" in p for p in article.problems)


def test_publication_line_in_text_is_used_when_front_matter_has_none():
    article = parse_article(
        "---\ntitle: t\n---\nHeadline\n\nPublished December 29, 2024\n18 days ago\n",
        article_id="a",
        path="a",
        today=TODAY,
    )
    assert article.published == date(2024, 12, 29)
    assert article.published_source == "text"


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe | June 14, 2025",
        "Reporter Name | 14 Jun 2025",
        "Updated: 14 June 2025 10:32 PKT",
        "Published on Jun 14, 2025 at 9:00 am",
        "Staff Reporter · 14 June 2025 · 3 min read",
        "As of 14 June 2025",  # a situation report's head
        "Situation update | As at 14 June 2025",
    ],
)
def test_byline_date_line_in_page_head_gives_publication_date(line):
    raw = f"---\ntitle: t\n---\nHome | World | Sport\n\nA headline about the border\n\n{line}\n\nKABUL: Troops exchanged fire on Thursday near a crossing, officials said on Friday in a statement.\n"
    article = parse_article(raw, article_id="a", path="a", today=TODAY)
    assert article.published == date(2025, 6, 14)
    assert article.published_source == "text"


@pytest.mark.parametrize(
    "body",
    [
        "Headline\n\nOn June 14, 2025, troops crossed the ridge.\n",
        "Headline\n\nAlso read: Talks resume in Doha on June 14, 2025\n",
        "Headline\n\nFile photo: trucks at Torkham | June 14, 2025\n",  # a caption's date
        "Headline\n\nRelated: Clashes erupt at Chaman — 14 June 2025\n",
        "Headline\n\n"
        + "The long first paragraph of the story tells what happened at the border post and who said what about it in detail. "
        + "\n\nMore | June 14, 2025\n",
    ],
)
def test_dates_in_sentences_teasers_or_after_the_text_are_not_publication_dates(body):
    article = parse_article("---\ntitle: t\n---\n" + body, article_id="a", path="a", today=TODAY)
    assert article.published is None


def test_article_without_any_date_loads_flagged():
    article = parse_article("---\ntitle: t\n---\nNo date here.", article_id="a", path="a", today=TODAY)
    assert article.published is None
    assert any("no usable publication date" in p for p in article.problems)


@pytest.mark.parametrize("when", ["2030-01-01", "1850-06-01"])
def test_future_and_pre_durand_dates_are_refused(when):
    article = parse_article(
        f"---\ntitle: t\npublished: {when}\n---\nx", article_id="a", path="a", today=TODAY
    )
    assert article.published is None and article.problems


@pytest.mark.parametrize(
    "front, reason",
    [
        ("title: [unclosed", "not valid YAML"),
        ("- a list\n- not a mapping", "not a mapping"),
        ("title: !!python/object:os.system ls", "not valid YAML"),
        ("a: &x [1,2]\nb: *x", "not valid YAML"),
    ],
)
def test_unusable_front_matter_raises_with_reason(front, reason):
    with pytest.raises(ArticleError) as info:
        parse_article(f"---\n{front}\n---\nbody", article_id="a", path="a.md")
    assert reason in info.value.reason


def test_wrong_types_and_bad_urls_are_flagged_not_fatal():
    article = parse_article(
        "---\ntitle: {a: 1}\noutlet: [x]\nurl: javascript:alert(1)\npublished: 2025-01-01\n---\nFirst line\n",
        article_id="a",
        path="a",
        today=TODAY,
    )
    assert article.url is None
    assert article.title == "First line"
    assert article.outlet == "unknown"
    assert len(article.problems) >= 3


@pytest.mark.parametrize(
    "content, reason",
    [(b"", "empty"), (b"\x00\x01\x02binary", "binary"), (b"x" * 2_100_000, "too large")],
)
def test_unusable_files(tmp_path, content, reason):
    with pytest.raises(ArticleError) as info:
        load_article(write(tmp_path, "bad.md", content))
    assert reason in info.value.reason


def test_windows_1252_text_is_read_as_such_and_flagged(tmp_path):
    path = write(
        tmp_path, "latin.md", "---\ntitle: Café\n---\nShelling in Kurram’s villages.".encode("cp1252")
    )
    article = load_article(path, today=TODAY)
    assert article.title == "Café" and "Kurram’s" in article.body
    assert any("Windows-1252" in p for p in article.problems)


def test_utf8_with_one_stray_byte_stays_utf8(tmp_path):
    path = write(
        tmp_path, "stray.md", "---\ntitle: t\n---\nPakistan’s army said 23 soldiers died.".encode() + b"\xff"
    )
    article = load_article(path, today=TODAY)
    assert "Pakistan’s army" in article.body
    assert any("1 undecodable byte(s) replaced" in p for p in article.problems)


def test_bytes_that_fit_no_encoding_are_replaced_and_flagged(tmp_path):
    # 0x81 is undefined in Windows-1252 and invalid in UTF-8
    path = write(tmp_path, "odd.md", b"---\ntitle: t\n---\nShelling in Kurram \x81.")
    article = load_article(path, today=TODAY)
    assert "Kurram \ufffd" in article.body
    assert any("1 undecodable byte(s) replaced" in p for p in article.problems)


def test_an_uploaded_windows_1252_file_keeps_its_accents_and_says_so():
    from geodata.intake import article_from_file

    new = article_from_file("latin.txt", "Officials said. Café in Kurram.".encode("cp1252"))
    assert "Café" in new.body and any("Windows-1252" in p for p in new.problems)


def test_directory_load_skips_bad_files_keeps_good_ones(tmp_path):
    write(tmp_path, "001.md", "---\ntitle: ok\npublished: 2025-01-01\n---\nbody")
    write(tmp_path, "001.txt", "---\ntitle: dup\n---\nbody")
    write(tmp_path, "002.md", b"\x00")
    write(tmp_path, "notes.json", "{}")  # not an article file
    write(tmp_path, "odd name (1) ü.md", "---\ntitle: odd\n---\nbody")
    articles, problems = load_articles(tmp_path, today=TODAY)
    assert sorted(a.id for a in articles) == ["001", "odd name (1) ü"]
    assert {p.file for p in problems} == {"001.txt", "002.md"}
    assert all(p.reason for p in problems)


def test_a_site_header_date_above_the_headline_is_not_the_publication_date():
    raw = (
        "---\ntitle: Guards trade fire at the border gate\n---\n"
        "Monday, 23 June 2025 | e-Paper | Subscribe\n\nGuards trade fire at the border gate\n\n"
        "Staff Reporter | 14 June 2025\n\nText of the story.\n"
    )
    assert parse_article(raw, article_id="a", path="a", today=TODAY).published == date(2025, 6, 14)
    no_byline = raw.replace("Staff Reporter | 14 June 2025\n\n", "")
    assert parse_article(no_byline, article_id="a", path="a", today=TODAY).published is None


@pytest.mark.parametrize(
    "content",
    [
        "<!doctype html><html><head><title>Border news</title></head><body><p>Text.</p></body></html>",
        "\ufeff\n  <HTML lang='en'><body>Forces clashed.</body></HTML>",
        '<?xml version="1.0"?>\n<html><body>x</body></html>',
    ],
)
def test_an_html_page_renamed_txt_is_listed_not_read_as_text(tmp_path, content):
    (tmp_path / "page.txt").write_text(content, encoding="utf-8")
    (tmp_path / "fine.txt").write_text("Forces clashed near Torkham on Monday.", encoding="utf-8")
    articles, problems = load_articles(tmp_path)
    assert [a.id for a in articles] == ["fine"]
    assert [(p.file, "HTML page" in p.reason) for p in problems] == [("page.txt", True)]


def test_a_text_that_mentions_html_is_still_text(tmp_path):
    (tmp_path / "a.txt").write_text("The <html> tag was shown on the ministry's site.", encoding="utf-8")
    articles, problems = load_articles(tmp_path)
    assert [a.id for a in articles] == ["a"] and problems == []


def test_a_folder_that_cannot_be_listed_gives_a_reason(tmp_path, monkeypatch):
    import os

    def refuse(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "listdir", refuse)  # running as root, chmod 000 would not stop the listing
    with pytest.raises(ArticleError, match="cannot be listed"):
        load_articles(tmp_path)


def test_an_edition_date_line_above_the_headline_is_a_flagged_fallback():
    today = date(2026, 12, 1)
    head = "Home | Pakistan | Sports | E-Paper\n\nSunday, April 19, 2026\n\nGuards trade fire at the gate\n\n"
    raw = f"---\ntitle: Guards trade fire at the gate\n---\n{head}Our Correspondent\n\nText of the story.\n"
    article = parse_article(raw, article_id="a", path="a", today=today)
    assert article.published == date(2026, 4, 19) and article.published_source == "edition_line"
    assert any("above the headline" in p for p in article.problems)
    # a dated byline below the headline still wins, and the site's header line with its menu is no date
    bylined = raw.replace("Our Correspondent", "Our Correspondent | April 18, 2026")
    assert parse_article(bylined, article_id="a", path="a", today=today).published == date(2026, 4, 18)
    menu = raw.replace("Sunday, April 19, 2026", "Sunday, April 19, 2026 | e-Paper | Subscribe")
    assert parse_article(menu, article_id="a", path="a", today=today).published is None
