"""Quiet errors for visitors (issue 14, case 8): no traceback reaches the page, a short message
with an id does, and the server log has the traceback under that id."""

from __future__ import annotations

import logging
import re
import tomllib
from pathlib import Path

from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]


def test_error_details_are_off_in_the_config():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] in ("none", False)


def _failing_app():
    from dashboard import errors

    errors.install()
    import streamlit as st

    st.title("before the failure")
    raise RuntimeError("secret detail /srv/app/path")


def test_an_uncaught_exception_shows_an_id_not_a_traceback(caplog):
    at = AppTest.from_function(_failing_app, default_timeout=60)
    with caplog.at_level(logging.ERROR, logger="dashboard"):
        at.run()
    assert not at.exception, "Streamlit's exception element (with the traceback) was shown"
    assert len(at.error) == 1
    message = at.error[0].value
    assert "secret detail" not in message and "Traceback" not in message
    error_id = re.search(r"error id ([0-9a-f]{8})", message)
    assert error_id, message
    logged = [r for r in caplog.records if error_id.group(1) in r.getMessage()]
    assert logged and logged[0].exc_info and "secret detail" in str(logged[0].exc_info[1])
