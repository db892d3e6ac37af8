"""The page's websocket messages are compressed (permessage-deflate, .streamlit/config.toml): the
map's messages are text that deflates 5-10x (popups, GeoJSON), which a shared link over a real
network feels. Checked as Chromium and the server actually agree on it in the handshake."""

from __future__ import annotations

import pytest

from . import helpers as h

pytestmark = [pytest.mark.browser]


def test_the_browser_and_the_server_agree_on_compressed_messages(app_server, page):
    extensions: list[str] = []

    def on_handshake(event: dict) -> None:
        headers = {k.lower(): v for k, v in event["response"]["headers"].items()}
        extensions.append(headers.get("sec-websocket-extensions", ""))

    cdp = page.context.new_cdp_session(page)
    cdp.on("Network.webSocketHandshakeResponseReceived", on_handshake)
    cdp.send("Network.enable")
    h.open_app(page, app_server.url)
    assert extensions, "no websocket handshake seen"
    assert all("permessage-deflate" in e for e in extensions), extensions
