"""Every string in the user's language: the Chinese interface, walked widget by widget, dialog by dialog and
across the map's page, shows no English but proper names, ids and unit symbols."""

from __future__ import annotations

import json
import re
from pathlib import Path
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer
from PySide6.QtGui import Qt as GuiQt, QTextDocument
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox, QDockWidget,
                               QGroupBox, QLabel, QLineEdit, QMenu, QTabBar, QTextEdit, QWidget)

from tests.conftest import REPO
from tests.qt.conftest import js

#: Latin words the Chinese interface may show: proper names (of software, sources, licences, formats,
#: datums), abbreviations and unit symbols.
ALLOWED_WORDS = {
    "leaflet", "openstreetmap", "geonames", "cc", "by", "cc0", "amap", "wgs", "gcj", "bd", "png", "pdf",
    "geojson", "url", "km", "m", "mi", "dpi", "px", "postgis", "postgresql", "sql", "crs", "epsg", "n", "e", "s",
    "w", "qt", "pyside6", "lgplv3", "xstatic", "bsd", "clause", "mit", "folium", "geopandas", "shapely",
    "pyogrio", "pypinyin", "platformdirs", "prcoords", "pypi", "cnmaps", "data", "mbtiles", "pmtiles", "tianditu",
    "gpkg", "shp", "csv", "kml", "gpx", "xyz", "tms", "zip", "json", "geopackage", "shapefile", "fgb", "parquet",
    "geoparquet", "html", "svg", "xlsx", "ok", "id", "x", "y", "z", "esri", "srid", "libpq", "localhost",
    "pghost", "pgpassword", "pgpass", "pgservice", "where", "and",  # SQL's and libpq's own words
    "ctrl", "shift", "alt", "esc", "home", "end", "pageup", "pagedown", "del", "enter",  # keys, as Qt names them
    "english",  # the language menu names each language in itself (中文, English)
    "lon", "lat",  # the attribute table's coordinate columns, named like the dataset's properties
}
#: Examples to type, shown as they are typed: a tile URL, a coordinate, an SQL condition.
TYPED_EXAMPLES = ("https://example.org/tiles/{z}/{x}/{y}.png", "N29°7′12″ E118°52′12″", "kind = 'cafe' AND n > 1")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
MNEMONIC = re.compile(r"\(&\w\)|&(?=\w)")  # 文件(&F), &Look
PATH = re.compile(r"(?<![\w.])/[\w./-]*")  # a folder shown in the file dialog


def proper_names(source_label: str) -> tuple[list[str], set[str]]:
    """The dataset's own names in Latin letters (sites' and counties' English and pinyin, ids), longest first,
    and its words that are names or ids: each pinyin syllable group, each property's key. A position's
    source, free text in English, counts as shown in its language only under ``source_label``."""
    from quzhou_map.core.pinyin_text import fold_latin

    names: set[str] = {*TYPED_EXAMPLES, Path.home().name}  # the home folder, in the file dialog's sidebar
    words: set[str] = set()
    for path in (REPO / "geodata").glob("*.geojson"):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            props = feature["properties"]
            names.update(props.get(key) or "" for key in ("name_en", "name_pinyin", "id"))
            words.update(fold_latin(word) for word in (props.get("name_pinyin") or "").split())
            words.update(props)
            if props.get("position_source"):
                names.add(f"{source_label}\n{props['position_source']}")
    return sorted((n for n in names if n), key=len, reverse=True), words


def english_in(text: str, names: tuple[list[str], set[str]]) -> list[str]:
    """The Latin words of ``text`` that are neither a proper name of the dataset nor allowed."""
    if GuiQt.mightBeRichText(text):
        document = QTextDocument()
        document.setHtml(text)
        text = document.toPlainText()
    for name in names[0]:
        text = text.replace(name, " ")
    text = PATH.sub(" ", MNEMONIC.sub("", text))
    return [word for word in LATIN_WORD.findall(text) if len(word) > 1 and word.lower() not in ALLOWED_WORDS
            and word.lower() not in names[1] and word not in names[1]]


def widget_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of everything shown by ``root`` and its visible children."""
    found: list[tuple[str, str]] = []

    def add(widget: QWidget, text: str) -> None:
        if text:
            found.append((f"{type(widget).__name__}#{widget.objectName()}", text))

    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or isinstance(widget, QMenu):
            continue
        if widget.isWindow() or isinstance(widget, QDockWidget):
            add(widget, widget.windowTitle())
        add(widget, widget.toolTip())
        if isinstance(widget, QLabel):
            add(widget, widget.text())
        elif isinstance(widget, QAbstractButton):
            add(widget, widget.text())
        elif isinstance(widget, QLineEdit):
            add(widget, widget.text())
            add(widget, widget.placeholderText())
        elif isinstance(widget, QComboBox):
            for row in range(widget.count()):
                add(widget, widget.itemText(row))
        elif isinstance(widget, QTextEdit):
            add(widget, widget.toPlainText())
        elif isinstance(widget, QGroupBox):
            add(widget, widget.title())
        elif isinstance(widget, QTabBar):
            for tab in range(widget.count()):
                add(widget, widget.tabText(tab))
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            try:
                columns = model.columnCount()
            except TypeError:  # a list model: one column, its count private
                columns = 1
            for row in range(min(model.rowCount(), 200)):
                for column in range(columns):
                    index = model.index(row, column, QModelIndex())
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = model.data(index, role)
                        add(widget, value if isinstance(value, str) else "")
            for column in range(columns):
                value = model.headerData(column, Qt.Orientation.Horizontal)
                add(widget, value if isinstance(value, str) else "")
        if type(widget).__name__ == "QChartView":  # QtCharts: a picture, its texts in the chart
            chart = widget.chart()
            add(widget, chart.title())
            for axis in chart.axes():
                add(widget, axis.titleText())
                for category in getattr(axis, "categories", list)():
                    add(widget, category)
    for action in root.actions():
        found += menu_texts(action.menu()) if action.menu() else []
    return found


def menu_texts(menu: QMenu | None) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if menu is None:
        return found
    found.append(("menu", menu.title() or "—"))
    for action in menu.actions():
        if action.menu():
            found += menu_texts(action.menu())
        else:
            found += [("menu", text) for text in (action.text(), action.toolTip()) if text]
    return found


def modal_texts(qtbot: Any, open_dialog: Callable[[], Any], answers: int = 1) -> list[tuple[str, str]]:
    """The texts of the modal dialogs ``open_dialog`` shows, one after another (all but the last accepted)."""
    found: list[tuple[str, str]] = []
    left = [answers]

    def inspect() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, inspect)
            return
        found.extend(widget_texts(dialog))
        left[0] -= 1
        if left[0] > 0:
            dialog.accept()
            QTimer.singleShot(50, inspect)
        else:
            dialog.reject()

    QTimer.singleShot(50, inspect)
    open_dialog()
    qtbot.waitUntil(lambda: left[0] == 0, timeout=10_000)
    return found


def test_the_chinese_interface_shows_no_english_but_names(qtbot, open_window) -> None:
    window = open_window(lang="zh", select="village-yudong")
    window.show_article(None)  # every dock open: the article, the figures, the attribute table
    window.show_figures()
    window.show_attribute_table("future_village")
    qtbot.waitUntil(lambda: window.figures_dock.isVisible() and window.attribute_dock.isVisible())
    texts = widget_texts(window)
    for action in window.menuBar().actions():
        texts += menu_texts(action.menu())
    window.map_tools.show_context_menu(29.0, 118.7, 10, 10)  # the map's right click
    texts += menu_texts(window.map_tools.menu)
    window.map_tools.menu.close()
    texts += [("status bar", window.statusBar().currentMessage())]
    texts += modal_texts(qtbot, window.show_about)
    texts += modal_texts(qtbot, window.map_tools.ask_and_go, answers=2)
    texts += modal_texts(qtbot, window.export_image)
    texts += modal_texts(qtbot, window.basemaps.choose_url)
    texts += modal_texts(qtbot, window.add_layer)
    for open_dialog in (window.add_postgis_layer, lambda: window.layers_panel.show_properties("future_village"),
                        window.map_tools.show_nearby):
        dialog = open_dialog() or QApplication.activeModalWidget() or window.map_tools.nearby_dialog
        qtbot.waitUntil(dialog.isVisible)
        texts += widget_texts(dialog)
        dialog.close()
    page = js(qtbot, window, "JSON.stringify(document.body.innerText)")
    texts.append(("page", page))
    names = proper_names(QCoreApplication.translate("DetailsPanel", "(English in the source data)"))
    walked = {where.split("#")[0] for where, _text in texts}
    assert {"DetailsPanel", "QFileDialog", "QInputDialog", "QMessageBox", "ExportImageDialog", "TileUrlDialog",
            "PostgisDialog", "LayerPropertiesDialog", "NearbyDialog", "QChartView", "menu", "page"} <= walked
    english = [(where, text, words) for where, text in texts if (words := english_in(text, names))]
    assert english == [], "\n".join(f"{where}: {text!r} → {words}" for where, text, words in english)
    window.state.set_language("en")  # and back: the page's sources and the panel's names in English
    page = js(qtbot, window, "JSON.stringify(document.body.innerText)")
    assert "Facts: 浙江日报 2022" in page and "事实" not in page
    assert "Kecheng District (柯城区)" in window.details_panel.toPlainText()


def test_the_supplement_gives_qts_own_chinese_for_what_qts_catalogue_lacks(tmp_path) -> None:
    """Each string of qt_supplement_zh.ts is one Qt 6 asks for and its catalogue lacks; its Chinese is Qt's
    own for the same words (under the Qt 5 context, or without the mnemonic, which goes in brackets)."""
    import subprocess
    import sys
    import xml.etree.ElementTree as ET

    from PySide6.QtCore import QLibraryInfo, QTranslator

    qt_own = QTranslator()
    assert qt_own.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    ts = REPO / "resources" / "i18n" / "qt_supplement_zh.ts"
    for context in ET.parse(ts).iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source, ours = message.findtext("source"), message.findtext("translation")
            assert qt_own.translate(name, source) == "", f"Qt has {name}/{source} now: drop it from the supplement"
            plain = source.replace("&", "")
            qts = qt_own.translate("QFileDialog", plain)
            assert qts, source
            if "&" in source:  # 查找范围： → 查找范围(&L)：
                qts = qts[:-1] + f"(&{source[source.index('&') + 1].upper()})" + qts[-1]
            assert ours == qts, source
    built = tmp_path / "built.qm"
    subprocess.run([str(Path(sys.executable).parent / "pyside6-lrelease"), str(ts), "-qm", str(built)], check=True,
                   capture_output=True)
    assert built.read_bytes() == ts.with_suffix(".qm").read_bytes(), "run scripts/update_translations.sh"


def test_qts_buttons_speak_chinese(qapp) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from quzhou_map.qt.i18n import LanguageSwitcher

    switcher = LanguageSwitcher()
    buttons = QDialogButtonBox.StandardButton
    try:
        assert switcher.apply("zh")
        box = QDialogButtonBox(buttons.Ok | buttons.Cancel | buttons.Close)
        assert {button.text() for button in box.buttons()} == {"确定", "取消", "关闭"}
        assert QCoreApplication.translate("RenderViewContextMenuQt", "Copy") == "复制"  # QtWebEngine's own
    finally:
        switcher.apply("en")
