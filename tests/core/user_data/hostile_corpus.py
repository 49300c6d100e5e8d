"""At least 100 bad files, across every format, for the user-data reader (core tests) and its dialogs (Qt tests).

``write_hostile_corpus(folder)`` returns (path, expected) pairs, expected being:
"error" (a UserDataError naming the file), "warn" (loads, with warnings), "load" (loads) or "any" (either).
"""

from __future__ import annotations

import json
import os
import struct
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".zip", ".kml", ".gpx", ".fgb", ".parquet", ".geoparquet", ".csv",
            ".xlsx")
HUGE = (1 << 30) + 4096


def _points(n: int = 5, x0: float = 118.8, y0: float = 28.9) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"name": [f"点{i}" for i in range(n)], "v": np.arange(n, dtype=float)},
                            geometry=shapely.points(x0 + np.arange(n) * 0.01, y0 + np.arange(n) * 0.01), crs=4326)


def _feature_collection(geoms: list, props: list | None = None) -> str:
    features = [{"type": "Feature", "properties": (props or [{}] * len(geoms))[i], "geometry": g}
                for i, g in enumerate(geoms)]
    return json.dumps({"type": "FeatureCollection", "features": features})


def _pt(x: float, y: float) -> dict:
    return {"type": "Point", "coordinates": [x, y]}


def _write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _truncate(path: Path, fraction: float = 0.5) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: max(1, int(len(data) * fraction))])
    return path


def write_hostile_corpus(folder: Path) -> list[tuple[Path, str]]:  # noqa: C901 - a list of cases, on purpose
    """Write the corpus into ``folder`` (created) and return (path, expected outcome) for each case."""
    folder.mkdir(parents=True, exist_ok=True)
    out: list[tuple[Path, str]] = []
    rng = np.random.default_rng(7)

    def add(path: Path, expected: str) -> None:
        out.append((path, expected))

    for suffix in SUFFIXES:  # empty, binary junk, text junk, junk with every suffix
        stem = suffix.strip(".")
        add(_write(folder / f"empty_{stem}{suffix}", b""), "error")
        add(_write(folder / f"junk_{stem}{suffix}", rng.bytes(3000)), "error")
        add(_write(folder / f"text_{stem}{suffix}", "hello, world\nnot geodata at all\n" * 5), "error")
        add(_write(folder / f"nul_{stem}{suffix}", b"\x00" * 4096), "error")
        add(_write(folder / f"html_{stem}{suffix}", "<html><body>404 Not Found</body></html>"), "error")
    add(_write(folder / "unknown.dat", rng.bytes(100)), "error")
    add(_write(folder / "no_suffix", "lon,lat\n118,28\n"), "error")

    # truncated versions of valid files
    base = _points(200)
    for driver, suffix in (("GeoJSON", ".geojson"), ("GPKG", ".gpkg"), ("FlatGeobuf", ".fgb"), ("KML", ".kml"),
                           ("GPX", ".gpx")):
        data = base if driver != "GPX" else base[["name", "geometry"]]
        target = folder / f"truncated_{driver}{suffix}"
        pyogrio.write_dataframe(data, target, driver=driver)
        add(_truncate(target, 0.4), "any" if driver in ("GPKG", "FlatGeobuf") else "error")
    base.to_parquet(folder / "truncated.parquet")
    add(_truncate(folder / "truncated.parquet"), "error")
    pyogrio.write_dataframe(base.drop(columns="geometry").assign(lon=1.0, lat=2.0), folder / "tr.xlsx", driver="XLSX")
    add(_truncate(folder / "tr.xlsx"), "error")
    # wrong extensions
    pyogrio.write_dataframe(base, folder / "gp_named.geojson", driver="GPKG")
    add(folder / "gp_named.geojson", "warn")
    add(_write(folder / "geojson_named.gpkg", _feature_collection([_pt(118.8, 28.9)])), "error")
    add(_write(folder / "geojson_named.fgb", _feature_collection([_pt(118.8, 28.9)])), "error")
    add(_write(folder / "csv_named.json", "lon,lat\n118.8,28.9\n"), "error")
    add(_write(folder / "geojson_named.zip", _feature_collection([_pt(118.8, 28.9)])), "error")
    add(_write(folder / "geojson_named.xlsx", _feature_collection([_pt(118.8, 28.9)])), "error")
    add(_write(folder / "geojson_named.parquet", _feature_collection([_pt(118.8, 28.9)])), "error")
    # GeoJSON content problems
    gj = {
        "invalid_json": ('{"type": "FeatureCollection", "features": [', "error"),
        "no_features": (_feature_collection([]), "error"),
        "all_null": (_feature_collection([None, None]), "error"),
        "some_null": (_feature_collection([None, _pt(118.8, 28.9), _pt(118.9, 28.95)]), "warn"),
        "mixed": (_feature_collection([_pt(118.8, 28.9), _pt(118.9, 28.9),
                                       {"type": "LineString", "coordinates": [[118.8, 28.9], [118.9, 29]]}]), "warn"),
        "collection": (_feature_collection([{"type": "GeometryCollection", "geometries": [_pt(118.8, 28.9)]},
                                            _pt(118.8, 28.9)]), "warn"),
        "only_collection": (_feature_collection([{"type": "GeometryCollection", "geometries": []}]), "error"),
        "swapped": (_feature_collection([_pt(28.9, 118.8), _pt(29.0, 118.9)]), "error"),
        "out_of_range_some": (_feature_collection([_pt(118.8, 28.9), _pt(500, 28.9)]), "warn"),
        "out_of_range_all": (_feature_collection([_pt(1e300, 1e300), _pt(500000, 3200000)]), "error"),
        "projected_no_crs": (_feature_collection([_pt(500000, 3200000)]), "error"),
        "empty_point": (_feature_collection([{"type": "Point", "coordinates": []}, _pt(118.8, 28.9)]), "any"),
        "bad_coord": (_feature_collection([{"type": "Point", "coordinates": ["a", "b"]}, _pt(118.8, 28.9)]), "any"),
        "nan_literal": ('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
                        '"geometry":{"type":"Point","coordinates":[NaN, 28]}}]}', "error"),
        "unknown_crs": ('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:999999"}},'
                        '"features":[{"type":"Feature","properties":{},"geometry":' + json.dumps(_pt(1, 2)) + '}]}',
                        "any"),
        "not_feature_collection": ('[1, 2, 3]', "error"),
        "topojson": ('{"type":"Topology","objects":{},"arcs":[]}', "error"),
        "deep": ('[' * 5000 + ']' * 5000, "error"),
        "bad_utf8": (b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"n":"\xff\xfe"},'
                     b'"geometry":{"type":"Point","coordinates":[118.8,28.9]}}]}', "any"),
        "polygon_open": (_feature_collection([{"type": "Polygon", "coordinates": [[[118, 28], [119, 28], [119, 29]]]}]),
                         "any"),
    }
    for name, (text, expected) in gj.items():
        add(_write(folder / f"gj_{name}.geojson", text), expected)
    # size limits: sparse files, no disk used
    for suffix in (".geojson", ".csv"):
        huge = folder / f"huge{suffix}"
        with open(huge, "wb") as handle:
            handle.write(b"{" if suffix == ".geojson" else b"lon,lat\n")
            handle.truncate(HUGE)
        add(huge, "error")
    # folders, devices, FIFOs, permissions
    (folder / "empty_folder").mkdir()
    add(folder / "empty_folder", "error")
    (folder / "folder_no_shp").mkdir()
    _write(folder / "folder_no_shp" / "readme.txt", "nothing here")
    add(folder / "folder_no_shp", "error")
    os.mkfifo(folder / "pipe.geojson")
    add(folder / "pipe.geojson", "error")
    os.symlink("/dev/zero", folder / "zero.geojson")
    add(folder / "zero.geojson", "error")
    add(folder / "missing.geojson", "error")
    locked = _write(folder / "locked.geojson", _feature_collection([_pt(118.8, 28.9)]))
    locked.chmod(0)
    add(locked, "error" if os.geteuid() != 0 else "load")
    # Shapefiles
    shp_dir = folder / "shp_no_shx"
    shp_dir.mkdir()
    pyogrio.write_dataframe(base, shp_dir / "a.shp")
    (shp_dir / "a.shx").unlink()
    add(shp_dir / "a.shp", "error")
    add(shp_dir, "error")
    no_dbf = folder / "shp_no_dbf"
    no_dbf.mkdir()
    pyogrio.write_dataframe(base, no_dbf / "a.shp")
    (no_dbf / "a.dbf").unlink()
    add(no_dbf / "a.shp", "any")
    fifo_dbf = folder / "shp_fifo_dbf"
    fifo_dbf.mkdir()
    pyogrio.write_dataframe(base, fifo_dbf / "a.shp")
    (fifo_dbf / "a.dbf").unlink()
    os.mkfifo(fifo_dbf / "a.dbf")
    add(fifo_dbf / "a.shp", "error")
    trunc_shp = folder / "shp_truncated"
    trunc_shp.mkdir()
    pyogrio.write_dataframe(base, trunc_shp / "a.shp")
    _truncate(trunc_shp / "a.shp", 0.3)
    add(trunc_shp / "a.shp", "any")
    two_shp = folder / "shp_two"
    two_shp.mkdir()
    pyogrio.write_dataframe(base, two_shp / "a.shp")
    pyogrio.write_dataframe(base, two_shp / "b.shp")
    add(two_shp, "error")  # read_layer without a layer: the user must pick
    for name, members in {"zip_no_shp": {"readme.txt": b"hi"}, "zip_empty": {},
                          "zip_shp_without_shx": {"a.shp": (shp_dir / "a.shp").read_bytes()},
                          "zip_junk_shp": {"a.shp": rng.bytes(500), "a.shx": rng.bytes(100), "a.dbf": b"x"}}.items():
        with zipfile.ZipFile(folder / f"{name}.zip", "w") as archive:
            for member, data in members.items():
                archive.writestr(member, data)
        add(folder / f"{name}.zip", "error")
    bomb = folder / "zip_bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.shp", b"\x00" * 100_000)
    raw = bytearray(bomb.read_bytes())
    central = raw.find(b"PK\x01\x02")
    raw[central + 24: central + 28] = struct.pack("<I", 0xFFFFFFF0)  # claims to unpack to 4 GB
    bomb.write_bytes(bytes(raw))
    add(bomb, "error")
    # CSV
    csvs = {
        "no_coords": ("name,value\na,1\nb,2\n", "error"),
        "only_header": ("lon,lat\n", "error"),
        "non_numeric_some": ("lon,lat,name\n118.8,28.9,a\nabc,28.9,b\n118.9,29,c\n", "warn"),
        "non_numeric_all": ("lon,lat\nabc,def\nghi,jkl\n", "error"),
        "swapped": ("lon,lat\n28.9,118.8\n29.0,118.9\n", "error"),
        "nan": ("lon,lat\nnan,28.9\n118.8,28.9\n", "warn"),
        "inf": ("lon,lat\ninf,28.9\n118.8,28.9\n", "warn"),
        "out_of_range": ("lon,lat\n118.8,28.9\n918.8,28.9\n", "warn"),
        "all_out_of_range": ("x,y\n500000,3200000\n500100,3200100\n", "error"),
        "empty_cells": ("lon,lat\n,\n118.8,28.9\n", "warn"),
        "ragged": ("lon,lat\n118.8,28.9,extra,more\n118.9,29\n", "any"),
        "semicolon": ("lon;lat;name\n118.8;28.9;a\n", "load"),
        "quotes": ('lon,lat,name\n118.8,28.9,"unclosed\n', "any"),
        "same_column": ("x\n118.8\n", "error"),
        "blank_lines": ("\n\n\n", "error"),
        "bom": ("\ufefflon,lat\n118.8,28.9\n", "load"),
    }
    for name, (text, expected) in csvs.items():
        add(_write(folder / f"csv_{name}.csv", text), expected)
    add(_write(folder / "csv_gbk.csv", "经度,纬度,名称\n118.8,28.9,衢州\n".encode("gbk")), "warn")
    add(_write(folder / "csv_latin1.csv", "lon,lat,name\n118.8,28.9,café\n".encode("latin-1")), "warn")
    add(_write(folder / "csv_utf16.csv", "lon,lat\n118.8,28.9\n".encode("utf-16")), "any")
    # XLSX, GPKG, GPX, KML, Parquet content problems
    pyogrio.write_dataframe(gpd.GeoDataFrame({"name": ["a"], "value": [1]}), folder / "xlsx_no_coords.xlsx",
                            driver="XLSX")
    add(folder / "xlsx_no_coords.xlsx", "error")
    pyogrio.write_dataframe(gpd.GeoDataFrame({"lon": [28.9], "lat": [118.8]}), folder / "xlsx_swapped.xlsx",
                            driver="XLSX")
    add(folder / "xlsx_swapped.xlsx", "error")
    pyogrio.write_dataframe(base.iloc[:0], folder / "gp_empty_layer.gpkg", layer="empty")
    add(folder / "gp_empty_layer.gpkg", "error")
    pyogrio.write_dataframe(base, folder / "gp_two.gpkg", layer="one")
    pyogrio.write_dataframe(base, folder / "gp_two.gpkg", layer="two", append=True)
    add(folder / "gp_two.gpkg", "error")  # read_layer without a layer: the user must pick
    pyogrio.write_dataframe(gpd.GeoDataFrame({"a": [1]}), folder / "gp_table_only.gpkg", driver="GPKG")
    add(folder / "gp_table_only.gpkg", "error")
    mixed = gpd.GeoDataFrame({"k": [1, 2, 3]}, geometry=[shapely.Point(118.8, 28.9), shapely.Point(118.9, 29),
                                                         shapely.box(118, 28, 119, 29)], crs=4326)
    pyogrio.write_dataframe(mixed, folder / "gp_mixed.gpkg", geometry_type="Unknown")
    add(folder / "gp_mixed.gpkg", "warn")
    add(_write(folder / "gpx_empty.gpx", '<?xml version="1.0"?><gpx version="1.1" creator="x"></gpx>'), "error")
    add(_write(folder / "gpx_broken.gpx", '<?xml version="1.0"?><gpx version="1.1"><wpt lat="28" lon='), "error")
    add(_write(folder / "kml_broken.kml", '<?xml version="1.0"?><kml><Document><Placemark><Point><coord'), "error")
    add(_write(folder / "kml_empty.kml", '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2">'
                                         '<Document></Document></kml>'), "error")
    base.drop(columns="geometry").to_parquet(folder / "plain.parquet")
    add(folder / "plain.parquet", "error")
    add(_write(folder / "par1_junk.parquet", b"PAR1" + rng.bytes(200) + b"PAR1"), "error")
    add(_write(folder / "fgb_junk.fgb", b"fgb\x03" + rng.bytes(300)), "error")
    add(_write(folder / "sqlite_junk.gpkg", b"SQLite format 3\x00" + rng.bytes(5000)), "error")
    return out
