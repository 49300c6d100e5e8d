"""Each format the issue names opens through each of the user's three ways in: File → Add Layer…,
a drop on the window, and the command line; written as real files in a temporary folder."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any
from unittest import mock

import geopandas as gpd
import pyogrio
import pytest
import shapely
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from tests.qt.conftest import DRAW_TIMEOUT_MS, status
from tests.qt.test_command_line import run

NAMES = ["衢州", "柯城区", "衢江区"]


def _points() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"name": NAMES, "v": [1.0, 2.0, 3.0]},
                            geometry=shapely.points([118.87, 118.8, 118.95], [28.94, 28.97, 28.9]), crs=4326)


def write_every_format(folder: Path) -> dict[str, Path]:
    """One small point file per format (names say which), as a user would bring them."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for fmt, driver, suffix in (("GeoJSON", "GeoJSON", ".geojson"), ("GeoPackage", "GPKG", ".gpkg"),
                                ("KML", "KML", ".kml"), ("FlatGeobuf", "FlatGeobuf", ".fgb")):
        files[fmt] = folder / f"points-{fmt.lower()}{suffix}"
        pyogrio.write_dataframe(_points(), files[fmt], driver=driver)
    files["GPX"] = folder / "walk.gpx"
    pyogrio.write_dataframe(_points()[["name", "geometry"]], files["GPX"], driver="GPX")
    shp = folder / "shp"
    shp.mkdir()
    pyogrio.write_dataframe(_points(), shp / "sites.shp")
    files["Shapefile"] = folder / "sites-shapefile.zip"
    with zipfile.ZipFile(files["Shapefile"], "w") as zipped:
        for member in shp.iterdir():
            zipped.write(member, member.name)
    files["GeoParquet"] = folder / "points.parquet"
    _points().to_crs(32650).to_parquet(files["GeoParquet"])
    table = gpd.GeoDataFrame({"经度": [118.87, 118.8, 118.95], "纬度": [28.94, 28.97, 28.9], "name": NAMES})
    files["CSV"] = folder / "villages.csv"
    table.to_csv(files["CSV"], index=False)
    files["XLSX"] = folder / "villages.xlsx"
    pyogrio.write_dataframe(table, files["XLSX"], driver="XLSX")
    return files


@pytest.fixture
def every_format(tmp_path: Path) -> dict[str, Path]:
    return write_every_format(tmp_path / "data")


def _opened(qtbot: Any, window: Any, files: dict[str, Path]) -> None:
    """Every file is a layer with its three features, drawn on the page, and nothing failed."""
    assert window.loader.failures == []
    layers = {Path(layer.source.path).name: layer for layer in window.state.layers if not layer.is_theme}
    assert sorted(layers) == sorted(path.name for path in files.values())
    assert all(layer.status == "ok" and layer.feature_count == 3 for layer in layers.values())
    formats = {layer.source.format for layer in layers.values()}
    assert formats == set(files)
    qtbot.waitUntil(lambda: set(status(qtbot, window)["order"]) >= {layer.id for layer in layers.values()},
                    timeout=DRAW_TIMEOUT_MS)


def test_every_format_from_the_add_layer_menu(open_window: Any, qtbot: Any, every_format: dict[str, Path]) -> None:
    window = open_window()
    window.loader.choose = lambda title, label, items, current=0: items[0]  # CSV/XLSX: WGS-84, the default
    chosen = ([str(path) for path in every_format.values()], "")
    with mock.patch("PySide6.QtWidgets.QFileDialog.getOpenFileNames", return_value=chosen):  # the dialog only
        with qtbot.waitSignal(window.loader.all_done, timeout=60_000):
            window.add_layer_action.trigger()
    _opened(qtbot, window, every_format)


def test_every_format_dropped_on_the_window(open_window: Any, qtbot: Any, every_format: dict[str, Path]) -> None:
    window = open_window()
    window.loader.choose = lambda title, label, items, current=0: items[0]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in every_format.values()])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    with qtbot.waitSignal(window.loader.all_done, timeout=60_000):
        QApplication.sendEvent(window, QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime,
                                                  Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    _opened(qtbot, window, every_format)


def test_every_format_from_the_command_line(tmp_path: Path, every_format: dict[str, Path]) -> None:
    target = tmp_path / "all.png"
    result = run(*(str(path) for path in every_format.values()), "--screenshot", str(target), timeout=180)
    assert result.returncode == 0, result.stderr  # 1, with the file named, if any could not be opened
    assert target.stat().st_size > 0
    for path in every_format.values():
        assert str(path) not in result.stderr
