"""The baseline of the click-to-redraw benchmark (tests/benchmarks/click_redraw.py): Streamlit's own
`st.map` on the same GeoParquet file as the app, with the same period buttons ("Month": the 30
days ending at the period's end, "◀": the period before, "All"). It does no more than that:
no popups, no grid, no table; the figure to beat, not a second app."""

from __future__ import annotations

import os
from datetime import timedelta

import geopandas
import pandas as pd
import streamlit as st


@st.cache_resource
def points(path: str) -> pd.DataFrame:
    frame = geopandas.read_parquet(path, columns=["date", "geometry"])
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    out = pd.DataFrame({"lat": frame.geometry.y, "lon": frame.geometry.x})
    out["day"] = pd.to_datetime(frame["date"], errors="coerce").dt.date
    return out.dropna().reset_index(drop=True)


data = points(os.environ["DURAND_GEOJSON"])
first, last = data["day"].min(), data["day"].max()
if "period" not in st.session_state:
    st.session_state.period = (first, last)


def month() -> None:
    end = st.session_state.period[1]
    st.session_state.period = (max(first, end - timedelta(days=29)), end)


def back() -> None:
    start, end = st.session_state.period
    length = end - start + timedelta(days=1)
    st.session_state.period = (max(first, start - length), max(first, end - length))


def everything() -> None:
    st.session_state.period = (first, last)


columns = st.columns(3)
columns[0].button("Month", on_click=month)
columns[1].button("◀", on_click=back)
columns[2].button("All", on_click=everything)
start, end = st.session_state.period
shown = data[(data["day"] >= start) & (data["day"] <= end)]
st.caption(f"{len(shown):,} incidents on the map")
st.map(shown[["lat", "lon"]], size=200)
