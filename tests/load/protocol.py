"""A light load generator: Streamlit sessions driven through the app's own websocket protocol
(`/_stcore/stream`, protobuf BackMsg/ForwardMsg), many in one asyncio loop, instead of one
Chromium per session. The server does exactly the work a browser session causes (a script run
per page load or widget change, the same deltas sent); what is not measured is the browser's own
rendering of the map (the browser tests in tests/e2e and tests/load/test_load.py cover that).
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY


@dataclass
class Run:
    """What one script run sent to the session."""

    seconds: float
    status: int | None
    elements: list = field(default_factory=list)  # Element protos

    def kinds(self) -> set[str]:
        return {e.WhichOneof("type") for e in self.elements}

    def errors(self) -> list[str]:
        found = []
        for element in self.elements:
            kind = element.WhichOneof("type")
            if kind == "exception":
                found.append(f"exception: {element.exception.type}")
            elif kind == "alert" and element.alert.format == element.alert.ERROR:
                found.append(f"error: {element.alert.body[:200]}")
        return found

    def widget_id(self, kind: str, label: str) -> str | None:
        for element in self.elements:
            if element.WhichOneof("type") == kind and getattr(element, kind).label == label:
                return getattr(element, kind).id
        return None

    def map_report(self):
        """The WidgetState the map frame sends once Leaflet has drawn the map (its centre and zoom,
        as streamlit-folium reports them): the rerun that draws the page below the map. None
        without a map component."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        for element in self.elements:
            if element.WhichOneof("type") == "component_instance":
                args = json.loads(element.component_instance.json_args)
                state = WidgetState(id=element.component_instance.id)
                lat, lng = args.get("center") or (32.0, 69.5)  # sent as [lat, lng]; reported as a dict
                center = {"lat": lat, "lng": lng}
                report = {"last_object_clicked": None, "center": center, "zoom": args.get("zoom") or 6}
                state.json_value = json.dumps({**report, "selected_layers": []})
                return state
        return None

    def text(self) -> str:
        parts = []
        for element in self.elements:
            kind = element.WhichOneof("type")
            if kind == "markdown":
                parts.append(element.markdown.body)
        return "\n".join(parts)


class ProtocolSession:
    def __init__(self, url: str):
        self.ws_url = url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.ws = None

    async def connect(self) -> None:
        self.ws = await websockets.connect(
            self.ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=120, ping_interval=None
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def run(self, widget_states=(), timeout: float = 300) -> Run:
        """Ask for a script run with these widget states; collect what it sends until it ends."""
        message = BackMsg()
        message.rerun_script.query_string = ""
        message.rerun_script.page_script_hash = ""
        for state in widget_states:
            message.rerun_script.widget_states.widgets.append(state)
        started = time.monotonic()
        await self.ws.send(message.SerializeToString())
        run = Run(0.0, None)
        deadline = started + timeout
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), timeout=max(0.1, deadline - time.monotonic()))
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                run.elements.append(forward.delta.new_element)
            elif kind == "script_finished":
                if forward.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN:
                    continue
                run.status = forward.script_finished
                run.seconds = time.monotonic() - started
                return run
