"""The Layers panel: every layer of the map, top first, with its check box, swatch, title and count.

The list model reads ``state.layers`` on every call and resets or repaints on the state's signals,
so it never holds a copy that could drift; a check, a drag or a style change only writes the state.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, QPoint, QPointF, Qt, Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPalette, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView, QListView, QMenu, QToolBar, QToolButton, QVBoxLayout, QWidget,
)

from shiboken6 import isValid

from quzhou_map.core.layers import Layer
from quzhou_map.core.state import AppState
from quzhou_map.qt.plain_text import as_rich_text
from quzhou_map.qt.symbols import theme_icon

LAYER_ID_ROLE = Qt.ItemDataRole.UserRole
MIME_TYPE = "application/x-quzhou-map-layer-ids"
SWATCH = 18

Index = QModelIndex | QPersistentModelIndex


@lru_cache(maxsize=256)
def geometry_icon(geometry_type: str, color: str, opacity: float = 1.0) -> QIcon:
    """A user layer's swatch: a dot, a line or a filled square in the layer's colour."""
    pixmap = QPixmap(SWATCH, SWATCH)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fill = QColor(color)
    fill.setAlphaF(max(0.3, min(opacity, 1.0)))
    if geometry_type == "LineString":
        painter.setPen(QPen(fill, 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawPolyline(QPolygonF([QPointF(2, 14), QPointF(8, 6), QPointF(12, 12), QPointF(16, 4)]))
    elif geometry_type == "Polygon":
        painter.setPen(QPen(QColor(color), 1.5))
        painter.setBrush(QBrush(fill))
        painter.drawRect(3, 3, SWATCH - 6, SWATCH - 6)
    else:
        painter.setPen(QPen(QColor("#ffffff"), 1.5))
        painter.setBrush(QBrush(fill))
        painter.drawEllipse(QPointF(SWATCH / 2, SWATCH / 2), 6, 6)
    painter.end()
    return QIcon(pixmap)


class LayerListModel(QAbstractListModel):
    """``state.layers`` as a list (top first): check state writes visibility, moves write the order."""

    def __init__(self, state: AppState, parent: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        state.layers_changed.connect(self._on_layers)
        state.layer_changed.connect(self._on_layer)
        state.language_changed.connect(self._on_language)

    # --- state → view (the state may outlive a closed window's model: then nothing to redraw) --------------
    def _on_layers(self, _layers: tuple[Layer, ...]) -> None:
        if not isValid(self):
            return
        self.beginResetModel()
        self.endResetModel()

    def _on_layer(self, layer: Layer) -> None:
        if not isValid(self):
            return
        row = self.row_of(layer.id)
        if row >= 0:
            self.dataChanged.emit(self.index(row), self.index(row))

    def _on_language(self, _language: str) -> None:
        if isValid(self) and self.rowCount():
            self.dataChanged.emit(self.index(0), self.index(self.rowCount() - 1))

    def row_of(self, layer_id: str) -> int:
        return next((row for row, layer in enumerate(self.state.layers) if layer.id == layer_id), -1)

    def layer_at(self, index: Index) -> Layer | None:
        layers = self.state.layers
        return layers[index.row()] if index.isValid() and 0 <= index.row() < len(layers) else None

    # --- reading --------------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.state.layers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        layer = self.layer_at(index)
        if layer is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.label(layer)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole:
            if layer.is_theme:
                return theme_icon(layer.theme)
            return geometry_icon(layer.geometry_type, layer.style.color, layer.style.opacity)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tool_tip(layer)
        if role == Qt.ItemDataRole.ForegroundRole and layer.status == "unavailable":
            return QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == LAYER_ID_ROLE:
            return layer.id
        return None

    def label(self, layer: Layer) -> str:
        title = layer.display_title(self.state.language)
        if layer.status == "loading":
            return self.tr("%1 — loading…").replace("%1", title)
        if layer.status == "unavailable":
            return self.tr("%1 — unavailable").replace("%1", title)
        return f"{title} ({layer.feature_count})"

    def tool_tip(self, layer: Layer) -> str:
        """The layer's title, source and message, as written (see plain_text.as_rich_text)."""
        lines = [layer.display_title(self.state.language)]
        if layer.source.path:
            lines.append(layer.source.path)
        if layer.message:
            lines.append(layer.message)
        return as_rich_text("\n".join(lines))

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemNeverHasChildren)

    # --- writing: only through the state ---------------------------------------------------------------------
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        layer = self.layer_at(index)
        if layer is None or role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        self.state.set_layer_visible(layer.id, checked)
        return True

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def moveRows(self, source_parent: Index, source_row: int, count: int,  # noqa: N802
                 destination_parent: Index, destination_child: int) -> bool:
        """Move ``count`` layers from ``source_row`` to before ``destination_child`` (rows before the move)."""
        ids = [layer.id for layer in self.state.layers]
        if source_parent.isValid() or destination_parent.isValid() or count < 1 \
                or not 0 <= source_row <= source_row + count <= len(ids):
            return False
        moved = ids[source_row:source_row + count]
        rest = ids[:source_row] + ids[source_row + count:]
        target = destination_child if destination_child <= source_row else destination_child - count
        target = max(0, min(target, len(rest)))
        self.state.set_layer_order(rest[:target] + moved + rest[target:])  # the model resets on its signal
        return True

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME_TYPE]

    def mimeData(self, indexes: list[Index]) -> QMimeData:  # noqa: N802
        ids = [layer.id for layer in (self.layer_at(i) for i in sorted(indexes, key=lambda i: i.row())) if layer]
        data = QMimeData()
        data.setData(MIME_TYPE, QByteArray("\n".join(ids).encode()))
        return data

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                     parent: Index) -> bool:
        """A drop of layers from this list: they go before ``row`` (or onto ``parent``'s place)."""
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME_TYPE):
            return False
        moved = [i for i in bytes(data.data(MIME_TYPE).data()).decode().split("\n") if self.state.layer(i)]
        ids = [layer.id for layer in self.state.layers]
        if row < 0:
            row = parent.row() if parent.isValid() else len(ids)
        before = ids[row] if row < len(ids) else None
        while before in moved:
            row += 1
            before = ids[row] if row < len(ids) else None
        rest = [i for i in ids if i not in moved]
        at = rest.index(before) if before is not None else len(rest)
        self.state.set_layer_order(rest[:at] + moved + rest[at:])
        return False  # moved already: the view must not remove the source rows


class LayersPanel(QWidget):
    """The list and its per-layer actions (context menu and the buttons below it)."""

    add_requested = Signal()  # the "+" button: the window opens its file dialog
    table_requested = Signal(str)  # a layer's attribute table: the window shows it in its dock
    refresh_requested = Signal(str)  # read a user layer again: the window's loader does it

    def __init__(self, state: AppState, fit_bounds: Callable[[tuple[float, float, float, float]], None],
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self.fit_bounds = fit_bounds
        self.dialog: Any = None  # the style or properties dialog last opened (for tests)
        self.model = LayerListModel(state, self)
        self.view = QListView(self)
        self.view.setObjectName("layers")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDragEnabled(True)
        self.view.setDropIndicatorShown(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.doubleClicked.connect(lambda index: self.show_properties(self._id_at(index)))
        self.view.selectionModel().currentChanged.connect(lambda *_: self._sync_buttons())
        self.model.modelReset.connect(self._sync_buttons)
        self.model.dataChanged.connect(lambda *_: self._sync_buttons())
        self.buttons: dict[str, QToolButton] = {}
        # A tool bar, not a row of buttons: in a narrow panel the last ones go under its » menu instead of
        # making the panel (and so the map) give way.
        row = QToolBar(self)
        row.setStyleSheet("QToolBar { border: none; spacing: 2px; }")
        for name, slot in (("add", self.add_requested.emit), ("zoom", lambda: self.zoom_to(self.current_id())),
                           ("style", lambda: self.edit_style(self.current_id())),
                           ("table", lambda: self.table_requested.emit(self.current_id() or "")),
                           ("properties", lambda: self.show_properties(self.current_id())),
                           ("remove", lambda: self.remove(self.current_id()))):
            button = QToolButton(self)
            button.setObjectName(f"layer-{name}")
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[name] = button
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(row)
        state.language_changed.connect(self._on_language)
        self.retranslate()

    def _on_language(self, _language: str) -> None:
        if isValid(self):
            self.retranslate()

    def retranslate(self) -> None:
        texts = {"add": ("+", self.tr("Add a layer from a file… (Ctrl+L, or drop files on the window)")),
                 "zoom": (self.tr("Zoom"), self.tr("Zoom to layer")), "style": (self.tr("Style…"), self.tr("Style…")),
                 "table": (self.tr("Table"), self.tr("Attribute table")),
                 "properties": (self.tr("Info"), self.tr("Properties")),
                 "remove": (self.tr("Remove"), self.tr("Remove the layer (the article's layers can only be hidden)"))}
        for name, (symbol, tip) in texts.items():
            self.buttons[name].setText(symbol)
            self.buttons[name].setToolTip(tip)
        self._sync_buttons()

    # --- which layer ----------------------------------------------------------------------------------------
    def _id_at(self, index: Index) -> str | None:
        layer = self.model.layer_at(index)
        return layer.id if layer else None

    def current_id(self) -> str | None:
        return self._id_at(self.view.currentIndex())

    def set_current(self, layer_id: str) -> None:
        row = self.model.row_of(layer_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row))

    def _sync_buttons(self) -> None:
        layer = self.state.layer(self.current_id())
        self.buttons["zoom"].setEnabled(bool(layer and layer.extent))
        self.buttons["style"].setEnabled(layer is not None)
        self.buttons["table"].setEnabled(bool(layer and layer.status == "ok"))
        self.buttons["properties"].setEnabled(layer is not None)
        self.buttons["remove"].setEnabled(bool(layer and not layer.is_theme))

    def _context_menu(self, point: QPoint) -> None:
        layer_id = self._id_at(self.view.indexAt(point))
        layer = self.state.layer(layer_id)
        if layer is None:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Zoom to layer"), lambda: self.zoom_to(layer.id)).setEnabled(bool(layer.extent))
        menu.addAction(self.tr("Style…"), lambda: self.edit_style(layer.id))
        menu.addAction(self.tr("Attribute table"), lambda: self.table_requested.emit(layer.id))
        menu.addAction(self.tr("Properties"), lambda: self.show_properties(layer.id))
        if not layer.is_theme:
            refresh = menu.addAction(self.tr("Refresh"), lambda: self.refresh_requested.emit(layer.id))
            refresh.setEnabled(layer.status != "loading")
        menu.addSeparator()
        remove = menu.addAction(self.tr("Remove"), lambda: self.remove(layer.id))
        remove.setEnabled(not layer.is_theme)
        if layer.is_theme:
            remove.setToolTip(self.tr("The article's layers cannot be removed, only hidden."))
        menu.exec(self.view.viewport().mapToGlobal(point))

    # --- actions ----------------------------------------------------------------------------------------------
    def zoom_to(self, layer_id: str | None) -> None:
        layer = self.state.layer(layer_id)
        if layer is not None and layer.extent:
            self.fit_bounds(layer.extent)

    def remove(self, layer_id: str | None) -> None:
        self.state.remove_layer(layer_id or "")  # the state refuses the article's layers

    def edit_style(self, layer_id: str | None) -> Any:
        """Open the style dialog (not blocking); it writes the state when accepted."""
        from quzhou_map.qt.layer_properties import LayerStyleDialog

        layer = self.state.layer(layer_id)
        if layer is None:
            return None
        self.dialog = LayerStyleDialog(self.state, layer, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        return self.dialog

    def show_properties(self, layer_id: str | None) -> Any:
        from quzhou_map.qt.layer_properties import LayerPropertiesDialog

        layer = self.state.layer(layer_id)
        if layer is None:
            return None
        self.dialog = LayerPropertiesDialog(layer, self.state.language, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        return self.dialog
