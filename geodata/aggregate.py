"""Server-side aggregation of located incidents into grid cells (pure, no folium/Streamlit).

Above a few thousand incidents the browser gets one record per non-empty cell (count, counts by
type, first/last day, a few recent incidents) instead of one marker per incident, so the payload
is bounded by `max_cells` whatever the number of incidents. The cell size starts at `start_deg`
and doubles until the non-empty cells fit in `max_cells`.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass
class Cell:
    key: tuple[int, int]
    n: int = 0
    lon_sum: float = 0.0
    lat_sum: float = 0.0
    by_type: dict[str, int] = field(default_factory=dict)
    first: str | None = None
    last: str | None = None
    recent: list[tuple[str, str]] = field(default_factory=list)  # (date, id), newest first

    @property
    def lon(self) -> float:
        return self.lon_sum / self.n

    @property
    def lat(self) -> float:
        return self.lat_sum / self.n


Point = tuple[float, float, str, str | None, str]  # lon, lat, event type, date (ISO) or None, id


def points_of(features: Iterable[dict]) -> list[Point]:
    """(lon, lat, type, date, id) of every located feature."""
    out = []
    for f in features:
        geometry = f.get("geometry") or {}
        coords = geometry.get("coordinates")
        if geometry.get("type") != "Point" or not coords or len(coords) < 2:
            continue
        p = f.get("properties") or {}
        out.append(
            (
                float(coords[0]),
                float(coords[1]),
                p.get("event_type") or "other",
                p.get("date"),
                str(f.get("id")),
            )
        )
    return out


def grid(points: Sequence[Point], cell_deg: float, keep_recent: int = 3) -> list[Cell]:
    cells: dict[tuple[int, int], Cell] = {}
    members: dict[tuple[int, int], list[tuple[str, str]]] = {}
    floor = math.floor
    for lon, lat, event_type, day, fid in points:
        key = (floor(lon / cell_deg), floor(lat / cell_deg))
        cell = cells.get(key)
        if cell is None:
            cell = cells[key] = Cell(key)
            members[key] = []
        cell.n += 1
        cell.lon_sum += lon
        cell.lat_sum += lat
        cell.by_type[event_type] = cell.by_type.get(event_type, 0) + 1
        members[key].append((day or "", fid))
    for key, cell in cells.items():
        days = [d for d, _ in members[key] if d]
        if days:
            cell.first, cell.last = min(days), max(days)
        if keep_recent:
            cell.recent = heapq.nlargest(keep_recent, members[key])
    return sorted(cells.values(), key=lambda c: c.key)


def adaptive_grid(
    points: Sequence[Point], max_cells: int = 800, start_deg: float = 0.1, keep_recent: int = 3
) -> tuple[float, list[Cell]]:
    """(cell size in degrees, cells) with len(cells) <= max_cells."""
    cell_deg = start_deg
    while True:
        # cheap count first: only build the full cells once the size fits
        keys = {(math.floor(p[0] / cell_deg), math.floor(p[1] / cell_deg)) for p in points}
        if len(keys) <= max_cells:
            return cell_deg, grid(points, cell_deg, keep_recent)
        cell_deg *= 2
