"""Reading one GeoJSON file defensively: size, encoding, JSON syntax, structure and CRS, each named."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quzhou_map.core.file_access import FileRefused, os_error_text, read_regular_file
from quzhou_map.core.problems import Problem, json_value
from quzhou_map.core.themes import DATASET_FILES

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
    raw: bytes = b""  # the file's bytes, as read once (GDAL reads these, not the path again)

    @property
    def features(self) -> list[dict[str, Any]]:
        return [f for f in (self.data or {}).get("features", []) if isinstance(f, dict)]

    def problem(self, reason: str, feature_id: str | None = None) -> None:
        self.problems.append(Problem(self.path, reason, feature_id))


def expand_paths(paths: Iterable[Path], problems: list[Problem] | None = None) -> list[Path]:
    """A directory stands for a whole dataset: its expected files (each missing one is a problem, when
    a list of ``problems`` is given) and any other GeoJSON in it. Files stand for themselves (checked when read).
    The same list is what the page cache hashes (core/page_cache.py), so the two always agree."""
    expanded: list[Path] = []
    for path in paths:
        try:
            is_folder = stat.S_ISDIR(os.stat(path).st_mode)
        except (OSError, ValueError):  # not there, a loop, a name too long: read_geojson names the reason
            is_folder = False
        if not is_folder:
            expanded.append(path)
            continue
        try:
            names = sorted(entry.name for entry in os.scandir(path))
        except OSError as error:
            if problems is not None:
                problems.append(Problem(path, f"is a folder that {os_error_text(error)}"))
            else:
                expanded.append(path)
            continue
        for name in DATASET_FILES:
            if name in names:
                expanded.append(path / name)
            elif problems is not None:
                problems.append(Problem(path / name, "is missing: a dataset folder holds every theme's "
                                               "file, the city record and the counties"))
        expanded += [path / name for name in names
                     if name.endswith(".geojson") and not name.startswith(".") and name not in DATASET_FILES]
    return expanded


def read_geojson(path: Path, max_bytes: int = MAX_FILE_BYTES) -> GeoJsonFile:
    """Read ``path`` without ever writing to it; problems are collected, never raised. Only a regular file is
    opened (a FIFO, a device or a folder is named as such), and never more than ``max_bytes`` of it."""
    result = GeoJsonFile(path)
    try:
        raw = read_regular_file(path, max_bytes)
    except FileRefused as refused:
        result.problem(str(refused))
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
    except ValueError as error:  # an integer of thousands of digits (Python's int-string limit)
        result.problem(f"is not usable JSON: {error}")
        return result
    unusable = unusable_value(data)
    if unusable:
        result.problem(f"is not usable JSON: {unusable}")
        return result
    _check_collection(result, data)
    if not result.problems:
        result.data, result.raw = data, raw
    return result


#: GeoJSON needs about 8 levels (a MultiPolygon's coordinates); deeper data is refused before any code recurses.
MAX_DEPTH = 64
#: The longest string (a key or a value) accepted anywhere in a dataset file.
MAX_STRING_CHARS = 100_000


def unusable_value(data: Any) -> str | None:
    """Why parsed JSON cannot be used, or None: nested deeper than MAX_DEPTH, or a string over MAX_STRING_CHARS.
    Walked without recursion. (A lone surrogate, "\\ud800", is a problem of its feature: site_checks.py.)"""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            items: list[Any] = [*value.keys(), *value.values()]
        elif isinstance(value, list):
            items = value
        else:
            continue
        if depth > MAX_DEPTH:
            return f"nested more than {MAX_DEPTH} levels deep"
        for item in items:
            if isinstance(item, str):
                if len(item) > MAX_STRING_CHARS:
                    return f"a string of {len(item):,} characters (at most {MAX_STRING_CHARS:,})"
            elif isinstance(item, dict | list):
                stack.append((item, depth + 1))
    return None


def _check_collection(result: GeoJsonFile, data: Any) -> None:
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        kind = data.get("type") if isinstance(data, dict) else None
        kind = (f"it is {json_value(data)}" if not isinstance(data, dict)
                else f"its type is {kind if isinstance(kind, str) and kind else json_value(kind)}")
        result.problem(f"is not a GeoJSON FeatureCollection ({kind})")
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
    return f"of an unsupported form ({json_value(crs)})"


def point_coordinates(feature: dict[str, Any]) -> tuple[Any, Any] | None:
    """(lon, lat) of a Point feature, or None unless it is [lon, lat] or [lon, lat, altitude] (RFC 7946 3.1.1)."""
    geometry = feature.get("geometry") or {}
    coordinates = geometry.get("coordinates")
    if geometry.get("type") != "Point" or not isinstance(coordinates, list) or not 2 <= len(coordinates) <= 3:
        return None
    return coordinates[0], coordinates[1]
