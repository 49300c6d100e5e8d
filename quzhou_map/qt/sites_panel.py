"""Left panel: a check box per theme (swatch, name, count), a search box and the site list."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QGroupBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget,
)

from quzhou_map.core.search import search
from quzhou_map.core.state import AppState
from quzhou_map.core.themes import THEMES
from quzhou_map.qt.symbols import theme_icon

SITE_ID_ROLE = Qt.ItemDataRole.UserRole


class SitesPanel(QWidget):
    """Writes theme visibility and selection into the state; redraws when the state changes."""

    def __init__(self, state: AppState, parent: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self.themes_box = QGroupBox(self)
        themes_layout = QVBoxLayout(self.themes_box)
        self.theme_boxes: dict[str, QCheckBox] = {}
        for theme in THEMES:
            box = QCheckBox(self.themes_box)
            box.setObjectName(f"theme-{theme.id}")
            box.setIcon(theme_icon(theme.id))
            box.setChecked(theme.id in state.visible_themes)
            box.toggled.connect(lambda on, t=theme.id: state.set_theme_visible(t, on))
            themes_layout.addWidget(box)
            self.theme_boxes[theme.id] = box
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("search")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self._refill)
        self.search_box.returnPressed.connect(self.select_first_match)
        self.count_label = QLabel(self)
        self.site_list = QListWidget(self)
        self.site_list.setObjectName("sites")
        self.site_list.setTextElideMode(Qt.TextElideMode.ElideRight)  # full names are in the tool tip
        self.site_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.site_list.currentItemChanged.connect(self._on_current_item)
        layout = QVBoxLayout(self)
        layout.addWidget(self.themes_box)
        layout.addWidget(self.search_box)
        layout.addWidget(self.count_label)
        layout.addWidget(self.site_list, 1)
        state.visible_themes_changed.connect(self._on_themes)
        state.selection_changed.connect(self._show_selection)
        state.language_changed.connect(lambda _lang: self.retranslate())
        self.retranslate()

    def retranslate(self) -> None:
        self.themes_box.setTitle(self.tr("Themes"))
        self.search_box.setPlaceholderText(self.tr("Search: 余东, yudong, Yudong…"))
        for theme in THEMES:
            name = theme.name(self.state.language)
            self.theme_boxes[theme.id].setText(f"{name} ({self.state.catalog.count(theme.id)})")
        self._refill()

    def matches(self) -> list:
        return search(self.search_box.text(), self.state.visible_sites())

    def _refill(self) -> None:
        sites = self.matches()
        self.site_list.blockSignals(True)
        self.site_list.clear()
        zh = self.state.language == "zh"
        for site in sites:
            other = site.name_en if zh else site.name_zh
            item = QListWidgetItem(theme_icon(site.theme, site.position.is_estimate),
                                   f"{site.name(self.state.language)}  ·  {other}")
            item.setData(SITE_ID_ROLE, site.id)
            # Qt shows a tool tip that looks like HTML as rich text: escape what comes from the data.
            item.setToolTip(html.escape(f"{site.name_zh} · {site.name_pinyin} · {site.name_en}"))
            self.site_list.addItem(item)
        self.site_list.blockSignals(False)
        total = len(self.state.catalog.sites)
        text = self.tr("Showing %n of %1 sites", "", len(sites)).replace("%1", str(total))
        hidden = len(search(self.search_box.text(), self.state.catalog.sites)) - len(sites)
        if self.search_box.text().strip() and hidden > 0:
            text += " · " + self.tr("%n more in hidden themes", "", hidden)
        self.count_label.setText(text)
        self._show_selection(self.state.selected_id)

    def _on_themes(self, themes: frozenset[str]) -> None:
        for theme_id, box in self.theme_boxes.items():
            box.blockSignals(True)
            box.setChecked(theme_id in themes)
            box.blockSignals(False)
        self._refill()

    def _on_current_item(self, item: QListWidgetItem | None, _previous: Any) -> None:
        if item is not None:
            self.state.select(item.data(SITE_ID_ROLE))

    def _show_selection(self, site_id: str | None) -> None:
        self.site_list.blockSignals(True)
        self.site_list.setCurrentItem(None)
        for row in range(self.site_list.count()):
            item = self.site_list.item(row)
            if item.data(SITE_ID_ROLE) == site_id:
                self.site_list.setCurrentItem(item)
                self.site_list.scrollToItem(item)
        self.site_list.blockSignals(False)

    def select_first_match(self) -> None:
        sites = self.matches()
        if sites:
            self.state.select(sites[0].id)
