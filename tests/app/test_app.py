"""AppTest: URL -> filters -> what the map, table, chart and downloads receive."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest

from geodata.model import EVENT_LABELS
from tests.app.conftest import captions, download, ids_by, map_args, map_feature_ids, table_ids, url
from tests.app.synthetic import XSS_TITLE


def chart_data(at):
    """The timeline's data table (Arrow IPC in the Vega-Lite proto)."""
    import pyarrow as pa

    datasets = at.get("vega_lite_chart")[0].proto.datasets
    assert len(datasets) == 1
    return pa.ipc.open_stream(datasets[0].data.data).read_all().to_pandas()


def collection_dates(collection) -> dict[str, str | None]:
    return {f["id"]: f["properties"]["date"] for f in collection["features"]}


def located(collection, *, primary_only: bool = False) -> set[str]:
    return {
        f["id"]
        for f in collection["features"]
        if f["geometry"] and (f["properties"]["mention"] == "primary" or not primary_only)
    }


def test_default_view(make_app, collection):
    at = make_app().run()
    assert not at.exception
    assert at.title[0].value == "Durand Line incidents"
    # nothing extracted is hidden: everything located is on the map, background reports included
    assert map_feature_ids(at) == located(collection)
    background = ids_by(collection, mention="background")
    assert background and background <= set(table_ids(at))
    # every incident (located, border-wide, unlocated, undated, background) is in the table
    assert set(table_ids(at)) == {f["id"] for f in collection["features"]}
    assert len(at.get("vega_lite_chart")) == 1
    # the map is keyed and asks only for clicks
    args = map_args(at)
    # clicks select; centre, zoom and base layer go into the share link
    assert args["returned_objects"] == ["last_object_clicked", "center", "zoom", "selected_layers"]
    assert not url(at)  # defaults stay out of the URL


def test_url_types_filter_map_table_chart(make_app, collection):
    at = make_app({"types": ["airstrike"]}).run()
    assert not at.exception
    assert at.multiselect(key="types").value == ["airstrike"]
    airstrikes = ids_by(collection, event_type="airstrike")
    assert map_feature_ids(at) == airstrikes
    assert set(table_ids(at)) == airstrikes
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["mark"]["type"] == "bar"
    chart = chart_data(at)
    assert set(chart["event_type"]) == {"airstrike"}
    assert chart["incidents"].sum() == len([i for i in airstrikes if collection_dates(collection)[i]])


def test_url_dates_filter(make_app, collection):
    at = make_app({"dates": ["2025-10-08", "2025-10-10"]}).run()
    assert not at.exception
    start, end = at.slider(key="dates").value
    assert (start.isoformat(), end.isoformat()) == ("2025-10-08", "2025-10-10")
    expected = {
        f["id"]
        for f in collection["features"]
        if f["properties"]["date"] and "2025-10-08" <= f["properties"]["date"] <= "2025-10-10"
    }
    assert set(table_ids(at)) == expected
    assert url(at)["dates"] == ["2025-10-08", "2025-10-10"]


def test_every_filter_from_url(make_app, collection):
    params = {
        "sides": ["AF"],
        "precision": ["3", "4"],
        "verification": ["corroborated", "single_source"],
        "outlets": ["Pajhwok", "Geo News"],
        "actors": ["Pakistani military"],
        "background": "0",
    }
    at = make_app(params).run()
    assert not at.exception
    assert at.multiselect(key="sides").value == ["AF"]
    assert at.multiselect(key="precision").value == [3, 4]
    assert at.checkbox(key="background").value is False
    got = set(table_ids(at))
    expected = {
        f["id"]
        for f in collection["features"]
        if f["properties"]["country"] == "AF"
        and f["properties"]["location_precision"] in (3, 4)
        and f["properties"]["verification"] in ("corroborated", "single_source")
        and set(f["properties"]["outlets"]) & {"Pajhwok", "Geo News"}
        and "Pakistani military" in f["properties"]["actors"]
        and f["properties"]["mention"] == "primary"
    }
    assert got == expected and got
    assert not [c for c in captions(at) if "Ignored from the link" in c]


def test_widget_change_updates_map_and_url(make_app, collection):
    at = make_app().run()
    before = map_args(at)
    at.multiselect(key="types").set_value(["armed_clash"]).run()
    assert not at.exception
    after = map_args(at)
    assert after["script"] == before["script"], "the base map is identical across reruns"
    assert after["feature_group"] != before["feature_group"]
    clashes = ids_by(collection, event_type="armed_clash")
    assert map_feature_ids(at) == {i for i in clashes if i in located(collection)}
    assert url(at)["types"] == ["armed_clash"]
    assert set(chart_data(at)["event_type"]) == {"armed_clash"}


def test_week_ends_at_the_period_end_and_steps_by_a_week(make_app):
    at = make_app({"dates": ["2025-10-01", "2025-10-09"]}).run()
    at.button(key="range_7").click().run()
    start, end = at.slider(key="dates").value
    assert (start.isoformat(), end.isoformat()) == ("2025-10-03", "2025-10-09")  # not the data's end
    at.button(key="step_back").click().run()
    start, end = at.slider(key="dates").value
    assert (start.isoformat(), end.isoformat()) == ("2025-09-26", "2025-10-02")  # a week earlier


def test_date_inputs_set_the_same_period(make_app):
    at = make_app().run()
    at.date_input(key="date_from").set_value(date(2025, 10, 4)).run()
    at.date_input(key="date_to").set_value(date(2025, 10, 6)).run()
    start, end = at.slider(key="dates").value
    assert (start.isoformat(), end.isoformat()) == ("2025-10-04", "2025-10-06")
    assert url(at)["dates"] == ["2025-10-04", "2025-10-06"]
    at.slider(key="dates").set_value((date(2025, 10, 2), date(2025, 10, 3))).run()
    assert (at.date_input(key="date_from").value, at.date_input(key="date_to").value) == (
        date(2025, 10, 2),
        date(2025, 10, 3),
    )


def test_narrowed_period_says_how_many_undated_are_hidden(make_app, collection):
    undated = [f for f in collection["features"] if not f["properties"].get("date")]
    assert undated, "the synthetic data has undated incidents"
    at = make_app({"dates": ["2025-10-04", "2025-10-09"]}).run()
    notes = [c.value for c in at.caption if "undated incident(s) hidden" in c.value]
    assert notes and notes[0].startswith(f"🕓 {len(undated)} undated")
    at = make_app().run()
    assert not [c.value for c in at.caption if "undated incident(s) hidden" in c.value]


def test_select_all_actors_is_all_actors_and_targets_are_actors(make_app, collection):
    at = make_app().run()
    everything = table_ids(at)
    options = at.multiselect(key="actors").options
    assert not any(o.startswith("target: ") for o in options)
    at.multiselect(key="actors").set_value(list(options)).run()
    assert table_ids(at) == everything


def test_unknown_url_parameter_removed_after_the_notice(make_app):
    at = make_app({"foo": ["bar"], "types": ["airstrike"]}).run()
    assert any("foo" in c.value for c in at.caption)
    assert "foo" not in at.query_params and url(at)["types"] == ["airstrike"]
    at.run()  # a map pan reruns the app: the notice stays while the view is the link's
    assert any("foo" in c.value for c in at.caption)
    at.multiselect(key="types").set_value(["armed_clash"]).run()
    assert not any("Ignored from the link" in c.value for c in at.caption)


def test_quick_range_buttons(make_app):
    at = make_app().run()
    at.button(key="range_7").click().run()
    start, end = at.slider(key="dates").value
    assert (end - start).days == 6 and end.isoformat() == "2025-10-12"
    assert url(at)["dates"] == [start.isoformat(), end.isoformat()]
    at.button(key="range_all").click().run()
    assert "dates" not in url(at)


def test_reset_filters(make_app):
    at = make_app({"types": ["airstrike"], "sides": ["AF"]}).run()
    at.button(key="reset_filters").click().run()
    assert at.multiselect(key="types").value == []
    assert not url(at)


def test_selected_incident_from_url_centres_map(make_app, collection):
    target = next(f for f in collection["features"] if f["properties"]["event_type"] == "drone_strike")
    at = make_app({"incident": target["id"]}).run()
    assert not at.exception
    args = map_args(at)
    lon, lat = target["geometry"]["coordinates"]
    assert args["center"] == [lat, lon]
    assert args["zoom"] == 9  # district
    assert "Drone strike" in " ".join(m.value for m in at.markdown)
    assert url(at)["incident"] == [target["id"]]
    # the base map did not change for the selection
    plain = make_app().run()
    assert map_args(plain)["script"] == args["script"]


@pytest.mark.parametrize(
    "params, fragment",
    [
        ({"dates": ["2025-10-10", "2025-10-02"]}, "swapped"),
        ({"dates": ["not-a-date", "2025-10-02"]}, "not a YYYY-MM-DD"),
        ({"dates": ["1990-01-01", "1990-02-01"]}, "outside the data"),
        ({"dates": ["2025-10-01", "2025-10-02", "2025-10-03"]}, "expected 2 dates"),
        ({"types": ["airstrike", "nuclear_war"]}, "unknown value"),
        ({"types": ["airstrike"] * 500}, "first 50"),
        ({"outlets": ["x" * 100_000]}, "over-long"),
        ({"precision": ["0", "9", "three"]}, "unknown value"),
        ({"sides": ["<script>alert(1)</script>"]}, "unknown value"),
        ({"background": "maybe"}, "not yes/no"),
        ({"incident": "inc-doesnotexist"}, "no incident"),
    ],
)
def test_bad_url_values_notice(make_app, params, fragment):
    at = make_app(params).run()
    assert not at.exception
    notes = [c for c in captions(at) if "Ignored from the link" in c]
    assert notes, captions(at)
    assert fragment.replace("-", "\\-").replace(".", "\\.") in notes[0] or fragment in notes[0]
    assert len(at.get("component_instance")) == 1  # the page still renders


def test_huge_query_string_does_not_crash(make_app):
    # Streamlit itself ignores a query string of over 1,000 parameters; the page must still work.
    at = make_app({"types": ["airstrike"] * 5000, "outlets": ["y" * 50_000]}).run()
    assert not at.exception
    assert len(at.get("component_instance")) == 1


def test_reversed_dates_still_filter(make_app):
    at = make_app({"dates": ["2025-10-10", "2025-10-08"]}).run()
    start, end = at.slider(key="dates").value
    assert start < end
    assert url(at)["dates"] == ["2025-10-08", "2025-10-10"]


def test_empty_result_shows_message(make_app):
    at = make_app({"types": ["drone_strike"], "sides": ["AF"]}).run()
    assert not at.exception
    assert any("No incidents match" in i.value for i in at.info)
    assert map_feature_ids(at) == set()
    assert table_ids(at) == []


def test_downloads_match_filter(make_app, collection, deferred):
    at = make_app(
        {"types": ["armed_clash", "artillery_shelling"], "dates": ["2025-10-10", "2025-10-12"]}
    ).run()
    shown = set(table_ids(at))
    assert shown
    name, payload = download(at, deferred, "download_geojson")
    assert name == "incidents_2025-10-10_2025-10-12_filtered.geojson"
    data = json.loads(payload)
    assert data["type"] == "FeatureCollection"
    assert {f["id"] for f in data["features"]} == shown
    originals = {f["id"]: f for f in collection["features"]}
    for feature in data["features"]:
        assert feature == originals[feature["id"]], "same feature records as the data"
        assert feature["type"] == "Feature"
        geometry = feature["geometry"]
        assert geometry is None or (geometry["type"] == "Point" and len(geometry["coordinates"]) == 2)
    assert data["filter"]["types"] == ["armed_clash", "artillery_shelling"]
    name, payload = download(at, deferred, "download_csv")
    assert name == "incidents_2025-10-10_2025-10-12_filtered.csv"
    assert payload.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM for spreadsheet programs
    rows = list(csv.DictReader(io.StringIO(payload.decode("utf-8-sig"))))
    assert {r["event_id"] for r in rows} == shown and len(rows) == len(shown)
    by_id = {f["id"]: f for f in collection["features"]}
    for r in rows:  # every source URL of the incident
        urls = [s["url"] for s in by_id[r["event_id"]]["properties"]["sources"] if s.get("url")]
        assert r["source_urls"].split() == list(dict.fromkeys(urls))


def test_problems_listed(make_app):
    at = make_app().run()
    labels = [e.label for e in at.expander]
    assert any("could not be used" in label for label in labels)
    frames = [d.value for d in at.dataframe if "reason" in getattr(d.value, "columns", [])]
    assert frames and "broken.md" in list(frames[0]["file"])


def test_hostile_strings_escaped_in_map(make_app):
    at = make_app().run()
    group = map_args(at)["feature_group"]
    for raw in (XSS_TITLE, "${alert", "`tick`", "</script><script>", "javascript:alert"):
        assert raw not in group


def _open_unlocated(at):
    """The rerun a reader's click on the closed expander makes."""
    from dashboard import keys

    at.session_state[keys.UNLOCATED_OPEN] = True
    return at.run()


def test_unlocated_and_border_wide_listed(make_app):
    at = _open_unlocated(make_app().run())
    labels = [e.label for e in at.expander]
    assert any("without a point" in label for label in labels)
    text = " ".join(m.value for m in at.markdown)
    assert "Border\\-wide" in text or "Border-wide" in text
    assert "Ghulam Khan" in text


def test_unlocated_list_is_sent_only_when_open(make_app, collection):
    """Closed, the expander is a label with the count; opened, each group is one Markdown list
    (not one element per incident and source) with every quote; the map is not redrawn for it."""
    at = make_app().run()
    box = next(e for e in at.expander if "without a point" in e.label)
    pointless = [f for f in collection["features"] if not f["geometry"]]
    assert pointless and box.label.endswith(f"({len(pointless)})")
    assert len(box.markdown) == 0 and "Ghulam Khan" not in " ".join(m.value for m in at.markdown)
    before = map_args(at)
    at = _open_unlocated(at)
    box = next(e for e in at.expander if "without a point" in e.label)
    blocks = [m.value for m in box.markdown]
    assert len(blocks) == 2 and blocks[0].startswith("**Border") and blocks[1].startswith("**Unlocated")
    for feature in pointless:
        for source in feature["properties"]["sources"]:
            assert source["quote"].split()[0] in " ".join(blocks)
    assert all(line.startswith(("- ", "    - ")) for b in blocks for line in b.split("\n")[2:])
    assert map_args(at) == before


def test_no_data_message(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP

    monkeypatch.setenv("DURAND_GEOJSON", str(tmp_path / "missing.geojson"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.error and "No data" in at.error[0].value


def test_new_data_is_picked_up_and_all_dates_stays_all(make_app, collection, data_file):
    import copy
    import os

    at = make_app().run()
    assert at.slider(key="dates").value[1].isoformat() == "2025-10-12"
    newer = copy.deepcopy(
        next(f for f in collection["features"] if f["properties"]["event_type"] == "airstrike")
    )
    newer["id"] = newer["properties"]["id"] = "inc-000000000new"
    newer["properties"]["date"] = "2025-10-20"
    collection["features"].append(newer)
    data_file.write_text(json.dumps(collection), encoding="utf-8")
    stat = data_file.stat()
    os.utime(data_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    at.run()
    assert not at.exception
    assert at.slider(key="dates").value[1].isoformat() == "2025-10-20"
    assert "inc-000000000new" in table_ids(at)
    assert "dates" not in url(at)


def test_step_buttons_move_the_period_by_its_length(make_app):
    at = make_app({"dates": ["2025-10-05", "2025-10-07"]}).run()
    assert not at.button(key="step_forward").disabled and not at.button(key="step_back").disabled
    at.button(key="step_forward").click().run()
    start, end = at.slider(key="dates").value
    assert (start.isoformat(), end.isoformat()) == ("2025-10-08", "2025-10-10")
    assert url(at)["dates"] == ["2025-10-08", "2025-10-10"]
    at.button(key="step_back").click().run()
    at.button(key="step_back").click().run()
    start, end = at.slider(key="dates").value
    assert (start.isoformat(), end.isoformat()) == ("2025-10-02", "2025-10-04")
    # at the end of the data the forward step is disabled; over the whole span both are
    at = make_app({"dates": ["2025-10-10", "2025-10-12"]}).run()
    assert at.button(key="step_forward").disabled and not at.button(key="step_back").disabled
    at = make_app().run()
    assert at.button(key="step_forward").disabled and at.button(key="step_back").disabled


def test_about_the_data_says_sources_licences_and_what_is_missing(make_app):
    at = make_app().run()
    about = next(e for e in at.expander if e.label == "About the data")
    text = " ".join(m.value for m in about.markdown)
    for needed in (
        "GeoNames",
        "CC BY 4.0",
        "Natural Earth",
        "precision",
        "UCDP",
        "Province outlines",
        "admin-1",
        "own reporting",
        "Crossings",
    ):
        assert needed in text, needed


def test_article_claimant_reads_as_the_outlets_own_reporting(make_app, collection, data_file):
    target = next(f for f in collection["features"] if f["properties"]["verification"] == "contested")
    source = target["properties"]["sources"][0]
    target["properties"]["claims"].append(
        {
            "claimant": "Article",
            "statement": "Shops in the bazaar stayed shut.",
            "quantity": None,
            "unit": None,
            "subject": None,
            "hedge": None,
            "article": source["article"],
            "side": None,
        }
    )
    data_file.write_text(json.dumps(collection), encoding="utf-8")
    at = make_app({"incident": target["id"]}).run()
    assert not at.exception
    frame = next(d.value for d in at.dataframe if "claims" in getattr(d.value, "columns", []))
    cell = frame.set_index("id").loc[target["id"], "claims"]
    assert f"{source['outlet']} (own reporting): Shops in the bazaar stayed shut." in cell
    assert "Article:" not in cell
    # the details panel names the outlet too, as the claimant line (Markdown-escaped text)
    from dashboard.table_view import md

    lines = [m.value for m in at.markdown]
    assert f"*{md(source['outlet'] + ' (own reporting)')}*" in lines, lines
    assert "*Article*" not in lines
    assert any(e.label == "Outlets' own reporting (1)" for e in at.expander)
    assert "own reporting" in map_args(at)["feature_group"]


def test_share_link_keeps_map_centre_zoom_and_base_layer(make_app):
    at = make_app({"view": ["33.9,70.1,9"], "base": ["outline map (no tiles)"]}).run()
    args = map_args(at)
    assert args["center"] == {"lat": 33.9, "lng": 70.1} or args["center"] == [33.9, 70.1]
    assert args["zoom"] == 9
    # the chosen base layer is the one shown: no tile layer is added to the map at first
    assert not re.search(r"tile_layer_\w+\.addTo\(map_div\)", args["script"])
    assert re.search(r"tile_layer_\w+\.addTo\(map_div\)", map_args(make_app().run())["script"])
    assert url(at)["view"] == ["33.9,70.1,9"] and url(at)["base"] == ["Outline map (no tiles)"]
    at = make_app({"view": ["north,70,9"], "base": ["Moon"]}).run()
    notes = " ".join(c.value for c in at.caption)
    assert "view" in notes and "base" in notes
    assert "view" not in url(at) and "base" not in url(at)


def test_timeline_legend_lists_only_types_with_data_and_brush_is_on(make_app):
    at = make_app({"types": ["armed_clash"]}).run()
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Armed clash"]
    assert any(p.get("name") == "brush" for p in spec.get("params", []))


def test_claimed_deaths_chart_by_claimant(make_app, collection):
    at = make_app().run()
    at.segmented_control(key="timeline_measure").set_value("Claimed deaths by claimant").run()
    assert not at.exception
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["encoding"]["y"]["title"].startswith("Claimed deaths per")
    data = chart_data(at)
    # each side's claims stay apart, never one number for both
    assert set(data["claimant"]) <= {
        "Afghan side's claims",
        "Pakistani side's claims",
        "Independent claims",
        "Other / unattributed",
        "Outlets' own reporting",
    }
    # one line per side, never bars stacked on each other (xOffset does nothing on a time axis)
    assert spec["mark"]["type"] == "line" and spec["encoding"]["y"]["stack"] is None


def test_table_has_casualty_columns_and_type_precision_not_cut(make_app):
    at = make_app().run()
    table = next(d for d in at.dataframe if "killed" in getattr(d.value, "columns", []))
    assert {"killed", "wounded"} <= set(table.value.columns)
    columns = json.loads(table.proto.columns)
    widths = {name: columns[name]["width"] for name in table.value.columns}
    # at 1366 px with the sidebar open the main area is ~906 px: the columns up to "Killed" and
    # the 36 px selection column fit ("Location precision", "Side" and "Killed" were cut)
    shown = ("date", "type", "place", "precision", "side", "killed")
    assert all(isinstance(widths[c], int) for c in shown) and sum(widths[c] for c in shown) + 36 <= 906

    def fits(text: str, width: int) -> bool:  # ~6.2 px a character at the table's font, 16 px padding
        return len(text) * 6.2 + 16 <= width

    values = table.value
    assert all(fits(v, widths["precision"]) for v in values["precision"]), set(values["precision"])
    assert all(fits(v, widths["side"]) for v in values["side"]), set(values["side"])
    assert all(fits(v, widths["type"]) for v in EVENT_LABELS.values())


def test_timeline_plot_keeps_its_height_beside_title_and_legend(make_app):
    at = make_app().run()
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    # Streamlit's default "fit" squeezed title, legend and bars into 220 px (about 35 px of bars)
    assert spec["autosize"]["type"] == "fit-x" and spec["height"] >= 180
    assert spec["encoding"]["color"]["legend"]["columns"] <= 2  # 4 columns were cut on a phone


def test_crossing_status_horizon_is_a_setting(make_app):
    at = make_app().run()
    assert "no report for 90 days" in map_args(at)["feature_group"]
    at.number_input(key="crossing_horizon").set_value(7).run()
    assert not at.exception
    # the crossings are judged, and their timelines drawn, with the reader's horizon
    # (geodata.crossings.status_at's own tests say what the horizon does)
    assert "no report for 7 days" in map_args(at)["feature_group"]
    assert url(at)["horizon"] == ["7"]  # a shared link keeps it


def test_crossing_status_horizon_from_the_link(make_app):
    at = make_app({"horizon": "365"}).run()
    assert not at.exception
    assert at.number_input(key="crossing_horizon").value == 365
    assert "no report for 365 days" in map_args(at)["feature_group"]
    at.button(key="reset_filters").click().run()
    assert at.number_input(key="crossing_horizon").value == 90 and "horizon" not in url(at)
    bad = make_app({"horizon": "5000"}).run()
    assert not bad.exception and bad.number_input(key="crossing_horizon").value == 90
    assert any("'5000' is not 7–730 days" in c for c in captions(bad))
