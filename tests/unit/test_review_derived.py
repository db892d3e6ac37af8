"""A corrected field carries what follows from it (geodata.review.reviewed_feature): the type's
label that popups, tooltips and the table show, and the casualty figures of corrected claims."""

from __future__ import annotations

from geodata.review import reviewed_feature

FEATURE = {
    "type": "Feature",
    "id": "inc-1",
    "geometry": {"type": "Point", "coordinates": [70.0, 33.3]},
    "properties": {
        "id": "inc-1",
        "event_type": "armed_clash",
        "event_label": "Armed clash",
        "claims": [
            {
                "claimant": "ISPR",
                "statement": "23 killed",
                "quantity": 23,
                "unit": "killed",
                "subject": "soldiers",
                "hedge": None,
                "article": "a1",
                "side": "PK",
            }
        ],  # fmt: skip
        "sources": [{"article": "a1", "outlet": "Dawn", "quote": "23 killed"}],
        "killed_low": 23,
        "killed_high": 23,
        "killed_best": 23,
    },
}


def state(**changes):
    return {
        "status": "corrected",
        "version": 1,
        "changes": {k: {"old": None, "new": v} for k, v in changes.items()},
    }


def test_a_corrected_type_renames_the_incident():
    props = reviewed_feature(FEATURE, state(event_type="artillery_shelling"))["properties"]
    assert (props["event_type"], props["event_label"]) == ("artillery_shelling", "Artillery / shelling")
    assert FEATURE["properties"]["event_label"] == "Armed clash"  # the input is left as it is


def test_corrected_claims_give_their_own_figures():
    kabul = {"claimant": "Zabihullah Mujahid", "statement": "58 killed", "quantity": 58, "unit": "killed",
             "subject": "soldiers", "hedge": None, "article": "a1", "side": "AF"}  # fmt: skip
    props = reviewed_feature(FEATURE, state(claims=[*FEATURE["properties"]["claims"], kabul]))["properties"]
    assert (props["killed_low"], props["killed_high"], props["killed_best"]) == (23, 58, None)
    assert [c["claimant"] for c in props["casualties"]["killed"]] == ["Zabihullah Mujahid", "ISPR"]
