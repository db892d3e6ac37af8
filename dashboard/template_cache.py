"""Folium/branca templates compiled once per process, not on every rerun.

`branca.element.Element(text)` compiles `text` as a Jinja template each time it is made, and
branca's own `MacroElement.render` wraps every rendered html/script fragment in a new
`Element(fragment)`: a map render compiled dozens of templates (about 1.1 s of a 100k rerun, issue
17), nearly all of them plain text with no Jinja syntax in it.

`install()` swaps the `Template` that branca.element calls for `compiled`, which

* returns a `PlainText` for text without Jinja markup (`{{`, `{%`, `{#`) or carriage returns:
  rendering it gives what Jinja would give (the text, less one trailing newline) without compiling;
* compiles any other text once per process (an LRU cache keyed by the text: these are the few
  fixed templates of folium's elements and ours).

The rendered HTML is unchanged (tests/unit/test_template_cache.py compares both ways).
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace
from typing import Any

import branca.element
import folium.features
import folium.template
import jinja2

_MARKUP = ("{{", "{%", "{#")


class PlainText:
    """A template that is text only: renders to itself as Jinja would."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        # Jinja drops one trailing newline (keep_trailing_newline is off by default)
        self.text = text[:-1] if text.endswith("\n") else text

    def render(self, *args: Any, **kwargs: Any) -> str:
        return self.text

    @property
    def module(self) -> Any:
        # a MacroElement asks its template for macros; plain text defines none
        return _EMPTY_MODULE


_EMPTY_MODULE = SimpleNamespace()


@lru_cache(maxsize=512)
def _compiled(source: str) -> jinja2.Template:
    return jinja2.Template(source)


def compiled(source: str) -> jinja2.Template | PlainText:
    """The template for `source`: plain text as is, anything else compiled once per process."""
    if "\r" not in source and not any(mark in source for mark in _MARKUP):
        return PlainText(source)
    return _compiled(source)


@lru_cache(maxsize=64)
def folium_template(source: str) -> folium.template.Template:
    """folium's Template (with its `tojavascript` filter), compiled once per source text."""
    return folium.template.Template(source)


def install() -> None:
    """Make branca.element build its templates through `compiled`, and folium.features (whose
    GeoJson tooltip and popup compile a style template in every render) through
    `folium_template` (idempotent)."""
    branca.element.Template = compiled  # type: ignore[assignment,misc]
    folium.features.Template = folium_template  # type: ignore[assignment,misc]
