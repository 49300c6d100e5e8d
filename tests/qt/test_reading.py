"""The reading dock and the guided tour in the real window: mentions select, selection highlights,
line links scroll, find, the translation beside, the tour's steps and keys, and what is remembered."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl, Qt
from PySide6.QtTest import QTest

from quzhou_map.core.mentions import mentions_of
from quzhou_map.core.settings import SETTINGS_FILE
from quzhou_map.core.tour import step_view
from tests.qt.conftest import close_window, status, wait_for_status


def reading_window(open_window: Any, **overrides: Any) -> Any:
    window = open_window(**overrides)
    window.reading_dock.show_panel()
    return window


def test_clicking_every_mention_selects_its_site(open_window: Any) -> None:
    window = reading_window(open_window)
    panel = window.reading_panel
    for index, mention in enumerate(panel.reading.mentions):
        for _turn in mention.site_ids:  # a name several sites share: each click the next of them
            panel.text.anchorClicked.emit(QUrl(f"mention:{index}"))
            assert window.state.selected_id in mention.site_ids
        if len(mention.site_ids) > 1:
            seen = set()
            for _turn in mention.site_ids:
                panel.text.anchorClicked.emit(QUrl(f"mention:{index}"))
                seen.add(window.state.selected_id)
            assert seen == set(mention.site_ids)


def test_a_real_click_on_a_mention_selects_and_the_map_follows(open_window: Any, qtbot: Any) -> None:
    window = reading_window(open_window)
    panel = window.reading_panel
    index = next(i for i, m in enumerate(panel.reading.mentions) if m.text == "高家镇")
    position, _length = panel._mention_spans[index]
    panel._scroll_to(position)
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(panel.text.document())
    cursor.setPosition(position + 1)
    QTest.mouseClick(panel.text.viewport(), Qt.MouseButton.LeftButton, pos=panel.text.cursorRect(cursor).center())
    assert window.state.selected_id == "gov-gaojia-town"
    assert "高家镇" in window.details_panel.toPlainText()
    wait_for_status(qtbot, window, lambda s: s["selected"] == "gov-gaojia-town")


def test_every_site_highlights_exactly_its_mentions_and_scrolls_to_the_first(open_window: Any, qtbot: Any) -> None:
    window = reading_window(open_window)
    panel = window.reading_panel
    for site in window.state.catalog.sites:
        window.state.select_site(site.id)
        expected = [(m.line, m.text) for m in mentions_of(panel.reading.mentions, site.id)]
        assert expected and panel.highlighted() == expected
        texts = sorted(s.cursor.selectedText() for s in panel.text.extraSelections())
        assert texts == sorted(text for _line, text in expected)
        first = panel._mention_spans[panel.mentions_of(site.id)[0]][0]
        qtbot.waitUntil(lambda first=first: panel.is_visible_in_view(first), timeout=3000)
    window.state.select(None)
    assert panel.text.extraSelections() == [] and panel.highlighted() == []


def test_a_details_line_link_scrolls_the_dock_to_the_line(open_window: Any, qtbot: Any) -> None:
    window = open_window(select="gov-qujiang-social-governance-centre")
    site = window.state.selected_site
    number, fact = next((n, f) for n, f in enumerate(site.facts) if f.line == 98)
    window.details_panel.anchorClicked.emit(QUrl(f"article:98/{number}"))
    panel = window.reading_panel
    assert window.reading_dock.isVisible()
    qtbot.waitUntil(lambda: panel.is_visible_in_view(panel.line_position(98)), timeout=3000)
    assert fact.quote in [s.cursor.selectedText() for s in panel.text.extraSelections()]
    panel.show_line(3)  # the other way in: a line with no quote, highlighted whole
    qtbot.waitUntil(lambda: panel.is_visible_in_view(panel.line_position(3)), timeout=3000)


def test_find_next_and_previous_wrap_round(open_window: Any) -> None:
    window = open_window()
    window.reading_dock.find_action.trigger()  # Ctrl+F
    panel = window.reading_panel
    assert window.reading_dock.isVisible()
    panel.find_box.setText("余东村")
    count = panel.text.toPlainText().count("余东村")
    assert count > 3
    assert panel.find_status.text() == f"1 of {count}"
    assert panel.text.textCursor().selectedText() == "余东村"
    QTest.keyClick(panel.find_box, Qt.Key.Key_Return)
    assert panel.find_status.text() == f"2 of {count}"
    panel.find_previous()
    assert panel.find_status.text() == f"1 of {count}"
    panel.find_previous()  # round to the last
    assert panel.find_status.text() == f"{count} of {count}"
    panel.find_next()
    assert panel.find_status.text() == f"1 of {count}"
    panel.find_box.setText("不在文中的话")
    assert panel.find_status.text() == "not found"


def test_the_translation_beside_each_paragraph_toggles(open_window: Any) -> None:
    window = reading_window(open_window)
    panel = window.reading_panel
    lianhua = window.state.catalog.get("village-lianhua")
    caption = next(f for f in lianhua.facts if f.is_caption).translation
    assert caption not in panel.text.toPlainText()
    panel.translation_box.setChecked(True)
    text = panel.text.toPlainText()
    assert caption in text and "No translation: no fact in the dataset quotes this." in text
    assert panel.summary.isVisible() and "whole" in panel.summary.text()
    window.state.select_site("village-yudong")  # links and highlights still work in the wider table
    assert panel.highlighted()[0] == (25, "余东")
    panel.translation_box.setChecked(False)
    assert caption not in panel.text.toPlainText() and not panel.summary.isVisible()


def expected_view(window: Any, site_id: str) -> Any:
    view = window.map_view
    return step_view(window.state.catalog.get(site_id), (view.width(), view.height()))


def test_the_tour_steps_select_fly_and_show_the_passage(open_window: Any, qtbot: Any) -> None:
    window = open_window()
    tour = window.tour_controls
    order = tour.order
    assert order[:3] == ("landmark-xinan-lake", "landmark-zhihui-xincheng", "landmark-southern-confucius-temple")
    tour.next_action.trigger()
    assert (tour.tour.step, window.state.selected_id) == (1, order[0])
    assert window.state.view == expected_view(window, order[0])
    assert window.reading_dock.isVisible()  # the passage is shown beside the map
    panel = window.reading_panel
    qtbot.waitUntil(lambda: panel.is_visible_in_view(panel._mention_spans[panel.mentions_of(order[0])[0]][0]),
                    timeout=3000)
    view = window.state.view
    wait_for_status(qtbot, window, lambda s: s["zoom"] == view.zoom and s["selected"] == order[0])
    tour.next_action.trigger()
    tour.next_action.trigger()
    assert (tour.tour.step, window.state.selected_id) == (3, order[2])
    assert "3" in tour.label.text() and "Confucius" in tour.label.text()
    tour.previous_action.trigger()
    assert (tour.tour.step, window.state.selected_id) == (2, order[1])
    assert window.state.view == expected_view(window, order[1])
    tour.end_action.trigger()
    assert tour.tour.step is None and window.state.selected_id == order[1]  # ending leaves the place as it is


def test_tour_keys_on_the_map_and_the_article_not_in_text_fields(open_window: Any, qtbot: Any) -> None:
    window = open_window()
    tour = window.tour_controls
    proxy = window.map_view.focusProxy()
    QTest.keyClick(proxy, Qt.Key.Key_Right)  # not touring: the map keeps its keys
    assert tour.tour.step is None
    tour.go(5)
    QTest.keyClick(proxy, Qt.Key.Key_Right)
    assert tour.tour.step == 6
    QTest.keyClick(proxy, Qt.Key.Key_PageUp)
    QTest.keyClick(proxy, Qt.Key.Key_Left)
    assert tour.tour.step == 4 and window.state.selected_id == tour.order[3]
    QTest.keyClick(window.reading_panel.text, Qt.Key.Key_PageDown)
    assert tour.tour.step == 5
    for field in (window.reading_panel.find_box, window.sites_panel.search_box, window.sites_panel.site_list):
        QTest.keyClick(field, Qt.Key.Key_Right)
        QTest.keyClick(field, Qt.Key.Key_Left)
        assert tour.tour.step == 5
    QTest.keyClick(window.reading_panel.text, Qt.Key.Key_Home)
    assert tour.tour.step is None


def test_the_tour_step_is_remembered(open_window: Any, qtbot: Any, config_dir: Path) -> None:
    window = open_window()
    window.tour_controls.go(4)
    site_id, view = window.state.selected_id, window.state.view
    qtbot.waitUntil(lambda: status(qtbot, window)["zoom"] == view.zoom, timeout=5000)
    close_window(qtbot, window)
    assert json.loads((config_dir / SETTINGS_FILE).read_text(encoding="utf-8"))["tour_step"] == 4
    again = open_window(lang=None)
    assert again.tour_controls.tour.step == 4 and again.state.selected_id == site_id
    assert "4" in again.tour_controls.label.text()
    again.tour_controls.next()
    assert again.state.selected_id == again.tour_controls.order[4]


def test_panel_and_tour_step_arguments(open_window: Any, qtbot: Any) -> None:
    window = open_window(panel="article", tour_step=3)
    assert window.reading_dock.isVisible()
    site_id = window.tour_controls.order[2]
    assert window.tour_controls.tour.step == 3 and window.state.selected_id == site_id
    qtbot.waitUntil(lambda: window.state.view == expected_view(window, site_id), timeout=5000)
    wait_for_status(qtbot, window, lambda s: s["zoom"] == window.state.view.zoom)


def test_too_far_a_tour_step_is_refused(cache_dir: Path, config_dir: Path) -> None:
    from quzhou_map.qt.application import create_main_window
    from tests.qt.conftest import app_args

    window, messages = create_main_window(app_args(tour_step=99), config_dir, cache_dir)
    assert window is None and "--tour-step 99" in messages[0]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_fact_is_copied_as_a_citation(open_window: Any, language: str) -> None:
    from PySide6.QtGui import QGuiApplication

    window = open_window(select="village-yudong", lang=language)
    site = window.state.selected_site
    assert 'href="copy:0"' in window.details_panel.toHtml()
    window.details_panel.anchorClicked.emit(QUrl("copy:0"))
    text = QGuiApplication.clipboard().text()
    fact = site.facts[0]
    assert fact.quote in text and fact.translation in text and "June 2022" in text and "浙江日报" in text
    assert ("line 25" if language == "en" else "第 25 行") in text
