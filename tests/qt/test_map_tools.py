"""Map tools on the real page: go to a coordinate (any datum), zoom to the selection, copy the coordinate
under a real right click."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QApplication
from PySide6.QtTest import QTest

from quzhou_map.core.state import Selection
from tests.qt.conftest import js, status


def test_go_to_a_coordinate_centres_the_map_and_marks_it(open_window: Any, qtbot: Any) -> None:
    window = open_window()
    assert window.map_tools.go_to("北纬29°7′12″ 东经118°52′12″") is None
    qtbot.waitUntil(lambda: status(qtbot, window)["pin"] is not None, timeout=5000)
    page = status(qtbot, window)
    assert abs(page["pin"][0] - 29.12) < 1e-6 and abs(page["pin"][1] - 118.87) < 1e-6
    assert page["zoom"] >= 14 and abs(page["center"][0] - 29.12) < 0.01 and abs(page["center"][1] - 118.87) < 0.01
    assert "29.120000, 118.870000" in window.statusBar().currentMessage()
    assert window.map_tools.go_to("29.12, 118.87", "GCJ-02") is None  # from a Chinese web map: moved ~0.6 km
    qtbot.waitUntil(lambda: status(qtbot, window)["pin"][1] < 118.87 - 0.003, timeout=5000)
    assert window.map_tools.go_to("hello") is not None  # not understood: a message, nothing moves
    assert window.map_tools.go_to("91, 500") is not None


def test_zoom_to_selection_brings_a_far_site_into_view(open_window: Any, qtbot: Any) -> None:
    window = open_window()
    window.state.set_view((28.40, 118.50, 13))  # far from 余东
    qtbot.waitUntil(lambda: status(qtbot, window)["zoom"] == 13, timeout=5000)
    assert not window.map_tools.zoom_selection_action.isEnabled()  # nothing selected
    window.state.select(Selection("future_village", "village-yudong"))
    window.map_tools.zoom_selection_action.trigger()
    view = window.map_view.focusProxy()

    def inside() -> None:
        point = js(qtbot, window, "QuzhouMap.debug.markerContainerPoint('village-yudong')")
        assert point and 0 <= point["x"] <= view.width() and 0 <= point["y"] <= view.height()

    qtbot.waitUntil(inside, timeout=5000)


def test_a_right_click_on_the_map_offers_its_coordinate_to_copy(open_window: Any, qtbot: Any) -> None:
    from quzhou_map.core.coordinates import parse_coordinate

    window = open_window()
    target = window.map_view.focusProxy()
    where = QPoint(target.width() // 3, target.height() // 3)
    QTest.mouseClick(target, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, where)
    qtbot.waitUntil(lambda: window.map_tools.menu is not None, timeout=5000)
    actions = [action for action in window.map_tools.menu.actions() if action.text()]
    copy = actions[0]
    assert "," in copy.text()
    copy.trigger()
    lat, lon = parse_coordinate(QGuiApplication.clipboard().text())
    expected = js(qtbot, window, f"QuzhouMap.debug.latLngAt({where.x()}, {where.y()})")
    assert abs(lat - expected[0]) < 0.01 and abs(lon - expected[1]) < 0.01
    window.map_tools.menu.close()


def _click(window: Any, x: int, y: int, double: bool = False) -> None:
    """A real click, or the events Qt delivers for a real double click (press, release, double-click,
    release: QTest.mouseDClick's sequence reaches the page as a lone mousedown)."""
    target = window.map_view.focusProxy()
    if not double:
        QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, y))
        return
    at = QPointF(x, y)
    on_screen = QPointF(target.mapToGlobal(QPoint(x, y)))
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    for kind, buttons in ((QEvent.Type.MouseButtonPress, left), (QEvent.Type.MouseButtonRelease, none),
                          (QEvent.Type.MouseButtonDblClick, left), (QEvent.Type.MouseButtonRelease, none)):
        QApplication.sendEvent(target, QMouseEvent(kind, at, on_screen, left, buttons, Qt.KeyboardModifier.NoModifier))


def test_measuring_a_distance_and_an_area_with_real_clicks(open_window: Any, qtbot: Any) -> None:
    from quzhou_map.core.geodesy import format_area, format_length, path_length_m, polygon_area_m2

    window = open_window(lang="en")
    tools = window.map_tools
    corners = [(60, 60), (300, 80), (200, 300)]
    at = [tuple(js(qtbot, window, f"QuzhouMap.debug.latLngAt({x}, {y})")) for x, y in corners]
    tools.measure_actions["distance"].trigger()
    qtbot.waitUntil(lambda: status(qtbot, window)["measure"]["mode"] == "distance", timeout=5000)
    for x, y in corners[:2]:
        _click(window, x, y)
        qtbot.wait(700)  # two clicks apart, not a double click
    expected = "Distance " + format_length(path_length_m(at[:2]), "en")
    qtbot.waitUntil(lambda: tools.measure_text == expected, timeout=5000)
    assert window.state.selection is None  # measuring clicks put down corners, they select nothing
    qtbot.waitUntil(lambda: status(qtbot, window)["measure"]["label"] == expected, timeout=5000)
    tools.measure_actions["area"].trigger()  # switching tools starts afresh
    assert not tools.measure_actions["distance"].isChecked()
    qtbot.waitUntil(lambda: status(qtbot, window)["measure"] == {"mode": "area", "points": 0, "finished": False,
                                                                 "label": ""}, timeout=5000)
    for x, y in corners[:2]:
        _click(window, x, y)
        qtbot.wait(700)  # longer apart than a double click
    _click(window, *corners[2], double=True)  # the last corner, and finished
    qtbot.waitUntil(lambda: status(qtbot, window)["measure"]["finished"], timeout=5000)
    assert format_area(polygon_area_m2(at), "en") in tools.measure_text
    assert "km²" in tools.measure_text and "perimeter" in tools.measure_text
    window.state.select(Selection("future_village", "village-yudong"))
    window.clear_selection_action.trigger()  # Esc: stops measuring first, keeps the selection
    assert tools.measuring == "off" and window.state.selection is not None
    qtbot.waitUntil(lambda: status(qtbot, window)["measure"]["mode"] == "off", timeout=5000)
    window.clear_selection_action.trigger()
    assert window.state.selection is None


def test_the_measurement_reads_in_chinese(open_window: Any, qtbot: Any) -> None:
    window = open_window(lang="zh")
    window.map_tools.measure("distance")
    window.map_tools._on_measure([(29.0, 118.0), (29.0, 119.0)], True)
    assert window.map_tools.measure_text.endswith("公里") and "97.4" in window.map_tools.measure_text


def test_nearby_lists_the_features_near_the_selection_and_selects_one(open_window: Any, qtbot: Any) -> None:
    window = open_window(lang="en")
    window.state.select_site("village-yudong")
    window.map_tools.nearby_action.trigger()
    dialog = window.map_tools.nearby_dialog
    texts = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert texts and texts[0].startswith("China Rural Art Museum")  # beside 余东, nearest first
    assert dialog.summary.text() == f"{len(texts)} feature(s) nearest first"
    dialog.list.itemClicked.emit(dialog.list.item(0))
    assert window.state.selected_id == "landmark-china-rural-art-museum"
    qtbot.waitUntil(lambda: status(qtbot, window)["selected"] == "landmark-china-rural-art-museum", timeout=5000)
    dialog.radius.setValue(0.1)  # a tighter circle, fewer features
    assert dialog.list.count() <= len(texts)
    dialog.close()
