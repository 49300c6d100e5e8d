"""File → Add PostGIS Layer…: where the database is, its tables with a geometry column, a filter and a limit.

The dialog only asks; listing the tables runs in a worker thread (a server that does not answer must not freeze
the window), and the reading is the layer loader's, off the UI thread like a file's. A password typed here is
kept in memory for the session (core.user_data.postgis.remember_password), never in the settings file.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
    QTreeWidget, QTreeWidgetItem, QVBoxLayout,
)

from quzhou_map.core.user_data.postgis import Connection, GeometryTable, PostgisRequest

MAX_LIMIT = 100_000_000


class _Relay(QObject):
    """The listing thread's answer, delivered in the UI thread (no parent: it outlives a closed dialog)."""

    listed = Signal(int, object, object)  # request number, list of GeometryTable or None, error text or None


def _list(number: int, connection: Connection, relay: _Relay) -> None:
    tables: Any = None
    error: str | None = None
    try:  # everything, the import too: a thread that dies without a word leaves the dialog waiting
        from quzhou_map.core.user_data.postgis import list_tables

        tables = list_tables(connection)
    except Exception as problem:  # noqa: BLE001 - a line for the user, never a dead thread
        error = str(problem) or type(problem).__name__
    relay.listed.emit(number, tables, error)


class PostgisDialog(QDialog):
    """Asks for a connection, lists its tables and views with a geometry column; ``request()`` is the choice."""

    tables_listed = Signal()  # the list was filled, or the reason it could not be is shown

    def __init__(self, parent: Any = None, initial: Connection | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("postgis-dialog")
        self.setWindowTitle(self.tr("Add PostGIS Layer"))
        initial = initial or Connection()
        self.host = QLineEdit(initial.host, self)
        self.host.setPlaceholderText("localhost")
        self.port = QLineEdit(str(initial.port or ""), self)
        self.port.setValidator(QIntValidator(1, 65535, self))
        self.port.setPlaceholderText("5432")
        self.database = QLineEdit(initial.dbname, self)
        self.user = QLineEdit(initial.user, self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("empty: PGPASSWORD or ~/.pgpass"))
        self.password_note = QLabel(self.tr("A password typed here is kept in memory until the app closes, for "
                                            "reading and refreshing; it is never saved. Empty fields are left to "
                                            "libpq: PGHOST, PGPASSWORD, ~/.pgpass, a service file (PGSERVICE)."),
                                    self)
        self.password_note.setWordWrap(True)
        self.connect_button = QPushButton(self.tr("List tables"), self)
        self.connect_button.setDefault(False)
        self.connect_button.setAutoDefault(False)
        self.connect_button.clicked.connect(self.list_tables)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # a server's message: shown as written
        self.status.setWordWrap(True)
        self.tables = QTreeWidget(self)
        self.tables.setObjectName("postgis-tables")
        self.tables.setRootIsDecorated(False)
        self.tables.setAlternatingRowColors(True)
        self.tables.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tables.setHeaderLabels([self.tr("Table or view"), self.tr("Geometry column"), self.tr("Type"),
                                     self.tr("SRID"), self.tr("Kind")])
        self.tables.itemSelectionChanged.connect(self._sync_ok)
        self.tables.itemDoubleClicked.connect(lambda *_: self.accept() if self.chosen() else None)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("optional SQL condition, e.g. kind = 'cafe' AND n > 1"))
        self.limit = QSpinBox(self)
        self.limit.setRange(0, MAX_LIMIT)
        self.limit.setSingleStep(1000)
        self.limit.setSpecialValueText(self.tr("no limit"))
        self.limit.setGroupSeparatorShown(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Add layer"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        server = QHBoxLayout()
        server.addWidget(self.host, 3)
        server.addWidget(QLabel(self.tr("Port"), self))
        server.addWidget(self.port, 1)
        form = QFormLayout()
        form.addRow(self.tr("Host"), server)
        form.addRow(self.tr("Database"), self.database)
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.password_note)
        listing = QHBoxLayout()
        listing.addWidget(self.connect_button)
        listing.addWidget(self.status, 1)
        options = QFormLayout()
        options.addRow(self.tr("Filter (WHERE)"), self.filter)
        options.addRow(self.tr("Feature limit"), self.limit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(listing)
        layout.addWidget(self.tables, 1)
        layout.addLayout(options)
        layout.addWidget(self.buttons)
        self.resize(620, 560)
        self._found: list[GeometryTable] = []
        self._listed_with: Connection | None = None
        self._pending: Connection | None = None
        self._number = 0
        self._relay = _Relay()
        self._relay.listed.connect(self._on_listed, Qt.ConnectionType.QueuedConnection)
        self._sync_ok()

    # --- the answers ----------------------------------------------------------------------------------------
    def connection(self) -> Connection:
        """What the user typed (the password only if typed)."""
        port = self.port.text().strip()
        return Connection(self.host.text().strip(), int(port) if port.isdigit() else None,
                          self.database.text().strip(), self.user.text().strip(), self.password.text() or None)

    def chosen(self) -> GeometryTable | None:
        items = self.tables.selectedItems()
        return self._found[items[0].data(0, Qt.ItemDataRole.UserRole)] if items else None

    def request(self) -> PostgisRequest | None:
        """The table to read, with the connection it was listed with (None: none chosen)."""
        table = self.chosen()
        if table is None or self._listed_with is None:
            return None
        return PostgisRequest(self._listed_with, table.schema, table.table, table.column,
                              self.filter.text().strip() or None, self.limit.value() or None)

    # --- listing ---------------------------------------------------------------------------------------------
    def list_tables(self) -> None:
        """Connect in a worker thread and list the tables; ``tables_listed`` says when it is done."""
        self._number += 1
        connection = self._pending = self.connection()
        self.status.setText(self.tr("Connecting to %1…").replace("%1", connection.url()))
        self.connect_button.setEnabled(False)
        threading.Thread(target=_list, args=(self._number, connection, self._relay), name="quzhou-map-postgis",
                         daemon=True).start()

    def _on_listed(self, number: int, tables: Any, error: str | None) -> None:
        if number != self._number:
            return  # an earlier listing, overtaken by a new one
        self.connect_button.setEnabled(True)
        self.tables.clear()
        self._found = list(tables or [])
        self._listed_with = self._pending if tables is not None else None
        if error is not None:
            self.status.setText(error)
        elif not self._found:
            self.status.setText(self.tr("No table or view with a geometry column that you may read."))
        else:
            self.status.setText(self.tr("%1 tables and views with a geometry column").replace(
                "%1", str(len(self._found))))
        for row, table in enumerate(self._found):
            item = QTreeWidgetItem([table.qualified, table.column, self._geometry_name(table.geometry_type),
                                    str(table.srid or "—"), self._kind(table.kind)])
            item.setData(0, Qt.ItemDataRole.UserRole, row)
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tables.addTopLevelItem(item)
        for column in range(self.tables.columnCount()):
            self.tables.resizeColumnToContents(column)
        if self._found:
            self.tables.setCurrentItem(self.tables.topLevelItem(0))
        self._sync_ok()
        self.tables_listed.emit()

    def _geometry_name(self, geometry_type: str) -> str:
        """PostGIS's type name (POINT, MULTIPOLYGON, GEOMETRY…) as a person reads it, in the interface language."""
        names = {"POINT": self.tr("point"), "MULTIPOINT": self.tr("multipoint"), "LINESTRING": self.tr("line"),
                 "MULTILINESTRING": self.tr("multiline"), "POLYGON": self.tr("polygon"),
                 "MULTIPOLYGON": self.tr("multipolygon"), "GEOMETRY": self.tr("any geometry")}
        return names.get(geometry_type.upper(), geometry_type.title())

    def _kind(self, kind: str) -> str:
        return {"table": self.tr("table"), "view": self.tr("view"), "materialized view": self.tr("materialized view"),
                "foreign table": self.tr("foreign table")}.get(kind, kind)

    def select_table(self, qualified: str, column: str | None = None) -> bool:
        """Choose a listed table by ``schema.table`` (and column); False when it is not listed."""
        for row, table in enumerate(self._found):
            if table.qualified == qualified and column in (None, table.column):
                self.tables.setCurrentItem(self.tables.topLevelItem(row))
                return True
        return False

    def _sync_ok(self) -> None:
        self.ok_button.setEnabled(self.chosen() is not None)
