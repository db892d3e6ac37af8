"""Review mode: a queue of incidents to check, each with its evidence highlighted in the article
text and a map beside it, a form to confirm, correct or reject it, and article intake.

The page is reached from the sidebar toggle (`sidebar`); `dashboard/app.py` calls `load`, then
`sidebar`, then either `render` (review mode) or `for_map` (the normal map, rejected incidents left
out unless asked) and `checked_layer` (a ring around incidents a person has checked).
"""

from __future__ import annotations

import folium
import numpy as np
import streamlit as st
from streamlit_folium import st_folium

from geodata.export import dumps, to_csv
from geodata.model import EVENT_LABELS
from geodata.review import is_rejected, primary_anchor, review_counts, without_rejected
from geodata.sanitize import escape_html

from . import auth, map_view, outline, popups, review_data
from .table_view import md

MODE = "review_mode"
SHOW_REJECTED = "review_show_rejected"
CURRENT = "review_current"  # the incident shown in the desk
NEXT = "review_next"  # set by a save or an intake, applied before the picker is drawn
ONLY_OPEN = "review_only_open"
STATUS_ICONS = {"unreviewed": "○", "confirmed": "✔", "corrected": "✎", "rejected": "✕"}
STATUS_COLOURS = {"confirmed": "#1a9850", "corrected": "#7b3294"}

load = review_data.load


def sidebar(loaded: review_data.Loaded) -> bool:
    """The review toggle and the review counts; True in review mode."""
    features = loaded.reviewed.get("features") or []
    counts = review_counts(features) if loaded.note is None else None
    with st.sidebar:
        on = st.toggle(
            "Review desk",
            key=MODE,
            help="Check the machine's incidents one by one (confirm, correct, reject) and add articles.",
        )
        st.checkbox(
            "Show rejected incidents",
            key=SHOW_REJECTED,
            help="Incidents a reviewer rejected are left off the map and the downloads unless this is on.",
        )
        if counts is not None:
            checked = counts["confirmed"] + counts["corrected"] + counts["rejected"]
            st.caption(
                f"Checked by a person: {checked} of {len(features)} "
                f"({counts['confirmed']} confirmed, {counts['corrected']} corrected, {counts['rejected']} rejected)."
            )
        elif loaded.note:
            st.caption(loaded.note)
        st.divider()
    return bool(on)


def for_map(loaded: review_data.Loaded) -> tuple[dict, str]:
    """The collection the normal page shows, and its cache key."""
    if st.session_state.get(SHOW_REJECTED) or loaded.note:
        return loaded.reviewed, loaded.key + "+all"
    return without_rejected(loaded.reviewed), loaded.key


def checked_layer(loaded: review_data.Loaded, index, positions) -> list[folium.FeatureGroup]:
    """A ring around every incident on the map that a person checked (the marker itself is drawn
    by map_view; rejected ones are only on the map when shown on request)."""
    group = folium.FeatureGroup(name="Checked by a reviewer", show=True)
    shown = np.zeros(index.n, dtype=bool)
    shown[positions] = True
    count = 0
    for fid in reviewed_ids(loaded.key, loaded.reviewed):
        pos = index.pos.get(fid)
        if pos is None or not shown[pos] or not index.located[pos]:
            continue
        feature = index.feature(int(pos))
        review = feature["properties"].get("review") or {}
        status = review.get("status", "unreviewed")
        lon, lat = feature["geometry"]["coordinates"]
        folium.CircleMarker(
            [lat, lon],
            radius=13,
            color=STATUS_COLOURS.get(status, "#d73027"),
            weight=3,
            fill=False,
            dash_array="4 3" if status == "rejected" else None,
            tooltip=escape_html(f"{STATUS_ICONS.get(status, '?')} {status} by {review.get('by')}"),
        ).add_to(group)
        count += 1
    return [group] if count else []


@st.cache_resource(show_spinner=False, max_entries=4)
def reviewed_ids(key: str, _reviewed: dict) -> tuple[str, ...]:  # noqa: ARG001 (cache key)
    """Ids of the incidents a person checked (once per data and review version)."""
    if review_data.is_packed(_reviewed):
        return ()  # reading 100,000 packed records would find no review
    return tuple(
        f["id"]
        for f in _reviewed.get("features") or []
        if isinstance(f, dict)
        and (f["properties"].get("review") or {}).get("status", "unreviewed") != "unreviewed"
    )


# ---- the desk --------------------------------------------------------------------------------


def queue_order(features: list[dict]) -> list[dict]:
    """Unreviewed first; among them primary news, then contested, then unlocated incidents (the
    ones a person is most needed for), newest first."""

    def key(f: dict) -> tuple:
        p = f["properties"]
        status = (p.get("review") or {}).get("status", "unreviewed")
        return (
            status != "unreviewed",
            p.get("mention") != "primary",
            p.get("verification") != "contested",
            f.get("geometry") is not None,
            "".join(chr(0x10FFFF - ord(c)) for c in (p.get("date") or "")),  # newest first
            f["id"],
        )

    return sorted(features, key=key)


def incident_label(feature: dict) -> str:
    p = feature["properties"]
    status = (p.get("review") or {}).get("status", "unreviewed")
    place = p.get("place") or "no place"
    return f"{STATUS_ICONS.get(status, '?')} {EVENT_LABELS.get(p['event_type'], p['event_type'])} · {place} · {p.get('date') or 'undated'}"


def highlight_html(body: str, quotes: list[str]) -> str:
    """The article text, escaped (geodata.sanitize), with each evidence sentence in <mark>."""
    spans: list[tuple[int, int]] = []
    for quote in quotes:
        start = body.find(quote) if quote else -1
        if start >= 0:
            spans.append((start, start + len(quote)))
    spans.sort()
    parts: list[str] = []
    cursor = 0
    for start, end in spans:
        if start < cursor:  # overlapping quotes: extend the mark already open
            continue
        parts.append(escape_html(body[cursor:start]))
        parts.append(f'<mark class="evidence">{escape_html(body[start:end])}</mark>')
        cursor = end
    parts.append(escape_html(body[cursor:]))
    text = "".join(parts).replace("\n", "<br>")
    return f'<div class="article-text" style="max-height:420px;overflow:auto;line-height:1.5">{text}</div>'


def _pick(features: list[dict]) -> dict | None:
    ss = st.session_state
    only_open = st.checkbox("Only incidents nobody has checked", key=ONLY_OPEN, value=False)
    ordered = queue_order(features)
    if only_open:
        ordered = [
            f
            for f in ordered
            if (f["properties"].get("review") or {}).get("status", "unreviewed") == "unreviewed"
        ]
    if not ordered:
        st.success("Nothing left to review here.")
        return None
    ids = [f["id"] for f in ordered]
    wanted = ss.pop(NEXT, None)
    if isinstance(wanted, dict) and wanted.get("article"):  # the first incident of a new article
        wanted = _first_of_article(wanted["article"], ordered, features)
    if wanted in ids:
        ss[CURRENT] = wanted
    elif ss.get(CURRENT) not in ids:
        ss[CURRENT] = ids[0]
    by_id = {f["id"]: f for f in ordered}
    open_count = sum(
        1
        for f in features
        if (f["properties"].get("review") or {}).get("status", "unreviewed") == "unreviewed"
    )
    st.selectbox(
        f"Incident ({open_count} of {len(features)} not checked yet; unchecked first)",
        ids,
        format_func=lambda i: incident_label(by_id[i]),
        key=CURRENT,
    )
    return by_id[ss[CURRENT]]


def _first_of_article(article: str, ordered: list[dict], features: list[dict]) -> str | None:
    """The id of the added article's first incident in the picker, saying what the article gave
    (an article with no incident must not seem to show another article's)."""

    def cites(f: dict) -> bool:
        return any(s.get("article") == article for s in f["properties"].get("sources") or ())

    total = sum(1 for f in features if cites(f))
    first = next((f["id"] for f in ordered if cites(f)), None)
    if total == 0:
        st.info(
            f"Article {md(article)} gave no incident, so none of it is shown below. If it reports one "
            "the machine missed, add it with “Add an incident the machine missed”."
        )
    elif first is None:
        st.info(f"Article {md(article)} gave {total} incident(s), none of them in this list's filter.")
    else:
        st.success(f"Article {md(article)} gave {total} incident(s); the first is shown below.")
    return first


def merge_targets(loaded: review_data.Loaded, features: list[dict]) -> dict[str, tuple[str, str]]:
    """id -> (label, anchor key) of every incident still on the map, for “Duplicate of”."""
    machine = {f["id"]: f for f in loaded.machine.get("features") or [] if isinstance(f, dict)}
    out = {}
    for f in features:
        if is_rejected(f):
            continue
        review = f["properties"].get("review") or {}
        anchor = review.get("anchor") or primary_anchor(machine.get(f["id"], f)["properties"])[0].key
        out[f["id"]] = (incident_label(f), anchor)
    return out


def claim_caption(claim: dict) -> str:
    """ "Claim — who (the figure): the sentence": one sentence often carries two figures ("200
    militants killed ... 23 soldiers"), and each claim is listed with its own."""
    figure = f" ({md(popups.claim_text(claim))})" if claim.get("quantity") is not None else ""
    return f"Claim — {md(claim.get('claimant'))}{figure}: {md(claim.get('statement'))}"


def _details(feature: dict, bodies: dict[str, str]) -> None:
    p = feature["properties"]
    review = p.get("review") or {}
    st.caption(f"Incident {md(feature['id'])}")
    st.markdown(
        f"**{md(EVENT_LABELS.get(p['event_type'], p['event_type']))}** · {md(p.get('place') or 'no place')} "
        f"(precision {p.get('location_precision')}: {md(p.get('location_precision_label'))}) · "
        f"{md(p.get('date') or 'undated')}{' – ' + md(p['date_end']) if p.get('date_end') else ''} ({md(p.get('date_precision'))}) · {md(p.get('verification'))} · {md(p.get('mention'))}"
    )
    if review.get("status", "unreviewed") != "unreviewed":
        st.caption(
            f"{STATUS_ICONS[review['status']]} {md(review['status'])} by {md(review.get('by'))} at {md(review.get('at'))}"
            + (f" — “{md(review.get('note'))}”" if review.get("note") else "")
            + (
                f" · machine values kept: {md(', '.join(review.get('fields') or []))}"
                if review.get("fields")
                else ""
            )
        )
    if p.get("actors"):
        st.caption("Actors: " + md(", ".join(p["actors"])))
    for claim in p.get("claims") or []:
        st.caption(claim_caption(claim))
    for source in p["sources"]:
        body = bodies.get(source["article"])
        st.markdown(
            f"**{md(source.get('outlet'))}** — {md(source.get('title'))} ({md(source.get('published') or 'undated')})"
        )
        quotes = [
            q
            for s in p["sources"]
            if s["article"] == source["article"]
            for q in (s["quote"], s.get("place_quote"))
            if q
        ]
        if body:
            st.html(highlight_html(body, quotes))
        else:
            st.html(f"<blockquote>{escape_html(source['quote'])}</blockquote>")
            if source.get("place_quote"):
                st.html(
                    f"<i>Place named in:</i><blockquote>{escape_html(source['place_quote'])}</blockquote>"
                )


def _mini_map(feature: dict, machine: dict | None) -> dict | None:
    """The incident on a small map (the machine's place in grey when corrected); a click on the
    map is returned, to set a point in the form."""
    geometry = feature.get("geometry")
    centre = list(reversed(geometry["coordinates"])) if geometry else [32.5, 69.5]
    fmap = map_view.leaflet_only(
        folium.Map(location=centre, zoom_start=8 if geometry else 5, tiles="OpenStreetMap", max_zoom=16)
    )
    # the main map's outline (countries, provinces, the line, place names) under the tiles: with
    # the tiles blocked or offline the desk's map still shows where a click lands
    outline.add_outline(fmap)
    root = fmap.get_root()
    assert isinstance(root, folium.Figure)
    root.header.add_child(
        folium.Element(f"<style>{outline.OUTLINE_CSS}{outline.LABEL_VISIBILITY_CSS}</style>")
    )
    old = (machine or {}).get("geometry")
    if old and old != geometry:
        folium.CircleMarker(
            list(reversed(old["coordinates"])),
            radius=7,
            color="#888888",
            fill=True,
            tooltip="machine's place",
        ).add_to(fmap)
    radius = map_view.AREA_RADIUS_M.get(feature["properties"].get("location_precision"))
    if geometry and radius:  # a district or province: the area the point stands for, as on the map
        folium.Circle(
            centre, radius=radius, color="#d7301f", weight=1.5, dash_array="5 5", fill_opacity=0.08
        ).add_to(fmap)
    if geometry:
        folium.CircleMarker(
            centre,
            radius=9,
            color="#d7301f",
            fill=True,
            fill_opacity=0.8,
            tooltip=escape_html(feature["properties"].get("place") or "point"),
        ).add_to(fmap)
    result = st_folium(
        fmap,
        key=f"review_map_{feature['id']}",
        height=360,
        returned_objects=["last_clicked"],
        use_container_width=True,
    )
    st.caption("Click the map to set a point for “Correct → a point on the map”.")
    return (result or {}).get("last_clicked")


def _unattached(reviewed: dict) -> None:
    lost = reviewed.get("unattached_reviews") or []
    if not lost:
        return
    with st.expander(f"⚠️ {len(lost)} review(s) whose incident no longer appears"):
        st.caption(
            "The article or the rules changed and no incident rests on this sentence with this type any more. The reviews are kept."
        )
        st.dataframe(
            [
                {
                    k: str(u.get(k) or "")
                    for k in ("status", "event_type", "article", "quote", "by", "at", "note")
                }
                for u in lost
            ],
            hide_index=True,
            width="stretch",
        )


def _downloads(reviewed: dict) -> None:
    cols = st.columns(2)
    cols[0].download_button(
        "Download every incident with its review (GeoJSON, rejected included)",
        data=lambda: dumps(reviewed).encode("utf-8"),
        file_name="incidents-reviewed.geojson",
        mime="application/geo+json",
        key="review_download_geojson",
        on_click="ignore",
    )
    cols[1].download_button(
        "… as CSV",
        data=lambda: to_csv(reviewed.get("features") or []).encode("utf-8"),
        file_name="incidents-reviewed.csv",
        mime="text/csv",
        key="review_download_csv",
        on_click="ignore",
    )


def render(loaded: review_data.Loaded) -> None:
    # the desk's own modules write to the store (SQLAlchemy): imported when the desk is opened
    from . import intake_panel, review_form, review_missed

    st.title("Review desk")
    access = auth.write_access()
    auth.render_sign_in(access, key="review_auth")
    # where the store lives (a path, a host) and its errors are for reviewers, not for visitors
    if loaded.store.problem:
        detail = ": " + md(loaded.store.problem) if access.can_write else ""
        st.warning("The store cannot be used, so nothing can be saved" + detail)
    if access.can_write:
        st.caption(f"Store: {md(loaded.store.label)}")
    intake_panel.render(access, loaded)
    flash = st.session_state.pop(review_form.FLASH, None)
    if flash:
        st.success(flash)
    if loaded.note:
        st.info(loaded.note)
        return
    features = [f for f in loaded.reviewed.get("features") or [] if isinstance(f, dict)]
    feature = _pick(features)
    if feature is not None:
        machine = next((f for f in loaded.machine.get("features") or [] if f["id"] == feature["id"]), None)
        bodies = review_data.article_bodies(loaded.key.split("+r")[0], loaded.store.engine)
        left, right = st.columns([3, 2])
        with left:
            _details(feature, bodies)
        with right:
            clicked = _mini_map(feature, machine)
            review_form.render(
                feature,
                machine,
                access,
                clicked,
                queue=[f["id"] for f in queue_order(features) if not is_rejected(f)],
                others=merge_targets(loaded, features),
            )
    review_missed.render(
        loaded, access, review_data.article_bodies(loaded.key.split("+r")[0], loaded.store.engine)
    )
    _unattached(loaded.reviewed)
    _downloads(loaded.reviewed)
