"""No text of an article ever executes in the browser (Chromium, real `streamlit run`).

The hostile article conftest.hostile_article_urls() carries script tags, event handlers,
`</script>`, template-literal breakers and javascript:/data: URLs in its title, outlet, url and body.
Its incident is opened in a popup, hovered (tooltip), and selected so the details panel renders it
as Markdown. Then, in the app page and in the map iframe:

* no JS dialog opened (guard, checked at teardown too) and no payload ran (window.__xss unset);
* a MutationObserver installed before any page script saw no element or attribute that came from
  the article: no <script>/<svg>/<img> carrying a payload, no on* handler attribute with a payload,
  no javascript:/data: link;
* no request left loopback except the CDN/tile URLs the offline CDN answers (guard);
* the hostile strings are shown literally as text.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from . import helpers as h
from .conftest import HOSTILE2_MARK, HOSTILE2_OUTLET, HOSTILE2_SENTENCE, HOSTILE2_TITLE

pytestmark = [pytest.mark.browser, pytest.mark.flaky(reruns=2)]

# Runs in every frame (app page, map srcdoc iframe) before the page's own scripts.
OBSERVER = r"""
(() => {
  const hits = [];
  window.__xssHits = hits;
  const bad = (s) => typeof s === 'string' && /__xss|alert\(|evil\.example/.test(s);
  const check = (el) => {
    if (!el || el.nodeType !== 1) return;
    for (const a of Array.from(el.attributes || [])) {
      const name = a.name.toLowerCase(), value = a.value || '';
      if (name.startsWith('on') && bad(value)) hits.push(`${el.tagName} ${name}=${value}`);
      if ((name === 'href' || name === 'src' || name === 'action' || name === 'formaction')
          && /^\s*(javascript|data):/i.test(value) && !/^data:image\//i.test(value)) hits.push(`${el.tagName} ${name}=${value}`);
      if (name === 'src' && bad(value)) hits.push(`${el.tagName} src=${value}`);
    }
    if (['SCRIPT', 'SVG', 'svg', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName) && bad(el.textContent || '')) {
      hits.push(`${el.tagName} with payload text`);
    }
  };
  const walk = (node) => { check(node); if (node.querySelectorAll) node.querySelectorAll('*').forEach(check); };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') check(r.target);
      r.addedNodes && r.addedNodes.forEach(walk);
    }
  }).observe(document, {subtree: true, childList: true, attributes: true});
  document.addEventListener('DOMContentLoaded', () => walk(document.documentElement));
})();
"""


def _verdict(where) -> dict:
    return where.evaluate(
        "() => ({xss: window.__xss === undefined ? null : window.__xss, hits: window.__xssHits || null})"
    )


def test_hostile_urls_article_never_executes(app_server, context, page, cdn, guard):
    context.add_init_script(OBSERVER)
    frame = h.open_app(page, app_server.url)
    title_before = page.title()
    h.wait_for_count(page, h.shown_count(page))
    props = h.open_popup(
        frame,
        HOSTILE2_MARK,
        present=True,
        missing="the hostile-URL article produced no incident on the map (expected one in Spin Boldak)",
    )
    h.hover_target(frame)
    text = h.popup_text(frame)
    assert HOSTILE2_TITLE in text, f"title not shown literally: {text!r}"
    assert HOSTILE2_OUTLET in text, f"outlet not shown literally: {text!r}"
    assert HOSTILE2_SENTENCE in text, f"evidence sentence not quoted: {text!r}"
    # The javascript: URL was dropped: no link at all for this source, none with a bad scheme anywhere.
    for where in (frame, page):
        assert (
            where.evaluate(
                "[...document.querySelectorAll('a[href], area[href], iframe[src], form[action]')]"
                ".map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'))"
                ".filter(v => /^\\s*(javascript|data):/i.test(v)).length"
            )
            == 0
        )

    # The details panel (Markdown) renders the same article: select it through the URL.
    incident = props.get("id")
    if not incident:
        incident = frame.evaluate(
            "(m) => { let id = null; const seen = new Set(); const v = (l) => { if (!l || seen.has(l) || id) return; seen.add(l);"
            " if (l.getLayers) { l.getLayers().forEach(v); return; }"
            " if (l.feature && JSON.stringify(l.feature).includes(m)) id = String(l.feature.id); }; window.map.eachLayer(v); return id; }",
            HOSTILE2_MARK,
        )
    assert incident, "no id for the hostile incident"
    other = context.new_page()
    h.open_app(other, app_server.url, "incident=" + quote(incident))
    details = other.get_by_text("Incident id: " + incident)
    details.wait_for(timeout=h.LONG)
    body = other.locator(
        '[data-testid="stMain"], section.main, [data-testid="stAppViewContainer"]'
    ).first.inner_text()
    assert HOSTILE2_MARK in body, "the hostile outlet is not shown in the details panel"

    page.wait_for_timeout(500)  # let any injected handler run before judging
    for p in (page, other):
        for where in (p, h.map_frame(p)):
            verdict = _verdict(where)
            assert verdict["xss"] is None, f"a payload ran: window.__xss = {verdict['xss']}"
            assert verdict["hits"] == [], f"article markup reached the DOM: {verdict['hits']}"
    assert page.title() == title_before

    # The observer does see injected markup (so its silence above means something).
    probe = context.new_page()
    probe.set_content("<p>probe</p>")
    probe.evaluate("""() => document.body.insertAdjacentHTML('beforeend',
        '<img src="x" onerror="window.__xssProbe=1"><a href="javascript:window.__xss=0">x</a>')""")
    probe.wait_for_timeout(100)
    assert len(_verdict(probe)["hits"]) >= 2, _verdict(probe)
    probe.close()
    assert not guard.dialogs, guard.dialogs
    assert not [u for u in cdn.foreign if "evil.example" in u], cdn.foreign
    assert not cdn.problems(), cdn.problems()
