"""The main window: map in the centre, themes and sites on the left, details on the right."""

from __future__ import annotations

import base64
import html
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QMainWindow

from quzhou_map import __version__
from quzhou_map.core.settings import Settings, save_settings
from quzhou_map.core.state import AppState
from quzhou_map.core.themes import THEMES
from quzhou_map.qt.details_panel import DetailsPanel
from quzhou_map.qt.map_view import MapView
from quzhou_map.qt.sites_panel import SitesPanel
from quzhou_map.qt.symbols import theme_icon


class MainWindow(QMainWindow):
    def __init__(self, state: AppState, map_view: MapView, settings: Settings,
                 persist_to: Path | None = None) -> None:
        """``persist_to``: the folder where the layout and state are saved on close (None: not saved)."""
        super().__init__()
        self.state = state
        self.settings = settings
        self.persist_to = persist_to
        self._article_dialog: Any = None  # made on first use
        self.map_view = map_view
        self.map_view.bridge.view_changed.connect(self._remember_view)
        self.map_view.load_failed.connect(self._report_load_failure)
        self.map_view.renderer_crashed.connect(
            lambda code: self.statusBar().showMessage(
                self.tr("The map's page process stopped (code %1); drawing the map again.").replace("%1", str(code)),
                15_000))
        self.setCentralWidget(self.map_view)
        self.sites_panel = SitesPanel(state, self)
        self.details_panel = DetailsPanel(state, self)
        self.details_panel.article_quote_requested.connect(self.show_article)
        self.left_dock = self._dock("sites-dock", self.sites_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.right_dock = self._dock("details-dock", self.details_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.cursor_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.cursor_label)
        self.map_view.bridge.cursor_moved.connect(self._show_cursor)
        self.map_view.bridge.cursor_left.connect(lambda: self.cursor_label.setText(""))
        self._build_menus()
        state.visible_themes_changed.connect(self._sync_theme_actions)
        # The translator is switched first (application.py connects it before any widget exists), so
        # tr() already answers in the new language here; no LanguageChange event is needed.
        state.language_changed.connect(self._sync_language_actions)
        state.language_changed.connect(lambda _language: self.retranslate())
        self.retranslate()
        self._restore_geometry()

    def _dock(self, name: str, widget: Any, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.export_action = self.file_menu.addAction("", self.export_html)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.file_menu.addSeparator()
        self.quit_action = self.file_menu.addAction("", self.close)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.view_menu = bar.addMenu("")
        self.theme_actions: dict[str, QAction] = {}
        for number, theme in enumerate(THEMES, start=1):
            action = self.view_menu.addAction(theme_icon(theme.id), "")
            action.setCheckable(True)
            action.setChecked(theme.id in self.state.visible_themes)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.toggled.connect(lambda on, t=theme.id: self.state.set_theme_visible(t, on))
            self.theme_actions[theme.id] = action
        self.view_menu.addSeparator()
        self.zoom_all_action = self.view_menu.addAction("", self.map_view.fit_all)
        self.zoom_all_action.setShortcut(QKeySequence("Ctrl+0"))
        self.clear_selection_action = self.view_menu.addAction("", lambda: self.state.select(None))
        self.clear_selection_action.setShortcut(QKeySequence("Esc"))
        self.language_menu = self.view_menu.addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, label in (("zh", "中文"), ("en", "English")):
            action = self.language_menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(code == self.state.language)
            action.triggered.connect(lambda _checked, c=code: self.state.set_language(c))
            group.addAction(action)
            self.language_actions[code] = action
        self.help_menu = bar.addMenu("")
        self.article_action = self.help_menu.addAction("", lambda: self.show_article(None))
        self.about_action = self.help_menu.addAction("", self.show_about)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Quzhou Map — places in Zhejiang Daily's report"))
        self.file_menu.setTitle(self.tr("&File"))
        self.export_action.setText(self.tr("&Export map as HTML…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.view_menu.setTitle(self.tr("&View"))
        for theme in THEMES:
            self.theme_actions[theme.id].setText(theme.name(self.state.language))
        self.zoom_all_action.setText(self.tr("&Zoom to all"))
        self.clear_selection_action.setText(self.tr("&Clear selection (city-wide facts)"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.article_action.setText(self.tr("&Read the article"))
        self.about_action.setText(self.tr("&About"))
        self.left_dock.setWindowTitle(self.tr("Sites"))
        self.right_dock.setWindowTitle(self.tr("Details"))

    def _sync_theme_actions(self, themes: frozenset[str]) -> None:
        for theme_id, action in self.theme_actions.items():
            action.blockSignals(True)
            action.setChecked(theme_id in themes)
            action.blockSignals(False)

    def _sync_language_actions(self, language: str) -> None:
        for code, action in self.language_actions.items():
            action.setChecked(code == language)

    def _show_cursor(self, lat: float, lng: float) -> None:
        self.cursor_label.setText(self.tr("Lat %1°, Lon %2° (WGS-84)")
                                  .replace("%1", f"{lat:.5f}").replace("%2", f"{lng:.5f}"))

    def _report_load_failure(self, page: str) -> None:
        message = self.tr("The map page could not be loaded: %1").replace("%1", page)
        self.statusBar().showMessage(message)
        print(message, file=sys.stderr)

    def _remember_view(self, lat: float, lng: float, zoom: float) -> None:
        self.settings.view = (lat, lng, zoom)

    def show_article(self, line: int | None, quote: str = "") -> None:
        """One article window, brought forward and moved to ``line`` (and its ``quote``) on each request."""
        from quzhou_map.qt.article_dialog import ArticleDialog

        if self._article_dialog is None:
            self._article_dialog = ArticleDialog(self)
        if line:
            self._article_dialog.show_quote(line, quote)
        self._article_dialog.show()
        self._article_dialog.raise_()
        self._article_dialog.activateWindow()

    def show_about(self) -> None:
        from quzhou_map.qt.about import about_html

        from PySide6.QtWidgets import QMessageBox  # dialogs are imported when used: not on the start path

        QMessageBox.about(self, self.tr("About Quzhou Map"), about_html(__version__))

    def export_html(self) -> None:
        from quzhou_map.export import export_html

        from PySide6.QtWidgets import QFileDialog, QMessageBox

        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export map as HTML"), "quzhou-map.html",
                                                    self.tr("Web page (*.html)"))
        if not path:
            return
        target = Path(path)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # about a second: it validates and renders
        try:
            code = export_html(target, allow_overwrite=True)
        finally:
            QApplication.restoreOverrideCursor()
        if code != 0:
            QMessageBox.warning(self, self.tr("Export failed"),
                                self.tr("Could not write %1").replace("%1", html.escape(path)))
        else:
            self.statusBar().showMessage(self.tr("Saved %1").replace("%1", path), 5000)

    def _restore_geometry(self) -> None:
        """The saved layout, or one that fits the screen; a damaged saved layout is ignored, never fatal."""
        screen = self.screen().availableGeometry()
        width, height = min(1280, int(screen.width() * 0.9)), min(820, int(screen.height() * 0.9))
        self.resize(width, height)
        self.fit_docks(width)
        try:
            if self.settings.geometry:
                self.restoreGeometry(QByteArray(base64.b64decode(self.settings.geometry)))
            if self.settings.window_state:
                self.restoreState(QByteArray(base64.b64decode(self.settings.window_state)))
        except (ValueError, TypeError):
            pass

    def fit_docks(self, width: int) -> None:
        """Side panels that leave the map at least half of a window ``width`` pixels wide."""
        self.resizeDocks([self.left_dock, self.right_dock], [min(270, width // 5), min(400, width * 3 // 10)],
                         Qt.Orientation.Horizontal)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.persist_to is not None:
            self.remember_layout()
            try:
                save_settings(self.settings, self.persist_to)
            except OSError as error:
                print(f"settings not saved: {error}", file=sys.stderr)
        super().closeEvent(event)

    def remember_layout(self) -> None:
        self.settings.geometry = base64.b64encode(bytes(self.saveGeometry())).decode()
        self.settings.window_state = base64.b64encode(bytes(self.saveState())).decode()
        self.settings.visible_themes = sorted(self.state.visible_themes)
        self.settings.language = self.state.language
        self.settings.selected = self.state.selected_id
