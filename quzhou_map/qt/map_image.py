"""The map as a picture to print or share (File → Export map image…, ``--export-image``): the view as
it is, with its layers, legend, scale bar and attribution (all drawn by the page), under a title band
and with a north arrow. PNG at screen resolution; PDF through Qt's own PDF writer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageSize, QPainter, QPdfWriter, QPolygonF

TITLE_BAND_PX = 48
PDF_DPI = 150


def map_image(window: Any, title: str, subtitle: str) -> QImage:
    """The map view under a title band, with a north arrow in its top right corner."""
    view = window.map_view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    image = QImage(view.width(), view.height() + TITLE_BAND_PX, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.drawImage(0, TITLE_BAND_PX, view)
    font = QFont(painter.font())
    font.setPixelSize(17)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#222222"))
    painter.drawText(QRectF(10, 4, view.width() - 20, 24), Qt.AlignmentFlag.AlignVCenter, title)
    font.setPixelSize(12)
    font.setBold(False)
    painter.setFont(font)
    painter.setPen(QColor("#555555"))
    painter.drawText(QRectF(10, 26, view.width() - 20, 18), Qt.AlignmentFlag.AlignVCenter, subtitle)
    _north_arrow(painter, QPointF(view.width() - 28, TITLE_BAND_PX + 200))
    painter.end()
    return image


def _north_arrow(painter: QPainter, at: QPointF) -> None:
    """An arrow pointing up with an N above it (the map is north-up: Web Mercator, no rotation)."""
    painter.setPen(QColor("#222222"))
    painter.setBrush(QColor("#222222"))
    painter.drawPolygon(QPolygonF([at + QPointF(0, -22), at + QPointF(9, 8), at + QPointF(0, 2), at + QPointF(-9, 8)]))
    font = QFont(painter.font())
    font.setPixelSize(14)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRectF(at.x() - 10, at.y() - 44, 20, 20), Qt.AlignmentFlag.AlignCenter, "N")


def save_map_image(image: QImage, path: Path) -> bool:
    """PNG (or anything Qt writes) by the file's suffix; PDF as one page the size of the picture."""
    if path.suffix.lower() != ".pdf":
        return image.save(str(path))
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    inches = QSizeF(image.width() / PDF_DPI, image.height() / PDF_DPI)
    writer.setPageSize(QPageSize(inches, QPageSize.Unit.Inch))
    writer.setPageMargins(writer.pageLayout().margins() * 0)
    painter = QPainter()
    if not painter.begin(writer):
        return False
    painter.drawImage(QRectF(0, 0, writer.width(), writer.height()), image)
    return painter.end()
