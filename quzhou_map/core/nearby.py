"""Nearby: the other features within a distance of the selected one, nearest first, over every
visible layer (the article's sites and users' layers). Distances are geodesic for points (pyproj's
Geod) and measured in a local azimuthal-equidistant projection for lines and polygons (exact along
lines through the centre, within a few metres over tens of km)."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from quzhou_map.core.state import AppState, Selection


class NearbyFeature(NamedTuple):
    selection: Selection
    name: str
    distance_m: float


def selection_point(state: AppState) -> tuple[float, float] | None:
    """(lat, lon) the search starts from: a site's position, a point, or a point on a line or polygon."""
    site = state.selected_site
    if site is not None:
        return site.position.lat, site.position.lon
    selection = state.selection
    data = state.layer_data(selection.layer) if selection is not None else None
    shape = data.geometry.shape(int(selection.feature)) if data is not None else None
    if shape is None or shape.is_empty:
        return None
    import shapely

    point = shapely.point_on_surface(shape)
    return point.y, point.x


def feature_name(data: Any, row: int) -> str:
    """A user feature's first non-empty text attribute, else its number."""
    for column in data.frame.columns:
        value = data.frame[column].iloc[row]
        if isinstance(value, str) and value.strip():
            return value.strip()
    return f"#{row + 1}"


def nearby(state: AppState, radius_m: float, limit: int = 200) -> list[NearbyFeature]:
    """Features of visible layers within ``radius_m`` of the selection, nearest first (not itself)."""
    origin = selection_point(state)
    if origin is None:
        return []
    from pyproj import Geod

    geod, (lat0, lon0) = Geod(ellps="WGS84"), origin
    found: list[NearbyFeature] = []
    sites = state.visible_sites()
    if sites:
        lats = np.array([s.position.lat for s in sites])
        lons = np.array([s.position.lon for s in sites])
        _, _, distances = geod.inv(np.full(len(sites), lon0), np.full(len(sites), lat0), lons, lats)
        found += [NearbyFeature(Selection(s.theme, s.id), s.name(state.language), float(d))
                  for s, d in zip(sites, distances, strict=True) if d <= radius_m]
    for layer in state.layers:
        data = state.layer_data(layer.id)
        if layer.is_theme or not layer.visible or data is None:
            continue
        rows, distances = _within(data.geometry, lat0, lon0, radius_m, geod)
        found += [NearbyFeature(Selection(layer.id, int(r)), feature_name(data, int(r)), float(d))
                  for r, d in zip(rows, distances, strict=True)]
    found = [f for f in found if f.selection != state.selection]
    return sorted(found, key=lambda f: f.distance_m)[:limit]


def _within(geometry: Any, lat0: float, lon0: float, radius_m: float, geod: Any) -> tuple[np.ndarray, np.ndarray]:
    """Rows of a layer's geometries within ``radius_m`` of the origin, and their distances."""
    import shapely

    everything = np.arange(len(geometry))
    if geometry.is_points:
        lons, lats = geometry.xy[:, 0], geometry.xy[:, 1]
        _, _, distances = geod.inv(np.full(len(lons), lon0), np.full(len(lons), lat0), lons, lats)
    else:
        from pyproj import Transformer

        local = Transformer.from_crs("EPSG:4326", f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84",
                                     always_xy=True)
        shapes = geometry.take(everything)
        projected = shapely.transform(shapes, lambda coords: np.column_stack(local.transform(*coords.T)))
        distances = shapely.distance(projected, shapely.Point(0, 0))
    distances = np.where(np.isnan(distances), np.inf, distances)
    rows = np.flatnonzero(distances <= radius_m)
    return rows, distances[rows]
