"""Measuring on the ellipsoid: known distances and areas, checked against independent figures."""

from __future__ import annotations

import math

import pytest

from quzhou_map.core.geodesy import format_area, format_length, path_length_m, perimeter_m, polygon_area_m2


def test_one_degree_of_latitude_and_of_longitude_at_quzhou() -> None:
    # A degree of latitude near 29° N is 110.86 km on WGS-84; a degree of longitude there is cos(lat) shorter.
    assert path_length_m([(28.5, 118.87), (29.5, 118.87)]) == pytest.approx(110_860, rel=1e-3)
    along = path_length_m([(29.0, 118.0), (29.0, 119.0)])
    assert along == pytest.approx(111_320 * math.cos(math.radians(29.0)), rel=3e-3)
    assert path_length_m([(29.0, 118.0)]) == 0.0


def test_a_path_is_the_sum_of_its_legs() -> None:
    a, b, c = (28.9, 118.8), (29.0, 118.9), (29.1, 118.7)
    assert path_length_m([a, b, c]) == pytest.approx(path_length_m([a, b]) + path_length_m([b, c]))


def test_area_of_a_small_square_and_of_a_degree_cell() -> None:
    # 0.01° × 0.01° at 29° N: about 1.109 km × 0.974 km
    side_lat, side_lon = 0.01 * 110_860, 0.01 * 111_320 * math.cos(math.radians(29.005))
    square = [(29.0, 118.0), (29.0, 118.01), (29.01, 118.01), (29.01, 118.0)]
    assert polygon_area_m2(square) == pytest.approx(side_lat * side_lon, rel=3e-3)
    assert polygon_area_m2(list(reversed(square))) == pytest.approx(polygon_area_m2(square))  # either direction
    assert perimeter_m(square) == pytest.approx(2 * (side_lat + side_lon), rel=3e-3)
    assert polygon_area_m2(square[:2]) == 0.0


@pytest.mark.parametrize(("value", "language", "text"), [
    (850.4, "en", "850 m"), (850.4, "zh", "850 米"), (12_345, "en", "12.35 km"), (12_345, "zh", "12.35 公里")])
def test_lengths_read_in_both_languages(value: float, language: str, text: str) -> None:
    assert format_length(value, language) == text


@pytest.mark.parametrize(("value", "language", "text"), [
    (4_500, "en", "4,500 m²"), (4_500, "zh", "4,500 平方米"), (3_420_000, "en", "3.42 km²"),
    (3_420_000, "zh", "3.42 平方公里")])
def test_areas_read_in_both_languages(value: float, language: str, text: str) -> None:
    assert format_area(value, language) == text
