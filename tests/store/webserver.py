"""A local HTTP server on 127.0.0.1 serving pages the intake tests write: an article page with
page furniture, feeds, a slow response, a 20 MB response, a redirect loop, a non-HTML content
type and pages in other encodings."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before the headers
    drip: float = 0.0  # seconds between 1 KB pieces of the body
    stream_bytes: int = 0  # a body of this many bytes, sent in 64 KB chunks without Content-Length


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.sent: dict[str, int] = {}  # bytes of body actually written per path
        self.base = ""

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.base + path


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            route = site.routes.get(self.path.split("?")[0])
            if route is None:
                self.send_error(404)
                return
            time.sleep(route.delay)
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if not route.stream_bytes:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            sent = 0
            try:
                if route.stream_bytes:
                    chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>"
                    while sent < route.stream_bytes:
                        self.wfile.write(chunk)
                        sent += len(chunk)
                elif route.drip:
                    for i in range(0, len(route.body), 1024):
                        self.wfile.write(route.body[i : i + 1024])
                        self.wfile.flush()
                        sent += len(route.body[i : i + 1024])
                        time.sleep(route.drip)
                else:
                    self.wfile.write(route.body)
                    sent = len(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading: what a size cap should do
            site.sent[self.path] = sent

    return Handler


@contextlib.contextmanager
def serving() -> Iterator[Site]:
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
