"""Nearby: a small window listing the features within N km of the selection, nearest first; a click
selects one. It follows the selection, so it can be walked from feature to feature."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDoubleSpinBox, QFormLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from quzhou_map.core.state import AppState

SELECTION_ROLE = Qt.ItemDataRole.UserRole


class NearbyDialog(QDialog):
    def __init__(self, state: AppState, parent: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("nearby")
        self.radius = QDoubleSpinBox(self)
        self.radius.setRange(0.1, 200.0)
        self.radius.setDecimals(1)
        self.radius.setValue(5.0)
        self.radius.setSuffix(" km")
        self.radius.valueChanged.connect(lambda _value: self.refresh())
        self.summary = QLabel(self)
        self.list = QListWidget(self)
        self.list.itemActivated.connect(self._select)
        self.list.itemClicked.connect(self._select)
        form = QFormLayout()
        self.radius_label = QLabel(self)
        form.addRow(self.radius_label, self.radius)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        state.selection_changed.connect(lambda _selection: self.isVisible() and self.refresh())
        state.language_changed.connect(lambda _language: self.retranslate())
        self.resize(360, 420)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Nearby"))
        self.radius_label.setText(self.tr("Within"))
        self.refresh()

    def refresh(self) -> None:
        """The list for the current selection and radius (plain text items: names come from files)."""
        from quzhou_map.core.geodesy import format_length
        from quzhou_map.core.nearby import nearby

        self.list.clear()
        if self.state.selection is None:
            self.summary.setText(self.tr("Select a feature to see what is near it."))
            return
        found = nearby(self.state, self.radius.value() * 1000)
        language = self.state.language
        for feature in found:
            layer = self.state.layer(feature.selection.layer)
            title = layer.display_title(language) if layer else ""
            item = QListWidgetItem(f"{feature.name} · {format_length(feature.distance_m, language)} · {title}")
            item.setData(SELECTION_ROLE, feature.selection)
            self.list.addItem(item)
        self.summary.setText(self.tr("%n feature(s) nearest first", "", len(found)))

    def _select(self, item: QListWidgetItem) -> None:
        selection = item.data(SELECTION_ROLE)
        if selection is not None:
            self.state.select(selection)
