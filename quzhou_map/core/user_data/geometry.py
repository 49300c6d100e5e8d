"""From whatever a file holds to what the map can draw: one geometry kind, finite WGS-84 lon/lat coordinates.

Rules (each dropped feature is counted in a warning, and nothing usable left is an error):
- null and empty geometries, and GeometryCollections, are left out;
- a layer of mixed kinds keeps its most common kind (points, lines or polygons; multi-parts count as their base
  kind) and says how many features of the other kinds were left out, rather than refusing the whole file;
- features with NaN/Infinity coordinates, or outside ±180°/±90° after conversion, are left out;
- every point's latitude beyond ±90° while every longitude is within ±90° means swapped columns: an error.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shapely

from quzhou_map.core.user_data.errors import Cancelled, UserDataError, problem_line

if TYPE_CHECKING:
    from geopandas import GeoDataFrame
    from pyproj import CRS

#: The kinds the map draws, and each shapely type id's kind as an index into them (-1: none).
KINDS = ("Point", "LineString", "Polygon")
_KIND_OF_TYPE = np.array([0, 1, 1, 2, 0, 1, 2, -1])
#: The Chinese web-map datums pyproj does not know, converted with prcoords.
CHINESE_DATUMS = {"GCJ-02": "GCJ-02", "GCJ02": "GCJ-02", "BD-09": "BD-09", "BD09": "BD-09"}
_CONVERT_CHUNK = 20_000



def resolve_crs(path: Path, text: str) -> CRS | str:
    """``text`` as a pyproj CRS, or one of the Chinese datums by name; an unknown one is the user's error."""
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    named = CHINESE_DATUMS.get(text.strip().upper().replace(" ", ""))
    if named:
        return named
    try:
        return CRS.from_user_input(text)
    except CRSError as error:
        raise UserDataError(path, f"unknown coordinate reference system {text!r} ({error})") from None


def crs_label(crs: CRS | str) -> str:
    """A short name for a CRS: "EPSG:32650" when it has one, else its name."""
    if isinstance(crs, str):
        return crs
    authority = crs.to_authority()
    return f"{authority[0]}:{authority[1]}" if authority else crs.name


def _is_geographic(crs: CRS | str) -> bool:
    return isinstance(crs, str) or bool(crs.is_geographic)


def _drop(gdf: GeoDataFrame, mask: np.ndarray, path: Path, reason: str, sink: list[str]) -> GeoDataFrame:
    count = int(mask.sum())
    if count:
        sink.append(problem_line(path, f"{count} of {len(gdf)} features left out: {reason}"))
        gdf = gdf[~mask]
    return gdf


#: Geometries per call of the big vectorised steps: one shapely call over a million points holds the GIL
#: for ~80 ms, a pause the window's thread would show; in chunks it gets its turn in between.
_CHUNK = 50_000


def _bad_coordinate_mask(geoms: np.ndarray, geographic: bool) -> tuple[np.ndarray, np.ndarray]:
    """Per geometry: any coordinate non-finite (or, when ``geographic``, beyond ±180°/±90°); and the coordinates."""
    mask = np.zeros(len(geoms), dtype=bool)
    good = []
    for start in range(0, len(geoms), _CHUNK):
        coords, index = shapely.get_coordinates(geoms[start:start + _CHUNK], return_index=True)
        bad = ~np.isfinite(coords).all(axis=1)
        if geographic:
            with np.errstate(invalid="ignore"):
                bad |= (np.abs(coords[:, 0]) > 180) | (np.abs(coords[:, 1]) > 90)
        mask[start + index[bad]] = True
        good.append(coords[~bad])
    return mask, np.concatenate(good) if good else np.empty((0, 2))


def _check_swapped(path: Path, coords: np.ndarray, hint: str) -> None:
    if len(coords) and (np.abs(coords[:, 1]) > 90).all() and (np.abs(coords[:, 0]) <= 90).all():
        x, y = coords[0]
        raise UserDataError(path, f"longitude and latitude look swapped: every latitude is beyond ±90° while every "
                                  f"longitude is within ±90° (first point x={x:g}, y={y:g}){hint}")


def _from_chinese_datum(geoms: np.ndarray, datum: str, path: Path, sink: list[str],
                        cancelled: Callable[[], bool] | None) -> np.ndarray:
    """GCJ-02 / BD-09 → WGS-84 with prcoords' iterative ("bored", ~0.1 mm) inverse, vertex by vertex in chunks."""
    import prcoords

    convert = prcoords.gcj_wgs_bored if datum == "GCJ-02" else prcoords.bd_wgs_bored
    coords = shapely.get_coordinates(geoms)
    out = np.empty_like(coords)
    outside = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # prcoords warns once per point outside China; counted below instead
        for start in range(0, len(coords), _CONVERT_CHUNK):
            if cancelled is not None and cancelled():
                raise Cancelled()
            chunk = coords[start:start + _CONVERT_CHUNK].tolist()
            converted = [convert((lat, lon), False) for lon, lat in chunk]
            out[start:start + len(chunk)] = [(c.lon, c.lat) for c in converted]
            outside += sum(not prcoords.sanity_in_china_p(prcoords.Coords(lat, lon)) for lon, lat in chunk)
    if outside:
        sink.append(problem_line(path, f"{outside} coordinates lie outside China, where {datum} is not used; "
                                       "they were left as they are"))
    result = np.array(geoms, copy=True)
    return shapely.set_coordinates(result, out)


def to_map_geometry(path: Path, gdf: GeoDataFrame, source_crs: CRS | str, sink: list[str],
                    cancelled: Callable[[], bool] | None = None, swap_hint: str = "") -> tuple[GeoDataFrame, str]:
    """Clean ``gdf`` (see the module's rules) and convert it to WGS-84; return it with its kind."""
    import geopandas as gpd
    from pyproj import CRS

    geoms = gdf.geometry.array
    gdf = _drop(gdf, np.asarray(shapely.is_missing(geoms) | shapely.is_empty(geoms)), path,
                "empty or no geometry", sink)
    types = shapely.get_type_id(gdf.geometry.array)
    gdf = _drop(gdf, types == 7, path, "GeometryCollection (not drawn)", sink)
    codes = _KIND_OF_TYPE[shapely.get_type_id(gdf.geometry.array)]
    counts = np.bincount(codes, minlength=3)
    kind = KINDS[int(np.argmax(counts))]
    if (counts > 0).sum() > 1:
        others = ", ".join(f"{c} {n}" for n, c in zip(KINDS, counts, strict=True) if n != kind and c)
        sink.append(problem_line(path, f"the layer mixes geometry kinds: kept its {counts.max()} {kind} features, "
                                       f"left out {others} (a layer holds one kind)"))
        gdf = gdf[codes == KINDS.index(kind)]
    bad, coords = _bad_coordinate_mask(gdf.geometry.array, False)
    gdf = _drop(gdf, bad, path, "NaN or infinite coordinates", sink)
    if gdf.empty:
        raise UserDataError(path, "has no feature with a usable geometry")
    geoms = np.asarray(gdf.geometry.array)
    if _is_geographic(source_crs):
        _check_swapped(path, coords, swap_hint)
    if isinstance(source_crs, str):
        geoms = _from_chinese_datum(geoms, source_crs, path, sink, cancelled)
    elif not source_crs.equals(CRS.from_epsg(4326), ignore_axis_order=True):
        from pyproj.exceptions import ProjError

        try:
            geoms = np.asarray(gpd.GeoSeries(geoms, crs=source_crs).to_crs(4326).array)
        except (ProjError, ValueError) as error:
            raise UserDataError(path, f"cannot be converted from {crs_label(source_crs)} to WGS-84: {error}") from None
    out = gpd.GeoDataFrame(gdf.drop(columns="geometry"), geometry=gpd.GeoSeries(geoms, index=gdf.index), crs=4326)
    bad, _ = _bad_coordinate_mask(np.asarray(out.geometry.array), True)
    if bad.all():
        x, y = shapely.get_coordinates(geoms[:1])[0]
        raise UserDataError(path, f"no feature lies within ±180° longitude, ±90° latitude once converted from "
                                  f"{crs_label(source_crs)} (first point x={x:g}, y={y:g}): is that the right "
                                  "coordinate system?")
    out = _drop(out, bad, path, "outside ±180° longitude / ±90° latitude", sink)
    return out.reset_index(drop=True), kind
