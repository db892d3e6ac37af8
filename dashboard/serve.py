"""The dashboard's server, warm before its first visitor: `streamlit run dashboard/serve.py`.

`streamlit run dashboard/app.py` serves the same app, but a new server then does all its one-time
work (importing folium, pandas and altair, reading the data, building its index, the crossing
layer and the base map) inside its first visitor's page load: 1.5-2 s of a 4.5 s first paint at
100,000 incidents. Here the server runs the app once before it accepts connections, in a session
no one sees (the run Streamlit's script health check makes), so the first visitor is served from
the same warm caches as every later one. The warm-up waits at most WARM_UP_WAIT_S: a large
articles folder keeps being read in the background while the first visitors see its progress.
"""

from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager

from streamlit.logger import get_logger
from streamlit.runtime import Runtime
from streamlit.starlette import App

WARM_UP_WAIT_S = 10.0
_LOG = get_logger(__name__)


async def warm_up() -> None:
    """Run the app's script once in a session of its own (no browser, no query parameters)."""
    started = time.perf_counter()
    ok, message = await Runtime.instance().does_script_run_without_error()
    if ok:
        _LOG.info("warm-up run of the dashboard done in %.1f s", time.perf_counter() - started)
    else:  # a visitor sees the error itself, with its message
        _LOG.warning("warm-up run of the dashboard failed (%s)", message)


@asynccontextmanager
async def warm_caches(_app: App):
    task = asyncio.get_running_loop().create_task(warm_up())
    try:
        await asyncio.wait_for(asyncio.shield(task), WARM_UP_WAIT_S)
    except TimeoutError:
        _LOG.info("still warming up after %.0f s; accepting visitors now", WARM_UP_WAIT_S)
    try:
        yield
    finally:
        task.cancel()


app = App("app.py", lifespan=warm_caches)
