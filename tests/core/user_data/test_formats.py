"""Each format opens, CRSs are converted, Chinese datums too, and exports round-trip (real files in tmp_path)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import prcoords
import pyogrio
import pytest
import shapely

from quzhou_map.core.user_data import OpenRequest, UserDataError, export_layer, inspect, read_layer, supported_suffixes

NAMES = ["衢州", "柯城区", "衢江区"]


def _points(crs: str | int = 4326) -> gpd.GeoDataFrame:
    gdf = gpd.GeoDataFrame({"name": NAMES, "v": [1.0, 2.0, 3.0]},
                           geometry=shapely.points([118.87, 118.8, 118.95], [28.94, 28.97, 28.9]), crs=4326)
    return gdf if crs == 4326 else gdf.to_crs(crs)


def _check(loaded, n: int = 3) -> None:
    assert len(loaded.gdf) == n and loaded.gdf.crs.to_epsg() == 4326 and loaded.geometry_type == "Point"
    assert list(loaded.gdf.index) == list(range(n)) and loaded.gdf.geometry.name == "geometry"
    np.testing.assert_allclose(loaded.extent, (118.8, 28.9, 118.95, 28.97), atol=1e-6)


@pytest.mark.parametrize(("driver", "suffix", "fmt"), [
    ("GeoJSON", ".geojson", "GeoJSON"), ("GPKG", ".gpkg", "GeoPackage"), ("FlatGeobuf", ".fgb", "FlatGeobuf"),
    ("KML", ".kml", "KML")])
def test_gdal_formats_open(tmp_path: Path, driver: str, suffix: str, fmt: str) -> None:
    path = tmp_path / f"data{suffix}"
    pyogrio.write_dataframe(_points(), path, driver=driver)
    found = inspect(path)
    assert found.format == fmt and len(found.layers) == 1 and found.declared_crs is not None
    loaded = read_layer(OpenRequest(path))
    _check(loaded)
    column = "Name" if fmt == "KML" else "name"  # KML's own name field; FlatGeobuf reorders spatially
    assert loaded.format == fmt and sorted(loaded.gdf[column]) == sorted(NAMES)


def test_gpx_waypoints(tmp_path: Path) -> None:
    path = tmp_path / "walk.gpx"
    pyogrio.write_dataframe(_points()[["name", "geometry"]], path, driver="GPX")
    found = inspect(path)
    assert found.format == "GPX" and found.layers == ("waypoints",)
    _check(read_layer(OpenRequest(path)))


def test_geopackage_with_two_layers(tmp_path: Path) -> None:
    path = tmp_path / "two.gpkg"
    pyogrio.write_dataframe(_points(), path, layer="sites")
    pyogrio.write_dataframe(_points().iloc[:2], path, layer="more", append=True)
    assert inspect(path).layers == ("sites", "more")
    with pytest.raises(UserDataError, match="choose one"):
        read_layer(OpenRequest(path))
    assert len(read_layer(OpenRequest(path, layer="more")).gdf) == 2


def test_shapefile_as_file_folder_and_zip(tmp_path: Path) -> None:
    folder = tmp_path / "shp"
    folder.mkdir()
    pyogrio.write_dataframe(_points(), folder / "sites.shp")
    archive = tmp_path / "sites.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for member in folder.iterdir():
            zipped.write(member, member.name)
    for path in (folder / "sites.shp", folder, archive):
        assert inspect(path).format == "Shapefile"
        loaded = read_layer(OpenRequest(path))
        _check(loaded)
        assert list(loaded.gdf["name"]) == NAMES


def test_gbk_shapefile_without_cpg(tmp_path: Path) -> None:
    path = tmp_path / "gbk.shp"
    pyogrio.write_dataframe(_points(), path, encoding="GBK")
    (tmp_path / "gbk.cpg").unlink()
    assert inspect(path).needs_encoding
    loaded = read_layer(OpenRequest(path, encoding="GBK"))
    assert list(loaded.gdf["name"]) == NAMES


def test_geoparquet(tmp_path: Path) -> None:
    path = tmp_path / "sites.parquet"
    _points(32650).to_parquet(path)
    found = inspect(path)
    assert found.format == "GeoParquet" and found.declared_crs == "EPSG:32650" and found.feature_count == 3
    _check(read_layer(OpenRequest(path)))


@pytest.mark.parametrize("header", [("经度", "纬度"), ("lon", "lat"), ("Longitude", "LATITUDE")])
def test_csv_with_usual_column_names(tmp_path: Path, header: tuple[str, str]) -> None:
    path = tmp_path / "sites.csv"
    rows = [f"{x},{y},{n}" for x, y, n in zip([118.87, 118.8, 118.95], [28.94, 28.97, 28.9], NAMES, strict=True)]
    path.write_text(",".join(header) + ",name\n" + "\n".join(rows) + "\n", encoding="utf-8")
    found = inspect(path)
    assert (found.x_column, found.y_column, found.declared_crs) == (header[0], header[1], None)
    loaded = read_layer(OpenRequest(path))
    _check(loaded)
    assert loaded.crs_assumed == "EPSG:4326" and list(loaded.gdf["name"]) == NAMES


def test_csv_with_other_names_needs_columns(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("E,N,name\n118.87,28.94,a\n118.8,28.97,b\n118.95,28.9,c\n", encoding="utf-8")
    found = inspect(path)
    assert found.columns == ("E", "N", "name") and found.x_column is None
    with pytest.raises(UserDataError, match="odd.csv: .*choose them"):
        read_layer(OpenRequest(path))
    _check(read_layer(OpenRequest(path, x_column="E", y_column="N")))


def test_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "sites.xlsx"
    table = _points()
    table = gpd.GeoDataFrame({"经度": table.geometry.x, "纬度": table.geometry.y, "name": NAMES})
    pyogrio.write_dataframe(table, path, driver="XLSX")
    found = inspect(path)
    assert found.format == "XLSX" and (found.x_column, found.y_column) == ("经度", "纬度")
    loaded = read_layer(OpenRequest(path))
    _check(loaded)
    assert list(loaded.gdf["name"]) == NAMES


@pytest.mark.parametrize("epsg", [32650, 4490, 3857])
def test_declared_crs_is_reprojected(tmp_path: Path, epsg: int) -> None:
    path = tmp_path / f"in_{epsg}.gpkg"
    pyogrio.write_dataframe(_points(epsg), path)
    loaded = read_layer(OpenRequest(path))
    assert loaded.crs_read == f"EPSG:{epsg}" and loaded.crs_assumed is None
    _check(loaded)


@pytest.mark.parametrize(("datum", "convert"), [("GCJ-02", prcoords.gcj_wgs_bored), ("BD-09", prcoords.bd_wgs_bored)])
def test_chinese_datums_assumed(tmp_path: Path, datum: str, convert) -> None:
    path = tmp_path / "amap.csv"
    points = [(118.8727, 28.9417), (118.6, 28.7), (119.1, 29.2)]
    path.write_text("lng,lat\n" + "\n".join(f"{x},{y}" for x, y in points) + "\n", encoding="utf-8")
    loaded = read_layer(OpenRequest(path, assumed_crs=datum))
    assert loaded.crs_assumed == datum
    for (x, y), got in zip(points, loaded.gdf.geometry, strict=True):
        want = convert(prcoords.Coords(y, x))
        assert prcoords.Coords(got.y, got.x).distance(want) < 1.0
        assert prcoords.Coords(got.y, got.x).distance(prcoords.Coords(y, x)) > 100  # it did move


def test_unknown_assumed_crs(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("lon,lat\n118.8,28.9\n", encoding="utf-8")
    with pytest.raises(UserDataError, match="a.csv: unknown coordinate reference system 'EPSG:999999'"):
        read_layer(OpenRequest(path, assumed_crs="EPSG:999999"))


@pytest.mark.parametrize("fmt", ["GeoJSON", "GPKG", "CSV"])
def test_export_round_trip_and_refusal(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"out.{fmt.lower()}"
    export_layer(_points(32650), path, fmt)
    back = read_layer(OpenRequest(path))
    _check(back)
    assert list(back.gdf["name"]) == NAMES
    before = path.read_bytes()
    with pytest.raises(UserDataError, match="already exists"):
        export_layer(_points(), path, fmt)
    assert path.read_bytes() == before
    export_layer(_points().iloc[:2], path, fmt, overwrite=True)
    assert len(read_layer(OpenRequest(path)).gdf) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_export_lines_to_csv_as_wkt(tmp_path: Path) -> None:
    lines = gpd.GeoDataFrame({"n": [1]}, geometry=[shapely.LineString([(118, 28), (119, 29)])], crs=4326)
    export_layer(lines, tmp_path / "l.csv", "CSV")
    assert "LINESTRING" in (tmp_path / "l.csv").read_text(encoding="utf-8-sig")


def test_suffixes_and_no_qt() -> None:
    assert ".gpkg" in supported_suffixes() and ".csv" in supported_suffixes()
    code = ("import sys, quzhou_map.core.user_data\n"
            "print([m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "[]", result.stderr


def test_export_to_a_geopackage_named_like_gdals_own_tables(tmp_path: Path) -> None:
    path = tmp_path / "gpkg_export.gpkg"  # GDAL reserves table names starting with "gpkg"
    export_layer(_points(), path, "GPKG")
    assert list(read_layer(OpenRequest(path)).gdf["name"]) == NAMES
