"""The table's Place column fits the places of the page (the grid cuts text instead of wrapping)."""

from __future__ import annotations

import pandas as pd

from dashboard import table_view
from dashboard.table_view import CHAR_PX, COLUMN_WIDTHS, MAX_PLACE_PX, column_config, place_width


def test_a_long_place_name_gets_the_room_it_needs():
    name = "Chaman–Spin Boldak crossing, Balochistan (PK)"  # 45 characters
    assert place_width(pd.Series(["Kurram (PK)", name])) >= CHAR_PX * len(name)


def test_short_names_keep_the_default_and_long_ones_stop_at_the_cap():
    assert place_width(pd.Series(["Khost (AF)"])) == COLUMN_WIDTHS["place"]
    assert place_width(pd.Series([], dtype=object)) == COLUMN_WIDTHS["place"]
    assert place_width(pd.Series(["x" * 300])) == MAX_PLACE_PX


def test_the_first_four_columns_fit_a_1366_px_screen_beside_the_sidebar():
    main_area = 1366 - 336 - 2 * 48  # Streamlit's open sidebar and the page padding
    first_four = COLUMN_WIDTHS["date"] + COLUMN_WIDTHS["type"] + MAX_PLACE_PX + COLUMN_WIDTHS["precision"]
    assert first_four <= main_area


def test_the_table_uses_the_fitted_width():
    df = pd.DataFrame({c: ["Chaman–Spin Boldak crossing, Balochistan (PK)"] for c in table_view.COLUMNS})
    config = column_config(df)
    assert config["place"]["width"] == place_width(df["place"]) > COLUMN_WIDTHS["place"]
    assert config["date"] == table_view.COLUMN_CONFIG["date"]
