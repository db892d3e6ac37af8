"""One notion of sameness (geodata.sameness): nested places, compatible dates, distance."""

import math
from datetime import date

import pytest

from geodata import sameness
from geodata.gazetteer import load_gazetteer
from geodata.model import Place

KP = Place("kp", "Khyber Pakhtunkhwa", "province", "PK")
KHYBER = Place("khyber", "Khyber District", "district", "PK", "Khyber Pakhtunkhwa")
TORKHAM = Place("torkham", "Torkham", "crossing", "PK", "Khyber-Pakhtunkhwa Province", "Khyber", 34.11, 71.08)
SOUTH_WAZIRISTAN = Place("sw", "South Waziristan", "district", "PK", "Khyber Pakhtunkhwa")
WANA = Place("wana", "Wana", "populated_place", "PK", "Khyber Pakhtunkhwa", "Lower South Waziristan")
CHAMAN = Place("chaman", "Chaman", "populated_place", "PK", "Balochistan", "Chaman", 30.92, 66.44)
SPIN_BOLDAK = Place("spin", "Spin Boldak", "populated_place", "AF", "Kandahar", "Spin Boldak", 31.01, 66.40)
AF_PROVINCE_SAME_NAME = Place("af-kp", "Khyber Pakhtunkhwa", "province", "AF")
DURAND = Place("durand", "Durand Line", "boundary", None, precision=5)


def test_haversine_one_radius_and_known_distances():
    assert sameness.haversine_km(34.0, 71.0, 34.0, 71.0) == 0.0
    # one degree of latitude on the mean-radius sphere: 2 * pi * R / 360
    assert sameness.haversine_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(111.195, abs=0.001)
    # antipodes: rounding must not push asin out of its domain
    assert sameness.haversine_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(math.pi * sameness.EARTH_RADIUS_KM)
    # Chaman and Spin Boldak face each other across the line, about 10 km apart
    assert 9 < sameness.place_distance_km(CHAMAN, SPIN_BOLDAK) < 12
    assert sameness.place_distance_km(CHAMAN, KP) is None


def test_nested_by_admin_names_either_way_round():
    assert sameness.nested(TORKHAM, KP) and sameness.nested(KP, TORKHAM)
    # "District" and hyphens do not matter
    assert sameness.nested(TORKHAM, KHYBER)
    assert sameness.nested(KHYBER, KP)
    assert sameness.nested(TORKHAM, TORKHAM)
    assert not sameness.nested(TORKHAM, CHAMAN)
    assert not sameness.nested(CHAMAN, KP)


def test_a_province_of_the_same_name_across_the_line_is_not_the_same():
    assert not sameness.nested(TORKHAM, AF_PROVINCE_SAME_NAME)
    no_country = Place("x", "Somewhere", "populated_place", None, "Khyber Pakhtunkhwa")
    assert sameness.nested(no_country, AF_PROVINCE_SAME_NAME)


def test_upper_and_lower_districts_lie_in_the_district_before_the_split():
    assert sameness.nested(WANA, SOUTH_WAZIRISTAN)
    lower = Place("lsw", "Lower South Waziristan", "district", "PK", "Khyber Pakhtunkhwa")
    assert sameness.nested(WANA, lower)
    # but the old district does not lie in one of its halves
    old = Place("o", "Angoor Adda", "crossing", "PK", "Khyber Pakhtunkhwa", "South Waziristan")
    assert not sameness.nested(old, lower)


def test_empty_admin_names_never_match():
    assert not sameness.same_admin_name("", "")
    assert not sameness.same_admin_name("District", "Province")
    assert sameness.same_admin_name("Kurram Agency", "kurram")


class _ParentTable:
    """A gazetteer reduced to its parent table (what `nested` asks of a gazetteer)."""

    def __init__(self, parents: dict[tuple[str, str], Place]):
        self.parents = parents

    def parent(self, place: Place, kind: str) -> Place | None:
        return self.parents.get((place.id, kind))


def test_gazetteer_parent_nests_what_names_alone_do_not():
    village = Place("v", "Some Village", "populated_place", "PK", None, "Bajaur Tribal Area")
    bajaur = Place("bajaur", "Bajaur", "district", "PK", "Khyber Pakhtunkhwa")
    assert not sameness.nested(village, bajaur)
    assert sameness.nested(village, bajaur, _ParentTable({("v", "district"): bajaur}))
    assert not sameness.nested(village, bajaur, _ParentTable({}))


def test_real_gazetteer_places_lie_in_their_parents():
    gazetteer = load_gazetteer()
    checked = 0
    for place in gazetteer.places.values():
        for kind in ("province", "district"):
            parent = gazetteer.parent(place, kind)
            if parent is not None:
                assert sameness.nested(place, parent, gazetteer), (place.id, parent.id)
                checked += 1
    assert checked > 100


def test_same_place_unlocated_only_with_unlocated():
    assert sameness.same_place(None, None)
    assert not sameness.same_place(None, TORKHAM)
    assert not sameness.same_place(TORKHAM, None)
    assert sameness.same_place(TORKHAM, KP)
    # the merge: border-wide counts as unlocated
    assert sameness.same_place(DURAND, None)
    assert not sameness.same_place(DURAND, TORKHAM)
    # the extractor's clustering: border-wide is a place of its own
    assert not sameness.same_place(DURAND, None, border_wide_is_unlocated=False)
    assert sameness.same_place(DURAND, DURAND, border_wide_is_unlocated=False)
    assert not sameness.same_place(DURAND, TORKHAM, border_wide_is_unlocated=False)


D = date(2025, 6, 14)


@pytest.mark.parametrize("policy", [sameness.WITHIN_ARTICLE, sameness.ACROSS_ARTICLES])
def test_date_tolerance_follows_the_looser_precision(policy):
    def ok(a, a_prec, b, b_prec, a_end=None, b_end=None):
        return sameness.dates_compatible(a, a_end, a_prec, b, b_end, b_prec, policy)

    assert ok(D, "day", date(2025, 6, 15), "day")
    assert not ok(D, "day", date(2025, 6, 16), "day")
    assert ok(D, "week", date(2025, 6, 21), "day")
    assert not ok(D, "week", date(2025, 6, 22), "day")
    assert ok(D, "month", date(2025, 7, 15), "day")
    # a night span 11-12 June overlaps both days: gap 0, and one day beyond is still in tolerance
    assert ok(date(2025, 6, 11), "day", date(2025, 6, 13), "day", a_end=date(2025, 6, 12))
    assert not ok(date(2025, 6, 11), "day", date(2025, 6, 14), "day", a_end=date(2025, 6, 12))


def test_undated_and_unknown_precision_differ_between_policies():
    within, across = sameness.WITHIN_ARTICLE, sameness.ACROSS_ARTICLES
    assert sameness.dates_compatible(None, None, "unknown", D, None, "day", within)
    assert not sameness.dates_compatible(None, None, "unknown", D, None, "day", across)
    # two undated reports from different articles: nothing says they are one event
    assert not sameness.dates_compatible(None, None, "unknown", None, None, "unknown", across)
    assert sameness.dates_compatible(None, None, "unknown", None, None, "unknown", within)
    half_year = date(2025, 12, 1)
    assert sameness.dates_compatible(D, None, "unknown", half_year, None, "day", within)
    assert not sameness.dates_compatible(D, None, "unknown", half_year, None, "day", across)
    # a precision outside the table takes the policy's default
    assert sameness.dates_compatible(D, None, "decade", date(2025, 7, 10), None, "day", within)
    assert not sameness.dates_compatible(D, None, "decade", date(2025, 6, 16), None, "day", across)
    # a year is its span (1 January to 31 December): no slack beyond it
    year, year_end = date(2025, 1, 1), date(2025, 12, 31)
    assert sameness.dates_compatible(year, year_end, "year", date(2025, 6, 16), None, "day", within)
    assert not sameness.dates_compatible(year, year_end, "year", date(2026, 1, 3), None, "day", within)


def test_span_gap_days_is_symmetric():
    a, b = date(2025, 6, 1), date(2025, 6, 9)
    assert sameness.span_gap_days(a, None, b, None) == sameness.span_gap_days(b, None, a, None) == 8
    assert sameness.span_gap_days(a, date(2025, 6, 10), b, None) == 0


def test_event_type_groups_are_named_once_in_the_model():
    from geodata.model import CROSSING_TYPES, EVENT_TYPES, POST_TYPES, VIOLENT_TYPES

    grouped = [*VIOLENT_TYPES, *CROSSING_TYPES, *POST_TYPES]
    assert len(grouped) == len(set(grouped))  # no type in two groups
    assert set(grouped) == set(EVENT_TYPES) - {"other"}


def test_a_year_joins_across_articles_only_the_same_year():
    year, year_end = date(2025, 1, 1), date(2025, 12, 31)
    across = sameness.ACROSS_ARTICLES
    assert not sameness.dates_compatible(year, year_end, "year", date(2025, 3, 3), None, "day", across)
    assert sameness.dates_compatible(year, year_end, "year", year, year_end, "year", across)
