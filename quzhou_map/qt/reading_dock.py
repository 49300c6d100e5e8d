"""The reading dock beside the map and the guided tour, wired into the main window in one place.

The article is laid out (and its mentions found) once, when the panel is first shown or the tour is
first used: not on the start-up path.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow

from quzhou_map.core.article_layout import Reading
from quzhou_map.core.state import AppState
from quzhou_map.qt.reading_panel import ReadingPanel
from quzhou_map.qt.tour_controls import TourControls

# The reading dock's width beside the map, at most (pixels) and as a share of the window.
READING_WIDTH, READING_SHARE = 470, 0.34


class ReadingDock(QDockWidget):
    """The article in a dock (hidden until asked for), with Find (Ctrl+F) and the tour's toolbar."""

    def __init__(self, state: AppState, map_view: Any, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("article-dock")
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.state = state
        self._reading: Reading | None = None
        self.panel = ReadingPanel(state, self.reading, self)
        self.setWidget(self.panel)
        self.tour = TourControls(state, map_view, self.tour_order, window)
        self.tour.watch_keys(self.panel.text)
        self.tour.step_shown.connect(lambda step: self.show_panel() if step else None)
        window.addToolBar(self.tour.toolbar)
        self.toggle_action = self.toggleViewAction()
        self.toggle_action.setShortcut(QKeySequence("Ctrl+R"))
        self.find_action = QAction(window)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.find)
        window.addAction(self.find_action)
        state.language_changed.connect(lambda _language: self.retranslate())
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Article"))
        self.toggle_action.setText(self.tr("&Article beside the map"))
        self.find_action.setText(self.tr("&Find in the article…"))

    def reading(self) -> Reading:
        """The article laid out, its mentions and translations: computed once."""
        if self._reading is None:
            from quzhou_map.core.article import shipped_article
            from quzhou_map.core.article_layout import build_reading

            catalog = self.state.catalog
            self._reading = build_reading(shipped_article(), catalog.sites, catalog.city)
        return self._reading

    def tour_order(self) -> tuple[str, ...]:
        from quzhou_map.core.tour import tour_order

        return tour_order(self.reading().mentions, self.state.catalog.sites)

    def place(self, beside: QDockWidget, width: int) -> None:
        """Share ``beside``'s place as a tab (so the map keeps its width), wide enough to read in."""
        window = self.parentWidget()
        window.tabifyDockWidget(beside, self)
        if not self.isHidden():
            self.raise_()
            window.resizeDocks([self], [min(READING_WIDTH, int(width * READING_SHARE))], Qt.Orientation.Horizontal)

    def show_panel(self) -> None:
        was_hidden = self.isHidden()
        self.show()
        self.raise_()
        self.panel.ensure_filled()
        window = self.parentWidget()
        if was_hidden and window is not None and window.dockWidgetArea(self) != Qt.DockWidgetArea.RightDockWidgetArea:
            width = window.width()
            window.resizeDocks([self], [min(READING_WIDTH, int(width * READING_SHARE))], Qt.Orientation.Horizontal)

    def show_quote(self, line: int | None, quote: str = "") -> None:
        """The dock, at ``line`` with ``quote`` highlighted (the details panel's "line N" links)."""
        self.show_panel()
        if line:
            self.panel.show_quote(line, quote)

    def find(self) -> None:
        self.show_panel()
        self.panel.focus_find()
