"""The review form's claims editor (dashboard.review_form): a save changes only what the
reviewer changed. The browser's data editor gives NaN for empty cells; a claim's hedge and its
article (the link to its source) are not shown in the editor and must survive."""

from __future__ import annotations

import math

from dashboard.review_form import ROW, _changes, _claims_from, claims_table

CLAIMS = [
    {"claimant": "ISPR", "statement": "23 soldiers were martyred", "quantity": 23, "unit": "killed",
     "subject": "soldiers", "hedge": "reportedly", "article": "a2", "side": "PK"},
    {"claimant": "Article", "statement": "Heavy fighting was reported.", "quantity": None, "unit": None,
     "subject": None, "hedge": None, "article": "a1", "side": None},
]  # fmt: skip


def editor_table(rows):
    """What the data editor hands back: NaN where a cell is empty, float quantities."""
    return claims_table(rows).astype({"quantity": float}).fillna(math.nan)


def test_untouched_claims_are_not_a_change_and_keep_hedge_and_article():
    claims = _claims_from(editor_table(CLAIMS), CLAIMS)
    assert claims == CLAIMS
    feature = {"properties": {"event_type": "armed_clash", "claims": CLAIMS, "actors": []}}
    values = {"event_type": "artillery_shelling", "date": None, "date_end": None, "date_precision": None,
              "actors": "", "claims": editor_table(CLAIMS), "place_mode": "keep"}  # fmt: skip
    changes = _changes(feature, values, [])
    assert "claims" not in changes and "event_type" in changes


def test_an_edited_claim_keeps_its_source_and_a_new_row_is_the_reviewer_s():
    table = editor_table(CLAIMS)
    table.loc[0, "quantity"] = 25.0
    table.loc[2] = ["Residents", "Three civilians died", 3.0, "killed", "civilians", math.nan, math.nan]
    claims = _claims_from(table, CLAIMS)
    assert (
        claims[0]["quantity"] == 25.0 and claims[0]["hedge"] == "reportedly" and claims[0]["article"] == "a2"
    )
    assert claims[1] == CLAIMS[1]
    assert claims[2]["article"] == "" and claims[2]["side"] is None and claims[2]["unit"] == "killed"
    assert all(c.get("unit") != "nan" and c.get("subject") != "nan" for c in claims)


def test_a_deleted_row_is_gone_and_the_others_keep_their_sources():
    table = editor_table(CLAIMS).drop(index=0)
    assert _claims_from(table, CLAIMS) == [CLAIMS[1]]


def test_a_row_added_after_a_deletion_does_not_take_the_deleted_claim_s_source():
    # the editor deletes before it adds and reuses the freed index: index 1 is now the new row
    table = editor_table(CLAIMS).drop(index=1)
    table.loc[1] = ["Residents", "Three civilians died", 3.0, "killed", "civilians", math.nan, math.nan]
    claims = _claims_from(table, CLAIMS)
    assert claims[0] == CLAIMS[0]
    assert claims[1]["article"] == "" and claims[1]["hedge"] is None
    assert ROW not in claims[1]
