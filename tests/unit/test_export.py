import csv
import io
import json
from datetime import date

from geodata.export import dumps, feature_collection, incident_ids, to_csv
from geodata.model import Claim, Incident, Place, Source
from geodata.validate import validate_feature_collection

TORKHAM = Place(
    id="x:torkham",
    name="Torkham",
    kind="crossing",
    country=None,
    admin1="Nangarhar",
    lat=34.114722,
    lon=71.084722,
)


def make_incident(**overrides):
    values = dict(
        event_type="crossing_closed",
        date=date(2025, 10, 12),
        date_end=None,
        date_precision="day",
        place=TORKHAM,
        place_mentions=("Torkham",),
        location_precision=1,
        lat=34.1147219999,
        lon=71.0847221111,
        country=None,
        admin1="Nangarhar",
        actors=(),
        claims=(
            Claim(
                claimant="ISPR",
                statement="23 soldiers lost",
                quantity=23,
                unit="killed",
                subject="Pakistani soldiers",
                side="PK",
                article="a1",
            ),
        ),
        sources=(
            Source(
                article="a1",
                title="T",
                outlet="O",
                url=None,
                published="2025-10-12",
                quote="Torkham has been closed.",
            ),
        ),
    )
    values.update(overrides)
    return Incident(**values)


def test_feature_shape_and_rounding():
    fc = feature_collection([make_incident()], gazetteer={"name": "test"})
    assert validate_feature_collection(fc) == []
    feature = fc["features"][0]
    assert feature["geometry"] == {
        "type": "Point",
        "coordinates": [71.08472, 34.11472],
    }  # lon first, 5 decimals
    props = feature["properties"]
    assert props["place_id"] == "x:torkham" and props["location_precision_label"] == "exact place"
    assert props["claims"][0]["quantity"] == 23 and props["sources"][0]["quote"] == "Torkham has been closed."
    assert fc["gazetteer"] == {"name": "test"}


def test_unlocated_incident_is_kept_with_null_geometry():
    fc = feature_collection(
        [make_incident(place=None, lat=None, lon=None, location_precision=7, place_mentions=())]
    )
    assert fc["features"][0]["geometry"] is None
    assert validate_feature_collection(fc) == []


def test_ids_are_stable_and_unique():
    a, b = make_incident(), make_incident(event_type="armed_clash")
    assert incident_ids([a, b]) == incident_ids([a, b])
    assert len(set(incident_ids([a, a, b]))) == 3
    assert incident_ids([a])[0] == incident_ids([b, a])[1]  # does not depend on position


def test_same_input_same_bytes():
    one = dumps(feature_collection([make_incident(), make_incident(event_type="airstrike")]))
    two = dumps(feature_collection([make_incident(), make_incident(event_type="airstrike")]))
    assert one == two
    json.loads(one)


def test_validator_catches_contract_breaks():
    fc = feature_collection([make_incident()])
    broken = json.loads(dumps(fc))
    broken["features"][0]["geometry"]["coordinates"] = [34.1, 181.0]
    broken["features"][0]["properties"]["event_type"] = "riot"
    errors = validate_feature_collection(broken)
    assert any("outside" in e for e in errors) and any("event_type" in e for e in errors)
    assert validate_feature_collection({"type": "FeatureCollection", "crs": {}, "features": []})


def test_csv_rows_and_formula_injection_guard():
    hostile = make_incident(
        sources=(
            Source(
                article="a",
                title='=HYPERLINK("http://x")',
                outlet="@evil",
                url=None,
                published=None,
                quote="-2+3",
            ),
        )
    )
    text = to_csv(feature_collection([make_incident(), hostile])["features"])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2
    assert rows[0]["lon"] == "71.08472" and rows[0]["event_type"] == "crossing_closed"
    assert rows[1]["quotes"].startswith("'-") and rows[1]["outlets"].startswith("'@")


def test_streamed_collection_equals_the_collection_for_dicts_and_packed_records():
    from geodata.compact import pack
    from geodata.export import write_feature_collection

    hostile = make_incident(place_mentions=('"},]{\u2028<script>',), date=date(2025, 10, 11))
    fc = feature_collection([make_incident(), hostile], gazetteer={"name": "test"})
    for features in (fc["features"], [pack(f) for f in fc["features"]]):
        out = io.BytesIO()
        meta = {k: v for k, v in fc.items() if k != "features"} | {"filter": {"types": ["crossing_closed"]}}
        assert write_feature_collection(meta, iter(features), out) == 2
        data = json.loads(out.getvalue().decode("utf-8"))
        assert data["features"] == fc["features"]
        assert data["filter"] == {"types": ["crossing_closed"]} and data["type"] == "FeatureCollection"
        assert validate_feature_collection(data) == []
    out = io.BytesIO()
    write_feature_collection({"type": "FeatureCollection"}, [], out)
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_written_files_get_the_mode_a_new_file_would_have(tmp_path):
    """mkstemp makes 0600 files: the GeoJSON others in a shared folder open must be readable."""
    import os
    import stat

    from geodata.export import write_text_atomic

    old = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "out.geojson", "{}\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.geojson").stat().st_mode) == 0o644
