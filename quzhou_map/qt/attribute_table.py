"""The attribute table: one tab per layer, its features as rows, in step with the map's selection.

The tabs follow the state's layers; a row click writes the selection into the state and a selection
made anywhere else (the map, the search) selects and shows its row. Each tab's model is built the
first time the tab is seen, so a hidden dock costs nothing at start (no numpy, no pandas).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QDockWidget, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView,
    QTabWidget, QVBoxLayout, QWidget,
)

from quzhou_map.core.layers import Layer
from quzhou_map.core.problems import shown_path
from quzhou_map.core.state import AppState, Selection
from quzhou_map.qt.plain_text import as_rich_text

FILTER_DELAY_MS = 200
#: File-dialog filter → export format and suffix (the dialog's labels are translated separately).
EXPORT_CHOICES = (("GeoJSON", ".geojson"), ("GPKG", ".gpkg"), ("CSV", ".csv"))
SUFFIX_FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG", ".csv": "CSV"}


def theme_frame(state: AppState, theme: str) -> Any:
    """The sites of one theme as a small DataFrame (id, names, county, township, lon, lat)."""
    import pandas as pd

    sites = [s for s in state.catalog.sites if s.theme == theme]
    return pd.DataFrame({
        "id": [s.id for s in sites], "name_zh": [s.name_zh for s in sites], "name_en": [s.name_en for s in sites],
        "name_pinyin": [s.name_pinyin for s in sites], "county": [s.county for s in sites],
        "township": [s.township for s in sites], "lon": [s.position.lon for s in sites],
        "lat": [s.position.lat for s in sites],
    })


class LayerTab(QWidget):
    """One layer's table with its filter box, count and buttons; the model is made on first show."""

    def __init__(self, dock: AttributeTableDock, layer: Layer) -> None:
        super().__init__(dock.tabs)
        self.dock = dock
        self.state = dock.state
        self.layer_id = layer.id
        self.is_theme = layer.is_theme
        self.frame: Any = None  # the frame the model shows (a user layer's is replaced on reload)
        self.model: Any = None
        self._site_rows: dict[str, int] = {}
        self._syncing = False
        self.filter_box = QLineEdit(self)
        self.filter_box.setObjectName("attribute-filter")
        self.filter_box.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_box.textChanged.connect(lambda _text: self._filter_timer.start())
        self.count_label = QLabel(self)
        self.zoom_button = QPushButton(self)
        self.zoom_button.clicked.connect(self.zoom_to_selection)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(self.export)
        self.export_button.setVisible(not self.is_theme)  # the article's sites ship with the app
        self.view = QTableView(self)
        self.view.setObjectName("attribute-table")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row sizing
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)  # compact rows
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # file order first
        self.view.horizontalHeader().setStretchLastSection(True)  # a long last column (notes, names) is read whole
        self.view.clicked.connect(lambda index: self._select_view_row(index.row()))
        top = QHBoxLayout()
        top.addWidget(self.filter_box, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.zoom_button)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.retranslate()

    # --- the model, made when first needed ------------------------------------------------------------
    def current_frame(self) -> Any:
        if self.is_theme:
            return self.frame if self.frame is not None else theme_frame(self.state, self.layer_id)
        data = self.state.layer_data(self.layer_id)
        return None if data is None else data.frame

    def ensure_model(self) -> bool:
        """Build (or rebuild, when the layer's data was replaced) the model; False when there is no data."""
        frame = self.current_frame()
        if frame is None:
            return False
        if self.model is not None and frame is self.frame:
            return True
        from quzhou_map.core.feature_table import FeatureTable
        from quzhou_map.qt.feature_table_model import FeatureTableModel

        self.frame = frame
        data = None if self.is_theme else self.state.layer_data(self.layer_id)
        table = FeatureTable(frame, bounds_of=data.geometry.bounds if data is not None else None)
        if self.is_theme:
            self._site_rows = {site_id: row for row, site_id in enumerate(frame["id"])}
        if self.model is None:
            self.model = FeatureTableModel(table, self)
            self.view.setModel(self.model)
            self.view.setSortingEnabled(True)
            self.view.selectionModel().currentRowChanged.connect(
                lambda current, _previous: self._select_view_row(current.row()))
            self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        else:
            self.model.beginResetModel()
            self.model.table = table
            self.model.endResetModel()
        text = self.filter_box.text()
        if text.strip():
            self.model.set_filter(text)
        self._after_reset()
        return True

    def _after_reset(self) -> None:
        self.update_count()
        self.show_selection(self.state.selection)
        self._update_buttons()

    # --- filter, count, selection ---------------------------------------------------------------------
    def apply_filter(self) -> None:
        """Filter now (the box waits FILTER_DELAY_MS after the last key before calling this)."""
        self._filter_timer.stop()
        if self.model is None:
            return
        self.model.set_filter(self.filter_box.text())
        self._after_reset()

    def update_count(self) -> None:
        if self.model is None:
            layer = self.state.layer(self.layer_id)
            total = layer.feature_count if layer else 0
            shown = total
        else:
            shown, total = len(self.model.table.rows), self.model.table.total
        self.count_label.setText(self.tr("%1 of %2 features").replace("%1", f"{shown:,}").replace("%2", f"{total:,}"))

    def feature_of(self, frame_row: int) -> str | int:
        return str(self.frame["id"].iloc[frame_row]) if self.is_theme else int(frame_row)

    def frame_row_of(self, feature: str | int) -> int:
        if self.is_theme:
            return self._site_rows.get(str(feature), -1)
        return feature if isinstance(feature, int) else -1

    def _select_view_row(self, view_row: int) -> None:
        """A row clicked (or reached with the keys): select its feature in the state, so on the map."""
        if self._syncing or self.model is None or not 0 <= view_row < len(self.model.table.rows):
            return
        self.state.select(Selection(self.layer_id, self.feature_of(self.model.table.frame_row(view_row))))

    def show_selection(self, selection: Selection | None) -> None:
        """Select and scroll to the selected feature's row (or clear when it is another layer's)."""
        if self.model is None:
            return
        self._syncing = True
        try:
            view_row = -1
            if selection is not None and selection.layer == self.layer_id:
                frame_row = self.frame_row_of(selection.feature)
                view_row = self.model.table.view_row(frame_row) if frame_row >= 0 else -1
            if view_row < 0:
                self.view.selectionModel().clearSelection()
                self.view.selectionModel().setCurrentIndex(QModelIndex(),
                                                           self.view.selectionModel().SelectionFlag.NoUpdate)
            else:
                index = self.model.index(view_row, 0)
                self.view.selectionModel().setCurrentIndex(
                    index, self.view.selectionModel().SelectionFlag.ClearAndSelect
                    | self.view.selectionModel().SelectionFlag.Rows)
                self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        finally:
            self._syncing = False
        self._update_buttons()

    def selected_frame_rows(self) -> list[int]:
        if self.model is None:
            return []
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [self.model.table.frame_row(r) for r in rows if r < len(self.model.table.rows)]

    def _update_buttons(self) -> None:
        self.zoom_button.setEnabled(bool(self.selected_frame_rows()))
        self.export_button.setEnabled(self.model is not None and len(self.model.table.rows) > 0)

    def zoom_to_selection(self) -> None:
        """Fit the map to the selected rows' features together."""
        rows = self.selected_frame_rows()
        bounds = self.model.table.bounds(rows) if rows else None
        if bounds is not None:
            self.dock.map_view.fit_bounds(bounds)

    # --- export -----------------------------------------------------------------------------------------
    def export(self) -> None:
        """Write the shown rows (all, or the filtered ones) in file order; only where the dialog confirmed."""
        from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

        from quzhou_map.core.user_data import UserDataError, export_layer

        if self.model is None or self.is_theme:
            return
        labels = [self.tr("GeoJSON (*.geojson)"), self.tr("GeoPackage (*.gpkg)"), self.tr("CSV (*.csv)")]
        layer = self.state.layer(self.layer_id)
        stem = re.sub(r'[\\/:*?"<>|\s]+', "_", layer.title if layer else self.layer_id).strip("_.") or "layer"
        path_text, chosen = QFileDialog.getSaveFileName(self, self.tr("Export features"),
                                                        str(Path.home() / f"{stem}.geojson"), ";;".join(labels))
        if not path_text:
            return
        path = Path(path_text)
        format_name = SUFFIX_FORMATS.get(path.suffix.lower())
        confirmed = format_name is not None  # the dialog asked about exactly this path
        if format_name is None:  # no known suffix: add the chosen filter's, never overwriting what is there
            format_name, suffix = EXPORT_CHOICES[labels.index(chosen)] if chosen in labels else EXPORT_CHOICES[0]
            path = path.with_name(path.name + suffix)
        import numpy as np

        rows = np.sort(self.model.table.rows) if self.model.table.filtered else slice(None)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            export_layer(self.state.layer_data(self.layer_id).geo_frame(rows), path, format_name,
                         overwrite=confirmed)
        except (UserDataError, OSError) as error:
            QApplication.restoreOverrideCursor()
            text = str(error) if isinstance(error, UserDataError) else f"{shown_path(path)}: {error.strerror or error}"
            QMessageBox.warning(self, self.tr("Export failed"),
                                self.tr("The features could not be written to %1.").replace(
                                    "%1", html.escape(str(path))) + "<br><br>" + html.escape(text))
            return
        QApplication.restoreOverrideCursor()
        self.dock.last_export = path

    def retranslate(self) -> None:
        self.filter_box.setPlaceholderText(self.tr("Filter: text in any column…"))
        self.zoom_button.setText(self.tr("Zoom to selection"))
        self.export_button.setText(self.tr("Export…"))
        self.update_count()


class AttributeTableDock(QDockWidget):
    """The dock; the main window adds ``toggleViewAction()`` to its View menu."""

    def __init__(self, state: AppState, map_view: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self.map_view = map_view
        self.last_export: Path | None = None
        self.setObjectName("attribute-table-dock")
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(lambda _index: self._on_shown())
        self.setWidget(self.tabs)
        self.layer_tabs: dict[str, LayerTab] = {}
        self.visibilityChanged.connect(lambda visible: self._on_shown() if visible else None)
        state.layers_changed.connect(lambda _layers: self.sync_tabs())
        state.layer_changed.connect(self._on_layer_changed)
        state.selection_changed.connect(self._on_selection)
        state.language_changed.connect(lambda _language: self.retranslate())
        self.sync_tabs()
        self.retranslate()

    def _wanted(self, layer: Layer) -> bool:
        return layer.is_theme or (layer.status == "ok" and self.state.layer_data(layer.id) is not None)

    def sync_tabs(self) -> None:
        """One tab per layer with features, in the layers' order (top first)."""
        wanted = [layer for layer in self.state.layers if self._wanted(layer)]
        ids = {layer.id for layer in wanted}
        for layer_id in [i for i in self.layer_tabs if i not in ids]:
            tab = self.layer_tabs.pop(layer_id)
            self.tabs.removeTab(self.tabs.indexOf(tab))
            tab.deleteLater()
        for position, layer in enumerate(wanted):
            tab = self.layer_tabs.get(layer.id)
            if tab is None:
                tab = self.layer_tabs[layer.id] = LayerTab(self, layer)
                self.tabs.insertTab(position, tab, "")
            elif self.tabs.indexOf(tab) != position:
                self.tabs.tabBar().moveTab(self.tabs.indexOf(tab), position)
            self._set_title(layer)
        self._on_shown()

    def _set_title(self, layer: Layer) -> None:
        tab = self.layer_tabs.get(layer.id)
        if tab is not None:
            title = layer.display_title(self.state.language)
            index = self.tabs.indexOf(tab)
            self.tabs.setTabText(index, title.replace("&", "&&"))  # a lone & would make a shortcut
            self.tabs.setTabToolTip(index, as_rich_text(title))

    def _on_layer_changed(self, layer: Layer) -> None:
        if self._wanted(layer) != (layer.id in self.layer_tabs):
            self.sync_tabs()
            return
        self._set_title(layer)
        tab = self.layer_tabs.get(layer.id)
        if tab is not None and tab.model is not None and self.isVisible():
            tab.ensure_model()  # rebuilt only if the data was replaced

    def _on_shown(self) -> None:
        """The current tab is visible: make its model and show the state's selection in it."""
        tab = self.tabs.currentWidget()
        if isinstance(tab, LayerTab) and self.isVisible():
            fresh = tab.model is None
            tab.ensure_model()
            if not fresh:
                tab.show_selection(self.state.selection)

    def _on_selection(self, selection: Selection | None) -> None:
        for tab in self.layer_tabs.values():
            if selection is None or tab.layer_id != selection.layer:
                tab.show_selection(None)
        tab = self.layer_tabs.get(selection.layer) if selection is not None else None
        if tab is not None and self.isVisible():
            self.tabs.setCurrentWidget(tab)  # builds the model if needed
            tab.ensure_model()
            tab.show_selection(selection)

    def show_layer(self, layer_id: str) -> None:
        """Show the dock at ``layer_id``'s tab (for the layers panel's "Open attribute table")."""
        self.show()
        self.raise_()
        tab = self.layer_tabs.get(layer_id)
        if tab is not None:
            self.tabs.setCurrentWidget(tab)
            tab.ensure_model()

    def current_tab(self) -> LayerTab | None:
        tab = self.tabs.currentWidget()
        return tab if isinstance(tab, LayerTab) else None

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Attribute table"))
        for layer in self.state.layers:
            self._set_title(layer)
        for tab in self.layer_tabs.values():
            tab.retranslate()
