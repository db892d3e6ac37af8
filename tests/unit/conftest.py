"""Fixtures of the unit tests: the bundled gazetteer, loaded once for the session."""

from __future__ import annotations

import pytest

from geodata.gazetteer import load_gazetteer


@pytest.fixture(scope="session")
def gazetteer():
    return load_gazetteer()
