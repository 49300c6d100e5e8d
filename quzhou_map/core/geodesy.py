"""Lengths and areas on the WGS-84 ellipsoid, for the measuring tool: pyproj's Geod (geographiclib's
algorithms; pyproj comes with geopandas). Imported only when measuring: pyproj's import is ~70 ms."""

from __future__ import annotations

from collections.abc import Sequence

LatLon = tuple[float, float]


def _geod():  # noqa: ANN202 - pyproj.Geod, made once
    global _GEOD
    if _GEOD is None:
        from pyproj import Geod

        _GEOD = Geod(ellps="WGS84")
    return _GEOD


_GEOD = None


def path_length_m(points: Sequence[LatLon]) -> float:
    """Length in metres of the geodesic path through ``points`` (lat, lon), in order."""
    if len(points) < 2:
        return 0.0
    lats, lons = zip(*points, strict=True)
    return float(_geod().line_length(lons, lats))


def polygon_area_m2(points: Sequence[LatLon]) -> float:
    """Area in square metres of the geodesic polygon with these corners (closed automatically)."""
    if len(points) < 3:
        return 0.0
    lats, lons = zip(*points, strict=True)
    area, _perimeter = _geod().polygon_area_perimeter(lons, lats)
    return abs(float(area))


def perimeter_m(points: Sequence[LatLon]) -> float:
    """Length of the polygon's edge, back to its first corner."""
    return path_length_m([*points, points[0]]) if len(points) >= 2 else 0.0


def format_length(metres: float, language: str) -> str:
    """'850 m' / '12.35 km'; in Chinese '850 米' / '12.35 公里'."""
    if metres < 1000:
        return f"{metres:.0f} {'米' if language == 'zh' else 'm'}"
    return f"{metres / 1000:,.2f} {'公里' if language == 'zh' else 'km'}"


def format_area(square_metres: float, language: str) -> str:
    """'4,500 m²' / '3.42 km²'; in Chinese '4,500 平方米' / '3.42 平方公里'."""
    if square_metres < 1_000_000:
        return f"{square_metres:,.0f} {'平方米' if language == 'zh' else 'm²'}"
    return f"{square_metres / 1_000_000:,.2f} {'平方公里' if language == 'zh' else 'km²'}"
