"""Reading one GeoJSON file defensively: size, encoding, JSON syntax, structure and CRS, each named."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quzhou_map.core.problems import Problem

#: Larger files are refused before parsing: the dataset is small, a huge file is a mistake or an attack.
MAX_FILE_BYTES = 64 * 1024 * 1024
WGS84_CRS_NAMES = {
    "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326", "OGC:CRS84",
}


@dataclass
class GeoJsonFile:
    """A parsed FeatureCollection with the problems met while reading it."""

    path: Path
    data: dict[str, Any] | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def features(self) -> list[dict[str, Any]]:
        return [f for f in (self.data or {}).get("features", []) if isinstance(f, dict)]

    def problem(self, reason: str, feature_id: str | None = None) -> None:
        self.problems.append(Problem(self.path, reason, feature_id))


def read_geojson(path: Path, max_bytes: int = MAX_FILE_BYTES) -> GeoJsonFile:
    """Read ``path`` without ever writing to it; problems are collected, never raised."""
    result = GeoJsonFile(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            result.problem(f"file is {size / 1e6:.1f} MB; files over {max_bytes / 1e6:.0f} MB are refused")
            return result
        raw = path.read_bytes()
    except OSError as error:
        result.problem(f"cannot be read: {error.strerror or error}")
        return result
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        result.problem(f"is not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start}); "
                       "GeoJSON must be UTF-8 (RFC 7946)")
        return result
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        result.problem(f"is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}")
        return result
    except RecursionError:
        result.problem("is not usable JSON: nested too deeply")
        return result
    _check_collection(result, data)
    if not result.problems:
        result.data = data
    return result


def _check_collection(result: GeoJsonFile, data: Any) -> None:
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        kind = data.get("type") if isinstance(data, dict) else type(data).__name__
        result.problem(f"is not a GeoJSON FeatureCollection (type is {kind!r})")
        return
    crs_name = _crs_name(data.get("crs"))
    if crs_name is not None and crs_name not in WGS84_CRS_NAMES:
        result.problem(f"declares CRS {crs_name!r}; GeoJSON here must be WGS-84 (OGC:CRS84 / EPSG:4326)")
    features = data.get("features")
    if not isinstance(features, list):
        result.problem("has no 'features' list")
        return
    for index, feature in enumerate(features):
        label = f"#{index + 1}"
        if isinstance(feature, dict) and isinstance(feature.get("properties"), dict):
            label = str(feature["properties"].get("id") or label)
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            result.problem("is not a GeoJSON Feature", label)
        elif not isinstance(feature.get("properties"), dict):
            result.problem("has no 'properties' object", label)
        elif not isinstance(feature.get("geometry"), dict) or "type" not in feature["geometry"]:
            result.problem("has no geometry", label)


def _crs_name(crs: Any) -> str | None:
    """The name in an old-style (GeoJSON 2008) ``crs`` member, which RFC 7946 dropped."""
    if crs is None:
        return None
    if isinstance(crs, dict) and isinstance(crs.get("properties"), dict) and crs["properties"].get("name"):
        return str(crs["properties"]["name"])
    return f"of an unsupported form {crs!r}"[:120]


def point_coordinates(feature: dict[str, Any]) -> tuple[Any, Any] | None:
    """(lon, lat) of a Point feature, or None unless it is [lon, lat] or [lon, lat, altitude] (RFC 7946 3.1.1)."""
    geometry = feature.get("geometry") or {}
    coordinates = geometry.get("coordinates")
    if geometry.get("type") != "Point" or not isinstance(coordinates, list) or not 2 <= len(coordinates) <= 3:
        return None
    return coordinates[0], coordinates[1]
