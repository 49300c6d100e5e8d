"""The Layers panel against the real page: it shows the state, writes only through it, and the page follows."""
# ruff: noqa: F811  (the file fixtures come from tests/qt/layer_support.py, imported by name)

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtTest import QTest

from quzhou_map.core.layers import LayerStyle
from quzhou_map.core.state import Selection
from tests.qt.conftest import js
from tests.qt.layer_support import (  # noqa: F401  (fixtures)
    csv_file, gpkg_file, open_and_draw, page_layer, page_status,
)


def rows(window: Any) -> list[str]:
    model = window.layers_panel.model
    return [model.data(model.index(row)) for row in range(model.rowCount())]


def test_panel_lists_the_article_layers_with_swatches_and_counts(open_window: Any) -> None:
    window = open_window(lang="en")
    model = window.layers_panel.model
    assert rows(window) == ["Future villages (6)", "Industrial parks (2)", "Grassroots governance (2)",
                            "Landmarks (8)"]
    first = model.index(0)
    assert model.data(first, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert not model.data(first, Qt.ItemDataRole.DecorationRole).isNull()
    assert window.dockWidgetArea(window.layers_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert window.map_view.width() >= window.width() // 2
    window.state.set_language("zh")
    assert rows(window)[0].startswith("未来乡村")
    window.state.set_language("en")


def test_theme_check_boxes_menu_and_panel_agree(open_window: Any, qtbot: Any) -> None:
    window = open_window()
    model = window.layers_panel.model
    window.sites_panel.theme_boxes["landmark"].setChecked(False)
    row = model.row_of("landmark")
    assert model.data(model.index(row), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    model.setData(model.index(row), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert window.sites_panel.theme_boxes["landmark"].isChecked()
    assert window.theme_actions["landmark"].isChecked()
    QTest.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # Ctrl+4: landmarks
    assert model.data(model.index(row), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked


def test_a_loaded_layer_is_listed_on_top_and_its_check_box_hides_it_on_the_page(open_window: Any, qtbot: Any,
                                                                                gpkg_file: Path) -> None:
    window = open_window()
    [layer_id] = open_and_draw(qtbot, window, [gpkg_file])
    model = window.layers_panel.model
    assert rows(window)[0] == "shops (3)"
    assert not model.data(model.index(0), Qt.ItemDataRole.DecorationRole).isNull()
    assert model.setData(model.index(0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert window.state.layer(layer_id).visible is False
    qtbot.waitUntil(lambda: page_layer(qtbot, window, layer_id)["visible"] is False, timeout=5000)
    model.setData(model.index(0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(lambda: page_layer(qtbot, window, layer_id)["visible"] is True, timeout=5000)
    window.state.update_layer(layer_id, status="loading")  # as a restored layer is, until read
    assert rows(window)[0] == "shops — loading…"
    window.state.update_layer(layer_id, status="unavailable", message="shops.gpkg: <gone>")
    assert rows(window)[0] == "shops — unavailable"
    assert "&lt;gone&gt;" in model.data(model.index(0), Qt.ItemDataRole.ToolTipRole)


def test_moving_rows_reorders_the_state_and_the_page(open_window: Any, qtbot: Any, gpkg_file: Path) -> None:
    window = open_window()
    [layer_id] = open_and_draw(qtbot, window, [gpkg_file])
    model = window.layers_panel.model
    assert model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)  # below the first two themes
    expected = ["future_village", "industrial_park", layer_id, "governance", "landmark"]
    assert [layer.id for layer in window.state.layers] == expected
    assert rows(window)[2] == "shops (3)"
    qtbot.waitUntil(lambda: page_status(qtbot, window)["order"] == expected, timeout=5000)
    # a drop (what the view does on a drag) moves it to the bottom
    data = model.mimeData([model.index(2)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    assert window.state.layers[-1].id == layer_id
    qtbot.waitUntil(lambda: page_status(qtbot, window)["order"][-1] == layer_id, timeout=5000)


def test_style_dialog_writes_the_state(open_window: Any, qtbot: Any, gpkg_file: Path) -> None:
    window = open_window()
    [layer_id] = open_and_draw(qtbot, window, [gpkg_file])
    panel = window.layers_panel
    dialog = panel.edit_style(layer_id)
    dialog.set_color("#123456")
    dialog.size_box.setValue(12)
    dialog.opacity_slider.setValue(40)
    dialog.accept()
    assert window.state.layer(layer_id).style == LayerStyle("#123456", 12.0, 0.4)
    theme_dialog = panel.edit_style("landmark")
    assert not theme_dialog.color_button.isEnabled() and not theme_dialog.size_box.isEnabled()
    theme_dialog.opacity_slider.setValue(50)
    before = window.state.layer("landmark").style
    theme_dialog.accept()
    assert window.state.layer("landmark").style == before._replace(opacity=0.5)


def test_remove_takes_a_user_layer_off_but_not_an_article_layer(open_window: Any, qtbot: Any,
                                                               gpkg_file: Path) -> None:
    window = open_window()
    [layer_id] = open_and_draw(qtbot, window, [gpkg_file])
    panel = window.layers_panel
    panel.set_current("landmark")
    assert not panel.buttons["remove"].isEnabled()
    panel.remove("landmark")
    assert window.state.layer("landmark") is not None
    panel.set_current(layer_id)
    assert panel.buttons["remove"].isEnabled()
    panel.buttons["remove"].click()
    assert window.state.layer(layer_id) is None and len(rows(window)) == 4
    qtbot.waitUntil(lambda: page_layer(qtbot, window, layer_id) is None, timeout=5000)


def test_properties_dialog_shows_the_facts_escaped(open_window: Any, qtbot: Any, tmp_path: Path) -> None:
    import pandas as pd

    path = tmp_path / "odd <names>.csv"
    pd.DataFrame({"<b>name</b>": ["x"], "lon": [118.87], "lat": [28.94]}).to_csv(path, index=False)
    window = open_window()
    [layer_id] = open_and_draw(qtbot, window, [path])
    dialog = window.layers_panel.show_properties(layer_id)
    text = dialog.text()
    for expected in (str(path.resolve()), "CSV", "EPSG:4326", "<b>name</b>", "Features", "1", "odd <names>"):
        assert expected in text, expected
    assert "CRS assumed" in text and "none declared" in text
    dialog.close()
    theme = window.layers_panel.show_properties("governance")
    assert "the article's dataset" in theme.text()


def test_zoom_to_layer_changes_the_view(open_window: Any, qtbot: Any, gpkg_file: Path) -> None:
    window = open_window()
    [layer_id] = open_and_draw(qtbot, window, [gpkg_file])
    before = window.state.view
    window.layers_panel.set_current(layer_id)
    window.layers_panel.buttons["zoom"].click()
    qtbot.waitUntil(lambda: window.state.view is not None and window.state.view != before, timeout=5000)
    west, south, east, north = window.state.layer(layer_id).extent
    view = window.state.view
    assert south <= view.lat <= north and west <= view.lng <= east
    assert view.zoom > (before.zoom if before else 8)


def test_a_real_click_on_a_user_feature_selects_it(open_window: Any, qtbot: Any, gpkg_file: Path) -> None:
    window = open_window()
    [layer_id] = open_and_draw(qtbot, window, [gpkg_file])
    window.layers_panel.zoom_to(layer_id)
    qtbot.wait(300)
    point = js(qtbot, window, f"QuzhouMap.debug.featureContainerPoint({layer_id!r}, 1)")
    assert point, "feature 1 is not drawn"
    QTest.mouseClick(window.map_view.focusProxy(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(round(point["x"]), round(point["y"])))
    qtbot.waitUntil(lambda: window.state.selection == Selection(layer_id, 1), timeout=5000)


def test_adding_restyling_reordering_and_removing_never_reload_the_page(open_window: Any, qtbot: Any,
                                                                       gpkg_file: Path) -> None:
    from PySide6.QtGui import QColor

    window = open_window()
    js(qtbot, window, "JSON.stringify(window.__loadToken = 'same page')")
    [layer_id] = open_and_draw(qtbot, window, [gpkg_file])
    point = js(qtbot, window, f"QuzhouMap.debug.featureContainerPoint({layer_id!r}, 0)")
    window.state.set_layer_style(layer_id, LayerStyle("#0000ff", 14, 1.0))  # restyled: blue, bigger

    def blue_at_the_point() -> None:
        pixel = QColor(window.map_view.grab().toImage().pixel(round(point["x"]), round(point["y"])))
        assert pixel.blue() > 200 and pixel.red() < 60, pixel.name()

    qtbot.waitUntil(blue_at_the_point, timeout=5000)
    window.state.move_layer(layer_id, 4)
    qtbot.waitUntil(lambda: page_status(qtbot, window)["order"][4] == layer_id, timeout=5000)
    window.state.remove_layer(layer_id)
    qtbot.waitUntil(lambda: page_layer(qtbot, window, layer_id) is None, timeout=5000)
    assert js(qtbot, window, "JSON.stringify(window.__loadToken)") == "same page"
    assert window.map_view.page().url().scheme() == "file"
