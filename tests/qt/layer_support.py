"""Real files for the layer tests (written with geopandas/pyogrio into tmp_path) and ways to wait for them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from quzhou_map.core.layers import Layer
from quzhou_map.core.saved_layers import saved_layer
from quzhou_map.core.settings import Settings, save_settings
from tests.qt.conftest import DRAW_TIMEOUT_MS, js

#: Points inside Quzhou (Kecheng / Qujiang), lon/lat WGS-84.
POINTS = [(118.87, 28.94), (118.95, 28.97), (118.80, 28.90)]


def write_points_gpkg(path: Path, layer: str = "shops", names: list[str] | None = None) -> Path:
    names = names or ["a", "b", "c"]
    frame = gpd.GeoDataFrame({"name": names}, geometry=[shapely.Point(x, y) for x, y in POINTS[:len(names)]],
                             crs="EPSG:4326")
    frame.to_file(path, layer=layer, driver="GPKG", engine="pyogrio")
    return path


@pytest.fixture
def gpkg_file(tmp_path: Path) -> Path:
    """Three points with a declared CRS, one layer: nothing to ask."""
    return write_points_gpkg(tmp_path / "shops.gpkg")


@pytest.fixture
def two_layer_gpkg(tmp_path: Path) -> Path:
    path = write_points_gpkg(tmp_path / "two.gpkg", layer="first", names=["a", "b"])
    frame = gpd.GeoDataFrame({"kind": ["road"]}, geometry=[shapely.LineString(POINTS)], crs="EPSG:4326")
    frame.to_file(path, layer="second", driver="GPKG", engine="pyogrio")
    return path


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    """Longitude/latitude under their usual names, no CRS (the app assumes or asks)."""
    path = tmp_path / "stations.csv"
    pd.DataFrame({"name": ["x", "<b>y</b>"], "lon": [118.87, 118.95], "lat": [28.94, 28.97]}).to_csv(path, index=False)
    return path


@pytest.fixture
def odd_csv_file(tmp_path: Path) -> Path:
    """Coordinate columns the reader cannot guess: the user must choose them."""
    path = tmp_path / "odd.csv"
    pd.DataFrame({"label": ["p", "q"], "east": [118.87, 118.95], "north": [28.94, 28.97]}).to_csv(path, index=False)
    return path


@pytest.fixture
def gbk_shapefile_folder(tmp_path: Path) -> Path:
    """A Shapefile folder whose text is GBK and that has no .cpg to say so: the user must name the encoding."""
    folder = tmp_path / "towns"
    folder.mkdir()
    frame = gpd.GeoDataFrame({"name": ["衢州", "柯城"]}, geometry=[shapely.Point(x, y) for x, y in POINTS[:2]],
                             crs="EPSG:4326")
    frame.to_file(folder / "towns.shp", encoding="GBK", engine="pyogrio")
    for cpg in folder.glob("*.cpg"):
        cpg.unlink()
    return folder


@pytest.fixture
def broken_file(tmp_path: Path) -> Path:
    path = tmp_path / "broken.geojson"
    path.write_text("{ this is not json", encoding="utf-8")
    return path


@pytest.fixture
def big_gpkg(tmp_path: Path) -> Path:
    """Enough points (300k: three of the reader's batches) for a cancel to land while reading."""
    rng = np.random.default_rng(7)
    count = 300_000
    xs, ys = rng.uniform(118.6, 119.1, count), rng.uniform(28.7, 29.2, count)
    frame = gpd.GeoDataFrame({"n": np.arange(count)}, geometry=shapely.points(xs, ys), crs="EPSG:4326")
    path = tmp_path / "big.gpkg"
    frame.to_file(path, layer="big", driver="GPKG", engine="pyogrio")
    return path


def open_and_draw(qtbot: Any, window: Any, paths: list[Path], interactive: bool = False) -> list[str]:
    """Open ``paths`` through the window's loader; the ids of the layers the page then drew."""
    drawn: list[str] = []
    window.map_view.layer_drawn.connect(lambda layer_id, *_rest: drawn.append(layer_id))
    before = {layer.id for layer in window.state.layers}
    with qtbot.waitSignal(window.loader.all_done, timeout=DRAW_TIMEOUT_MS):
        window.loader.open_files(paths, interactive=interactive)
    added = [layer.id for layer in window.state.layers if layer.id not in before and layer.status == "ok"]
    qtbot.waitUntil(lambda: set(added) <= set(drawn), timeout=DRAW_TIMEOUT_MS)
    return added


def page_status(qtbot: Any, window: Any) -> dict[str, Any]:
    return js(qtbot, window, "QuzhouMap.debug.status()")


def page_layer(qtbot: Any, window: Any, layer_id: str) -> dict[str, Any] | None:
    """The page's own account of one layer (None: not on the page)."""
    return next((entry for entry in page_status(qtbot, window)["layers"] if entry["id"] == layer_id), None)


def save_user_layers(config_dir: Path, layers: list[Layer]) -> None:
    """Settings as a previous run would have left them, with these user layers on top."""
    save_settings(Settings(layers=[saved_layer(layer) for layer in layers]), config_dir)
