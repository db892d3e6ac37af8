"""Adding an incident the machine missed: pick the article and its evidence sentence, say what
happened, when and where. Saved as an `add_missed` review anchored like every other review
(article, sentence, type), so it becomes an incident now and re-attaches to the machine's own
incident if a later rule finds it."""

from __future__ import annotations

import streamlit as st

from geodata.model import DATE_PRECISIONS, EVENT_TYPES
from geodata.review import Anchor, sentence_hash
from geodata.store import ReviewConflict, ReviewDraft, save_review

from . import filters, review_data
from .auth import Access
from .review_form import FLASH, NEXT, _parse_day, _place_from_gazetteer, gazetteer_choices, place_label
from .table_view import md


@st.cache_data(show_spinner=False, max_entries=64)
def sentences(body: str) -> list[str]:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    return [
        s.strip() for line in body.splitlines() if line.strip() for s in segmenter.segment(line) if s.strip()
    ]


def render(loaded: review_data.Loaded, access: Access, bodies: dict[str, str]) -> None:
    articles = {a["id"]: a for a in loaded.machine.get("articles") or [] if a.get("id") in bodies}
    if not articles:
        return
    with st.expander("➕ Add an incident the machine missed"):
        article_id = st.selectbox(
            "Article",
            list(articles),
            format_func=lambda i: f"{articles[i].get('title')} ({articles[i].get('outlet')})",
            key="missed_article",
        )
        with st.form("missed_form"):
            sentence = st.selectbox(
                "Evidence sentence",
                sentences(bodies[article_id]),
                index=None,
                placeholder="The sentence that reports it",
                key="missed_sentence",
            )
            event_type = st.selectbox(
                "Type", EVENT_TYPES, format_func=filters.event_type_label, key="missed_type"
            )
            cols = st.columns(2)
            day = cols[0].text_input("Date", placeholder="YYYY-MM-DD", key="missed_date")
            precision = cols[1].selectbox("Date precision", DATE_PRECISIONS, key="missed_dprec")
            places, ids = gazetteer_choices()
            place_id = st.selectbox(
                "Place",
                ids,
                index=None,
                format_func=lambda i: place_label(places[i]),
                placeholder="Type to search…",
                key="missed_place",
            )
            actors = st.text_input("Actors (comma-separated)", key="missed_actors")
            note = st.text_area("Why (note kept in the log)", key="missed_note")
            submitted = st.form_submit_button("Add this incident", disabled=not access.can_write)
        if not submitted:
            return
        errors: list[str] = []
        date = _parse_day(day, "Date", errors)
        if not sentence:
            errors.append("choose the evidence sentence")
        if errors or not sentence:
            st.error("Not added: " + "; ".join(errors) + ".")
            return
        article = articles[article_id]
        incident = {
            "date": date,
            "date_end": None,
            "date_precision": precision if date else "unknown",
            "place": _place_from_gazetteer(places[place_id]) if place_id else {"location_precision": 7},
            "actors": [a.strip() for a in actors.split(",") if a.strip()],
            "source": {k: article.get(k) for k in ("title", "outlet", "url", "published")},
        }
        _save(access, Anchor(article_id, sentence_hash(sentence), event_type), sentence, incident, note)


def _save(access: Access, anchor: Anchor, quote: str, incident: dict, note: str) -> None:
    info = review_data.store(for_writing=True)
    if info.engine is None:
        st.error("Not added: the store cannot be opened: " + md(info.problem))
        return
    draft = ReviewDraft(
        anchor=anchor.key,
        article_id=anchor.article_id,
        sentence_hash=anchor.sentence_hash,
        event_type=anchor.event_type,
        machine_place_id=None,
        quote=quote,
        incident_id="rev-" + anchor.key[:12],
        action="add_missed",
        changes={"incident": {"old": None, "new": incident}},
        note=note or "",
    )
    try:
        save_review(info.engine, draft, expected_version=0, reviewer=access.who or "unknown")
    except ReviewConflict:
        st.error("Not added: this sentence already has an incident of this type; review that one instead.")
        return
    st.session_state[FLASH] = f"Added the missed incident {draft.incident_id}."
    st.session_state[NEXT] = draft.incident_id
    st.rerun()
