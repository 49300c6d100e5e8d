"""The main window: map in the centre, layers, themes and sites on the left, details on the right."""

from __future__ import annotations

import base64
import html
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QMainWindow

from quzhou_map import __version__
from quzhou_map.core.saved_layers import saved_layer
from quzhou_map.core.settings import Settings, save_settings
from quzhou_map.core.state import AppState
from quzhou_map.core.themes import THEMES
from quzhou_map.qt.details_panel import DetailsPanel
from quzhou_map.qt.layers_panel import LayersPanel
from quzhou_map.qt.map_view import MapView
from quzhou_map.qt.sites_panel import SitesPanel
from quzhou_map.qt.symbols import theme_icon


#: How long after the map is up the reading libraries are imported in the background.
WARM_UP_DELAY_MS = 300
#: Below this window width the side panels share one column of tabs, so the map keeps most of the window.
COMPACT_WIDTH = 1100


class MainWindow(QMainWindow):
    def __init__(self, state: AppState, map_view: MapView, settings: Settings,
                 persist_to: Path | None = None) -> None:
        """``persist_to``: the folder where the layout and state are saved on close (None: not saved)."""
        super().__init__()
        self.state = state
        self.settings = settings
        self.persist_to = persist_to
        self.layers_to_read: list[Any] = []  # saved user layers, read once the map is drawn
        self.files_to_open: list[Path | str] = []  # files (and postgresql:// URLs) named on the command line
        self.files_started = False
        self.map_view = map_view
        self.map_view.load_failed.connect(self._report_load_failure)
        self.map_view.layer_failed.connect(self._layer_not_drawn)
        self.map_view.renderer_crashed.connect(
            lambda code: self.statusBar().showMessage(
                self.tr("The map's page process stopped (code %1); drawing the map again.").replace("%1", str(code)),
                15_000))
        self.setCentralWidget(self.map_view)
        self.sites_panel = SitesPanel(state, self)
        self.details_panel = DetailsPanel(state, self, fill_now=False)  # filled once the map is drawn
        self.details_panel.article_quote_requested.connect(self.show_article)
        self.details_panel.citation_copied.connect(
            lambda _text: self.statusBar().showMessage(self.tr("Citation copied to the clipboard"), 5000))
        self.details_panel.text_copied.connect(lambda text: self.statusBar().showMessage(
            self.tr("%1 characters copied to the clipboard").replace("%1", f"{len(text):,}"), 5000))
        self.left_dock = self._dock("sites-dock", self.sites_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.right_dock = self._dock("details-dock", self.details_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self._loader: Any = None  # made when first needed: after the map is drawn, off the start-up path
        self._attribute_dock: Any = None  # likewise, when first shown
        self._figures_dock: Any = None  # likewise (QtCharts is imported then)
        self.layers_panel = LayersPanel(state, self.map_view.fit_bounds, self)
        self.layers_panel.add_requested.connect(self.add_layer)
        self.layers_panel.table_requested.connect(self.show_attribute_table)
        self.layers_panel.refresh_requested.connect(self.refresh_layer)
        self.postgis_dialog: Any = None  # the Add PostGIS Layer dialog last opened
        self._postgis_connection: Any = None  # where the last PostGIS layer came from (no password)
        self.layers_dock = self._dock("layers-dock", self.layers_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.splitDockWidget(self.layers_dock, self.left_dock, Qt.Orientation.Vertical)  # layers above the sites
        self.setAcceptDrops(True)
        self.map_view.map_drawn.connect(lambda _count: self._start_reading())
        self.map_view.map_drawn.connect(lambda _count: QTimer.singleShot(0, self._fill_details_once))
        self.map_view.load_failed.connect(lambda _page: self._fill_details_once())
        self.map_view.interactive.connect(self._start_reading)
        self.cursor_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.cursor_label)
        self.map_view.cursor_moved.connect(self._show_cursor)
        self.map_view.cursor_left.connect(lambda: self.cursor_label.setText(""))
        self._build_menus()
        from quzhou_map.qt.reading_dock import ReadingDock

        self.reading_dock = ReadingDock(state, self.map_view, self)  # the article beside the map, and the tour
        self.reading_panel, self.tour_controls = self.reading_dock.panel, self.reading_dock.tour
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.reading_dock)
        self.reading_dock.hide()
        self.view_menu.addSeparator()
        self.view_menu.addActions([self.reading_dock.toggle_action, self.reading_dock.find_action])
        self.tour_controls.restore(settings.tour_step)
        state.layer_changed.connect(lambda layer: self._sync_theme_actions() if layer.is_theme else None)
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
        self.add_layer_action = self.file_menu.addAction("", self.add_layer)
        self.add_layer_action.setShortcut(QKeySequence("Ctrl+L"))
        self.add_postgis_action = self.file_menu.addAction("", self.add_postgis_layer)
        self.refresh_layer_action = self.file_menu.addAction(
            "", lambda: self.refresh_layer(self.layers_panel.current_id()))
        self.refresh_layer_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.export_action = self.file_menu.addAction("", self.export_html)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_image_action = self.file_menu.addAction("", self.export_image)
        self.export_image_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
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
        self.site_labels_action = self.view_menu.addAction("")
        self.site_labels_action.setCheckable(True)
        self.site_labels_action.setChecked(self.state.site_labels)
        self.site_labels_action.toggled.connect(self.state.set_site_labels)
        self.state.site_labels_changed.connect(self.site_labels_action.setChecked)
        self.view_menu.addSeparator()
        self.zoom_all_action = self.view_menu.addAction("", self.zoom_to_all)
        self.zoom_all_action.setShortcut(QKeySequence("Ctrl+0"))
        self.zoom_layer_action = self.view_menu.addAction("", lambda: self.layers_panel.zoom_to(
            self.layers_panel.current_id()))
        self.attribute_table_action = self.view_menu.addAction("")
        self.attribute_table_action.setCheckable(True)
        self.attribute_table_action.setShortcut(QKeySequence("Ctrl+T"))
        self.attribute_table_action.toggled.connect(
            lambda on: self.show_attribute_table("") if on else self._attribute_dock and self._attribute_dock.hide())
        self.figures_action = self.view_menu.addAction("")
        self.figures_action.setCheckable(True)
        self.figures_action.toggled.connect(
            lambda on: self.show_figures() if on else self._figures_dock and self._figures_dock.hide())
        from quzhou_map.qt.map_tools import MapTools

        self.map_tools = MapTools(self.state, self.map_view, self)
        self.view_menu.addAction(self.map_tools.zoom_selection_action)
        self.view_menu.addAction(self.map_tools.nearby_action)
        self.view_menu.addAction(self.map_tools.go_to_action)
        for action in self.map_tools.measure_actions.values():
            self.view_menu.addAction(action)
        # Esc stops measuring first; otherwise it clears the selection.
        self.clear_selection_action = self.view_menu.addAction(
            "", lambda: self.map_tools.cancel() or self.state.select(None))
        self.clear_selection_action.setShortcut(QKeySequence("Esc"))
        from quzhou_map.qt.basemap_control import BasemapControl

        self.basemaps = BasemapControl(self.state, self.map_view, self)
        self.basemaps.message.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        self.view_menu.addSeparator()
        self.view_menu.addMenu(self.basemaps.menu)
        self.map_toolbar = self.addToolBar("")
        self.map_toolbar.setObjectName("map-toolbar")
        self.map_toolbar.addWidget(self.basemaps.combo)
        self.statusBar().addPermanentWidget(self.basemaps.status_label)
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
        self.article_action = self.help_menu.addAction("", lambda: self.show_article(None))  # the reading dock
        self.log_folder_action = self.help_menu.addAction("", self.open_log_folder)
        self.about_action = self.help_menu.addAction("", self.show_about)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Quzhou Map — places in Zhejiang Daily's report"))
        self.file_menu.setTitle(self.tr("&File"))
        self.add_layer_action.setText(self.tr("&Add Layer…"))
        self.add_postgis_action.setText(self.tr("Add &PostGIS Layer…"))
        self.refresh_layer_action.setText(self.tr("&Refresh layer (chosen in Layers)"))
        self.attribute_table_action.setText(self.tr("A&ttribute table"))
        self.figures_action.setText(self.tr("&Figures"))
        self.export_action.setText(self.tr("&Export map as HTML…"))
        self.export_image_action.setText(self.tr("Export map &image (PNG, PDF)…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.view_menu.setTitle(self.tr("&View"))
        for theme in THEMES:
            self.theme_actions[theme.id].setText(theme.name(self.state.language))
        self.site_labels_action.setText(self.tr("S&ite labels"))
        self.zoom_all_action.setText(self.tr("&Zoom to all"))
        self.zoom_layer_action.setText(self.tr("Zoom to &layer (chosen in Layers)"))
        self.map_tools.retranslate()
        self.clear_selection_action.setText(self.tr("&Clear selection (city-wide facts)"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.map_toolbar.setWindowTitle(self.tr("Map toolbar"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.article_action.setText(self.tr("&Read the article"))
        self.log_folder_action.setText(self.tr("Open &log folder"))
        self.about_action.setText(self.tr("&About"))
        self.left_dock.setWindowTitle(self.tr("Sites"))
        self.layers_dock.setWindowTitle(self.tr("Layers"))
        self.right_dock.setWindowTitle(self.tr("Details"))

    # --- user layers: opened from the menu, a drop, the command line; restored ones read again ----------------
    def select_when_loaded(self, selection: Any) -> None:
        """Select a feature of a restored layer once it has been read (unless the user selected meanwhile)."""
        def loaded(layer_id: str) -> None:
            if layer_id == selection.layer:
                self.loader.layer_loaded.disconnect(loaded)
                if self.state.selection is None:
                    self.state.select(selection)

        self.loader.layer_loaded.connect(loaded)

    def _layer_not_drawn(self, layer_id: str, reason: str) -> None:
        """The page could not draw a layer: it says so in the list, greyed, instead of looking fine."""
        layer = self.state.layer(layer_id)
        if layer is None or layer.is_theme:
            return
        message = self.tr("%1: not drawn on the map (%2)").replace("%1", layer.source.path or layer.title) \
            .replace("%2", reason)
        self.state.update_layer(layer_id, status="unavailable", message=message)
        self.statusBar().showMessage(message, 15_000)
        print(message, file=sys.stderr)

    def _fill_details_once(self) -> None:
        if not self.details_panel.toPlainText():
            self.details_panel.refresh()

    def _start_reading(self) -> None:
        """Once the map is drawn and its events reach Python (so each layer's "drawn" is heard): read files."""
        self._watch_map_drops()
        if self.files_started or not (self.map_view.ready and self.map_view.connected):
            return
        self.files_started = True
        layers, self.layers_to_read = self.layers_to_read, []
        files, self.files_to_open = self.files_to_open, []
        if layers:
            self.loader.reload(layers)
        self.loader.open_files(files, interactive=False)
        # The readers' imports, in the background once the first frames are out: the first Add Layer is quick.
        QTimer.singleShot(WARM_UP_DELAY_MS, self.loader.warm_up)

    def add_layer(self) -> None:
        """File → Add Layer…: one or more files, each asked about what it leaves open."""
        from quzhou_map.core.user_data.sources import supported_suffixes

        from PySide6.QtWidgets import QFileDialog

        patterns = " ".join(f"*{suffix}" for suffix in supported_suffixes())
        filters = ";;".join([self.tr("Geodata and tables (%1)").replace("%1", patterns), self.tr("All files (*)")])
        paths, _filter = QFileDialog.getOpenFileNames(self, self.tr("Add Layer"), "", filters)
        if paths:
            self.open_paths([Path(p) for p in paths])

    def add_postgis_layer(self) -> Any:
        """File → Add PostGIS Layer…: the dialog (not blocking); its table is read when it is accepted."""
        from quzhou_map.qt.postgis_dialog import PostgisDialog

        dialog = self.postgis_dialog = PostgisDialog(self, self._last_postgis_connection())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._read_postgis_choice(dialog))
        dialog.open()
        return dialog

    def _read_postgis_choice(self, dialog: Any) -> None:
        request = dialog.request()
        if request is not None:
            self._postgis_connection = request.connection._replace(password=None)
            self.loader.open_database(request)

    def _last_postgis_connection(self) -> Any:
        """The connection to offer: the last one used, else that of a PostGIS layer in the list."""
        if self._postgis_connection is None:
            from quzhou_map.core.user_data.postgis import parse_url

            for layer in self.state.layers:
                if layer.source.kind == "postgis":
                    return parse_url(layer.source.path or "").connection
        return self._postgis_connection

    def refresh_layer(self, layer_id: str | None) -> None:
        """Read a user layer again (a PostGIS table's new rows, a file changed on disk)."""
        if layer_id:
            self.loader.refresh(layer_id)

    def open_paths(self, paths: list[Path]) -> None:
        """Open files or Shapefile folders the user chose or dropped."""
        self.loader.open_files(paths, interactive=True)

    @staticmethod
    def dropped_paths(mime: Any) -> list[Path]:
        """The local files and folders of a drag (none: not ours to take)."""
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if self.dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: Any) -> None:  # noqa: N802
        if self.dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = self.dropped_paths(event.mimeData())
        if not paths:
            super().dropEvent(event)
            return
        event.acceptProposedAction()
        self.open_paths(paths)

    def _watch_map_drops(self) -> None:
        """Files dropped on the map reach the window too (the web view would otherwise take them)."""
        for widget in (self.map_view, self.map_view.focusProxy()):
            if widget is not None and not widget.property("quzhou-drops"):
                widget.setProperty("quzhou-drops", True)
                widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop) \
                and self.dropped_paths(event.mimeData()):
            event.acceptProposedAction()
            if kind == QEvent.Type.Drop:
                self.open_paths(self.dropped_paths(event.mimeData()))
            return True
        return super().eventFilter(watched, event)

    def _sync_theme_actions(self) -> None:
        themes = self.state.visible_themes
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

    @property
    def loader(self) -> Any:
        """Reads users' files; made on first use (the map is drawn by then), not on the start-up path."""
        if self._loader is None:
            from quzhou_map.qt.layer_loading import LayerLoader

            self._loader = LayerLoader(self.state, self, status=lambda text: self.statusBar().showMessage(text, 15_000))
        return self._loader

    @property
    def attribute_dock(self) -> Any:
        """The attribute table, docked at the bottom; made when first shown."""
        if self._attribute_dock is None:
            from quzhou_map.qt.attribute_table import AttributeTableDock

            dock = self._attribute_dock = AttributeTableDock(self.state, self.map_view, self)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            dock.visibilityChanged.connect(self._sync_attribute_table_action)
        return self._attribute_dock

    def _sync_attribute_table_action(self, visible: bool) -> None:
        self.attribute_table_action.blockSignals(True)
        self.attribute_table_action.setChecked(visible)
        self.attribute_table_action.blockSignals(False)

    def show_attribute_table(self, layer_id: str) -> None:
        dock = self.attribute_dock
        dock.show()
        dock.raise_()
        if layer_id:
            dock.show_layer(layer_id)

    @property
    def figures_dock(self) -> Any:
        """The figures dock, once shown (None before)."""
        return self._figures_dock

    def show_figures(self) -> None:
        """The figures dock (the article's numbers as charts), beside the details; made when first shown."""
        if self._figures_dock is None:
            from quzhou_map.qt.figures_dock import FiguresDock

            dock = self._figures_dock = FiguresDock(self.state, self.show_article, self)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            self.tabifyDockWidget(self.right_dock, dock)
            dock.visibilityChanged.connect(lambda _visible: self._sync_figures_action())
        self._figures_dock.show()
        self._figures_dock.raise_()
        self._sync_figures_action()

    def _sync_figures_action(self) -> None:
        self.figures_action.blockSignals(True)
        self.figures_action.setChecked(self._figures_dock is not None and not self._figures_dock.isHidden())
        self.figures_action.blockSignals(False)

    def zoom_to_all(self) -> None:
        """The whole city, and every visible layer (a user's may reach beyond it)."""
        from quzhou_map.core.themes import QUZHOU_EXTENT

        extents = [QUZHOU_EXTENT] + [layer.extent for layer in self.state.layers if layer.visible and layer.extent]
        west, south, east, north = (min(e[0] for e in extents), min(e[1] for e in extents),
                                    max(e[2] for e in extents), max(e[3] for e in extents))
        pad_x, pad_y = max((east - west) * 0.1, 0.01), max((north - south) * 0.1, 0.01)
        self.map_view.fit_bounds((west - pad_x, south - pad_y, east + pad_x, north + pad_y), max_zoom=12)

    def show_article(self, line: int | None, quote: str = "") -> None:
        """The reading dock beside the map, moved to ``line`` (and its ``quote`` highlighted)."""
        self.reading_dock.show_quote(line, quote)

    @staticmethod
    def log_folder_url() -> Any:
        """The folder of the app's log (core/app_log.py), made if it is not there yet."""
        from PySide6.QtCore import QUrl

        from quzhou_map.core.app_log import log_dir

        folder = log_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # the file manager says it is not there
        return QUrl.fromLocalFile(str(folder))

    def open_log_folder(self) -> None:
        """Help > Open log folder: the system's file manager on it."""
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(self.log_folder_url())

    def show_about(self) -> None:
        from quzhou_map.qt.about import about_html

        from PySide6.QtWidgets import QMessageBox  # dialogs are imported when used: not on the start path

        QMessageBox.about(self, self.tr("About Quzhou Map"), about_html(__version__))

    def save_map_image(self, path: Path, dpi: int | None = None, pixels: tuple[int, int] | None = None) -> bool:
        """The map as shown, under a title band naming it and its visible layers, as PNG or PDF: ``pixels``
        (the whole picture; default: the map's size on screen) at ``dpi`` (default: 96 PNG, 150 PDF)."""
        from quzhou_map.core.image_export import problem_text
        from quzhou_map.qt.map_image import map_image, picture_size, save_map_image

        size = picture_size(self.map_view, path.suffix, dpi, pixels)
        self.map_image_error = problem_text(size) or ""  # why no picture was written, if none was
        if self.map_image_error:
            return False
        shown = [layer.display_title(self.state.language) for layer in self.state.layers if layer.visible]
        subtitle = " · ".join([*shown, "WGS-84"])
        title = self.tr("Quzhou Map — places in Zhejiang Daily's report")
        image = map_image(self, title, subtitle, size)
        try:
            return image is not None and save_map_image(image, path, size.dpi, title)
        except OSError as error:  # written atomically: nothing is left behind
            from quzhou_map.core.file_access import os_error_text

            self.map_image_error = os_error_text(error, "written")
            return False

    def export_image(self) -> None:
        """The picture's format, DPI and size first (remembered for the session), then the file."""
        from quzhou_map.qt.export_image_dialog import ExportImageDialog
        from quzhou_map.qt.map_image import view_css_size

        from PySide6.QtWidgets import QFileDialog, QMessageBox

        image_format, dpi = getattr(self, "_export_choice", ("png", None))
        dialog = ExportImageDialog(view_css_size(self.map_view), self, image_format, dpi)
        if not dialog.exec():
            return
        image_format, size = dialog.image_format(), dialog.image_size()
        self._export_choice = (image_format, size.dpi)
        filters = [self.tr("PNG image (*.png)"), self.tr("PDF document (*.pdf)")]
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export map image"), f"quzhou-map.{image_format}",
                                                    ";;".join(filters), filters[image_format == "pdf"])
        if not path:
            return
        if Path(path).suffix.lower() not in (".png", ".pdf"):
            path += f".{image_format}"
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            saved = self.save_map_image(Path(path), size.dpi, (size.width, size.height))
        finally:
            QApplication.restoreOverrideCursor()
        if saved:
            self.statusBar().showMessage(self.tr("Saved %1").replace("%1", path), 5000)
        else:
            why = getattr(self, "map_image_error", "")
            QMessageBox.warning(self, self.tr("Export failed"), self.tr("Could not write %1").replace(
                "%1", html.escape(path)) + (f"<br>({html.escape(why)})" if why else ""))

    def export_html(self) -> None:
        from quzhou_map.core.story import story_state
        from quzhou_map.export import export_html

        from PySide6.QtWidgets import QFileDialog, QMessageBox

        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export map as HTML"), "quzhou-map.html",
                                                    self.tr("Web page (*.html)"))
        if not path:
            return
        target = Path(path)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # about a second: it validates and renders
        try:
            code = export_html(target, allow_overwrite=True, state=story_state(self.state))  # as the window shows it
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
        """Side panels that leave the map most of a window ``width`` pixels wide: beside it on both sides
        in a wide window; in a narrow one (a laptop at 1024 px, a projector at 800) stacked as tabs in one
        column on the right, the details in front."""
        if width < COMPACT_WIDTH:
            for dock in (self.layers_dock, self.left_dock):
                self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            self.tabifyDockWidget(self.right_dock, self.layers_dock)
            self.tabifyDockWidget(self.layers_dock, self.left_dock)
            self.right_dock.raise_()
            self.resizeDocks([self.right_dock], [max(240, min(330, width * 3 // 10))], Qt.Orientation.Horizontal)
            self.reading_dock.place(self.left_dock, width)  # in front when shown
            return
        if self.dockWidgetArea(self.left_dock) != Qt.DockWidgetArea.LeftDockWidgetArea:  # laid out narrow before
            self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.layers_dock)
            self.splitDockWidget(self.layers_dock, self.left_dock, Qt.Orientation.Vertical)
        self.resizeDocks([self.left_dock, self.right_dock], [min(270, width // 5), min(400, width * 7 // 25)],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.layers_dock], [200], Qt.Orientation.Vertical)
        self.reading_dock.place(self.left_dock, width)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._loader is not None:
            self._loader.shutdown()
        self.map_view.remove_payloads()
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
        self.settings.layers = [saved_layer(layer) for layer in self.state.layers]
        self.settings.language = self.state.language
        self.settings.site_labels = self.state.site_labels
        self.settings.basemap = self.state.basemap
        selection = self.state.selection
        self.settings.selection = (selection.layer, selection.feature) if selection else None
        self.settings.view = tuple(self.state.view) if self.state.view else None
        self.settings.tour_step = self.tour_controls.tour.step
