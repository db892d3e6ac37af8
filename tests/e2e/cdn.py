"""Offline CDN for the browser tests and the README screenshot.

folium pages load Leaflet, jQuery, Bootstrap, Font Awesome, awesome-markers and plugins from
public CDNs, and tiles from tile servers. There is no internet here (nor in CI), so every request
to a non-loopback host is intercepted:

* Leaflet, Leaflet.markercluster and jQuery are served from the XStatic wheels installed with the
  ``test`` extra (``xstatic-leaflet``, ``xstatic-leaflet-markercluster``, ``xstatic-jquery``);
* CSS/JS that no pip package ships (Bootstrap, Font Awesome, glyphicons, awesome-markers, folium's
  rotate CSS) get an empty 200 answer with the right content type; a few plugin APIs the map script
  calls (awesome-markers, fullscreen) get a tiny functional shim written here, so the map script
  does not throw;
* map tiles get a 1x1 transparent PNG made in code;
* anything else to a foreign host is aborted, logged and recorded in ``unrouted`` — the fixtures
  fail the test when it is not empty. Requests that reach the network layer without passing
  through the router (if any) are caught by a ``request`` listener and recorded in ``foreign``.

Nothing here reads the network or files outside the installed packages.
"""

from __future__ import annotations

import logging
import re
import struct
import threading
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

log = logging.getLogger("e2e.cdn")

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"}


def is_loopback(host: str | None) -> bool:
    if not host:
        return True  # data:, blob:, about: — no network at all
    host = host.strip("[]").lower()
    return host in LOOPBACK_NAMES or host.startswith("127.") or host.endswith(".localhost") or host == "::1"


def is_foreign(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss", "ftp"):
        return False
    return not is_loopback(parts.hostname)


def _png_1x1_transparent() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)  # 1x1, 8-bit RGBA
    pixels = zlib.compress(b"\x00" + b"\x00\x00\x00\x00")  # filter byte + one transparent pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


TRANSPARENT_PNG = _png_1x1_transparent()


def _xstatic_dir(module: str) -> Path:
    import importlib

    try:
        return Path(importlib.import_module(module).BASE_DIR)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            f"{module} is not installed: install the test extra (pip install -e '.[test]')"
        ) from exc


CONTENT_TYPES = {
    ".js": "application/javascript; charset=utf-8",
    ".mjs": "application/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".eot": "application/vnd.ms-fontobject",
    ".map": "application/json",
    ".json": "application/json",
}

# Minimal functional stand-ins (our own code, not copies) for plugin APIs the map script calls
# at load time; an empty file there would make the script throw and leave the map blank.
AWESOME_MARKERS_SHIM = """
(function () {
  if (!window.L) { return; }
  L.AwesomeMarkers = L.AwesomeMarkers || {};
  L.AwesomeMarkers.Icon = L.DivIcon.extend({
    options: {className: 'awesome-marker', iconSize: [28, 36], iconAnchor: [14, 36], popupAnchor: [0, -30], html: ''}
  });
  L.AwesomeMarkers.icon = function (options) { return new L.AwesomeMarkers.Icon(options); };
})();
"""

FULLSCREEN_SHIM = """
(function () {
  if (!window.L) { return; }
  L.Control.FullScreen = L.Control.extend({onAdd: function () { return L.DomUtil.create('div'); }});
  L.control.fullscreen = function (options) { return new L.Control.FullScreen(options); };
})();
"""


@dataclass
class Asset:
    body: bytes
    content_type: str
    label: str


@dataclass
class OfflineCDN:
    """Route handler: call :meth:`install` on a Playwright ``BrowserContext`` (or ``Page``)."""

    served: list[tuple[str, str]] = field(default_factory=list)  # (url, label)
    unrouted: list[str] = field(default_factory=list)  # foreign URLs we did not recognise
    foreign: list[str] = field(default_factory=list)  # every foreign request the browser made
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        leaflet = _xstatic_dir("xstatic.pkg.leaflet")
        cluster = _xstatic_dir("xstatic.pkg.leaflet_markercluster")
        jquery = _xstatic_dir("xstatic.pkg.jquery")
        # (regex on the full URL, file or callable) — first match wins.
        self._rules: list[tuple[re.Pattern[str], object]] = [
            # Leaflet core and its images (leaflet@x/dist/..., /leaflet/1.9.3/...).
            # (Leaflet guesses its image path from the CSS URL; inside streamlit-folium it comes out as
            # ".../dist" + "marker-icon.png" = ".../distmarker-icon.png", so match the file name alone.)
            (
                re.compile(
                    r"leaflet[@/][^?#]*?(marker-icon-2x|marker-icon|marker-shadow|layers-2x|layers)\.png(?:[?#]|$)"
                ),
                lambda m: leaflet / "images" / f"{m.group(1)}.png",
            ),
            (
                re.compile(r"/leaflet(?:@[\d.]+)?/(?:dist/)?leaflet(?:-src)?\.js(?:[?#]|$)"),
                leaflet / "leaflet.js",
            ),
            (re.compile(r"/leaflet/[\d.]+/leaflet(?:-src)?\.js(?:[?#]|$)"), leaflet / "leaflet.js"),
            (re.compile(r"/leaflet(?:@[\d.]+)?/(?:dist/)?leaflet\.css(?:[?#]|$)"), leaflet / "leaflet.css"),
            (re.compile(r"/leaflet/[\d.]+/leaflet\.css(?:[?#]|$)"), leaflet / "leaflet.css"),
            # Leaflet.markercluster (any version path).
            (
                re.compile(r"leaflet\.markercluster[^?#]*/leaflet\.markercluster(?:-src)?\.js(?:[?#]|$)"),
                cluster / "leaflet.markercluster.js",
            ),
            (
                re.compile(r"markercluster[^?#]*/MarkerCluster\.Default\.css(?:[?#]|$)"),
                cluster / "MarkerCluster.Default.css",
            ),
            (re.compile(r"markercluster[^?#]*/MarkerCluster\.css(?:[?#]|$)"), cluster / "MarkerCluster.css"),
            # jQuery (code.jquery.com/jquery-3.7.1.min.js, cdnjs .../jquery/3.7.1/jquery.min.js).
            (re.compile(r"/jquery(?:-[\d.]+)?(?:\.min)?\.js(?:[?#]|$)"), jquery / "jquery.min.js"),
            # Plugin APIs called at load time: small shims.
            (
                re.compile(r"awesome-markers[^?#]*\.js(?:[?#]|$)", re.I),
                Asset(AWESOME_MARKERS_SHIM.encode(), CONTENT_TYPES[".js"], "shim:awesome-markers"),
            ),
            (
                re.compile(r"fullscreen[^?#]*\.js(?:[?#]|$)", re.I),
                Asset(FULLSCREEN_SHIM.encode(), CONTENT_TYPES[".js"], "shim:fullscreen"),
            ),
            # CSS/JS/fonts that no pip package ships: empty, right content type.
            (
                re.compile(
                    r"bootstrap|glyphicons|fontawesome|font-awesome|awesome-markers|awesome\.rotate|"
                    r"leaflet\.awesome",
                    re.I,
                ),
                "stub",
            ),
        ]
        # Map tiles: .../{z}/{x}/{y}.png (OSM, Carto, OpenTopoMap, Stadia...), ArcGIS .../tile/{z}/{y}/{x}.
        self._tile_patterns = [
            re.compile(r"/\d{1,2}/\d{1,7}/\d{1,7}(?:@2x)?(?:\.(?:png|jpe?g|webp|pbf|mvt))?(?:[?#]|$)"),
            re.compile(r"/tile/\d{1,2}/\d{1,7}/\d{1,7}(?:[?#]|$)"),
        ]

    # -- wiring ---------------------------------------------------------------------------------
    def install(self, target) -> None:
        """Route every request of a BrowserContext/Page through this CDN."""
        target.route("**/*", self._handle)
        target.on("request", self._on_request)

    def _on_request(self, request) -> None:
        if is_foreign(request.url):
            with self._lock:
                self.foreign.append(request.url)

    # -- lookup ---------------------------------------------------------------------------------
    def resolve(self, url: str) -> Asset | None:
        """What to answer for a foreign URL, or None if it is not a known CDN/tile URL."""
        for pattern, target in self._rules:
            match = pattern.search(url)
            if not match:
                continue
            if isinstance(target, Asset):
                return target
            if target == "stub":
                return self._stub(url)
            path = target(match) if callable(target) else target
            path = Path(path)
            if path.is_file():
                return Asset(
                    path.read_bytes(),
                    CONTENT_TYPES.get(path.suffix, "application/octet-stream"),
                    f"xstatic:{path.name}",
                )
            log.warning("offline CDN: %s maps to missing file %s", url, path)
            return None
        if any(p.search(urlsplit(url).path) for p in self._tile_patterns):
            return Asset(TRANSPARENT_PNG, "image/png", "tile")
        return None

    def _stub(self, url: str) -> Asset:
        suffix = Path(urlsplit(url).path).suffix.lower()
        if suffix in (".png", ".gif", ".jpg", ".jpeg", ".webp"):
            return Asset(TRANSPARENT_PNG, "image/png", "stub:image")
        content_type = CONTENT_TYPES.get(suffix, "text/plain; charset=utf-8")
        return Asset(b"", content_type, f"stub{suffix or ''}")

    # -- handler --------------------------------------------------------------------------------
    def _handle(self, route) -> None:
        url = route.request.url
        if not is_foreign(url):
            route.continue_()
            return
        asset = self.resolve(url)
        if asset is None:
            with self._lock:
                self.unrouted.append(url)
            log.error("offline CDN: blocked unrouted request to a foreign host: %s", url)
            print(f"[offline CDN] BLOCKED unrouted foreign request: {url}")
            route.abort("blockedbyclient")
            return
        with self._lock:
            self.served.append((url, asset.label))
        route.fulfill(
            status=200,
            body=asset.body,
            content_type=asset.content_type,
            headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "no-store"},
        )

    # -- verdict --------------------------------------------------------------------------------
    def problems(self) -> list[str]:
        """Foreign requests that were not answered locally (empty when all is well)."""
        with self._lock:
            served = {url for url, _ in self.served}
            leaks = [u for u in self.foreign if u not in served and u not in self.unrouted]
            return [f"unrouted: {u}" for u in self.unrouted] + [f"not intercepted: {u}" for u in leaks]
