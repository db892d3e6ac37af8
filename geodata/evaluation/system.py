"""Tolerant accessors for system incidents: the `Incident` dataclass of geodata.model, or any
look-alike (a mapping or an object with the same field names), so the evaluator can score other
systems' output as well as this pipeline's."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from .gold import as_date, is_number
from .names import norm_name


def value_of(obj, name: str, default=None):
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def system_type(s) -> str | None:
    return value_of(s, "event_type") or value_of(s, "type")


def system_dates(s) -> tuple[date | None, date | None]:
    start = as_date(value_of(s, "date"))
    end = as_date(value_of(s, "date_end")) or start
    if start is not None and end is not None and end < start:
        end = start
    return start, end


def system_point(s) -> tuple[float, float] | None:
    lat, lon = value_of(s, "lat"), value_of(s, "lon")
    if is_number(lat) and is_number(lon):
        return float(lat), float(lon)
    place = value_of(s, "place")
    if place is not None and is_number(value_of(place, "lat")) and is_number(value_of(place, "lon")):
        return float(value_of(place, "lat")), float(value_of(place, "lon"))
    return None


def system_admin1(s) -> str:
    place = value_of(s, "place")
    if place is not None:
        if value_of(place, "kind") == "province":
            return norm_name(value_of(place, "name"))
        if value_of(place, "admin1"):
            return norm_name(value_of(place, "admin1"))
    return norm_name(value_of(s, "admin1"))


def system_admin2(s) -> str:
    place = value_of(s, "place")
    if place is None:
        return ""
    if value_of(place, "kind") == "district":
        return norm_name(value_of(place, "name"))
    return norm_name(value_of(place, "admin2"))


def system_country(s) -> str | None:
    country = value_of(s, "country")
    place = value_of(s, "place")
    if not country and place is not None:
        country = value_of(place, "country")
    return country.upper() if isinstance(country, str) and country else None


def system_place_texts(s) -> list[str]:
    texts = list(value_of(s, "place_mentions", ()) or ())
    place = value_of(s, "place")
    if place is not None:
        texts.append(value_of(place, "name") or "")
        texts.extend(value_of(place, "aliases", ()) or ())
    return [t for t in texts if t]
