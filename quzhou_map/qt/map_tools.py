"""Map tools of the window: go to a coordinate, zoom to the selection, and the map's context menu
(copy the coordinate under the mouse). The parsing and datum conversion live in core/coordinates.py;
the view is set through the state, as a drag would."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu

from quzhou_map.core.state import AppState

#: How close "go to coordinate" zooms in (Leaflet zoom; about a village).
GO_TO_ZOOM = 14.0
DATUMS = ("WGS-84", "GCJ-02", "BD-09")


class MapTools(QObject):
    """Owns the tools' actions (for the View menu) and answers the map's right click."""

    def __init__(self, state: AppState, map_view: Any, window: Any) -> None:
        super().__init__(window)
        self.state, self.map_view, self.window = state, map_view, window
        self.go_to_action = QAction(window)
        self.go_to_action.setShortcut(QKeySequence("Ctrl+G"))
        self.go_to_action.triggered.connect(lambda: self.ask_and_go())
        self.zoom_selection_action = QAction(window)
        self.zoom_selection_action.setShortcut(QKeySequence("Ctrl+J"))
        self.zoom_selection_action.triggered.connect(self.zoom_to_selection)
        self.nearby_action = QAction(window)
        self.nearby_action.setShortcut(QKeySequence("Ctrl+B"))
        self.nearby_action.triggered.connect(self.show_nearby)
        self.nearby_dialog: Any = None  # made when first shown
        state.selection_changed.connect(lambda selection: self.zoom_selection_action.setEnabled(selection is not None))
        self.zoom_selection_action.setEnabled(state.selection is not None)
        map_view.context_menu.connect(self.show_context_menu)
        self.menu: QMenu | None = None  # the last context menu (for tests)
        self.measuring = "off"  # "distance" | "area" | "off"
        self.measure_text = ""  # the last measurement, as shown
        self._points: list[tuple[float, float]] = []  # its corners (lat, lng)
        self.measure_actions: dict[str, QAction] = {}
        for mode, keys in (("distance", "Ctrl+M"), ("area", "Ctrl+Shift+M")):
            action = QAction(window)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(keys))
            action.toggled.connect(lambda on, m=mode: self.measure(m if on else "off"))
            self.measure_actions[mode] = action
        map_view.measure_changed.connect(self._on_measure)
        state.language_changed.connect(lambda _language: self.measure_text and self._relabel())
        self.retranslate()

    def retranslate(self) -> None:
        self.go_to_action.setText(self.tr("&Go to coordinate…"))
        self.zoom_selection_action.setText(self.tr("Zoom to &selection"))
        self.nearby_action.setText(self.tr("&Nearby…"))
        self.measure_actions["distance"].setText(self.tr("&Measure distance"))
        self.measure_actions["area"].setText(self.tr("Measure &area"))

    # --- measuring ------------------------------------------------------------------------------------
    def measure(self, mode: str) -> None:
        """Start measuring a distance or an area ("off" stops; Esc does too). The page draws; we measure."""
        self.measuring = mode if mode in ("distance", "area") else "off"
        for name, action in self.measure_actions.items():
            action.blockSignals(True)
            action.setChecked(name == self.measuring)
            action.blockSignals(False)
        self._points = []
        self.measure_text = ""
        self.map_view.set_measure(self.measuring)
        if self.measuring != "off":
            self.window.statusBar().showMessage(self.tr(
                "Click to put down points, double-click to finish, Esc to stop measuring."), 15_000)

    def cancel(self) -> bool:
        """Esc: stop measuring; False when there was nothing to stop."""
        if self.measuring == "off":
            return False
        self.measure("off")
        return True

    def _on_measure(self, points: list, done: bool) -> None:
        if self.measuring == "off":
            return
        self._points = points
        self._relabel(done)

    def _relabel(self, done: bool = False) -> None:
        """The measurement on the ellipsoid (WGS-84), in the interface language, on the map and below it."""
        from quzhou_map.core.geodesy import format_area, format_length, path_length_m, perimeter_m, polygon_area_m2

        language, points = self.state.language, self._points
        if self.measuring == "area" and len(points) >= 3:
            text = self.tr("Area %1 · perimeter %2").replace("%1", format_area(polygon_area_m2(points), language)) \
                .replace("%2", format_length(perimeter_m(points), language))
        elif self.measuring == "distance" and len(points) >= 2:
            text = self.tr("Distance %1").replace("%1", format_length(path_length_m(points), language))
        else:
            text = ""
        self.measure_text = text
        self.map_view.set_measure_label(text)
        if text:
            self.window.statusBar().showMessage(text + (self.tr(" (geodesic, WGS-84)") if done else ""))

    def show_nearby(self) -> None:
        """The features within N km of the selection, in a small window that follows the selection."""
        from quzhou_map.qt.nearby_dialog import NearbyDialog

        if self.nearby_dialog is None:
            self.nearby_dialog = NearbyDialog(self.state, self.window)
        self.nearby_dialog.show()
        self.nearby_dialog.raise_()
        self.nearby_dialog.refresh()

    def zoom_to_selection(self) -> None:
        extent = self.state.selection_extent()
        if extent is not None:
            self.map_view.fit_bounds(extent, max_zoom=16)

    def go_to(self, text: str, datum: str = "WGS-84") -> str | None:
        """Centre the map on ``text`` (any usual way of writing a coordinate) and mark it; the error, if any."""
        from quzhou_map.core.coordinates import CoordinateError, format_coordinate, parse_coordinate, to_wgs84

        try:
            lat, lon = to_wgs84(*parse_coordinate(text), datum)
        except CoordinateError as error:
            return str(error)
        zoom = max(self.state.view.zoom if self.state.view else 0.0, GO_TO_ZOOM)
        self.state.set_view((lat, lon, zoom), origin="go-to")
        self.map_view.set_pin(lat, lon)
        self.window.statusBar().showMessage(
            self.tr("Went to %1 (WGS-84)").replace("%1", format_coordinate(lat, lon)), 15_000)
        return None

    def ask_and_go(self) -> None:
        """A small dialog: the coordinate as text and the datum it is in; asks again until it is understood."""
        from PySide6.QtWidgets import QInputDialog, QMessageBox

        datum, ok = QInputDialog.getItem(self.window, self.tr("Go to coordinate"),
                                         self.tr("The coordinate is in:"), list(DATUMS), 0, False)
        if not ok:
            return
        text, ok = QInputDialog.getText(self.window, self.tr("Go to coordinate"), self.tr(
            "Latitude and longitude, in decimal degrees or degrees, minutes and seconds "
            "(29.12, 118.87 · N29°7′12″ E118°52′12″ · 北纬29.12 东经118.87):"))
        if ok and text.strip():
            error = self.go_to(text, datum)
            if error is not None:
                QMessageBox.warning(self.window, self.tr("Go to coordinate"),
                                    self.tr("Not understood: %1").replace("%1", error))

    def show_context_menu(self, lat: float, lng: float, x: int, y: int) -> None:
        """The map's right click: copy the coordinate there, in decimal degrees or DMS (WGS-84)."""
        from quzhou_map.core.coordinates import format_coordinate

        menu = self.menu = QMenu(self.window)
        for style, label in (("decimal", self.tr("Copy coordinate: %1")),
                             ("dms", self.tr("Copy coordinate: %1"))):
            text = format_coordinate(lat, lng, style)
            menu.addAction(label.replace("%1", text), lambda t=text: QGuiApplication.clipboard().setText(t))
        menu.addSeparator()
        menu.addAction(self.zoom_selection_action)
        menu.addAction(self.nearby_action)
        menu.addAction(self.go_to_action)
        menu.popup(self.map_view.mapToGlobal(QPoint(x, y)))
