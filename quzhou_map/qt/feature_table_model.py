"""A lazy Qt table model over a core FeatureTable: the view asks for the cells it paints, nothing more.

Nothing is copied into items: ``data()`` reads one value from the frame's column arrays, so a
million-row layer opens at once. Sorting and filtering happen in the core (one numpy permutation);
the model only announces the new order.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from quzhou_map.core.feature_table import FeatureTable
from quzhou_map.qt.plain_text import as_rich_text

_Index = QModelIndex | QPersistentModelIndex
#: Longer texts are cut in the cell (the tool tip and the details panel show them whole).
CELL_CHARS = 200
TOOLTIP_CHARS = 2000


class FeatureTableModel(QAbstractTableModel):
    """Rows are the table's shown rows; the vertical header gives each feature's number (row + 1)."""

    def __init__(self, table: FeatureTable, parent: Any = None) -> None:
        super().__init__(parent)
        self.table = table

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.table.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            text = self.table.cell(index.row(), index.column())
            return text if len(text) <= CELL_CHARS else text[:CELL_CHARS] + "…"
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.table.cell(index.row(), index.column())
            return as_rich_text(text[:TOOLTIP_CHARS]) if len(text) > 40 else None  # a value from the file
        if role == Qt.ItemDataRole.TextAlignmentRole and self.table.is_numeric(index.column()):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.table.columns[section] if 0 <= section < len(self.table.columns) else None
        return str(self.table.frame_row(section) + 1) if 0 <= section < len(self.table.rows) else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Called by the header: the core orders the rows (a reset: no per-row index to carry over)."""
        descending = order == Qt.SortOrder.DescendingOrder
        if 0 <= column < len(self.table.columns) and (column, descending) == (self.table.sort_column,
                                                                            self.table.descending):
            return
        self.beginResetModel()
        self.table.sort(column, descending)
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        if text.strip() == self.table.filter_text:
            return
        self.beginResetModel()
        self.table.filter(text)
        self.endResetModel()
