"""The figures dock in the real window: opened from the View menu, drawn in both languages, saved as PNG
and SVG, and its quotes linked to their sites and passages."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

from quzhou_map.core.figures import bar_text
from tests.conftest import REPO

SVG = "{http://www.w3.org/2000/svg}"


def open_figures(open_window: Any, qtbot: Any, lang: str = "zh") -> Any:
    window = open_window(lang=lang)
    assert window.figures_dock is None  # made when first shown
    window.figures_action.trigger()
    dock = window.figures_dock
    qtbot.waitUntil(lambda: dock.isVisible(), timeout=3000)
    return window, dock


def categories(card: Any) -> list[str]:
    return [label for view in card.views for axis in view.chart().axes() if hasattr(axis, "categories")
            for label in axis.categories()]


def test_qtcharts_is_not_imported_at_start() -> None:
    code = ("import sys\nimport quzhou_map.qt.application, quzhou_map.qt.main_window\n"
            "print(sorted(m for m in sys.modules if 'QtCharts' in m or m.endswith('figures_dock')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_dock_opens_from_the_view_menu_with_a_chart_per_group(open_window: Any, qtbot: Any) -> None:
    window, dock = open_figures(open_window, qtbot)
    assert window.figures_action.text() == "数据图表(&F)" and window.figures_action.isChecked()
    assert dock.windowTitle() == "数据图表"
    assert [card.spec.id for card in dock.cards] == ["gdp", "growth", "future-villages", "holiday"]
    holiday = dock.card("holiday")
    assert len(holiday.views) == 2  # visitors and yuan: an axis each
    window.figures_action.trigger()
    assert dock.isHidden() and not window.figures_action.isChecked()


def test_charts_are_drawn_in_chinese_and_in_english(open_window: Any, qtbot: Any) -> None:
    window, dock = open_figures(open_window, qtbot, lang="zh")
    from quzhou_map.qt.figures_dock import CJK_FONTS

    for language in ("zh", "en"):
        window.state.set_language(language)
        for card in dock.cards:
            chart = card.views[0].chart()
            assert chart.title() == card.spec.title(language)
            labels = " ".join(categories(card))
            assert all(bar_text(bar, language) in labels for bar in card.spec.bars)
            assert chart.titleFont().family() in CJK_FONTS  # a font with Han glyphs, not boxes
        assert dock.windowTitle() == ("数据图表" if language == "zh" else "Figures")
    gdp = dock.card("gdp")
    assert gdp.views[0].chart().title().startswith("Quzhou's GDP")
    assert "line" in gdp.quotes.text() and escape(gdp.spec.sources[0].translation) in gdp.quotes.text()
    window.state.set_language("zh")
    assert gdp.views[0].chart().title().startswith("全市生产总值")
    assert "第 " in gdp.quotes.text() and escape(gdp.spec.sources[0].translation) not in gdp.quotes.text()


def test_a_chart_saves_as_png_and_svg(open_window: Any, qtbot: Any, tmp_path: Path) -> None:
    window, dock = open_figures(open_window, qtbot, lang="zh")
    for card in dock.cards:
        png, svg = tmp_path / f"{card.spec.id}.png", tmp_path / f"{card.spec.id}.svg"
        assert card.save_png(png) and card.save_svg(svg)
        image = QImage(str(png))
        assert image.width() > 200 and image.height() > 100
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
        assert len(colours) > 5  # drawn: not one blank colour
        root = ET.parse(svg).getroot()
        assert root.tag == f"{SVG}svg"
        assert root.findtext(f"{SVG}title") == card.spec.title("zh")
        assert card.spec.sources[0].quote in root.findtext(f"{SVG}desc")
        drawn = "".join(element.text or "" for element in root.iter(f"{SVG}text"))
        assert card.spec.title("zh") in drawn  # the Chinese title as text, not as paths


def test_clicking_a_quote_selects_its_site_and_shows_its_passage(open_window: Any, qtbot: Any) -> None:
    window, dock = open_figures(open_window, qtbot, lang="en")
    card = dock.card("future-villages")
    passages: list[tuple[int, str]] = []
    card.go_to_passage = lambda line, quote: passages.append((line, quote))
    card.quotes.linkActivated.emit("quote:0")
    source = card.spec.sources[0]
    assert window.state.selected_id == source.site_id == "village-yudong"
    assert passages == [(source.line, source.quote)]
    window.state.select_site("village-lianhua")
    dock.card("gdp").quotes.linkActivated.emit("quote:0")  # a city-wide quote: the details show the city
    assert window.state.selected_id is None
    assert window.details_panel.shown_site_id() == window.state.catalog.city.id


def test_the_line_link_shows_the_quote_in_the_reading_dock(open_window: Any, qtbot: Any) -> None:
    window, dock = open_figures(open_window, qtbot, lang="en")
    card = dock.card("holiday")
    source = card.spec.sources[0]
    assert window.reading_dock.isHidden()
    card.quotes.linkActivated.emit("line:0")
    panel = window.reading_panel
    assert window.reading_dock.isVisible()
    assert [s for s in panel.text.extraSelections() if s.cursor.selectedText() == source.quote]
    qtbot.waitUntil(lambda: panel.is_visible_in_view(panel.line_position(source.line)), timeout=3000)
    assert window.state.selected_id is None  # the line only shows the passage


def test_panel_figures_opens_the_dock_for_a_screenshot(tmp_path: Path) -> None:
    from quzhou_map.qt.figures_dock import SERIES_COLOURS
    from tests.qt.test_command_line import run

    target = tmp_path / "figures.png"
    result = run("--screenshot", str(target), "--panel", "figures", "--lang", "zh", "--size", "1400x860")
    assert result.returncode == 0, result.stderr
    image = QImage(str(target))
    assert image.width() == 1400
    # the dock's charts are drawn in their blue on the right, where the details would be
    blue = sum(1 for x in range(1000, 1400, 4) for y in range(100, 860, 4)
               if image.pixelColor(x, y).name() == SERIES_COLOURS[0])
    assert blue > 100
