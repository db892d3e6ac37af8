"""The offline CDN itself: folium's asset URLs resolve locally, and a foreign request that is not
known is blocked and reported (so the guard in conftest can fail a test on it)."""

from __future__ import annotations

import folium
import folium.plugins
import pytest
import xyzservices.providers as xyz

from .cdn import OfflineCDN, is_foreign

pytestmark = [pytest.mark.browser, pytest.mark.flaky(reruns=2)]


def folium_asset_urls() -> list[str]:
    urls = [url for _, url in folium.folium._default_js + folium.folium._default_css]
    urls += [
        url for _, url in folium.plugins.MarkerCluster.default_js + folium.plugins.MarkerCluster.default_css
    ]
    return urls


def test_every_default_folium_asset_and_tile_resolves_locally():
    cdn = OfflineCDN()
    for url in folium_asset_urls():
        asset = cdn.resolve(url)
        assert asset is not None, url
        expected = "css" if url.endswith(".css") else "javascript"
        assert expected in asset.content_type, (url, asset.content_type)
    assert b"Leaflet" in cdn.resolve("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js").body
    assert (
        b"markerClusterGroup"
        in cdn.resolve(
            "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js"
        ).body
    )
    for provider in (xyz.OpenStreetMap.Mapnik, xyz.OpenTopoMap, xyz.Esri.WorldImagery):
        url = provider.build_url(x=5, y=3, z=4, r="")
        asset = cdn.resolve(url)
        assert asset is not None and asset.content_type == "image/png", url
        assert asset.body.startswith(b"\x89PNG")
    for icon in ("dist/images/marker-icon.png", "distmarker-shadow.png", "dist/images/layers-2x.png"):
        asset = cdn.resolve(f"https://cdn.jsdelivr.net/npm/leaflet@1.9.3/{icon}")
        assert (
            asset is not None and asset.label.startswith("xstatic:") and asset.body.startswith(b"\x89PNG")
        ), icon
    assert cdn.resolve("https://example.invalid/steal?c=1") is None
    assert not is_foreign("http://127.0.0.1:8501/x") and not is_foreign("http://localhost/x")
    assert not is_foreign("data:text/plain,x") and is_foreign("https://10.0.0.1/x")


def test_unknown_foreign_request_is_blocked_and_reported(browser):
    cdn = OfflineCDN()
    context = browser.new_context()
    try:
        cdn.install(context)
        page = context.new_page()
        page.set_content("<html><body>offline</body></html>")
        ok = page.evaluate(
            """async () => {
                const tile = await fetch('https://tile.openstreetmap.org/3/4/2.png').then(r => r.status);
                const leaked = await fetch('https://example.invalid/beacon').then(() => 'reached', () => 'blocked');
                return [tile, leaked];
            }"""
        )
        assert ok == [200, "blocked"]
        assert cdn.unrouted == ["https://example.invalid/beacon"]
        assert cdn.problems() == ["unrouted: https://example.invalid/beacon"]
        assert ("https://tile.openstreetmap.org/3/4/2.png", "tile") in cdn.served
    finally:
        context.close()
