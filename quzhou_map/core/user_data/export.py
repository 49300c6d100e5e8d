"""Write a layer out as GeoJSON, GeoPackage or CSV, in WGS-84, all or nothing: the file is written in a temporary
folder beside the target and moved into place with ``os.replace``, so a failure never leaves half a file."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from quzhou_map.core.user_data.errors import UserDataError

if TYPE_CHECKING:
    from geopandas import GeoDataFrame

EXPORT_FORMATS = {"GeoJSON": ".geojson", "GPKG": ".gpkg", "CSV": ".csv"}


def export_layer(gdf: GeoDataFrame, path: Path, format: str, overwrite: bool = False) -> None:  # noqa: A002
    """Write ``gdf`` to ``path``; refuses an existing path unless ``overwrite``. CSV: points as lon/lat columns,
    other geometries as a WKT "geometry" column; UTF-8 with a BOM so spreadsheet programs read Chinese right."""
    from quzhou_map.core.user_data.sources import configure_gdal

    path = Path(path)
    if format not in EXPORT_FORMATS:
        raise UserDataError(path, f"unknown export format {format!r} (choose one of {', '.join(EXPORT_FORMATS)})")
    if path.is_dir():
        raise UserDataError(path, "is a folder")
    if path.exists() and not overwrite:
        raise UserDataError(path, "already exists (not overwritten)")
    if gdf.crs is None:
        gdf = gdf.set_crs(4326)
    elif not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs(4326)
    configure_gdal()
    try:
        workdir = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    except OSError as error:
        raise UserDataError(path, f"cannot be written: {error.strerror or error}") from None
    try:
        temp = workdir / f"export{EXPORT_FORMATS[format]}"
        if format == "CSV":
            _write_csv(gdf, temp)
        else:
            import pyogrio

            driver = "GeoJSON" if format == "GeoJSON" else "GPKG"
            # GDAL reserves table names starting with "gpkg" for GeoPackage's own tables
            stem = path.stem if not path.stem.lower().startswith("gpkg") else f"layer_{path.stem}"
            layer = None if format == "GeoJSON" else stem
            pyogrio.write_dataframe(gdf, temp, driver=driver, layer=layer)
        os.replace(temp, path)
    except UserDataError:
        raise
    except Exception as error:  # noqa: BLE001 - one message naming the file, never a traceback
        raise UserDataError(path, f"cannot be written as {format}: {error}") from None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _write_csv(gdf: GeoDataFrame, target: Path) -> None:
    import shapely

    table = gdf.drop(columns=gdf.geometry.name)
    geoms = gdf.geometry.array
    if len(gdf) and bool((shapely.get_type_id(geoms) == 0).all()):
        table.insert(0, "lat", shapely.get_y(geoms))
        table.insert(0, "lon", shapely.get_x(geoms))
    else:
        table.insert(0, "geometry", shapely.to_wkt(geoms, rounding_precision=-1))
    table.to_csv(target, index=False, encoding="utf-8-sig")
