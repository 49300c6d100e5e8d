"""Opening the user's files: the loader's questions, reading off the UI thread, failures, cancel, drops,
restored layers and the command line, each against the real page."""
# ruff: noqa: F811  (the file fixtures come from tests/qt/layer_support.py, imported by name)

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QPushButton

from quzhou_map.core.layers import Layer, LayerSource, LayerStyle
from tests.qt.conftest import DRAW_TIMEOUT_MS
from tests.qt.layer_support import (  # noqa: F401  (fixtures)
    big_gpkg, broken_file, csv_file, gbk_shapefile_folder, gpkg_file, odd_csv_file, open_and_draw, page_layer,
    page_status, save_user_layers, two_layer_gpkg,
)
from tests.qt.test_command_line import run


def test_a_geopackage_is_read_off_the_ui_thread_and_drawn_on_top(open_window: Any, qtbot: Any,
                                                                  gpkg_file: Path) -> None:
    window = open_window()
    [layer_id] = open_and_draw(qtbot, window, [gpkg_file])
    layer = window.state.layer(layer_id)
    assert window.state.layers[0].id == layer_id  # on top
    assert (layer.title, layer.feature_count, layer.geometry_type) == ("shops", 3, "Point")
    assert layer.source.path == str(gpkg_file.resolve()) and layer.crs_read == "EPSG:4326"
    assert layer.style.color == "#ef6c00"  # the first user colour
    page = page_status(qtbot, window)
    assert page["order"][0] == layer_id
    assert page_layer(qtbot, window, layer_id)["visible"] is True
    assert window.loader.failures == [] and not window.loader.busy
    assert "shops" in window.statusBar().currentMessage()


def test_a_csv_with_usual_columns_is_assumed_wgs84_without_asking(open_window: Any, qtbot: Any,
                                                                   csv_file: Path) -> None:
    window = open_window()
    [layer_id] = open_and_draw(qtbot, window, [csv_file])
    layer = window.state.layer(layer_id)
    assert layer.feature_count == 2 and layer.crs_read is None and layer.crs_assumed == "EPSG:4326"
    assert layer.source.assumed_crs == "EPSG:4326"


def test_interactive_open_asks_for_columns_and_crs(open_window: Any, qtbot: Any, odd_csv_file: Path) -> None:
    window = open_window()
    asked: list[str] = []

    def choose(title: str, label: str, items: list[str], current: int = 0) -> str:
        asked.append(title)
        return {"Longitude column": "east", "Latitude column": "north"}.get(title) or items[1]  # CRS: GCJ-02

    window.loader.choose = choose
    [layer_id] = open_and_draw(qtbot, window, [odd_csv_file], interactive=True)
    assert asked == ["Longitude column", "Latitude column", "Coordinate system"]
    source = window.state.layer(layer_id).source
    assert (source.x_column, source.y_column, source.assumed_crs) == ("east", "north", "GCJ-02")
    assert window.state.layer(layer_id).crs_assumed is not None


def test_a_cancelled_question_opens_nothing(open_window: Any, qtbot: Any, odd_csv_file: Path) -> None:
    window = open_window()
    window.loader.choose = lambda *args, **kwargs: None
    before = window.state.layers
    with qtbot.waitSignal(window.loader.all_done, timeout=5000):
        window.loader.open_files([odd_csv_file], interactive=True)
    assert window.state.layers == before and window.loader.failures == []


def test_without_questions_a_csv_with_unknown_columns_fails_naming_the_file(open_window: Any, qtbot: Any,
                                                                            odd_csv_file: Path) -> None:
    window = open_window()
    with qtbot.waitSignal(window.loader.all_done, timeout=5000):
        window.loader.open_files([odd_csv_file], interactive=False)
    [failure] = window.loader.failures
    assert failure.startswith(f"{odd_csv_file}: ") and "east" in failure


def test_a_multi_layer_file_opens_its_first_layer_unasked_or_the_chosen_one(open_window: Any, qtbot: Any,
                                                                            two_layer_gpkg: Path) -> None:
    window = open_window()
    [first] = open_and_draw(qtbot, window, [two_layer_gpkg])
    assert window.state.layer(first).source.layer == "first"
    window.loader.choose = lambda title, label, items, current=0: items[1]
    added = open_and_draw(qtbot, window, [two_layer_gpkg], interactive=True)
    second = window.state.layer(added[0])
    assert second.source.layer == "second" and second.geometry_type == "LineString"
    assert second.id != first and second.style.color != window.state.layer(first).style.color


def test_a_shapefile_folder_without_cpg_asks_for_the_encoding(open_window: Any, qtbot: Any,
                                                             gbk_shapefile_folder: Path) -> None:
    window = open_window()
    asked: list[tuple[str, list[str]]] = []

    def choose(title: str, label: str, items: list[str], current: int = 0) -> str:
        asked.append((title, items))
        return items[current]

    window.loader.choose = choose
    [layer_id] = open_and_draw(qtbot, window, [gbk_shapefile_folder], interactive=True)
    assert asked == [("Text encoding", ["GBK", "GB18030", "UTF-8", "Big5", "latin-1"])]
    assert window.state.layer(layer_id).source.encoding == "GBK"
    assert list(window.state.layer_data(layer_id).frame["name"]) == ["衢州", "柯城"]
    [unasked] = open_and_draw(qtbot, window, [gbk_shapefile_folder])  # as on the command line: GBK
    assert list(window.state.layer_data(unasked).frame["name"]) == ["衢州", "柯城"]


def test_a_broken_file_is_reported_by_name_and_the_app_keeps_running(open_window: Any, qtbot: Any,
                                                                     broken_file: Path, gpkg_file: Path,
                                                                     capsys: Any) -> None:
    window = open_window()
    warnings: list[str] = []
    window.loader.warn = warnings.append
    with qtbot.waitSignal(window.loader.all_done, timeout=DRAW_TIMEOUT_MS):
        window.loader.open_files([broken_file], interactive=True)
    assert len(warnings) == 1 and warnings[0].startswith(f"{broken_file}: ")
    assert window.loader.failures == warnings
    assert str(broken_file) in window.statusBar().currentMessage()
    assert str(broken_file) in capsys.readouterr().err
    assert all(layer.is_theme for layer in window.state.layers)
    assert open_and_draw(qtbot, window, [gpkg_file])  # still works


def test_cancel_in_the_progress_dialog_adds_nothing(open_window: Any, qtbot: Any, big_gpkg: Path) -> None:
    window = open_window()
    before = window.state.layers
    window.loader.open_files([big_gpkg], interactive=True)
    dialog = window.loader.progress_dialog
    assert dialog is not None and window.loader.busy
    QApplication.processEvents()  # the window stays responsive while the file is read
    with qtbot.waitSignal(window.loader.all_done, timeout=DRAW_TIMEOUT_MS):
        dialog.findChild(QPushButton).click()  # its Cancel button
    assert window.state.layers == before
    assert window.loader.failures == [] and window.loader.progress_dialog is None
    assert "Cancelled" in window.statusBar().currentMessage()


def test_files_dropped_on_the_window_are_opened(open_window: Any, qtbot: Any, gpkg_file: Path, csv_file: Path) -> None:
    window = open_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(gpkg_file)), QUrl.fromLocalFile(str(csv_file))])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.loader.choose = lambda title, label, items, current=0: items[0]  # the CSV's CRS: WGS-84
    with qtbot.waitSignal(window.loader.all_done, timeout=DRAW_TIMEOUT_MS):
        QApplication.sendEvent(window, drop)
    titles = sorted(layer.title for layer in window.state.layers if not layer.is_theme)
    assert titles == ["shops", "stations"]
    # dropped on the map itself (the web view's own widget would take it): opened all the same
    target = window.map_view.focusProxy()
    assert target is not None
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)  # Qt sends a drop only to the widget that took the drag's enter
    assert enter.isAccepted()
    with qtbot.waitSignal(window.loader.all_done, timeout=DRAW_TIMEOUT_MS):
        QApplication.sendEvent(target, QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime,
                                                  Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    assert sum(1 for layer in window.state.layers if not layer.is_theme) == 4


def test_restored_layers_are_read_again_or_shown_unavailable(open_window: Any, qtbot: Any, config_dir: Path,
                                                            gpkg_file: Path, broken_file: Path,
                                                            tmp_path: Path) -> None:
    def saved(layer_id: str, path: Path, title: str) -> Layer:
        return Layer(layer_id, title, LayerSource("file", str(path), format="GeoPackage"), "Point",
                     LayerStyle("#00838f", 9.0, 0.5), visible=False)

    gone = tmp_path / "gone.gpkg"
    save_user_layers(config_dir, [saved("layer-1", gpkg_file, "My shops"), saved("layer-2", gone, "Gone"),
                                  saved("layer-3", broken_file, "Broken")])
    window = open_window()
    qtbot.waitUntil(lambda: window.files_started and not window.loader.busy, timeout=DRAW_TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.state.layer("layer-1").status == "ok", timeout=DRAW_TIMEOUT_MS)
    shops = window.state.layer("layer-1")
    assert (shops.title, shops.style, shops.visible, shops.feature_count) == (
        "My shops", LayerStyle("#00838f", 9.0, 0.5), False, 3)
    assert [layer.id for layer in window.state.layers[:3]] == ["layer-1", "layer-2", "layer-3"]
    gone_layer, broken = window.state.layer("layer-2"), window.state.layer("layer-3")
    assert gone_layer.status == "unavailable" and str(gone) in gone_layer.message
    assert any(str(gone) in message for message in window.messages)  # reported at start, not only greyed
    qtbot.waitUntil(lambda: window.state.layer("layer-3").status == "unavailable", timeout=DRAW_TIMEOUT_MS)
    broken = window.state.layer("layer-3")
    assert str(broken_file) in broken.message
    assert window.loader.failures == []  # a restored layer is not a file the user just asked for
    panel = window.layers_panel.model
    row = panel.row_of("layer-2")
    assert "unavailable" in panel.data(panel.index(row))
    assert str(gone) in panel.data(panel.index(row), Qt.ItemDataRole.ToolTipRole)
    assert panel.data(panel.index(row), Qt.ItemDataRole.ForegroundRole) is not None
    qtbot.waitUntil(lambda: (page_layer(qtbot, window, "layer-1") or {}).get("visible") is False, timeout=10_000)
    assert page_layer(qtbot, window, "layer-2") is None


def test_command_line_file_is_drawn_in_the_screenshot(tmp_path: Path, gpkg_file: Path) -> None:
    target = tmp_path / "with-layer.png"
    result = run(str(gpkg_file), "--screenshot", str(target), "--lang", "en", "--size", "1200x800")
    assert result.returncode == 0, result.stderr
    image = QImage(str(target))
    orange = sum(1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
                 if _near(image.pixelColor(x, y).name(), "#ef6c00"))
    assert orange > 0, "the layer's orange points are not in the screenshot"


def test_command_line_names_a_broken_file_and_exits_non_zero(tmp_path: Path, broken_file: Path,
                                                            gpkg_file: Path) -> None:
    target = tmp_path / "partial.png"
    result = run(str(gpkg_file), str(broken_file), "--screenshot", str(target))
    assert result.returncode == 1
    assert f"{broken_file}: " in result.stderr
    assert target.exists()  # the map (with the good file) is still written


def test_command_line_typo_of_validate_still_gets_the_hint() -> None:
    typo = run("validat")
    assert typo.returncode == 2 and "did you mean 'validate'" in typo.stderr


def _near(colour: str, other: str, tolerance: int = 40) -> bool:
    a = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i:i + 2], 16) for i in (1, 3, 5)]
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))



def test_the_cancel_flag_stops_a_read_without_a_dialog(open_window: Any, qtbot: Any, big_gpkg: Path) -> None:
    window = open_window()
    before = window.state.layers
    with qtbot.waitSignal(window.loader.all_done, timeout=DRAW_TIMEOUT_MS):
        window.loader.open_files([big_gpkg], interactive=False)
        window.loader.cancel_all()
    assert window.state.layers == before and window.loader.failures == []


def test_the_reading_libraries_are_imported_in_the_background_once_the_map_is_up(open_window: Any, qtbot: Any) -> None:
    window = open_window()
    qtbot.waitUntil(window.loader.warmed.is_set, timeout=30_000)
    import sys

    assert "geopandas" in sys.modules and "quzhou_map.core.user_data.reading" in sys.modules



def test_a_saved_selection_of_a_users_feature_comes_back_once_its_layer_is_drawn(
        open_window: Any, qtbot: Any, config_dir: Path, gpkg_file: Path) -> None:
    from quzhou_map.core.saved_layers import saved_layer
    from quzhou_map.core.state import Selection
    from quzhou_map.core.settings import Settings, save_settings
    from tests.qt.conftest import status

    layer = Layer("layer-1", "My shops", LayerSource("file", str(gpkg_file), format="GeoPackage"), "Point",
                  LayerStyle("#00838f"))
    save_settings(Settings(layers=[saved_layer(layer)], selection=("layer-1", 2)), config_dir)
    window = open_window()
    qtbot.waitUntil(lambda: window.state.selection == Selection("layer-1", 2), timeout=DRAW_TIMEOUT_MS)
    assert window.details_panel.shown_feature() == ("layer-1", 2)
    qtbot.waitUntil(lambda: status(qtbot, window)["selectedLayer"] == "layer-1", timeout=DRAW_TIMEOUT_MS)
    assert status(qtbot, window)["selected"] == 2


def test_a_layer_the_page_cannot_draw_is_shown_unavailable(open_window: Any, qtbot: Any) -> None:
    window = open_window()
    window.state.add_layer(Layer("layer-1", "odd", LayerSource("file", "/data/odd.gpkg"), "Point",
                                 LayerStyle("#00838f"), feature_count=1))
    window.map_view.layer_failed.emit("layer-1", "the payload is damaged")  # as the page reports it
    layer = window.state.layer("layer-1")
    assert layer.status == "unavailable" and "the payload is damaged" in layer.message
    assert "/data/odd.gpkg" in window.statusBar().currentMessage()
