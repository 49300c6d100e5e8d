"""The two dialogs about one layer: what it is (properties) and how it is drawn (style).

Both read the layer record from the state when they open and the style dialog writes back only
through ``state.set_layer_style``; every string from a file is escaped before it reaches rich text.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QPushButton, QSlider,
    QTextBrowser, QVBoxLayout, QWidget,
)

from quzhou_map.core.layers import Layer, LayerStyle
from quzhou_map.core.state import AppState


def _esc(value: Any) -> str:
    return html.escape(str(value))


def _shown(value: Any) -> str:
    return "—" if value is None or value == "" else _esc(value)


class LayerPropertiesDialog(QDialog):
    """Title, source, format, CRS (as read and as assumed), count, extent, columns, warnings."""

    def __init__(self, layer: Layer, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layer-properties")
        self.layer = layer
        self.setWindowTitle(self.tr("Layer properties: %1").replace("%1", layer.display_title(language)))
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setHtml(self.properties_html(layer, language))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(520, 440)

    def text(self) -> str:
        return self.browser.toPlainText()

    def properties_html(self, layer: Layer, language: str) -> str:
        """A table of the layer's facts; a value of None is shown as a dash."""
        source = layer.source
        status = {"ok": self.tr("shown"), "loading": self.tr("loading…"),
                  "unavailable": self.tr("unavailable")}.get(layer.status, layer.status)
        extent = ", ".join(f"{v:.6f}" for v in layer.extent) if layer.extent else None
        geometry_names = {"Point": self.tr("points"), "LineString": self.tr("lines"), "Polygon": self.tr("polygons")}
        rows: list[tuple[str, Any]] = [
            (self.tr("Title"), layer.display_title(language)),
            (self.tr("Status"), status),
            (self.tr("Source"), self.tr("the article's dataset") if layer.is_theme else source.path),
            (self.tr("Layer in the file"), source.layer),
            (self.tr("Format"), source.format or ("GeoJSON" if layer.is_theme else None)),
            (self.tr("Geometry"), geometry_names.get(layer.geometry_type, layer.geometry_type)),
            (self.tr("CRS as read"), layer.crs_read or (self.tr("none declared") if not layer.is_theme else None)),
            (self.tr("CRS assumed"), layer.crs_assumed),
            (self.tr("Features"), layer.feature_count),
            (self.tr("Extent (west, south, east, north)"), extent),
            (self.tr("Columns"), ", ".join(layer.columns) if layer.columns else None),
        ]
        if source.x_column or source.y_column:
            rows.append((self.tr("Coordinate columns"), f"{source.x_column}, {source.y_column}"))
        if source.encoding:
            rows.append((self.tr("Text encoding"), source.encoding))
        body = "".join(f"<tr><th align='left' valign='top'>{_esc(name)}</th><td>{_shown(value)}</td></tr>"
                       for name, value in rows)
        page = f"<h3>{_esc(layer.display_title(language))}</h3><table cellspacing='4'>{body}</table>"
        if layer.message:
            heading = self.tr("Why it is unavailable") if layer.status == "unavailable" else self.tr("Warnings")
            items = "".join(f"<li>{_esc(part)}</li>" for part in layer.message.split("; ") if part)
            page += f"<h4>{_esc(heading)}</h4><ul>{items}</ul>"
        return page


class LayerStyleDialog(QDialog):
    """Colour, size and opacity of a user layer; for the article's layers only opacity (their symbols are fixed)."""

    def __init__(self, state: AppState, layer: Layer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layer-style")
        self.state = state
        self.layer_id = layer.id
        self.color = QColor(layer.style.color)
        self.setWindowTitle(self.tr("Style: %1").replace("%1", layer.display_title(state.language)))
        self.color_button = QPushButton(self)
        self.color_button.clicked.connect(self._pick_color)
        self.size_box = QDoubleSpinBox(self)
        self.size_box.setRange(1.0, 40.0)
        self.size_box.setDecimals(1)
        self.size_box.setSuffix(" px")
        self.size_box.setValue(layer.style.size)
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.opacity_slider.setRange(5, 100)
        self.opacity_slider.setValue(round(layer.style.opacity * 100))
        self.opacity_label = QLabel(self)
        self.opacity_slider.valueChanged.connect(lambda v: self.opacity_label.setText(f"{v} %"))
        self.opacity_label.setText(f"{self.opacity_slider.value()} %")
        form = QFormLayout()
        form.addRow(self.tr("Colour"), self.color_button)
        if layer.geometry_type == "Polygon":
            form.addRow(self.tr("Outline width"), self.size_box)
        else:
            form.addRow(self.tr("Point size / line width"), self.size_box)
        form.addRow(self.tr("Opacity"), self.opacity_slider)
        form.addRow("", self.opacity_label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if layer.is_theme:
            note = QLabel(self.tr("The article's layers keep their symbols and colours; only the opacity applies."),
                          self)
            note.setWordWrap(True)
            layout.addWidget(note)
            self.color_button.setEnabled(False)
            self.size_box.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show_color()

    def set_color(self, color: str | QColor) -> None:
        self.color = QColor(color)
        self._show_color()

    def _show_color(self) -> None:
        self.color_button.setText(self.color.name())
        self.color_button.setStyleSheet(f"background-color: {self.color.name()}; color: "
                                        f"{'#000' if self.color.lightness() > 140 else '#fff'};")

    def _pick_color(self) -> None:
        color = QColorDialog.getColor(self.color, self, self.tr("Layer colour"))
        if color.isValid():
            self.set_color(color)

    def chosen_style(self) -> LayerStyle:
        layer = self.state.layer(self.layer_id)
        opacity = self.opacity_slider.value() / 100
        if layer is not None and layer.is_theme:
            return layer.style._replace(opacity=opacity)
        return LayerStyle(self.color.name(), self.size_box.value(), opacity)

    def accept(self) -> None:
        """Write the style into the state (the layer may have been removed meanwhile: then nothing)."""
        if self.state.layer(self.layer_id) is not None:
            self.state.set_layer_style(self.layer_id, self.chosen_style())
        super().accept()
