"""Options every popup of the map shares. An open popup is panned clear of the map's bottom edge,
where the scale control (left) and the attribution (right) sit: Leaflet's default 5 px left the
last line of a popup near the bottom under the scale control. At the top it is kept below the
controls (zoom and legend at the left, layers at the right): on a phone the popup spans the map's
width, and its title and claims sat under them."""

from __future__ import annotations

CLASS_NAME = "foliumpopup"
# px kept free around an open popup: (left/right, bottom); the scale control is ~40 px tall with
# its margin
PAN_PADDING_BOTTOM_RIGHT = (5, 44)
# (left, top): the zoom buttons and the Legend toggle below them end ~110 px down
PAN_PADDING_TOP_LEFT = (5, 120)


def js_options(max_width: int) -> str:
    """The options object of a Leaflet bindPopup call, as JavaScript."""
    x, y = PAN_PADDING_BOTTOM_RIGHT
    left, top = PAN_PADDING_TOP_LEFT
    return (
        f'{{maxWidth: {max_width}, className: "{CLASS_NAME}", autoPanPaddingBottomRight: [{x}, {y}], '
        f"autoPanPaddingTopLeft: [{left}, {top}]}}"
    )


def folium_options(max_width: int) -> dict:
    """The same options for folium.GeoJsonPopup (its keyword arguments become Leaflet's, camelCased)."""
    return {
        "max_width": max_width,
        "auto_pan_padding_bottom_right": list(PAN_PADDING_BOTTOM_RIGHT),
        "auto_pan_padding_top_left": list(PAN_PADDING_TOP_LEFT),
    }


# The plain text of a feature's pre-escaped tooltip HTML, for an aria-label: DOMParser builds an
# inert document (nothing in it runs or loads), and the attribute takes it as text.
NAME_OF_TIP_JS = (
    'new DOMParser().parseFromString(props.tip.replace(/<br\\s*\\/?>/gi, ". "), "text/html").body.textContent'
)
