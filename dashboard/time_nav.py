"""The period controls in the sidebar: a date slider, two date inputs bound to the same period
(and URL parameter ``dates``), Week / Month / All, steps by the period's own length, a Play
control that steps through time, and the timeline chart's brush.

* "Week" / "Month" are the 7 / 30 days ending at the current period's end (not at the last
  incident of the whole data); ◀ ▶ move the period by its own length, so after "Week" they step
  week by week.
* Play steps the period forward every `PLAY_SECONDS` until the end of the data; started at the
  end (or on "All") it starts over from the first month (`filters.play_start`).
* A range brushed on the timeline chart becomes the period (`apply_brush`, before the widgets).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import streamlit as st

from . import filters, keys

PLAY_SECONDS = 2.0
# A Play tick only asks for a step (`_PLAY_DUE`); the next full run takes it before the widgets
# exist: the period widget's value cannot be set once it is drawn (the tick ran in every full run
# too, after the slider, and Streamlit refused: a blank page on each step).
_PLAY_DUE = "_play_due"
_FULL_RUN = "_play_full_run"  # set by the full run just before it calls the tick fragment


def _period(span: tuple[date, date]) -> tuple[date, date]:
    value = st.session_state.get(keys.DATES)
    if isinstance(value, (tuple, list)) and len(value) == 2 and all(isinstance(v, date) for v in value):
        start, end = sorted(value)
        return start, end
    return span


def _set(value: tuple[date, date]) -> None:
    st.session_state[keys.DATES] = value


def set_ending(span: tuple[date, date], days: int) -> None:
    """Callback: the `days` days ending at the current period's end."""
    _set(filters.range_ending(_period(span)[1], days, span))


def step(span: tuple[date, date], direction: int) -> None:
    """Callback: move the period by its own length (earlier: -1, later: +1)."""
    _set(filters.step_range(_period(span), span, direction))


def from_inputs(span: tuple[date, date]) -> None:
    """Callback of the two date inputs: they set the same period as the slider."""
    ss = st.session_state
    start, end = ss.get(keys.DATE_FROM), ss.get(keys.DATE_TO)
    if isinstance(start, date) and isinstance(end, date):
        start, end = sorted((start, end))
        _set((max(start, span[0]), min(end, span[1])))


def _to_day(value: object) -> date | None:
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value / 1000, tz=UTC).date()
    if isinstance(value, str):
        return filters.parse_day(value[:10])
    return None


def brushed_range(selection: object) -> tuple[date, date] | None:
    """Pure: the (first, last) day of an Altair interval selection on the chart's x field."""
    try:
        values = selection["selection"]["brush"]["day"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    if not isinstance(values, (list, tuple)) or len(values) != 2:
        return None
    first, last = _to_day(values[0]), _to_day(values[1])
    if first is None or last is None:
        return None
    return min(first, last), max(first, last)


def apply_brush(span: tuple[date, date]) -> None:
    """Before the widgets: a new brush on the timeline chart sets the period."""
    ss = st.session_state
    brushed = brushed_range(ss.get(keys.TIMELINE_CHART))
    if brushed is None or brushed == ss.get("_last_brush"):
        return
    ss["_last_brush"] = brushed
    start, end = max(brushed[0], span[0]), min(brushed[1], span[1])
    if start <= end:
        _set((start, end))


def start_play(span: tuple[date, date]) -> None:
    """Callback of the Play toggle: switched on at the end of the data, start over."""
    if st.session_state.get(keys.PLAY):
        current = _period(span)
        start = filters.play_start(current, span)
        if start != current:
            _set(start)


def apply_play_step(span: tuple[date, date]) -> None:
    """Before the widgets: the step a Play tick asked for; at the end of the data Play stops."""
    ss = st.session_state
    if not ss.pop(_PLAY_DUE, False) or not ss.get(keys.PLAY):
        return
    current = _period(span)
    moved = filters.step_range(current, span, 1)
    if moved == current:
        ss[keys.PLAY] = False
    else:
        _set(moved)


def _player(span: tuple[date, date]) -> None:
    playing = bool(st.session_state.get(keys.PLAY))

    @st.fragment(run_every=PLAY_SECONDS if playing else None)
    def tick() -> None:
        ss = st.session_state
        if ss.pop(_FULL_RUN, False) or not ss.get(keys.PLAY):
            return  # only the fragment's own timed runs step
        ss[_PLAY_DUE] = True
        st.rerun()  # the whole app: apply_play_step moves the period before the widgets

    st.session_state[_FULL_RUN] = True
    tick()


def render(span: tuple[date, date]) -> None:
    """The period widgets (inside the sidebar)."""
    ss = st.session_state
    apply_brush(span)
    apply_play_step(span)
    ss.setdefault(keys.DATES, span)
    current = _period(span)
    # only a changed value is written: a write goes to the browser and would reset the other
    # input while the user is still typing in it ("2023-03-31" became "2025-03-31")
    for key, value in zip((keys.DATE_FROM, keys.DATE_TO), current, strict=True):
        if ss.get(key) != value:
            ss[key] = value
    st.slider(
        "Dates",
        min_value=span[0],
        max_value=span[1],
        step=timedelta(days=1),
        format="YYYY-MM-DD",
        key=keys.DATES,
        help="Incidents whose date (or date range) overlaps this period.",
    )
    # one under the other: side by side, the sidebar cuts the dates ("2024-12-2")
    for key, label in ((keys.DATE_FROM, "From"), (keys.DATE_TO, "To")):
        st.date_input(
            label,
            min_value=span[0],
            max_value=span[1],
            key=key,
            on_change=from_inputs,
            args=(span,),
            format="YYYY-MM-DD",
        )
    _quick_ranges(span)
    size = _steps(span, current)
    st.caption(
        f"Week / Month end at the period's end; ◀ ▶ and Play (every {PLAY_SECONDS:g} s) move the "
        f"period by its length ({size}). "
        "Drag across the timeline chart to choose a period."
    )
    _player(span)


def _quick_ranges(span: tuple[date, date]) -> None:
    """Week, Month, All."""
    quick = st.columns(3)
    for column, key, label, days, tip in (
        (
            quick[0],
            keys.RANGE_7,
            "Week",
            filters.WEEK_DAYS,
            f"The {filters.WEEK_DAYS} days ending at the period's end.",
        ),
        (
            quick[1],
            keys.RANGE_30,
            "Month",
            filters.MONTH_DAYS,
            f"The {filters.MONTH_DAYS} days ending at the period's end.",
        ),
    ):
        column.button(label, key=key, on_click=set_ending, args=(span, days), width="stretch", help=tip)
    quick[2].button(
        "All",
        key=keys.RANGE_ALL,
        on_click=_set,
        args=(span,),
        width="stretch",
        help="The whole span of the data.",
    )


def _steps(span: tuple[date, date], current: tuple[date, date]) -> str:
    """◀ Play ▶; returns the period's length in words."""
    length = (current[1] - current[0]).days + 1
    size = f"{length} day{'s' if length != 1 else ''}"
    moves = st.columns([1, 1.4, 1], vertical_alignment="center")
    moves[0].button(
        "◀",
        key=keys.STEP_BACK,
        on_click=step,
        args=(span, -1),
        width="stretch",
        disabled=current[0] <= span[0],
        help=f"The previous {size}.",
    )
    moves[1].toggle(
        "Play",
        key=keys.PLAY,
        on_change=start_play,
        args=(span,),
        disabled=span[0] >= span[1],
        help=f"Step the period forward every {PLAY_SECONDS:g} s; at the end of the data (or on All) "
        f"it starts over from the first {filters.MONTH_DAYS} days.",
    )
    moves[2].button(
        "▶",
        key=keys.STEP_FORWARD,
        on_click=step,
        args=(span, 1),
        width="stretch",
        disabled=current[1] >= span[1],
        help=f"The next {size}.",
    )
    return size
