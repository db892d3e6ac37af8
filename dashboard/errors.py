"""Quiet errors for visitors: a short message and an id on the page, the traceback in the log.

`client.showErrorDetails = "none"` (.streamlit/config.toml) keeps Streamlit from sending
tracebacks (server paths, article text) to browsers. `install()` adds, for an uncaught exception
in the app script, a message with an id that is also written to the server log next to the full
traceback, so a visitor's report can be matched with it.
"""

from __future__ import annotations

import logging
import secrets

import streamlit as st

_LOG = logging.getLogger("dashboard")
MESSAGE = (
    "Something went wrong while showing this page (error id {id}). Reload the page; if it happens "
    "again, report the error id."
)


def report(exc: BaseException) -> str:
    """Log the exception with a new id and show the visitor the short message; returns the id."""
    error_id = secrets.token_hex(4)
    _LOG.error("error id %s: uncaught exception in the app", error_id, exc_info=exc)
    try:
        st.error(MESSAGE.format(id=error_id), icon="⚠️")
    except Exception:  # noqa: BLE001 - the page may be unusable; the log has it
        _LOG.exception("error id %s: the message could not be shown", error_id)
    return error_id


def _on_script_error(exc: Exception) -> bool:
    report(exc)
    return True  # shown: Streamlit's own (redacted) exception element is not needed


def install() -> None:
    """Use `report` for uncaught exceptions of this script run (call at the top of the app)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None and hasattr(ctx, "on_script_error"):
        ctx.on_script_error = _on_script_error
