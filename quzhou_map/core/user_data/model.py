"""What the app passes in and gets back: named tuples, so the Qt layer can hold them without any geo import."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from geopandas import GeoDataFrame


class OpenRequest(NamedTuple):
    """Which file to read and the answers to the questions :class:`Inspection` raised."""

    path: Path
    layer: str | None = None  # chosen layer of a multi-layer file
    x_column: str | None = None  # CSV/XLSX: chosen longitude column
    y_column: str | None = None
    assumed_crs: str | None = None  # only when the file declares none: "EPSG:4326" | "GCJ-02" | "BD-09" | pyproj string
    encoding: str | None = None  # e.g. "GBK" for a Shapefile without .cpg, or a CSV


class Inspection(NamedTuple):
    """What the app must ask the user (layer, columns, CRS, encoding) before reading any features."""

    path: Path
    format: str  # "GeoJSON" | "GeoPackage" | "Shapefile" | "KML" | "GPX" | "FlatGeobuf" | "GeoParquet" | "CSV" | "XLSX"
    layers: tuple[str, ...]  # readable, non-empty layers; more than one: the user picks
    columns: tuple[str, ...]  # CSV/XLSX: every column
    x_column: str | None  # CSV/XLSX: detected longitude column, None when none matched
    y_column: str | None
    declared_crs: str | None  # None: the file declares none, the app asks
    needs_encoding: bool  # Shapefile without .cpg whose text is not UTF-8
    feature_count: int | None


class LoadedData(NamedTuple):
    """One layer, cleaned and in WGS-84 lon/lat, ready for the map."""

    gdf: GeoDataFrame  # EPSG:4326, RangeIndex, geometry column "geometry"
    geometry_type: str  # "Point" | "LineString" | "Polygon" (multi-parts count as their base kind)
    format: str
    layer: str | None
    crs_read: str | None  # as declared in the file
    crs_assumed: str | None  # what was assumed because the file declared none
    warnings: tuple[str, ...]  # each "<path>: <problem>"
    extent: tuple[float, float, float, float]  # west, south, east, north
