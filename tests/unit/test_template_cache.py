"""dashboard.template_cache: the same map HTML as branca's own per-element compiling, and no
template compiled when a map is rendered a second time."""

from __future__ import annotations

import itertools
from datetime import date

import branca.element
import folium.features
import folium.template
import jinja2
import pytest

from dashboard import map_layers, map_view, template_cache
from geodata import crossings
from tests.app.synthetic import BOUNDARY, large_collection, small_collection


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "plain <b>html</b>\n",
        "two trailing\n\n",
        "var a = {b: 1}; function f() { return {}; }",
        "{{ kwargs } and {% if this %}y{% endif %}".replace("{ kwargs }", "{ kwargs }}"),
        "{# a comment #}text",
        "windows\r\nline ends\r\n",
        "  leading spaces and a lone { brace }\n",
    ],
)
def test_renders_like_jinja(text):
    assert template_cache.compiled(text).render(this=None, kwargs={}) == jinja2.Template(text).render(
        this=None, kwargs={}
    )


def _rendered_map(features) -> str:
    """The whole map page with element ids from a counter, so two renders can be compared."""
    counter = itertools.count()
    original = branca.element.urandom
    branca.element.urandom = lambda n: next(counter).to_bytes(n, "big")
    try:
        registry = crossings.load_registry()
        reports, _ = crossings.collect_reports(features, registry)
        statuses = crossings.status_at(reports, registry, date(2025, 10, 12))
        fmap = map_view.build_base_map(BOUNDARY)
        groups = map_layers.build_layers(features, boundary=BOUNDARY, crossings=statuses)
        return map_view.render_html(fmap, groups)
    finally:
        branca.element.urandom = original


@pytest.mark.parametrize("make", [small_collection, lambda: large_collection(300)])
def test_map_html_is_unchanged(make):
    features = make()["features"]
    cached = _rendered_map(features)
    branca.element.Template = jinja2.Template
    folium.features.Template = folium.template.Template
    try:
        uncached = _rendered_map(features)
    finally:
        template_cache.install()
    assert cached == uncached
    assert len(cached) > 10_000


def test_second_render_compiles_nothing(monkeypatch):
    features = large_collection(300)["features"]
    _rendered_map(features)
    compiles = []
    original = jinja2.Environment.compile

    def counting(self, *args, **kwargs):
        compiles.append(args[0][:60] if args else "")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    _rendered_map(features)
    assert compiles == []
