"""The real page: Leaflet drawn offline, real clicks, selection both ways, theme toggles without reload."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from quzhou_map.core.themes import THEME_IDS
from tests.qt.conftest import js, status, wait_for_status


def click_marker(qtbot: Any, window: Any, site_id: str) -> None:
    """A real synthesized mouse click at the marker's place on screen."""
    point = js(qtbot, window, f"QuzhouMap.debug.markerContainerPoint({site_id!r})")
    assert point, f"{site_id} is not drawn"
    QTest.mouseClick(window.map_view.focusProxy(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, QPoint(round(point["x"]), round(point["y"])))


def test_map_is_drawn_offline_with_every_site(open_window: Any, qtbot: Any) -> None:
    window = open_window()
    drawn = status(qtbot, window)
    assert drawn["leaflet"] == "1.9.3"
    assert drawn["sites"] == sorted(s.id for s in window.state.catalog.sites)
    assert drawn["visible"] == drawn["sites"]
    assert drawn["counties"] == 6
    assert drawn["tooltips"] == len(drawn["sites"]) and drawn["legend"]
    assert len(drawn["sites"]) >= 18
    assert window.map_view.page_url.scheme() == "file"


def test_real_click_on_a_marker_fills_the_details_panel(open_window: Any, qtbot: Any) -> None:
    window = open_window()
    site = window.state.catalog.get("gov-gaojia-town")
    click_marker(qtbot, window, site.id)
    qtbot.waitUntil(lambda: window.details_panel.shown_site_id() == site.id, timeout=5000)
    text = window.details_panel.toPlainText()
    assert site.name_zh in text and site.name_en in text and site.name_pinyin in text
    for fact in site.facts:
        assert fact.quote in text
        assert fact.translation in text
    assert site.position.source in text
    # the list follows the map
    assert window.sites_panel.site_list.currentItem().text().startswith(site.name_en)


def test_sites_close_together_are_each_clickable(open_window: Any, qtbot: Any) -> None:
    window = open_window()
    village, museum = "village-yudong", "landmark-china-rural-art-museum"
    a = js(qtbot, window, f"QuzhouMap.debug.markerContainerPoint({village!r})")
    b = js(qtbot, window, f"QuzhouMap.debug.markerContainerPoint({museum!r})")
    assert abs(a["x"] - b["x"]) + abs(a["y"] - b["y"]) >= 14  # spread apart on screen
    for site_id in (museum, village):
        click_marker(qtbot, window, site_id)
        qtbot.waitUntil(lambda s=site_id: window.details_panel.shown_site_id() == s, timeout=5000)


def test_list_selection_selects_and_highlights_on_the_map(open_window: Any, qtbot: Any) -> None:
    window = open_window()
    site_list = window.sites_panel.site_list
    row = next(r for r in range(site_list.count())
               if site_list.item(r).data(Qt.ItemDataRole.UserRole) == "village-xiayu")
    rect = site_list.visualItemRect(site_list.item(row))
    QTest.mouseClick(site_list.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    assert window.state.selected_id == "village-xiayu"
    seen = wait_for_status(qtbot, window, lambda s: s["selected"] == "village-xiayu" and s["selectedElement"])
    assert seen["selected"] == "village-xiayu"
    assert "下淤村" in window.details_panel.toPlainText()


def test_unchecking_a_theme_hides_exactly_its_sites_without_reloading(open_window: Any, qtbot: Any) -> None:
    window = open_window()
    js(qtbot, window, "JSON.stringify(window.__loadToken = 'same page')")
    box = window.sites_panel.theme_boxes["landmark"]
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(8, box.height() // 2))
    assert window.state.visible_themes == frozenset(THEME_IDS) - {"landmark"}
    expected = sorted(s.id for s in window.state.catalog.sites if s.theme != "landmark")
    seen = wait_for_status(qtbot, window, lambda s: s["visible"] == expected)
    assert seen["visible"] == expected
    assert seen["legendHidden"] == ["landmark"]  # the legend greys out the hidden theme
    assert js(qtbot, window, "JSON.stringify(window.__loadToken)") == "same page"
    assert not window.theme_actions["landmark"].isChecked()  # the View menu is in step
    assert window.sites_panel.site_list.count() == len(expected)
    assert str(len(expected)) in window.sites_panel.count_label.text()
    window.theme_actions["landmark"].trigger()  # and the menu writes back
    assert box.isChecked()
    wait_for_status(qtbot, window, lambda s: s["visible"] == s["sites"])


def test_hiding_the_selected_sites_theme_clears_the_selection(open_window: Any, qtbot: Any) -> None:
    window = open_window(select="park-zhizao-xincheng")
    wait_for_status(qtbot, window, lambda s: s["selected"] == "park-zhizao-xincheng")
    window.sites_panel.theme_boxes["industrial_park"].setChecked(False)
    assert window.state.selected_id is None
    assert window.details_panel.shown_site_id() == "city-quzhou"
    wait_for_status(qtbot, window, lambda s: s["selected"] is None and not s["selectedElement"])


def test_navigation_away_from_the_map_is_refused(open_window: Any, qtbot: Any) -> None:
    window = open_window()
    js(qtbot, window, "JSON.stringify(window.location.href = 'https://example.com/')")
    qtbot.wait(300)
    assert "example.com" in " ".join(window.map_view.page().refused)
    assert window.map_view.page().url().scheme() == "file"
    assert status(qtbot, window)["ready"] is True


def test_cursor_position_shows_in_the_status_bar(open_window: Any, qtbot: Any) -> None:
    window = open_window()
    target = window.map_view.focusProxy()
    centre = QPoint(target.width() // 2, target.height() // 2)
    QTest.mouseMove(target, centre)
    QTest.mouseMove(target, centre + QPoint(5, 5))
    qtbot.waitUntil(lambda: "°" in window.cursor_label.text(), timeout=5000)
    assert "WGS-84" in window.cursor_label.text()


def test_a_click_on_the_map_away_from_sites_and_esc_return_to_the_city_facts(open_window: Any, qtbot: Any) -> None:
    window = open_window(select="village-xiayu")
    target = window.map_view.focusProxy()
    away = QPoint(40, target.height() - 90)  # above the scale bar, far from every site
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, away)
    qtbot.waitUntil(lambda: window.state.selected_id is None, timeout=5000)
    assert window.details_panel.shown_site_id() == "city-quzhou"
    window.state.select_site("village-xiayu")
    window.clear_selection_action.trigger()  # Esc
    assert window.state.selected_id is None
    assert window.clear_selection_action.shortcut().toString() == "Esc"


def test_the_map_is_drawn_again_after_its_page_process_dies(open_window: Any, qtbot: Any) -> None:
    import os
    import signal

    window = open_window()
    pid = window.map_view.page().renderProcessPid()
    assert pid > 0
    with qtbot.waitSignals([window.map_view.renderer_crashed, window.map_view.map_drawn], timeout=30_000):
        os.kill(pid, signal.SIGKILL)
    assert window.map_view.page().renderProcessPid() != pid
    assert len(status(qtbot, window)["visible"]) == len(window.state.catalog.sites)


def _inside(point: dict[str, float] | None, view: Any) -> bool:
    return bool(point) and 0 <= point["x"] <= view.width() and 0 <= point["y"] <= view.height()


def test_selecting_in_the_list_pans_the_site_into_view(open_window: Any, qtbot: Any) -> None:
    window = open_window()
    window.state.set_view((28.40, 118.50, 13))  # far south, closely zoomed: 下淤 is off screen
    qtbot.waitUntil(lambda: status(qtbot, window)["zoom"] == 13, timeout=5000)
    view = window.map_view.focusProxy()
    assert not _inside(js(qtbot, window, "QuzhouMap.debug.markerContainerPoint('village-xiayu')"), view)
    window.sites_panel.search_box.setText("Xiayu")
    window.sites_panel.select_first_match()
    qtbot.waitUntil(lambda: _inside(js(qtbot, window, "QuzhouMap.debug.markerContainerPoint('village-xiayu')"), view),
                    timeout=5000)


def test_zoom_to_all_brings_every_visible_site_into_view(open_window: Any, qtbot: Any) -> None:
    window = open_window()
    window.state.set_view((28.40, 118.50, 13))
    qtbot.waitUntil(lambda: status(qtbot, window)["zoom"] == 13, timeout=5000)
    window.zoom_all_action.trigger()
    view = window.map_view.focusProxy()

    def all_inside() -> None:
        points = [js(qtbot, window, f"QuzhouMap.debug.markerContainerPoint({s.id!r})")
                  for s in window.state.catalog.sites]
        assert all(_inside(p, view) for p in points)

    qtbot.waitUntil(all_inside, timeout=5000)


def test_the_live_page_handles_exactly_the_declared_commands(open_window: Any, qtbot: Any) -> None:
    from quzhou_map.core.protocol import protocol

    window = open_window()
    assert js(qtbot, window, "QuzhouMap.debug.handledCommands()") == sorted(protocol()["commands"])
    # a command outside the protocol is refused by the page too, not half-run
    refused = js(qtbot, window, "(function () { try { QuzhouMap.receive('setLayerVisible', {id: 'landmark'}); "
                                "return 'ran'; } catch (e) { return JSON.stringify(String(e.message)); } })()")
    assert "takes fields" in refused
    assert status(qtbot, window)["visible"] == status(qtbot, window)["sites"]


RECTS = """JSON.stringify(['.qz-legend', '.leaflet-control-zoom', '.leaflet-control-attribution',
                  '.leaflet-control-scale'].map(function (s) {
  var r = document.querySelector(s).getBoundingClientRect();
  return [r.left, r.top, r.right, r.bottom]; }))"""


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_a_small_window_folds_the_legend_and_keeps_controls_apart(open_window: Any, qtbot: Any) -> None:
    window = open_window(size=(800, 600))
    window.fit_docks(800)
    qtbot.waitUntil(lambda: status(qtbot, window)["legendFolded"], timeout=5000)
    legend, zoom, attribution, scale = js(qtbot, window, RECTS)
    assert not _overlap(legend, zoom) and not _overlap(attribution, scale)
    # a click on its header unfolds it, and it stays as the user left it
    header = js(qtbot, window, "JSON.stringify((function () { var r = document.querySelector("
                               "'.qz-legend-header').getBoundingClientRect(); return [r.left + 5, r.top + 5]; })())")
    QTest.mouseClick(window.map_view.focusProxy(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(round(header[0]), round(header[1])))
    qtbot.waitUntil(lambda: not status(qtbot, window)["legendFolded"], timeout=5000)


def test_a_wide_window_shows_the_legend_open(open_window: Any, qtbot: Any) -> None:
    window = open_window(size=(1400, 860))
    assert not status(qtbot, window)["legendFolded"]
    legend, zoom, attribution, scale = js(qtbot, window, RECTS)
    assert not _overlap(legend, zoom) and not _overlap(attribution, scale)
