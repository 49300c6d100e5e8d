"""Left panel: a check box per theme (swatch, name, count), a search box and the site list.

The search also finds features of the visible user layers by their attributes' text; they are
listed under the sites, a header per layer, and select like the sites do.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox, QGroupBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget,
)

from quzhou_map.core.layers import Layer
from quzhou_map.core.search import FEATURE_LIMIT, FeatureMatches, search, search_features
from quzhou_map.core.state import AppState, Selection
from quzhou_map.core.themes import THEMES
from quzhou_map.qt.plain_text import as_rich_text
from quzhou_map.qt.symbols import theme_icon

SITE_ID_ROLE = Qt.ItemDataRole.UserRole
FEATURE_ROLE = Qt.ItemDataRole.UserRole + 1  # (layer id, row) of a user layer's feature


def swatch(color: str) -> QIcon:
    """A small square of a user layer's colour, to tell its results from the sites'."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class SitesPanel(QWidget):
    """Writes theme visibility and selection into the state; redraws when the state changes."""

    def __init__(self, state: AppState, parent: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self._lowered: dict[str, tuple[object, dict]] = {}  # layer id -> (its frame, lower-cased columns)
        self.feature_limit = FEATURE_LIMIT  # features listed per layer
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
        state.layer_changed.connect(self._on_layer_changed)
        state.layers_changed.connect(lambda _layers: self._on_layers())
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

    def feature_matches(self) -> list[tuple[Layer, FeatureMatches]]:
        """Matching features of each visible user layer (top layer first); none for an empty query."""
        query = self.search_box.text()
        if not query.strip():
            return []
        found = []
        for layer in self.state.layers:
            data = self.state.layer_data(layer.id)
            if layer.is_theme or not layer.visible or layer.status != "ok" or data is None:
                continue
            frame, lowered = self._lowered.get(layer.id, (None, {}))
            if frame is not data.frame:  # new or read again: its lower-cased columns are stale
                lowered = {}
                self._lowered[layer.id] = (data.frame, lowered)
            matches = search_features(query, data.frame, self.feature_limit, lowered)
            if matches.total:
                found.append((layer, matches))
        return found

    def _on_layer_changed(self, layer: Layer) -> None:
        if layer.is_theme:
            self._on_themes()
        elif self.search_box.text().strip():
            self._refill()  # shown or hidden, retitled, or read again

    def _on_layers(self) -> None:
        present = {layer.id for layer in self.state.layers}
        self._lowered = {k: v for k, v in self._lowered.items() if k in present}
        if self.search_box.text().strip():
            self._refill()

    def _add_features(self, layer: Layer, matches: FeatureMatches) -> None:
        title = layer.display_title(self.state.language)
        if matches.capped:
            count = self.tr("showing first %1 of %2").replace("%1", f"{len(matches.rows):,}").replace(
                "%2", f"{matches.total:,}")
        else:
            count = self.tr("%n feature(s)", "", matches.total)
        header = QListWidgetItem(swatch(layer.style.color), f"{title} — {count}")
        header.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: not selectable
        font = header.font()
        font.setBold(True)
        header.setFont(font)
        header.setToolTip(as_rich_text(title))
        self.site_list.addItem(header)
        for row, column, value in zip(matches.rows, matches.columns, matches.values, strict=True):
            item = QListWidgetItem(f"{value}  ·  {column}")
            item.setData(FEATURE_ROLE, (layer.id, row))
            item.setToolTip(as_rich_text(f"{title} · #{row + 1} · {column}: {value}"))
            self.site_list.addItem(item)

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
            item.setToolTip(as_rich_text(f"{site.name_zh} · {site.name_pinyin} · {site.name_en}"))
            self.site_list.addItem(item)
        total = len(self.state.catalog.sites)
        text = self.tr("Showing %n of %1 sites", "", len(sites)).replace("%1", str(total))
        hidden = len(search(self.search_box.text(), self.state.catalog.sites)) - len(sites)
        if self.search_box.text().strip() and hidden > 0:
            text += " · " + self.tr("%n more in hidden themes", "", hidden)
        features = self.feature_matches()
        for layer, matches in features:
            self._add_features(layer, matches)
        if features:
            found = sum(matches.total for _layer, matches in features)
            text += " · " + self.tr("%n feature(s) in your layers", "", found)
        self.site_list.blockSignals(False)
        self.count_label.setText(text)
        self._show_selection(self.state.selection)

    def _on_themes(self) -> None:
        themes = self.state.visible_themes
        for theme_id, box in self.theme_boxes.items():
            box.blockSignals(True)
            box.setChecked(theme_id in themes)
            box.blockSignals(False)
        self._refill()

    def _on_current_item(self, item: QListWidgetItem | None, _previous: Any) -> None:
        if item is None:
            return
        feature = item.data(FEATURE_ROLE)
        if feature is not None:
            self.state.select(Selection(feature[0], int(feature[1])))
        elif item.data(SITE_ID_ROLE) is not None:
            self.state.select_site(item.data(SITE_ID_ROLE))

    def _show_selection(self, selection: Selection | None) -> None:
        site_id = self.state.selected_id
        feature = (selection.layer, selection.feature) if selection is not None and site_id is None else None
        self.site_list.blockSignals(True)
        self.site_list.setCurrentItem(None)
        for row in range(self.site_list.count()):
            item = self.site_list.item(row)
            data = item.data(FEATURE_ROLE)
            if (site_id is not None and item.data(SITE_ID_ROLE) == site_id) or (
                    feature is not None and data is not None and tuple(data) == feature):
                self.site_list.setCurrentItem(item)
                self.site_list.scrollToItem(item)
                break
        self.site_list.blockSignals(False)

    def select_first_match(self) -> None:
        """Enter: the first site found, else the first feature of the user's layers."""
        sites = self.matches()
        if sites:
            self.state.select_site(sites[0].id)
            return
        for layer, matches in self.feature_matches():
            self.state.select(Selection(layer.id, matches.rows[0]))
            return
