"""Invented web pages for the intake tests: real-looking page furniture around invented text."""

from __future__ import annotations

from .sample import SENTENCES

FURNITURE = ("Subscribe to our newsletter", "E-Paper | Tuesday, October 14, 2025", "Most read this week")


def article_page(
    title: str = "Clashes on the border", sentences=SENTENCES, published: str = "2025-10-14"
) -> str:
    paragraphs = "".join(f"<p>{s}</p>" for s in sentences)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Test Daily</title>
<meta property="og:site_name" content="Test Daily">
<meta property="article:published_time" content="{published}T08:30:00+05:00">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="topbar">{FURNITURE[1]}</div></header>
<aside class="ad">Advertisement: buy carpets online</aside>
<main><article><h1>{title}</h1><p class="byline">By Staff Reporter</p>
{paragraphs}
<p>The fighting is the latest in a series of incidents along the frontier this month, residents said.</p>
</article></main>
<aside><h3>{FURNITURE[2]}</h3><ul><li><a href="/a">Cricket team wins</a></li><li><a href="/b">Markets rally</a></li></ul></aside>
<footer><form>{FURNITURE[0]} <input name="email"></form><p>© 2025 Test Daily. All rights reserved.</p></footer>
</body></html>"""


def rss(base: str, links: list[tuple[str, str]], *, summary: str = "") -> str:
    items = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link>"
        f"<pubDate>Tue, 14 Oct 2025 08:00:00 GMT</pubDate>"
        f"<description><![CDATA[{summary}]]></description></item>"
        for title, path in links
    )
    return f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<title>Test Daily border news</title><link>{base}/</link><description>feed</description>{items}</channel></rss>"""


def atom(base: str, links: list[tuple[str, str]]) -> str:
    entries = "".join(
        f'<entry><title>{title}</title><link href="{base}{path}"/><id>{base}{path}</id>'
        f"<updated>2025-10-14T08:00:00Z</updated></entry>"
        for title, path in links
    )
    return f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Test Daily (Atom)</title><id>{base}/atom</id><updated>2025-10-14T08:00:00Z</updated>{entries}</feed>"""
