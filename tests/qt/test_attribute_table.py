"""The attribute table, the details panel and the search with a user layer in a real window:
the layer is written to a GeoPackage and read back the way the app reads a user's file."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest import mock

import geopandas
import pytest
import shapely
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from quzhou_map.core.layers import LayerStyle
from quzhou_map.core.state import Selection
from tests.qt.conftest import DRAW_TIMEOUT_MS, js

N = 60
HOSTILE = "<b>x</b>"


def wells() -> geopandas.GeoDataFrame:
    names = [f"well {i:02d}" for i in range(N)]
    names[7] = "Spring of Yudong"
    names[8] = HOSTILE
    return geopandas.GeoDataFrame({
        "name": names,
        "kind": ["spring" if i % 3 == 0 else "well" for i in range(N)],
        "depth": [float((i * 37) % N) + 0.5 for i in range(N)],
    }, geometry=shapely.points([118.6 + i * 0.005 for i in range(N)], [28.8 + i * 0.003 for i in range(N)]),
        crs=4326)


@pytest.fixture
def window_with_layer(open_window: Any, qtbot: Any, tmp_path: Path) -> Any:
    from quzhou_map.core.user_data import OpenRequest
    from quzhou_map.core.user_layers import read_user_layer
    path = tmp_path / "wells.gpkg"
    wells().to_file(path, driver="GPKG", layer="wells")
    layer, data = read_user_layer(OpenRequest(path), "layer-1", LayerStyle("#ef6c00"), title="Wells & springs")
    window = open_window()
    with qtbot.waitSignal(window.map_view.layer_drawn, timeout=DRAW_TIMEOUT_MS,
                          check_params_cb=lambda layer_id, *_: layer_id == "layer-1"):
        window.state.add_layer(layer, data)
    window.layers_panel.set_current("layer-1")
    window.layers_panel.buttons["table"].click()  # the layers panel's "Table" opens the window's dock
    assert window.attribute_dock.isVisible()
    return window


def tab_of(window: Any) -> Any:
    return window.attribute_dock.layer_tabs["layer-1"]


def shown_names(tab: Any) -> list[str]:
    return [tab.model.index(r, 0).data() for r in range(tab.model.rowCount())]


def test_tab_appears_with_every_row_and_follows_the_layer(window_with_layer: Any, qtbot: Any) -> None:
    window, dock = window_with_layer, window_with_layer.attribute_dock
    tab = tab_of(window)
    index = dock.tabs.indexOf(tab)
    assert dock.tabs.currentWidget() is tab and dock.tabs.tabText(index) == "Wells && springs"
    assert tab.model.rowCount() == N and tab.model.columnCount() == 3
    assert [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["name", "kind", "depth"]
    assert tab.count_label.text() == f"{N} of {N} features"
    assert dock.tabs.count() == 1 + 4  # the user layer and the four themes
    window.state.update_layer("layer-1", title="Renamed")
    assert dock.tabs.tabText(dock.tabs.indexOf(tab)) == "Renamed"
    window.state.remove_layer("layer-1")
    assert "layer-1" not in dock.layer_tabs and dock.tabs.count() == 4


def test_sort_by_a_column_and_filter(window_with_layer: Any, qtbot: Any) -> None:
    tab = tab_of(window_with_layer)
    tab.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    depths = [float(tab.model.index(r, 2).data()) for r in range(N)]
    assert depths == sorted(depths, reverse=True)
    assert tab.model.headerData(0, Qt.Orientation.Vertical) == str(tab.model.table.frame_row(0) + 1)
    QTest.keyClicks(tab.filter_box, "SPRING")
    qtbot.waitUntil(lambda: tab.model.rowCount() < N, timeout=2000)  # after the debounce
    assert tab.model.rowCount() == 20 + 1  # every third row's kind, and row 7's name
    assert tab.count_label.text() == f"21 of {N} features"
    shown = [float(tab.model.index(r, 2).data()) for r in range(tab.model.rowCount())]
    assert shown == sorted(shown, reverse=True)  # the sort holds under the filter


def test_row_click_selects_on_the_map_and_map_selection_selects_the_row(window_with_layer: Any, qtbot: Any) -> None:
    window = window_with_layer
    tab = tab_of(window)
    tab.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    view_row = 5
    frame_row = tab.model.table.frame_row(view_row)
    rect = tab.view.visualRect(tab.model.index(view_row, 0))
    QTest.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.state.selection == Selection("layer-1", frame_row)
    qtbot.waitUntil(lambda: js(qtbot, window, "QuzhouMap.debug.status()")["selectedLayer"] == "layer-1")
    assert js(qtbot, window, "QuzhouMap.debug.status()")["selected"] == frame_row
    assert tab.zoom_button.isEnabled()

    window.attribute_dock.tabs.setCurrentIndex(window.attribute_dock.tabs.count() - 1)  # another tab
    window.state.select(Selection("layer-1", 42))
    assert window.attribute_dock.tabs.currentWidget() is tab
    assert [i.row() for i in tab.view.selectionModel().selectedRows()] == [tab.model.table.view_row(42)]
    window.state.select_site("village-yudong")
    assert tab.view.selectionModel().selectedRows() == []
    theme_tab = window.attribute_dock.layer_tabs["future_village"]
    assert window.attribute_dock.tabs.currentWidget() is theme_tab
    selected = theme_tab.view.selectionModel().selectedRows()
    assert [theme_tab.model.index(i.row(), 0).data() for i in selected] == ["village-yudong"]


def test_zoom_to_selection_fits_the_selected_rows(window_with_layer: Any, qtbot: Any) -> None:
    window = window_with_layer
    tab = tab_of(window)
    window.state.select(Selection("layer-1", 30))
    with mock.patch.object(window.map_view, "fit_bounds") as fit:
        tab.zoom_button.click()
    fit.assert_called_once()
    assert fit.call_args.args[0] == pytest.approx((118.75, 28.89, 118.75, 28.89))


@pytest.mark.parametrize(("suffix", "label"), [(".geojson", "GeoJSON (*.geojson)"), (".gpkg", "GeoPackage (*.gpkg)"),
                                               (".csv", "CSV (*.csv)")])
def test_export_of_the_filtered_rows_reads_back(window_with_layer: Any, qtbot: Any, tmp_path: Path, suffix: str,
                                                label: str) -> None:
    tab = tab_of(window_with_layer)
    tab.filter_box.setText("yudong")
    tab.apply_filter()
    tab.filter_box.setText("spring")
    tab.apply_filter()
    target = tmp_path / f"out{suffix}"
    with mock.patch.object(QFileDialog, "getSaveFileName", return_value=(str(target), label)) as dialog:
        tab.export_button.click()
    dialog.assert_called_once()
    if suffix == ".csv":
        import pandas as pd

        back = pd.read_csv(target, encoding="utf-8-sig")
        assert list(back.columns[:2]) == ["lon", "lat"]
    else:
        back = geopandas.read_file(target)
        assert back.crs.to_epsg() == 4326
    expected = [n for i, n in enumerate(wells()["name"]) if i % 3 == 0 or i == 7]
    assert list(back["name"]) == expected  # the filtered rows, in file order


def test_export_writes_only_what_the_dialog_confirmed(window_with_layer: Any, qtbot: Any, tmp_path: Path) -> None:
    tab = tab_of(window_with_layer)
    existing = tmp_path / "kept.geojson"
    existing.write_text("precious", encoding="utf-8")
    with mock.patch.object(QFileDialog, "getSaveFileName", return_value=("", "")):
        tab.export_button.click()  # cancelled: nothing written
    assert existing.read_text(encoding="utf-8") == "precious"
    # No suffix typed: the dialog confirmed "kept", not "kept.geojson", so that file is not replaced.
    with mock.patch.object(QFileDialog, "getSaveFileName", return_value=(str(tmp_path / "kept"),
                                                                          "GeoJSON (*.geojson)")), \
            mock.patch.object(QMessageBox, "warning") as warning:
        tab.export_button.click()
    assert existing.read_text(encoding="utf-8") == "precious"
    warning.assert_called_once()
    assert str(existing) in warning.call_args.args[2] and "already exists" in warning.call_args.args[2]
    # The dialog asked about exactly this path and the user said yes: replaced.
    with mock.patch.object(QFileDialog, "getSaveFileName", return_value=(str(existing), "GeoJSON (*.geojson)")):
        tab.export_button.click()
    assert len(geopandas.read_file(existing)) == N
    # A folder that cannot be written: a message naming the file, no traceback.
    with mock.patch.object(QFileDialog, "getSaveFileName", return_value=(str(tmp_path / "none" / "x.csv"),
                                                                          "CSV (*.csv)")), \
            mock.patch.object(QMessageBox, "warning") as warning:
        tab.export_button.click()
    assert str(tmp_path / "none" / "x.csv") in warning.call_args.args[2]


def test_details_panel_shows_a_user_features_attributes_escaped(window_with_layer: Any, qtbot: Any) -> None:
    window = window_with_layer
    window.state.select(Selection("layer-1", 8))
    text = window.details_panel.toPlainText()
    assert "Wells & springs" in text and "Feature 9 of 60" in text
    assert HOSTILE in text  # shown literally, not as bold
    assert "point" in text and "28.824000° N, 118.640000° E" in text
    assert "depth" in text and "56.5" in text
    assert window.details_panel.shown_site() is None
    window.state.select(None)
    assert "City-wide facts" in window.details_panel.toPlainText()


def test_search_finds_a_user_feature_and_enter_selects_it(window_with_layer: Any, qtbot: Any) -> None:
    window = window_with_layer
    panel = window.sites_panel
    QTest.keyClicks(panel.search_box, "well 4")
    items = [panel.site_list.item(r) for r in range(panel.site_list.count())]
    assert items[0].text().startswith("Wells & springs — ")
    found = [tuple(i.data(Qt.ItemDataRole.UserRole + 1)) for i in items[1:]]
    assert found == [("layer-1", r) for r in range(40, 50)]
    assert "10 feature(s) in your layers" in panel.count_label.text()
    QTest.keyClick(panel.search_box, Qt.Key.Key_Return)
    assert window.state.selection == Selection("layer-1", 40)
    assert panel.site_list.currentItem() is items[1]
    window.state.set_layer_visible("layer-1", False)  # hidden layers are not searched
    assert panel.site_list.count() == 0


def test_search_caps_the_features_it_lists_and_says_so(window_with_layer: Any, qtbot: Any) -> None:
    panel = window_with_layer.sites_panel
    panel.feature_limit = 5
    QTest.keyClicks(panel.search_box, "well")
    assert panel.site_list.item(0).text() == f"Wells & springs — showing first 5 of {N}"  # names or kinds
    assert panel.site_list.count() == 1 + 5
