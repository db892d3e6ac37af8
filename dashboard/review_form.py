"""The review form of one incident: confirm, reject, or correct type, dates, place (a gazetteer
pick or a point with an honest precision), actors and claims; saved through the one write gate
(dashboard/auth.py) with optimistic concurrency (geodata.store.save_review)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from geodata.model import DATE_PRECISIONS, EVENT_TYPES, LOCATION_PRECISION_LABELS
from geodata.review import Anchor, machine_place, primary_anchor, review_state
from geodata.store import ReviewConflict, ReviewDraft, save_review

from . import filters, review_data
from .auth import Access
from .table_view import md

SEEN = "review_seen"  # incident id -> the review version the reviewer saw when it was opened
POINT = "review_point"  # the last map click: {"lat": .., "lng": ..}
NEXT = "review_next"
FLASH = "review_flash"
DECISIONS = {
    "Confirm": "confirm",
    "Correct": "correct",
    "Reject": "reject",
    "Duplicate": "merge",
    "Split": "split",
}
PLACE_MODES = ("Keep the place", "A gazetteer place", "A point on the map")
CLAIM_COLUMNS = ("claimant", "statement", "quantity", "unit", "subject", "side")
ROW = "_row"  # the editor's hidden column: the position of the machine's claim a row shows


@st.cache_resource(show_spinner=False)
def gazetteer_choices() -> tuple[dict, list[str]]:
    from geodata.gazetteer import load_gazetteer

    places = load_gazetteer().places
    wanted = [p for p in places.values() if p.country in ("AF", "PK", None) and p.lat is not None]
    wanted.sort(key=lambda p: (p.name.casefold(), p.kind))
    return {p.id: p for p in wanted}, [p.id for p in wanted]


def place_label(place) -> str:
    where = ", ".join(x for x in (place.admin2, place.admin1, place.country) if x)
    return f"{place.name} ({place.kind.replace('_', ' ')}{', ' + where if where else ''})"


def _side(lon: float, lat: float) -> str | None:
    from geodata.gazetteer import load_gazetteer

    try:
        return load_gazetteer().border_side(lon, lat)
    except Exception:  # noqa: BLE001 - side is informative only
        return None


def _place_from_gazetteer(place) -> dict:
    return {
        "place": place.name,
        "place_id": place.id,
        "place_kind": place.kind,
        "location_precision": int(place.precision),
        "country": place.country,
        "admin1": place.admin1,
        "lat": place.lat,
        "lon": place.lon,
    }


def _place_from_point(lat: float, lon: float, precision: int) -> dict:
    return {
        "place": f"point {lat:.4f}, {lon:.4f} (set by a reviewer)",
        "place_id": None,
        "place_kind": "point",
        "location_precision": precision,
        "country": _side(lon, lat),
        "admin1": None,
        "lat": round(lat, 5),
        "lon": round(lon, 5),
    }


def _parse_day(text: str, label: str, errors: list[str]) -> str | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        errors.append(f"{label} {text!r} is not a date (YYYY-MM-DD)")
        return None


def _cell(value) -> str | None:
    """An editor cell as text, None when empty (the editor gives NaN or None for an empty cell:
    str(NaN) would store the claim's unit as "nan")."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value).strip() or None


def claims_table(claims: list[dict]) -> pd.DataFrame:
    """The editor's table of an incident's claims, each row with its claim's position (ROW): the
    editor reuses a deleted row's index for a row added after it, so the index cannot say it."""
    table = pd.DataFrame([{k: c.get(k) for k in CLAIM_COLUMNS} for c in claims], columns=list(CLAIM_COLUMNS))
    table[ROW] = range(len(claims))
    return table


def _claims_from(table: pd.DataFrame, original: list[dict]) -> list[dict]:
    """The edited claims. A row of the machine's claims keeps what the editor does not show (its
    hedge, its article: the link to its source), updated with the columns the editor shows; a
    new row is the reviewer's own (no article)."""
    claims = []
    for _index, row in table.iterrows():
        claimant, statement = _cell(row.get("claimant")), _cell(row.get("statement"))
        if not claimant and not statement:
            continue
        quantity = row.get("quantity")
        position = row.get(ROW)
        known = position is not None and not pd.isna(position) and 0 <= int(position) < len(original)
        was = original[int(position)] if known else None
        claim = dict(was) if was is not None else {"hedge": None, "article": ""}
        claim.update(
            claimant=claimant or "",
            statement=statement or "",
            quantity=None if quantity is None or pd.isna(quantity) else float(quantity),
            unit=_cell(row.get("unit")),
            subject=_cell(row.get("subject")),
            side=_cell(row.get("side")),
        )
        claims.append(
            was if was is not None and _comparable_claims([claim]) == _comparable_claims([was]) else claim
        )
    return claims


def _comparable_claims(claims: list[dict]) -> list[tuple]:
    """The editor's columns, "" and None alike and 23 == 23.0, so an untouched claim is unchanged."""

    def same(value):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        return _cell(value)

    return [tuple(same(c.get(k)) for k in CLAIM_COLUMNS) for c in claims]


def _changes(feature: dict, values: dict, errors: list[str]) -> dict:
    p = feature["properties"]
    changes: dict = {}
    for name in ("event_type", "date", "date_end", "date_precision"):
        if values[name] != p.get(name):
            changes[name] = {"old": p.get(name), "new": values[name]}
    actors = [a.strip() for a in values["actors"].split(",") if a.strip()]
    if actors != list(p.get("actors") or []):
        changes["actors"] = {"old": p.get("actors"), "new": actors}
    claims = _claims_from(values["claims"], list(p.get("claims") or []))
    if _comparable_claims(claims) != _comparable_claims(list(p.get("claims") or [])):
        changes["claims"] = {"old": p.get("claims"), "new": claims}
    mode = values["place_mode"]
    if mode == PLACE_MODES[1]:
        places, _ids = gazetteer_choices()
        if values["place_id"] not in places:
            errors.append("choose a gazetteer place (type to search)")
        else:
            changes["place"] = {
                "old": machine_place(feature),
                "new": _place_from_gazetteer(places[values["place_id"]]),
            }
    elif mode == PLACE_MODES[2]:
        lat, lon, precision = values["lat"], values["lon"], values["precision"]
        if lat is None or lon is None:
            errors.append("set the point: click the map or type its latitude and longitude")
        elif precision is None:
            errors.append("say how precise the point is (what the text supports)")
        else:
            changes["place"] = {
                "old": machine_place(feature),
                "new": _place_from_point(lat, lon, int(precision)),
            }
    return changes


def _take_click(fid: str, clicked: dict | None) -> None:
    """A new click on the map fills the point fields (before they are drawn in this run)."""
    ss = st.session_state
    if not clicked or clicked == ss.get(POINT):
        return
    ss[POINT] = clicked
    ss[f"rf_lat_{fid}"] = float(clicked["lat"])
    ss[f"rf_lon_{fid}"] = float(clicked["lng"])
    ss[f"rf_place_mode_{fid}"] = PLACE_MODES[2]


def _inputs(
    feature: dict, others: dict[str, tuple[str, str]], can_write: bool
) -> tuple[str, dict, str, bool]:
    p = feature["properties"]
    fid = feature["id"]
    decision = st.radio("Decision", list(DECISIONS), horizontal=True, key=f"rf_decision_{fid}")
    with st.expander("Corrections (with “Correct”; with “Split”: the second incident)", expanded=True):
        values: dict[str, Any] = {
            "event_type": st.selectbox(
                "Type",
                EVENT_TYPES,
                index=EVENT_TYPES.index(p["event_type"]) if p["event_type"] in EVENT_TYPES else 0,
                format_func=filters.event_type_label,
                key=f"rf_type_{fid}",
            ),
        }
        cols = st.columns(3)
        date_text = cols[0].text_input(
            "Date", value=p.get("date") or "", key=f"rf_date_{fid}", placeholder="YYYY-MM-DD"
        )
        end_text = cols[1].text_input(
            "Until", value=p.get("date_end") or "", key=f"rf_end_{fid}", placeholder="YYYY-MM-DD"
        )
        precision_now = p.get("date_precision") if p.get("date_precision") in DATE_PRECISIONS else "unknown"
        values["date_precision"] = cols[2].selectbox(
            "Date precision",
            DATE_PRECISIONS,
            index=DATE_PRECISIONS.index(precision_now),
            key=f"rf_dprec_{fid}",
        )
        values["place_mode"] = st.radio("Place", PLACE_MODES, key=f"rf_place_mode_{fid}")
        places, ids = gazetteer_choices()
        values["place_id"] = st.selectbox(
            "Gazetteer place",
            ids,
            index=None,
            format_func=lambda i: place_label(places[i]),
            placeholder="Type to search…",
            key=f"rf_place_{fid}",
        )
        cols = st.columns(3)
        values["lat"] = cols[0].number_input(
            "Latitude", value=None, min_value=-90.0, max_value=90.0, format="%.5f", key=f"rf_lat_{fid}"
        )
        values["lon"] = cols[1].number_input(
            "Longitude", value=None, min_value=-180.0, max_value=180.0, format="%.5f", key=f"rf_lon_{fid}"
        )
        values["precision"] = cols[2].selectbox(
            "Point precision",
            list(LOCATION_PRECISION_LABELS),
            index=None,
            format_func=filters.precision_code_label,
            placeholder="What the text supports",
            key=f"rf_prec_{fid}",
        )
        values["actors"] = st.text_input(
            "Actors (comma-separated)", value=", ".join(p.get("actors") or []), key=f"rf_actors_{fid}"
        )
        values["claims"] = st.data_editor(
            claims_table(list(p.get("claims") or [])),
            num_rows="dynamic",
            key=f"rf_claims_{fid}",
            width="stretch",
            column_config={ROW: None},  # hidden: which machine claim a row is (a new row has none)
        )
    errors: list[str] = []
    values["date"] = _parse_day(date_text, "Date", errors)
    values["date_end"] = _parse_day(end_text, "Until", errors)
    note = st.text_area("Why (note kept in the log)", key=f"rf_note_{fid}")
    values["_errors"] = errors
    values["merge_into"] = st.selectbox(
        "Duplicate of (used with “Duplicate”: this one leaves the map, its sources join that one)",
        [i for i in others if i != fid],
        index=None,
        format_func=lambda i: others[i][0],
        placeholder="The incident it repeats",
        key=f"rf_merge_{fid}",
    )
    # a visitor sees the form (what a reviewer could change) but no live button to save it
    submitted = st.form_submit_button("Save review", type="primary", disabled=not can_write)
    return decision, values, note, submitted


def render(
    feature: dict,
    machine: dict | None,
    access: Access,
    clicked: dict | None,
    *,
    queue: list[str],
    others: dict[str, tuple[str, str]],
) -> None:
    """`others`: every other incident, id -> (label, anchor key), for “Duplicate of”."""
    ss = st.session_state
    fid = feature["id"]
    review = feature["properties"].get("review") or {}
    if review.get("split_from"):  # its reviews live on the incident it was split from
        st.info(f"This incident was split off {md(review['split_from'])}: review that one to change it.")
        return
    seen = ss.setdefault(SEEN, {})
    seen.setdefault(fid, int(review.get("version") or 0))  # what this reviewer saw first
    _take_click(fid, clicked)
    if not access.can_write:
        st.caption("🔒 " + md(access.reason))
    with st.form(f"review_form_{fid}", border=True):
        decision, values, note, submitted = _inputs(feature, others, access.can_write)
    if not submitted:
        return
    if not access.can_write:
        st.error("Not saved: " + access.reason)
        return
    errors = list(values.pop("_errors"))
    action = DECISIONS[decision]
    changes = _changes(feature, values, errors) if action == "correct" else {}
    if action == "split":
        part = _changes(feature, values, errors)
        if not part and not errors:
            errors.append("describe the second incident: at least its type, date or place must differ")
        changes = {"split_off": {"old": None, "new": {name: change["new"] for name, change in part.items()}}}
    if action == "merge":
        target = values.get("merge_into")
        if target not in others:
            errors.append("choose the incident this one repeats")
        else:
            changes = {"merged_into": {"old": None, "new": {"id": target, "anchor": others[target][1]}}}
    if action == "correct" and not changes and not errors:
        errors.append("nothing was changed: choose Confirm if the incident is right as it is")
    if errors:
        st.error("Not saved: " + "; ".join(errors) + ".")
        return
    _save(feature, machine, action, changes, note, access, seen, queue)


def _save(feature, machine, action, changes, note, access, seen, queue) -> None:
    fid = feature["id"]
    info = review_data.store(for_writing=True)
    if info.engine is None:
        st.error("Not saved: the store cannot be opened: " + md(info.problem))
        return
    machine_props = (machine or feature)["properties"]
    review = feature["properties"].get("review") or {}
    anchor, quote = primary_anchor(machine_props)
    if review.get("anchor_parts") and review.get("anchor") != anchor.key:
        # already reviewed under another anchor (another source of a merged incident, or an added
        # incident whose type was corrected): keep adding to that chain
        anchor = Anchor(*review["anchor_parts"])
        quote = next(
            (s["quote"] for s in machine_props["sources"] if s["article"] == anchor.article_id), quote
        )
    draft = ReviewDraft(
        anchor=anchor.key,
        article_id=anchor.article_id,
        sentence_hash=anchor.sentence_hash,
        event_type=anchor.event_type,
        machine_place_id=machine_props.get("place_id"),
        quote=quote,
        incident_id=fid,
        action=action,
        changes=changes,
        note=note or "",
    )
    try:
        saved = save_review(info.engine, draft, expected_version=seen[fid], reviewer=access.who or "unknown")
    except ReviewConflict as exc:
        st.error(str(exc))
        if exc.latest is not None:
            state = review_state([exc.latest])
            st.info(
                f"Their review: {md(state['status'])} by {md(exc.latest.reviewer)} — {md(exc.latest.note)}"
            )
            seen[fid] = exc.latest.version  # the next save is a deliberate answer to theirs
        return
    seen.pop(fid, None)
    st.session_state[FLASH] = f"Saved: {saved.action} ({fid}) by {saved.reviewer}."  # shown after the rerun
    later = [i for i in queue if i != fid]
    after = queue.index(fid) + 1 if fid in queue else 0
    st.session_state[NEXT] = next((i for i in queue[after:] if i != fid), later[0] if later else None)
    st.rerun()
