"""The incident table, the details of one incident, the unlocated list and the downloads.

Table rows and download payloads are pure functions of the filtered features; the `render_*`
functions are the thin Streamlit part. Text from articles is shown with Markdown escaped
(`md`), links only when `safe_url` accepts them.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import BinaryIO

import pandas as pd
import streamlit as st

from geodata import casualties
from geodata.compact import full
from geodata.csv_export import write_csv
from geodata.export import write_feature_collection
from geodata.model import EVENT_LABELS, location_precision_short
from geodata.sanitize import safe_url

from . import keys, source_caps
from .columns import FeatureView
from .filters import SIDE_LABELS, VERIFICATION_LABELS, Filters, is_border_wide, is_located, side_of
from .popups import (
    SIDE_TITLES,
    claim_evidence,
    claim_text,
    claims_by_side,
    date_span,
    outlet_name,
    place_text,
    precision_label,
)

COLUMNS = [
    "date", "type", "place", "precision", "side", "killed", "wounded", "claims", "sources", "verification", "id",
]  # fmt: skip
TABLE_ROWS = 20  # rows visible without scrolling the table
# The main area is ~906 px wide at 1366 px with the sidebar open: the columns up to "Killed"
# (with the 36 px row-selection column) fit in it; claims, sources and ids scroll into view.
COLUMN_WIDTHS = {
    "date": 158, "type": 195, "place": 172, "precision": 100, "side": 90, "killed": 150,
    "wounded": 150, "claims": 400, "sources": 400, "verification": 110, "id": 95,
}  # fmt: skip

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object) -> str:
    """Plain text for st.markdown: Markdown/HTML punctuation escaped, newlines flattened."""
    value = "" if text is None else str(text)
    value = "".join(ch if ch.isprintable() else " " for ch in value)
    return _MD_SPECIAL.sub(r"\\\1", value)


def claims_summary(claims: Sequence[dict], sources: Sequence[dict] = ()) -> str:
    """Claims in one line, each with its claimant ("Article" shown as "<outlet> (own reporting)"),
    the sides' claims first and the outlets' own reporting last (`claims_by_side` order)."""
    return " | ".join(
        f"{claimant}: {claim_text(c)}"
        for _side, claimants in claims_by_side(claims, sources)
        for claimant, items in claimants
        for c in items
    )


def sources_summary(sources: Sequence[dict]) -> str:
    return " | ".join(f"{outlet_name(s.get('outlet'))}: {s.get('title') or 'untitled'}" for s in sources)


def date_cell(props: dict) -> str:
    text = date_span(props)
    if text is None:
        return "undated"
    if props.get("date_precision") not in (None, "day"):
        text += f" ({props['date_precision']})"
    return text


def casualty_cells(claims: Sequence[dict], sources: Sequence[dict] = ()) -> dict[str, str]:
    """Killed / wounded per claimant with the range across claimants (geodata.casualties)."""
    figures = casualties.summary(claims, casualties.outlets_of(s for s in sources if isinstance(s, dict)))
    return {unit: casualties.text(figures, unit) for unit in casualties.UNITS}


def precision_cell(props: dict) -> str:
    """'3 · district': the UCDP code and a label short enough for its column (the column's help
    and the details give the full wording)."""
    code = props.get("location_precision")
    return f"{code} · {location_precision_short(code, props.get('place_kind'))}"


def table_rows(features: Sequence[dict]) -> pd.DataFrame:
    rows = []
    for feature in features:
        p = feature["properties"]
        rows.append(
            {
                "date": date_cell(p),
                "type": (p.get("event_label") or EVENT_LABELS.get(p.get("event_type"), p.get("event_type")))
                + (" (background)" if p.get("mention") == "background" else ""),
                "place": place_text(p) + ("" if is_located(feature) else " [no point]"),
                "precision": precision_cell(p),
                "side": SIDE_LABELS[side_of(feature)],
                **casualty_cells(p.get("claims") or [], p.get("sources") or []),
                "claims": claims_summary(p.get("claims") or [], p.get("sources") or []),
                "sources": sources_summary(p.get("sources") or []),
                "verification": VERIFICATION_LABELS.get(p.get("verification"), p.get("verification")),
                "id": str(feature.get("id")),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


PRECISION_HELP = (
    "UCDP where_prec: 1 exact place · 2 within ~25 km of a named place · 3 district · 4 province · "
    "5 along a line (border or between places) or a region · 6 country · 7 unknown."
)
COLUMN_CONFIG = {
    "date": st.column_config.TextColumn("Date", width=COLUMN_WIDTHS["date"]),
    "type": st.column_config.TextColumn("Type", width=COLUMN_WIDTHS["type"]),
    "place": st.column_config.TextColumn("Place", width=COLUMN_WIDTHS["place"]),
    "precision": st.column_config.TextColumn(
        "Precision", width=COLUMN_WIDTHS["precision"], help=PRECISION_HELP
    ),
    "side": st.column_config.TextColumn("Side", width=COLUMN_WIDTHS["side"]),
    "killed": st.column_config.TextColumn(
        "Killed (per claimant)",
        width=COLUMN_WIDTHS["killed"],
        help="Each claimant's figure and the range across them; never averaged.",
    ),
    "wounded": st.column_config.TextColumn("Wounded (per claimant)", width=COLUMN_WIDTHS["wounded"]),
    "claims": st.column_config.TextColumn("Claims", width=COLUMN_WIDTHS["claims"]),
    "sources": st.column_config.TextColumn("Sources", width=COLUMN_WIDTHS["sources"]),
    "verification": st.column_config.TextColumn("Verification", width=COLUMN_WIDTHS["verification"]),
    "id": st.column_config.TextColumn("ID", width=COLUMN_WIDTHS["id"]),
}


def render_table(df: pd.DataFrame, key: str):
    return st.dataframe(
        df,
        key=key,
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        column_config=COLUMN_CONFIG,
        width="stretch",
        height=38 + 35 * min(max(len(df), 1), TABLE_ROWS),
    )


# ---- details -----------------------------------------------------------------------------------


def render_sources(sources: Sequence[dict], key: str = "sources_page") -> None:
    """The sources, source_caps.SOURCES_SHOWN at a time: a page picker above more than that."""
    page = 1
    if len(sources) > source_caps.SOURCES_SHOWN:
        pages = -(-len(sources) // source_caps.SOURCES_SHOWN)
        page = int(
            st.number_input(
                f"Sources page (of {pages}, {source_caps.SOURCES_SHOWN} per page)",
                min_value=1,
                max_value=pages,
                value=1,
                step=1,
                key=key,
            )
        )
    shown, first, _pages = source_caps.page_of(sources, page)
    for index, source in enumerate(shown, first):
        title = md(source_caps.clip(source.get("title") or "untitled", source_caps.TITLE_CHARS))
        url = safe_url(source.get("url"))
        linked = f"[{title}](<{url}>)" if url and not re.search(r"[<>\s]", url) else title
        st.markdown(
            f"{index}\\. **{md(outlet_name(source.get('outlet')))}**: {linked} "
            f"({md(source.get('published') or 'undated')})"
        )
        quote = source.get("quote")
        if quote:
            st.markdown("> " + md(source_caps.clip(quote, source_caps.QUOTE_CHARS)))
        if source.get("place_quote"):
            st.markdown(
                "*Place named in:*\n> " + md(source_caps.clip(source["place_quote"], source_caps.QUOTE_CHARS))
            )
    if len(sources) > source_caps.SOURCES_SHOWN:
        last = first - 1 + len(shown)
        more = source_caps.more_text(len(sources), last)
        st.caption(
            f"Sources {first}–{last} of {len(sources)}{' (' + more + ')' if more else ''}; "
            "the downloads have them all."
        )


def render_claims(claims: Sequence[dict], sources: Sequence[dict] = ()) -> None:
    """The sides' claims in columns side by side; the outlets' own reporting folded below."""
    if not claims:
        st.caption("No casualty or damage claims extracted.")
        return
    groups = claims_by_side(claims, sources)
    own = [g for g in groups if g[0] == SIDE_TITLES["own"]]
    voices = [g for g in groups if g[0] != SIDE_TITLES["own"]]
    if voices:
        columns = st.columns(len(voices))
        for column, (side_title, claimants) in zip(columns, voices):
            with column:
                _claims_list(side_title, claimants)
    for side_title, claimants in own:
        count = sum(len(items) for _, items in claimants)
        with st.expander(f"{side_title} ({count})", expanded=not voices):
            _claims_list(None, claimants)


def _claims_list(side_title: str | None, claimants) -> None:
    if side_title:
        st.markdown(f"**{md(side_title)}**")
    for claimant, items in claimants:
        st.markdown(f"*{md(claimant)}*")
        for claim in items:
            said = claim_evidence(claim)
            st.markdown(f"- {md(claim_text(claim))}" + (f"  \n  *“{md(said)}”*" if said else ""))


def render_details(feature: dict, also_here: Sequence[dict] = ()) -> None:
    p = feature["properties"]
    st.markdown(f"#### {md(p.get('event_label') or p.get('event_type'))} · {md(date_cell(p))}")
    cols = st.columns(4)
    cols[0].markdown(f"**Place**  \n{md(place_text(p))}")
    cols[1].markdown(
        f"**Location precision**  \n{md(p.get('location_precision'))} – {md(precision_label(p))}"
    )
    cols[2].markdown(
        f"**Verification**  \n{md(VERIFICATION_LABELS.get(p.get('verification'), p.get('verification')))}"
    )
    cols[3].markdown(f"**Date precision**  \n{md(p.get('date_precision'))}")
    if p.get("place_mentions"):
        st.markdown(f"**Place as written:** {md(', '.join(p['place_mentions']))}")
    if p.get("actors"):
        st.markdown(f"**Actors:** {md(', '.join(p['actors']))}")
    if p.get("mention") == "background":
        st.caption("Background report: mentioned as earlier context, not as news of the day.")
    st.markdown("**Claims, side by side**")
    render_claims(p.get("claims") or [], p.get("sources") or [])
    st.markdown(f"**Sources ({len(p.get('sources') or [])})**")
    render_sources(p.get("sources") or [], key=f"sources_page_{p.get('id')}")
    if p.get("notes"):
        st.caption("Notes: " + md("; ".join(map(str, p["notes"]))))
    st.caption(f"Incident id: {md(feature.get('id'))}")
    if also_here:
        st.caption(
            f"{len(also_here)} other incident(s) at the same point: "
            + md(
                ", ".join(
                    f"{f['properties'].get('event_label')} {f['properties'].get('date') or 'undated'}"
                    for f in also_here[:10]
                )
            )
        )


def render_unlocated(count: int, features: Callable[[], Sequence[dict]]) -> None:
    """Incidents with no point (`count`, listed by `features()`): border-wide (shown as the
    highlighted line) and unlocated. The list is made and sent only while its expander is open
    (a closed one is a label): at the cap, rendering it on every filter change cost the browser
    ~0.5 s. Each group is one Markdown list: one element per incident and source (100+) cost
    more again."""
    if not count:
        return
    box = st.expander(
        f"Incidents without a point on the map ({count})", key=keys.UNLOCATED_OPEN, on_change="rerun"
    )
    if not box.open:
        return
    listed = features()
    border = [f for f in listed if is_border_wide(f)]
    other = [f for f in listed if not is_located(f) and not is_border_wide(f)]
    with box:
        if border:
            st.markdown(
                f"**Border-wide ({len(border)})**: shown on the map as the highlighted Durand Line.\n\n"
                + compact_list(border)
            )
        if other:
            st.markdown(
                f"**Unlocated ({len(other)})**: the place could not be resolved; the evidence is listed.\n\n"
                + compact_list(other)
            )


def compact_list(features: Sequence[dict]) -> str:
    """A Markdown list: per incident its type, date, place and claims, and under it each source's
    outlet and quote."""
    lines = []
    for feature in features:
        p = feature["properties"]
        claims = p.get("claims") or []
        lines.append(
            f"- **{md(p.get('event_label') or p.get('event_type'))}**, {md(date_cell(p))}: {md(place_text(p))}"
            + (f" · claims: {md(claims_summary(claims, p.get('sources') or []))}" if claims else "")
        )
        lines += [
            f"    - {md(outlet_name(source.get('outlet')))}: “{md(source.get('quote'))}”"
            for source in p.get("sources") or []
        ]
    return "\n".join(lines)


# ---- downloads ---------------------------------------------------------------------------------


def download_name(flt: Filters, span: tuple[date, date] | None, extension: str) -> str:
    """incidents_<start>_<end>[_filtered].<ext>: the file name says the view."""
    if flt.start is not None and flt.end is not None:
        stem = f"incidents_{flt.start.isoformat()}_{flt.end.isoformat()}"
    elif span is not None:
        stem = f"incidents_{span[0].isoformat()}_{span[1].isoformat()}"
    else:
        stem = "incidents_all"
    if flt.is_narrowed():
        stem += "_filtered"
    if not flt.include_background:
        stem += "_no-background"
    return f"{stem}.{extension}"


def filter_description(flt: Filters) -> dict:
    return {
        "start": flt.start.isoformat() if flt.start else None,
        "end": flt.end.isoformat() if flt.end else None,
        "types": list(flt.types),
        "actors": list(flt.actors),
        "sides": list(flt.sides),
        "location_precision": list(flt.precisions),
        "verification": list(flt.verification),
        "outlets": list(flt.outlets),
        "include_background": flt.include_background,
        "include_undated": flt.include_undated,
    }


# Downloads are written feature by feature into a temporary file, then read back once as the
# bytes Streamlit keeps for the click: 100,000 incidents never exist as dicts, nor the text twice.


def _temp_download(write: Callable[[BinaryIO], object], suffix: str) -> bytes:
    fd, path = tempfile.mkstemp(prefix="incidents-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
        with open(path, "rb") as reader:
            return reader.read()
    finally:
        os.unlink(path)


def geojson_file(collection: dict, features: Iterable[dict | bytes], flt: Filters) -> bytes:
    """RFC 7946 FeatureCollection of exactly the shown features (the same records, packed or
    not), plus a foreign member saying which filter produced it."""
    meta = {**collection, "filter": filter_description(flt)}
    return _temp_download(lambda out: write_feature_collection(meta, features, out), ".geojson")


def csv_file(features: Iterable[dict | bytes]) -> bytes:
    def write(out: BinaryIO) -> None:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        write_csv((full(f) for f in features), text)
        text.flush()
        text.detach()

    return _temp_download(write, ".csv")


def view_geojson_file(collection: dict, view: FeatureView, flt: Filters) -> bytes:
    """The download's callable data (bound with functools.partial): each click streams anew."""
    return geojson_file(collection, view.records(), flt)


def view_csv_file(view: FeatureView) -> bytes:
    return csv_file(view.records())


def geojson_payload(collection: dict, features: Iterable[dict | bytes], flt: Filters) -> str:
    return geojson_file(collection, features, flt).decode("utf-8")


def csv_payload(features: Iterable[dict | bytes]) -> str:
    return csv_file(features).decode("utf-8")
