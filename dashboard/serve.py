"""The dashboard's server, warm before its first visitor: `streamlit run dashboard/serve.py`.

`streamlit run dashboard/app.py` serves the same app, but a new server then does all its one-time
work (importing folium, pandas and altair, reading the data, building its index, the crossing
layer and the base map) inside its first visitor's page load: 1.5-2 s of a 5 s first paint at
100,000 incidents. Here the server runs the app once as it starts, in a session no one sees (the
run Streamlit's script health check makes), so a visitor who comes later is served from warm
caches. The server answers at once rather than after the warm-up: a browser opened with the
command loads the page's scripts meanwhile, and its run waits on the caches the warm-up is filling
(Streamlit computes a cached value once, the other callers wait for it) instead of repeating them.
"""

from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager

from streamlit.logger import get_logger
from streamlit.runtime import Runtime
from streamlit.starlette import App

_LOG = get_logger(__name__)


async def warm_up() -> None:
    """Run the app's script once in a session of its own (no browser, no query parameters)."""
    started = time.perf_counter()
    ok, message = await Runtime.instance().does_script_run_without_error()
    if ok:
        _LOG.info("warm-up run of the dashboard done in %.1f s", time.perf_counter() - started)
    elif message == "timeout":  # Streamlit stops its check after 60 s; visitors' runs go on
        _LOG.info("warm-up run of the dashboard stopped after %.0f s", time.perf_counter() - started)
    else:  # a visitor sees the error itself, with its message
        _LOG.warning("warm-up run of the dashboard failed (%s)", message)


@asynccontextmanager
async def warm_caches(_app: App):
    task = asyncio.get_running_loop().create_task(warm_up())
    try:
        yield
    finally:
        task.cancel()


app = App("app.py", lifespan=warm_caches)
