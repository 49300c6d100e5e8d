"""The only object the page can reach: slots for what the page reports, nothing else."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot


class MapBridge(QObject):
    """Receives clicks, cursor moves and view changes from the page and re-emits them as Qt signals."""

    connected = Signal()
    site_clicked = Signal(str)
    cursor_moved = Signal(float, float)
    cursor_left = Signal()
    view_changed = Signal(float, float, float)  # lat, lng, zoom (fractional: the map zooms in quarters)

    @Slot()
    def bridgeConnected(self) -> None:  # noqa: N802 - name seen by the page
        self.connected.emit()

    @Slot(str)
    def siteClicked(self, site_id: str) -> None:  # noqa: N802
        """A site's id, or "" for a click on the map away from every site."""
        self.site_clicked.emit(str(site_id))

    @Slot(float, float)
    def cursorMoved(self, lat: float, lng: float) -> None:  # noqa: N802
        self.cursor_moved.emit(float(lat), float(lng))

    @Slot()
    def cursorLeft(self) -> None:  # noqa: N802
        self.cursor_left.emit()

    @Slot(float, float, float)
    def viewChanged(self, lat: float, lng: float, zoom: float) -> None:  # noqa: N802
        self.view_changed.emit(float(lat), float(lng), float(zoom))
