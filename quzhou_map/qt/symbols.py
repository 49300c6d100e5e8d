"""Theme swatches for Qt widgets, drawn from the very SVG the map uses."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from quzhou_map.core.symbols import SYMBOL_SIZE, symbol_svg
from quzhou_map.core.themes import THEMES_BY_ID


@lru_cache(maxsize=None)
def theme_icon(theme_id: str, estimate: bool = False, size: int = SYMBOL_SIZE) -> QIcon:
    renderer = QSvgRenderer(QByteArray(symbol_svg(THEMES_BY_ID[theme_id], estimate).encode()))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return QIcon(pixmap)
