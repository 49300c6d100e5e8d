"""File → Export map image…: the picture's format, resolution (DPI) and size in pixels, with what it
makes on paper, before the file is chosen. A new DPI keeps the picture's size on paper and its extent
(the map drawn finer or coarser); new pixels at the same DPI show more or less of the map."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout,
)

from quzhou_map.core.image_export import (
    COMMON_DPIS, MAX_DPI, MAX_SIDE_PX, MIN_DPI, MIN_SIDE_PX, ImageSize, default_dpi, default_size, min_side_px,
    print_size_mm, size_problem,
)

FORMATS = ("png", "pdf")


class ExportImageDialog(QDialog):
    """``map_css``: the map's size on screen in CSS pixels, the picture's size at 96 dpi."""

    def __init__(self, map_css: tuple[float, float], parent: Any = None, image_format: str = "png",
                 dpi: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export-image")
        self.setWindowTitle(self.tr("Export map image"))
        self.map_css = map_css
        self.format_box = QComboBox(self)
        self.format_box.addItem(self.tr("PNG image"), "png")
        self.format_box.addItem(self.tr("PDF document"), "pdf")
        self.format_box.setCurrentIndex(FORMATS.index(image_format))
        self.dpi_box = QComboBox(self)
        self.dpi_box.setEditable(True)
        self.dpi_box.setValidator(QIntValidator(1, 9999, self))
        for value in COMMON_DPIS:
            self.dpi_box.addItem(str(value))
        self.width_box, self.height_box = QSpinBox(self), QSpinBox(self)
        for box in (self.width_box, self.height_box):
            box.setRange(1, 99_999)  # out of range is said below, not silently refused
            box.setSuffix(self.tr(" px"))
            box.setAccelerated(True)
        self.reset_button = QPushButton(self.tr("As on screen"), self)
        self.reset_button.setToolTip(self.tr("The map's extent as on screen, at this resolution"))
        self.print_label = QLabel(self)
        self.note = QLabel(self.tr("The size includes the title band. More pixels at the same resolution show "
                                   "more of the map; a higher resolution draws the same map finer."), self)
        self.note.setWordWrap(True)
        self.problem_label = QLabel(self)
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Choose file…"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_box)
        size_row.addWidget(QLabel("×", self))
        size_row.addWidget(self.height_box)
        size_row.addWidget(self.reset_button)
        dpi_row = QHBoxLayout()
        dpi_row.addWidget(self.dpi_box, 1)
        dpi_row.addWidget(QLabel(self.tr("dpi"), self))
        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format_box)
        form.addRow(self.tr("Resolution"), dpi_row)
        form.addRow(self.tr("Size"), size_row)
        form.addRow(self.tr("On paper"), self.print_label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self._dpi = dpi or default_dpi(image_format)  # the last valid DPI
        self._paper = (0.0, 0.0)  # the picture's size in inches: a new DPI keeps it (no rounding drift)
        self.dpi_box.setEditText(str(self._dpi))
        self.reset_size()
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self.dpi_box.editTextChanged.connect(self._dpi_changed)
        self.width_box.valueChanged.connect(self._pixels_changed)
        self.height_box.valueChanged.connect(self._pixels_changed)
        self.reset_button.clicked.connect(self.reset_size)
        self._update()

    # --- what was chosen -----------------------------------------------------------------------------
    def image_format(self) -> str:
        return self.format_box.currentData()

    def dpi(self) -> int:
        text = self.dpi_box.currentText().strip()
        return int(text) if text.isdigit() else 0

    def image_size(self) -> ImageSize:
        return ImageSize(self.width_box.value(), self.height_box.value(), self.dpi())

    # --- keeping it consistent -------------------------------------------------------------------------
    def reset_size(self) -> None:
        """The map as on screen at the current resolution."""
        size = default_size(self.map_css, self._dpi)
        self._set_pixels(size.width, size.height)

    def _set_pixels(self, width: int, height: int, paper: tuple[float, float] | None = None) -> None:
        for box, value in ((self.width_box, width), (self.height_box, height)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        self._pixels_changed()
        if paper:
            self._paper = paper  # as it was, not as rounded to pixels

    def _pixels_changed(self, *_args: Any) -> None:
        self._paper = (self.width_box.value() / self._dpi, self.height_box.value() / self._dpi)
        self._update()

    def _format_changed(self, _index: int) -> None:
        """A PNG is for the screen (96 dpi), a PDF for print (150 dpi), unless another DPI was chosen."""
        new = self.image_format()
        old = FORMATS[1 - FORMATS.index(new)]
        if self.dpi() == default_dpi(old):
            self.dpi_box.setEditText(str(default_dpi(new)))

    def _dpi_changed(self, _text: str) -> None:
        dpi = self.dpi()
        if MIN_DPI <= dpi <= MAX_DPI and dpi != self._dpi:  # the same picture, drawn finer or coarser
            paper = self._paper
            self._dpi = dpi
            self._set_pixels(round(paper[0] * dpi), round(paper[1] * dpi), paper)
        else:
            self._update()

    def _update(self, *_args: Any) -> None:
        size = self.image_size()
        problem = size_problem(size)
        if problem == "dpi":
            self.print_label.setText("")
            text = self.tr("The resolution must be %1–%2 dpi.").replace("%1", str(MIN_DPI)).replace("%2", str(MAX_DPI))
        else:
            width_mm, height_mm = print_size_mm(size)
            self.print_label.setText(self.tr("%1 × %2 cm (%3 × %4 mm)")
                                     .replace("%1", f"{width_mm / 10:.1f}").replace("%2", f"{height_mm / 10:.1f}")
                                     .replace("%3", f"{width_mm:.0f}").replace("%4", f"{height_mm:.0f}"))
            if problem == "side":
                text = (self.tr("Width and height must be %1–%2 pixels.")
                        .replace("%1", str(MIN_SIDE_PX)).replace("%2", str(MAX_SIDE_PX)))
            elif problem == "map":
                least = min_side_px(size.dpi)
                text = (self.tr("Too small for a map at %1 dpi: at least %2 × %3 pixels.")
                        .replace("%1", str(size.dpi)).replace("%2", str(least[0])).replace("%3", str(least[1])))
            else:
                text = ""
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)
