"""The project's data files (geodata/data) are validated when built and when loaded; a broken copy
fails loudly with a GazetteerDataError naming the file and the row/line/feature."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from geodata import gazetteer_sources as bg
from geodata.gazetteer import GazetteerDataError, load_gazetteer

DATA = Path(__file__).resolve().parents[2] / "geodata" / "data"


def test_committed_files_pass_the_build_checks():
    rows, numbers = bg.check_supplement(DATA / "supplement.csv")
    assert rows and len(rows) == len(numbers)
    assert len(bg.read_crossings(DATA / bg.CROSSINGS)) == 12


def _edit_line(src: Path, dst: Path, startswith: str, old: str, new: str) -> int:
    lines = src.read_text(encoding="utf-8").splitlines()
    idx = next(i for i, line in enumerate(lines) if line.startswith(startswith))
    assert old in lines[idx], lines[idx]
    lines[idx] = lines[idx].replace(old, new, 1)
    dst.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return idx + 1


@pytest.mark.parametrize(
    "old, new, needle",
    [
        (",34.52813,69.17233,", ",95.0,69.17233,", "out of range"),  # latitude beyond the pole
        (",34.52813,69.17233,", ",34.52813,,", "both"),  # lat without lon
        (",country,AF,", ",country,Afghanistan,", "ISO2"),
        (",country,AF,", ",nation,AF,", "PLACE_KINDS"),
        ("CC BY 4.0 (GeoNames)", "", "licence"),
    ],
)
def test_broken_supplement_row_fails_at_build_naming_file_and_line(tmp_path, old, new, needle):
    bad = tmp_path / "supplement.csv"
    line = _edit_line(DATA / "supplement.csv", bad, "sup:country:af,", old, new)
    with pytest.raises(GazetteerDataError) as exc:
        bg.check_supplement(bad)
    message = str(exc.value)
    assert f"supplement.csv: row {line}" in message and "sup:country:af" in message, message
    assert needle in message, message


@pytest.mark.parametrize(
    "old, new, needle",
    [
        (",34.11472,71.08472,", ",thirty-four,71.08472,", "not numbers"),
        (",34.11472,71.08472,", ",71.08472,34.11472,", "swapped"),
        (",34.11472,71.08472,", ",34.11472,,", "both"),
        ("Torkham,Torkham Gate", "Chaman–Spin Boldak,Torkham Gate", "duplicate name"),
        ("Torkham,Torkham Gate", "Torkham,extra field,Torkham Gate", "wrong number of fields"),
    ],
)
def test_broken_crossings_row_fails_naming_file_and_line(tmp_path, old, new, needle):
    bad = tmp_path / bg.CROSSINGS
    line = _edit_line(DATA / bg.CROSSINGS, bad, "Torkham,", old, new)
    with pytest.raises(GazetteerDataError) as exc:
        bg.read_crossings(bad)
    message = str(exc.value)
    assert bg.CROSSINGS in message, message
    assert needle in message, message
    if needle != "duplicate name":
        assert f"line {line}" in message, message


def test_crossings_missing_column_and_not_utf8(tmp_path):
    bad = tmp_path / bg.CROSSINGS
    text = (DATA / bg.CROSSINGS).read_text(encoding="utf-8")
    bad.write_text(text.replace("coord_source", "source", 1), encoding="utf-8")
    with pytest.raises(
        GazetteerDataError, match=r"border_crossings_af_pk.csv: line 1: missing column\(s\) coord_source"
    ):
        bg.read_crossings(bad)
    bad.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    with pytest.raises(GazetteerDataError, match="border_crossings_af_pk.csv: cannot read"):
        bg.read_crossings(bad)


# -- the loader (what the app and the CLI use) ----------------------------------------------------
def _copy(tmp_path: Path) -> Path:
    for f in DATA.iterdir():
        if f.is_file():
            shutil.copy(f, tmp_path / f.name)
    return tmp_path / "gazetteer.json"


@pytest.mark.parametrize(
    "name, corrupt, needle",
    [
        ("not_places.txt", lambda p: p.write_bytes(b"TTP\n\xff\xfe\x80\n"), "not_places.txt: cannot read"),
        (
            "common_words.txt",
            lambda p: p.write_text("reg\n---\n", encoding="utf-8"),
            "common_words.txt: line 2",
        ),
        (
            "af_pk_boundary.geojson",
            lambda p: p.write_text(
                json.dumps(
                    {
                        "type": "FeatureCollection",
                        "features": [{"type": "Feature", "properties": ["durand_line"], "geometry": None}],
                    }
                ),
                encoding="utf-8",
            ),
            "af_pk_boundary.geojson: feature 0",
        ),
        (
            "gazetteer.json",
            lambda p: p.write_text(
                p.read_text(encoding="utf-8").replace('"flags":[', '"flags":[["nested"],', 1),
                encoding="utf-8",
            ),
            "gazetteer.json: row",
        ),
        ("gazetteer.json", lambda p: p.write_bytes(p.read_bytes()[:-200]), "gazetteer.json: not valid JSON"),
    ],
    ids=[
        "word-list-not-utf8",
        "word-list-empty-entry",
        "boundary-properties-not-object",
        "flags-not-strings",
        "gazetteer-truncated",
    ],
)
def test_broken_file_fails_at_load_naming_the_file(tmp_path, name, corrupt, needle):
    path = _copy(tmp_path)
    corrupt(tmp_path / name)
    load_gazetteer.cache_clear()
    try:
        with pytest.raises(GazetteerDataError) as exc:
            load_gazetteer(str(path))
    finally:
        load_gazetteer.cache_clear()
    assert needle in str(exc.value), str(exc.value)


def test_spokespeople_file_rows_are_cited_and_sided():
    import csv

    from geodata.claims import known_people

    rows = list(csv.DictReader((DATA / "spokespeople.csv").open(encoding="utf-8")))
    assert rows and len(known_people()) == len(rows)
    for row in rows:
        assert row["source"].strip(), row["name"]
        assert row["side"] in ("AF", "PK", "TTP"), row["name"]
        assert row["surname_alone"] in ("yes", "no"), row["name"]
        assert len(row["name"].split()) >= 2, row["name"]
    surnames = [s.lower() for p in known_people() for s in p.surnames]
    assert len(surnames) == len(set(surnames))  # a surname alone (in every spelling) names one person only
    assert all(len(s) >= 4 for s in surnames)  # shorter tokens are never looked up alone
