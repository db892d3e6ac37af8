"""The first map does not wait for what it does not draw: with no store file yet, a visit imports
no SQLAlchemy (the review desk's store), and the charts' Altair is imported after the map."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.app.synthetic import small_collection, write_collection

REPO = Path(__file__).resolve().parents[2]

# runs in a fresh interpreter: the modules a first run imports, and those imported before the map
_PROBE = """
import json, sys
from streamlit.testing.v1 import AppTest
import dashboard.map_component as mc
seen = {}
original = mc.show_map
def spy(*args, **kwargs):
    seen["before_map"] = sorted(m for m in ("sqlalchemy", "altair") if m in sys.modules)
    return original(*args, **kwargs)
mc.show_map = spy
at = AppTest.from_file(sys.argv[1], default_timeout=120).run()
seen["after_run"] = sorted(m for m in ("sqlalchemy", "altair") if m in sys.modules)
seen["exceptions"] = [e.value for e in at.exception]
print(json.dumps(seen))
"""


def _first_run(tmp_path, **env) -> dict:
    data = write_collection(tmp_path / "incidents.geojson", small_collection())
    environ = {k: v for k, v in os.environ.items() if k not in ("DURAND_DB", "DURAND_ARTICLES_DIR")}
    environ.update(DURAND_GEOJSON=str(data), XDG_DATA_HOME=str(tmp_path / "xdg"), PYTHONPATH=str(REPO), **env)
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(REPO / "dashboard" / "app.py")],
        capture_output=True,
        text=True,
        env=environ,
        cwd=str(REPO),
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_no_store_file_no_sqlalchemy_and_altair_after_the_map(tmp_path):
    seen = _first_run(tmp_path)
    assert seen["exceptions"] == []
    assert seen["before_map"] == []
    assert seen["after_run"] == ["altair"]  # the charts below the map
    assert not (tmp_path / "xdg" / "durand-incidents" / "store.sqlite").exists()  # nothing created


def test_an_existing_store_is_still_read(tmp_path):
    store = tmp_path / "xdg" / "durand-incidents" / "store.sqlite"
    store.parent.mkdir(parents=True)
    from geodata.store import create_store_engine, migrate

    engine = create_store_engine(f"sqlite:///{store}")
    migrate(engine)
    engine.dispose()
    seen = _first_run(tmp_path)
    assert seen["exceptions"] == []
    assert "sqlalchemy" in seen["after_run"]
