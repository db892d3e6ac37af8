"""Durand Line incidents: the Streamlit app (thin: page config, widgets, layout).

Run: ``streamlit run dashboard/app.py``. Data: see dashboard/data.py (DURAND_ARTICLES_DIR,
DURAND_GEOJSON). Widget keys and URL parameters: see dashboard/keys.py.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

try:
    import dashboard  # noqa: F401  (installed package)
except ImportError:  # running from a checkout that was not pip-installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st

from dashboard import (
    data,
    errors,
    filters,
    keys,
    map_component,
    map_view,
    review_desk,
    scale,
    state,
    table_view,
    time_nav,
    url_params,
)
from dashboard.table_view import md
from geodata.crossings import HORIZON_DAYS
from geodata.model import EVENT_TYPES, VERIFICATION_STATES

st.set_page_config(
    page_title="Durand Line incidents",
    page_icon="🗺️",
    layout="wide",
    initial_sidebar_state="auto",  # open on a desktop, closed on a phone (not over the map)
)
errors.install()  # a visitor sees a short message and an id; the server log has the traceback

ABOUT = """
**What this is.** Incidents on the Afghanistan–Pakistan border (the Durand Line) extracted
automatically from news articles. Every incident keeps the sentences it was read from, every
claim with who made it, and every source. Nothing is verified by hand: read the sources.

**Places.** Place names in the text are matched against a gazetteer of border provinces,
districts, towns, crossings and passes (GeoNames, Natural Earth and a small cited supplement),
choosing between candidates by name match, feature type ("district", "province"), the admin
areas named nearby and distance to the other places of the article. Datelines, governments
("Kabul said") and group names are not treated as incident places.

**Location precision** (UCDP GED `where_prec` codes): 1 exact place · 2 within ~25 km of a
named place · 3 district · 4 province · 5 along a line (the border, or between places) ·
6 country · 7 unknown. On the map 1–2 are solid markers; 3–4 hollow markers whose area
(~20 km district, ~80 km province) appears on hover or when the popup is open; border-wide
incidents (5) highlight the Durand Line instead of a made-up point; incidents without a point are
listed below the table. Incidents at the same spot cluster; click a cluster to zoom in or to fan
out incidents that share one point.

**Province outlines** (thin dashed lines) are Natural Earth admin-1 (public domain), drawn with the
Natural Earth country outlines and the Durand Line in the tile-free "Outline map" and wherever tiles
are missing. They predate the 2018 merger: the former tribal areas (FATA), now part of Khyber Pakhtunkhwa, keep
their own outline. The circles of district-, province- and
region-level incidents are approximate areas, not boundaries.

**Crossings** (✓ open / ✕ closed / ? unknown): one badge per crossing (its twin towns and other
names fold into it), with its status at the end of the selected period from the latest "crossing
closed" or "crossing reopened" report up to that day, its date and evidence. A report older than
90 days (a sidebar setting) no longer tells the status: the badge says "unknown since" the day
those days ran out, and names the last report. The popup shows
the crossing's closed / open spells over time.

**Dates** are resolved against each article's publication day ("on Saturday", "yesterday",
"18 days ago"); the date precision (day / week / month / year / unknown) says how sure that is.
Incidents reported by several outlets are merged; **verification** says whether one source
reports it, several agree (corroborated) or the sides' claims conflict (contested). "Background"
reports are earlier events mentioned as context; they are hidden unless you include them.

**Claims** are grouped by who makes them: the Afghan side and the Pakistani side next to each
other, then independent and other voices. A statement the article makes in its own voice, without
quoting anyone, is shown as "*outlet* (own reporting)" (in the downloads its claimant is
`Article`).

**Sources and licences.** Place data: [GeoNames](https://www.geonames.org/) (CC BY 4.0),
[Natural Earth](https://www.naturalearthdata.com/) (public domain) boundaries. Base maps:
OpenStreetMap contributors (ODbL), OpenTopoMap (CC BY-SA), Esri World Imagery (Esri terms).
Article texts belong to their publishers; only short quotes are shown. The boundary as drawn is
not an endorsement of any claim about it.
"""


# ---- data --------------------------------------------------------------------------------------

try:
    collection, cache_key = data.load_collection()
except data.DataUnavailable as exc:
    st.title("Durand Line incidents")
    st.error(f"No data: {exc}")
    st.stop()
# the store: added articles and reviews; review mode is its own page (dashboard/review_desk.py)
reviews = review_desk.load(collection, cache_key)
if review_desk.sidebar(reviews):
    review_desk.render(reviews)
    st.stop()
file_articles = len(collection.get("articles") or [])
collection, cache_key = review_desk.for_map(reviews)
added_articles = max(0, len(collection.get("articles") or []) - file_articles)  # from the store

# once per data version, shared: the usable features (dicts, or packed records for large files,
# geodata.compact), columns for vectorised filters, sorted order, by id, span, widget options
prep = scale.prepared(cache_key, collection.get("features") or [])
features: list = prep["features"]
index = prep["index"]
by_id = prep["by_id"]
span = prep["span"]
offered = prep["options"]
choices = url_params.Choices(span, tuple(offered["actors"]), tuple(offered["outlets"]), prep["ids"])

notices = state.init_from_url(choices)
state.normalise(choices)
ss = st.session_state

# ---- sidebar: filters --------------------------------------------------------------------------

with st.sidebar:
    st.header("Filters")
    if span is not None and span[0] < span[1]:
        time_nav.render(span)  # slider, From/To, Week/Month/All, ◀ Play ▶, chart brush
    elif span is not None:
        st.caption(f"All dated incidents are on {span[0].isoformat()}.")
    else:
        st.caption("No incident has a date.")

    for key in keys.LIST_KEYS:
        ss.setdefault(key, [])
    ss.setdefault(keys.BACKGROUND, True)
    ss.setdefault(keys.HORIZON, HORIZON_DAYS)
    st.multiselect(
        "Event type",
        EVENT_TYPES,
        format_func=filters.event_type_label,
        key=keys.TYPES,
        placeholder="All types",
    )
    st.multiselect("Actor", offered["actors"], key=keys.ACTORS, placeholder="All actors")
    st.multiselect(
        "Side (where it happened)",
        filters.SIDES,
        format_func=filters.side_label,
        key=keys.SIDES_KEY,
        placeholder="All sides",
        help="Afghanistan, Pakistan, the border zone (within ~5 km of the line, or border-wide), or unknown.",
    )
    st.multiselect(
        "Location precision",
        keys.PRECISION_CODES,
        format_func=filters.precision_code_label,
        key=keys.PRECISION,
        placeholder="All precisions",
    )
    st.multiselect(
        "Verification",
        VERIFICATION_STATES,
        format_func=filters.verification_label,
        key=keys.VERIFICATION,
        placeholder="Any verification",
    )
    st.multiselect("Outlet", offered["outlets"], key=keys.OUTLETS, placeholder="All outlets")
    st.checkbox(
        "Include background reports",
        key=keys.BACKGROUND,
        help="Earlier events an article mentions as context, not as news of the day.",
    )
    st.number_input(
        "Crossing status horizon (days)",
        min_value=keys.HORIZON_RANGE[0],
        max_value=keys.HORIZON_RANGE[1],
        step=1,
        key=keys.HORIZON,
        help="A crossing whose latest report is older than this shows 'unknown since …', not closed or open.",
    )
    st.button("Reset filters", key=keys.RESET, on_click=state.reset_filters, args=(span,))
    st.caption(
        "The page URL keeps every filter, the horizon, the selected incident and the map view: "
        "copy it to share this view."
    )

# ---- apply -------------------------------------------------------------------------------------

flt = state.current_filters(choices)
# = filters.apply_filters(features sorted by filters.sort_key, flt), as masks over the columns
positions = index.select(flt)
shown = index.view(positions)  # lazy: a feature is inflated only when read
selected_id = state.resolve_selection(shown, by_id, at=lambda lat, lng: index.ids_at(positions, lat, lng))
selected = by_id.get(selected_id) if selected_id else None
state.sync_url(flt, choices, selected_id)

# ---- header ------------------------------------------------------------------------------------

st.title("Durand Line incidents")
located = int(index.located[positions].sum())
period = f"{flt.start.isoformat()} – {flt.end.isoformat()}" if flt.start and flt.end else "all dates"
st.caption(
    f"{len(shown)} of {len(features)} incidents shown ({period}) · {located} on the map · "
    f"{len(shown) - located} without a point · from {md(data.source_description())}"
    + (f" and {added_articles} added article(s)" if added_articles else "")
)
hidden_undated = filters.hidden_undated(index, flt, positions)
if hidden_undated:
    st.caption(
        f"🕓 {hidden_undated} undated incident(s) hidden: without a date they cannot be placed inside a "
        "narrowed period. Choose All dates to see them."
    )
link_notices = state.link_notices(flt, choices)  # kept while the view is the link's
if link_notices:
    st.caption("⚠️ Ignored from the link: " + md("; ".join(link_notices)))
if notices:
    st.toast("Some link parameters were invalid and were ignored.", icon="⚠️")

problems = collection.get("problems") or []
flagged = [a for a in collection.get("articles") or [] if a.get("problems")]
if problems or flagged:
    counted = [f"{len(problems)} article file(s) could not be used"] if problems else []
    counted += [f"{len(flagged)} used with problems"] if flagged else []
    with st.expander("⚠️ " + ", ".join(counted)):  # "0 could not be used" says nothing
        st.warning(
            "These files were skipped or read with problems. Nothing from skipped files is on the map."
        )
        if problems:
            st.dataframe(
                [{"file": str(p.get("file")), "reason": str(p.get("reason"))} for p in problems],
                hide_index=True,
                width="stretch",
            )
        if flagged:
            st.dataframe(
                [
                    {
                        "article": str(a.get("id")),
                        "title": str(a.get("title")),
                        "problems": "; ".join(map(str, a["problems"])),
                    }
                    for a in flagged
                ],
                hide_index=True,
                width="stretch",
            )

if not shown:
    st.info("No incidents match these filters. Widen the date range or clear some filters (Reset filters).")

# ---- map ---------------------------------------------------------------------------------------

boundary = data.boundary()
boundary_key = str(boundary)  # the line comes from the gazetteer: the same on every rerun
as_of = flt.end or (span[1] if span else None)
selected_on_map = selected if state.selection_origin() in ("table", "url") else None
base = state.base_layer()
# the base map is rendered once per base layer and shared; the data layers once per view
parts = map_component.base_parts(boundary_key, base, boundary)
horizon = state.horizon_days()


def _map_layers() -> tuple[list, str | None]:
    """The view's feature groups: one marker per incident up to scale.MAX_MARKERS, grid-cell
    counts above; crossings as of the period's end; rings around reviewed incidents."""
    groups, note = scale.build_layers_indexed(
        index,
        positions,
        boundary=boundary,
        crossings=scale.crossing_status(prep, as_of, flt.include_background, horizon),
        selected=selected_on_map,
        records=data.map_records(cache_key, features),
    )
    return [*groups, *review_desk.checked_layer(reviews, index, positions)], note


map_layers = map_component.prepare_layers(
    (
        cache_key,
        map_component.view_digest(positions),
        selected_id if selected_on_map is not None else None,
        as_of,
        flt.include_background,
        horizon,
        boundary_key,
    ),
    parts,
    _map_layers,
)
center, zoom = state.map_view_state(selected, map_view.view_for)
if map_layers.note:
    st.caption("🗺️ " + md(map_layers.note))
map_value = map_component.show_map(
    parts,
    lambda: map_view.build_base_map(boundary, base),
    map_layers,
    key=keys.MAP,
    center=center,
    zoom=zoom,
    # centre, zoom and base layer go into the share link (state.remember_map_view)
    returned_objects=["last_object_clicked", "center", "zoom", "selected_layers"],
    height=560,
)
state.remember_map_view(map_value)
below_map_now = state.below_map_now(map_value)
border_count = int(index.border[positions].sum())
if border_count and not boundary:
    st.caption(
        f"{border_count} border-wide incident(s) cannot be drawn (boundary unavailable); see the list below."
    )
elif border_count:
    st.caption(
        f"The highlighted border line stands for {border_count} border-wide incident(s) with no single place."
    )

# ---- below the map: timeline, table, details, unlocated, downloads ------------------------------


def _timeline(index, shown, positions, flt) -> None:
    # imported here, not at the top: Altair's import (~0.2 s) would otherwise delay the first map
    from dashboard import charts

    measure = st.segmented_control(
        "Timeline",
        charts.MEASURES,
        default=charts.MEASURES[0],
        key=keys.MEASURE,
        help="Claimed deaths: each side's claimants summed per period, the sides next to each other, never added up.",
    )
    if measure == charts.MEASURES[1]:
        chart, unit = charts.deaths_chart(scale.full_all(shown), flt.start, flt.end)
        if chart is not None:
            st.subheader(f"Claimed deaths per {unit}, by who claims them")
            st.altair_chart(chart, width="stretch")
        else:
            st.caption("No incident in this view has a claimed death toll.")
    else:
        # per day; per week or month when the period is long (charts.MAX_ROWS)
        chart, unit = charts.timeline(start=flt.start, end=flt.end, counts=index.timeline_counts(positions))
        if chart is not None:
            st.subheader(f"Incidents per {unit}")
            st.altair_chart(
                chart,
                width="stretch",
                on_select="rerun",
                selection_mode=charts.BRUSH,
                key=keys.TIMELINE_CHART,
            )
            st.caption("Drag across the chart to make that range the period.")


def _incidents(index, by_id: dict, shown, positions, selected: dict | None, selected_id: str | None) -> None:
    """The table (a page of it), the selected incident's details, those without a point."""
    st.subheader("Incidents")
    page_rows, page_note = scale.table_page(shown)  # pages of scale.PAGE_SIZE rows above that
    df = table_view.table_rows(page_rows)
    state.remember_table_ids(list(df["id"]))
    if page_note:
        st.caption(md(page_note))
    if shown:
        table_view.render_table(df, keys.TABLE)
        st.caption("Select a row to centre the map on it and see its claims and sources below.")

    if selected is not None:
        with st.container(border=True):
            if not (positions == index.pos[selected_id]).any():
                st.caption("The selected incident is hidden by the current filters.")
            here = (
                [
                    f
                    for f in index.ids_at(
                        positions,
                        selected["geometry"]["coordinates"][1],
                        selected["geometry"]["coordinates"][0],
                    )
                    if f != selected_id
                ]
                if filters.is_located(selected)
                else []
            )
            table_view.render_details(scale.full(selected), [by_id[i] for i in here[:50]])

    unlocated = index.view(positions[~index.located[positions]])
    table_view.render_unlocated(
        min(len(unlocated), scale.UNLOCATED_LIMIT), lambda: scale.full_all(unlocated[: scale.UNLOCATED_LIMIT])
    )
    if len(unlocated) > scale.UNLOCATED_LIMIT:
        st.caption(
            f"The first {scale.UNLOCATED_LIMIT:,} of {len(unlocated):,} incidents without a point are listed; "
            "the table and the downloads have them all."
        )


def _downloads(collection: dict, span, shown, flt) -> None:
    cols = st.columns(2)
    cols[0].download_button(
        "Download GeoJSON of this view",
        # partials, not lambdas: a lambda here keeps this run's globals (map layers included, ~4 MB at
        # 1,000 incidents) alive in every open session until its next rerun
        data=functools.partial(table_view.view_geojson_file, scale.export_collection(collection), shown, flt),
        file_name=table_view.download_name(flt, span, "geojson"),
        mime="application/geo+json",
        key=keys.DOWNLOAD_GEOJSON,
        on_click="ignore",
        disabled=not shown,
    )
    cols[1].download_button(
        "Download CSV of this view",
        data=functools.partial(table_view.view_csv_file, shown),
        file_name=table_view.download_name(flt, span, "csv"),
        mime="text/csv",
        key=keys.DOWNLOAD_CSV,
        on_click="ignore",
        disabled=not shown,
    )


if below_map_now:
    _timeline(index, shown, positions, flt)
    _incidents(index, by_id, shown, positions, selected, selected_id)
    _downloads(collection, span, shown, flt)
else:  # a browser's first run: these follow the map's first report (state.below_map_now)
    st.caption(
        "⏳ The rest of the page (timeline, incident table, details, downloads) follows once the map is "
        "drawn. If the map does not load, this button shows it."
    )
    st.button("Show the timeline and table now", key=keys.SHOW_BELOW_MAP)

with st.expander("About the data"):
    st.markdown(ABOUT)
