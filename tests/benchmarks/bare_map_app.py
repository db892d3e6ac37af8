"""The floor of the first-paint benchmark (tests/benchmarks/first_paint.py): a Streamlit page that
draws only the app's base map, with no incidents, through streamlit-folium's `st_folium`. Its
first paint is the least any page of this stack (Streamlit, the component frame, Leaflet) takes on
this machine, so the app's figure is read against it."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from dashboard.map_view import build_base_map

st.set_page_config(page_title="base map only", layout="wide")
st_folium(build_base_map(), height=640, use_container_width=True, returned_objects=[])
