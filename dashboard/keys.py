"""The widget keys and URL parameter names of the dashboard, and the limits on URL values.

Widget keys (stable: the browser tests and AppTest tests address widgets by them)
-------------------------------------------------------------------------------
==================  =====================================  ===================================
key                 widget                                 query param (URL)
==================  =====================================  ===================================
``dates``           st.slider (date range, step 1 day)     ``dates=YYYY-MM-DD&dates=YYYY-MM-DD``
``date_from``       st.date_input "From"                   (sets ``dates``)
``date_to``         st.date_input "To"                     (sets ``dates``)
``range_7``         st.button "Week" (7 days to the end)   (sets ``dates``)
``range_30``        st.button "Month" (30 days to the end) (sets ``dates``)
``range_all``       st.button "All"                        (sets ``dates``)
``step_back``       st.button "◀" (period's length back)   (moves ``dates``)
``step_forward``    st.button "▶" (period's length on)     (moves ``dates``)
``play``            st.toggle "Play" (steps forward)       —
``timeline_chart``  st.altair_chart, x brush               (sets ``dates``)
``timeline_measure`` st.segmented_control chart measure    —
``types``           st.multiselect event types             ``types=airstrike&types=armed_clash``
``actors``          st.multiselect actors                  ``actors=...`` (exact actor names)
``sides``           st.multiselect side                    ``sides=AF|PK|border|unknown``
``precision``       st.multiselect location precision      ``precision=1..7`` (UCDP where_prec)
``verification``    st.multiselect verification            ``verification=single_source|...``
``outlets``         st.multiselect outlets                 ``outlets=...`` (exact outlet names)
``background``      st.checkbox include background (on)    ``background=0`` (hide them)
``crossing_horizon`` st.number_input crossing status days  ``horizon=7..730`` (default 90)
``reset_filters``   st.button "Reset filters"              (clears all of the above)
``map``             st_folium component                    ``view=lat,lon,zoom``, ``base=<layer>``
``incidents_table`` st.dataframe, single-row selection     ``incident=<feature id>``
``download_geojson`` st.download_button GeoJSON            —
``download_csv``    st.download_button CSV                 —
``show_below_map``  st.button "Show the timeline and table now"  —
==================  =====================================  ===================================
"""

from __future__ import annotations

# the map's base layers, the default first; the tiles are dashboard/map_view.py's, the last (no
# tiles) is dashboard/outline.py's
BASE_LAYER_NAMES = ("Street map", "Terrain", "Satellite imagery", "Outline map (no tiles)")

# ---- keys --------------------------------------------------------------------------------------

DATES = "dates"
RANGE_7 = "range_7"
RANGE_30 = "range_30"
RANGE_ALL = "range_all"
STEP_BACK = "step_back"
STEP_FORWARD = "step_forward"
DATE_FROM = "date_from"
DATE_TO = "date_to"
PLAY = "play"
TIMELINE_CHART = "timeline_chart"
MEASURE = "timeline_measure"
TYPES = "types"
ACTORS = "actors"
SIDES_KEY = "sides"
PRECISION = "precision"
VERIFICATION = "verification"
OUTLETS = "outlets"
BACKGROUND = "background"
HORIZON = "crossing_horizon"  # st.number_input: days a crossing report tells its status
HORIZON_PARAM = "horizon"
HORIZON_RANGE = (7, 730)
RESET = "reset_filters"
MAP = "map"
TABLE = "incidents_table"
DOWNLOAD_GEOJSON = "download_geojson"
DOWNLOAD_CSV = "download_csv"
UNLOCATED_OPEN = "unlocated_open"  # the expander listing incidents without a point: open or not
SHOW_BELOW_MAP = "show_below_map"  # st.button: draw the timeline and table before the map reports
SESSION_STARTED = "_session_started"  # session_state: a run of this session began before this one

INCIDENT_PARAM = "incident"
VIEW_PARAM = "view"  # the map's centre and zoom: "lat,lon,zoom"
BASE_PARAM = "base"  # the map's base layer, by name
SELECTED = "selected_incident"  # session_state: the selected feature id (or None)

LIST_KEYS = (TYPES, ACTORS, SIDES_KEY, PRECISION, VERIFICATION, OUTLETS)
FILTER_KEYS = (DATES, *LIST_KEYS, BACKGROUND)
URL_PARAMS = (*FILTER_KEYS, HORIZON_PARAM, INCIDENT_PARAM, VIEW_PARAM, BASE_PARAM)

MAX_VALUES = 50  # per parameter; more is ignored
MAX_VALUE_LENGTH = 200  # characters; longer values are ignored
PRECISION_CODES = (1, 2, 3, 4, 5, 6, 7)
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}

# Streamlit's own parameters (embedding on the hosted app): not ours to report
STREAMLIT_PARAMS = frozenset({"embed", "embed_options"})
