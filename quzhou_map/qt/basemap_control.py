"""Choosing the basemap: the View menu's Basemap submenu, the map toolbar's chooser, the status bar's
datum note, and turning the state's choice into tiles the page can draw.

The choice lives in the state (and settings); this class only resolves it: a catalogue entry (with
the user's Tianditu key), a tile file opened from disk, or a URL. What cannot be drawn (no key, a
broken file) is said in one line and the offline base stays.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QInputDialog,
                               QLabel, QLineEdit, QMenu, QMessageBox, QWidget)

from quzhou_map.core.api_keys import is_plausible_key, load_key, save_key
from quzhou_map.core.basemaps import (CATALOGUE_IDS, OFFLINE, TILE_SCHEME, BasemapChoice, BasemapDefinition,
                                      catalogue_titles, check_url_template, definition_for, masked_key)
from quzhou_map.core.state import AppState
from quzhou_map.qt.tile_scheme import TileSchemeHandler, TileSource

#: The disk cache of online tiles: enough for a county seen at street level many times over.
TILE_CACHE_BYTES = 300 * 1024 * 1024
TILE_CACHE_FILE = "tiles.sqlite"


class BasemapUnavailable(Exception):
    """A basemap that cannot be drawn now (no key, a broken tile file); the message says why."""


class BasemapControl(QObject):
    """Keeps the page's basemap in step with ``state.basemap``; offers the choices to the user."""

    message = Signal(str)  # a line for the status bar (and stderr): why a basemap is not drawn

    def __init__(self, state: AppState, map_view: Any, parent: QWidget) -> None:
        super().__init__(parent)
        self.state = state
        self.map_view = map_view
        self.window = parent
        self.config_dir: Path | None = None
        self.cache_dir: Path | None = None
        self.interactive = True  # False for --screenshot: never ask, only say
        self.tile_file: Any = None
        self.definition: BasemapDefinition = OFFLINE
        self.handler = TileSchemeHandler(parent=self)
        profile = map_view.page().profile()
        profile.removeUrlScheme(TILE_SCHEME.encode())  # an earlier window's handler (the profile is shared)
        profile.installUrlSchemeHandler(TILE_SCHEME.encode(), self.handler)
        self.status_label = QLabel(parent)
        self.handler.status_changed.connect(lambda _status: self._update_label())
        self.menu = QMenu(parent)
        self.combo = QComboBox(parent)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.activated.connect(self._combo_chosen)
        state.basemap_changed.connect(self.apply)
        state.language_changed.connect(lambda _language: self.retranslate())

    def start(self, config_dir: Path, cache_dir: Path, interactive: bool = True) -> None:
        """Where keys and cached tiles live; then draw the remembered basemap."""
        self.config_dir, self.cache_dir, self.interactive = config_dir, cache_dir, interactive
        self.retranslate()
        if self.state.basemap.id != "offline":
            self.apply(self.state.basemap)

    # --- resolving the choice -------------------------------------------------------------------
    def apply(self, choice: BasemapChoice) -> None:
        try:
            definition, source = self._resolve(choice)
        except BasemapUnavailable as error:
            self._say(str(error))
            self.state.set_basemap(BasemapChoice())  # the offline base; this runs again with it
            return
        if self.tile_file is not None and self.tile_file is not source.tile_file:
            self.tile_file.close()
        self.tile_file = source.tile_file
        self.definition = definition
        token = self.handler.add_source(source)
        self.handler.status = ""
        kind = "none" if definition.kind == "none" else source.tile_file.kind if source.tile_file else "raster"
        self.map_view.set_basemap({
            "id": choice.id, "kind": kind,
            "tiles": self.handler.page_url(token) if definition.kind != "none" else None,
            "labels": self.handler.page_url(token, "labels") if definition.labels_url else None,
            "maxNativeZoom": definition.max_zoom, "attribution": definition.attribution, "datum": definition.datum,
            "vectorLayers": list(source.tile_file.vector_layers) if kind == "vector" else []})
        self.retranslate()

    def _resolve(self, choice: BasemapChoice) -> tuple[BasemapDefinition, TileSource]:
        definition = definition_for(choice)
        if choice.id == "file":
            from quzhou_map.core.tile_files import TileFileError, open_tile_file

            try:
                tile_file = open_tile_file(Path(choice.source))
            except TileFileError as error:
                raise BasemapUnavailable(str(error)) from None
            if tile_file.kind == "vector" and not tile_file.vector_layers:
                tile_file.close()
                raise BasemapUnavailable(self.tr("%1: its metadata names no vector layers (vector_layers), "
                                                 "so its tiles cannot be styled").replace("%1", choice.source))
            definition = definition._replace(max_zoom=tile_file.max_zoom,
                                             attribution=tile_file.attribution or definition.attribution)
            return definition, TileSource(definition, tile_file=tile_file)
        key = ""
        if definition.needs_key:
            key = load_key(self.config_dir, "tianditu") if self.config_dir else ""
            if not key and self.interactive:
                key = self.ask_for_key()
            if not key:
                raise BasemapUnavailable(self.tr("%1 needs your own key (View → Basemap → Tianditu key…); "
                                                 "showing the offline base").replace("%1", definition.title_en))
        if definition.kind == "xyz" and self.handler.cache is None and self.cache_dir is not None:
            self._open_cache()
        return definition, TileSource(definition, key=key)

    def _open_cache(self) -> None:
        from quzhou_map.core.tile_cache import TileCache

        self.handler.cache = TileCache(self.cache_dir / TILE_CACHE_FILE, TILE_CACHE_BYTES)
        if getattr(self.handler.cache, "problem", None):
            self._say(str(self.handler.cache.problem))

    def _say(self, text: str) -> None:
        self.message.emit(text)
        print(text, file=sys.stderr)

    def when_tiles_settled(self, callback: Any, timeout_ms: int = 10_000) -> None:
        """Call ``callback()`` once the basemap's visible tiles have arrived or failed (or after ``timeout_ms``):
        for --screenshot and --export-image, so a picture shows the basemap it names."""
        if self.definition.kind == "none":
            callback()
            return
        from PySide6.QtCore import QTimer

        deadline = {"left": timeout_ms // 100}

        def check(status: Any = None) -> None:
            if isinstance(status, dict) and status.get("tiles") and not status.get("loading"):
                callback()
            elif deadline["left"] <= 0:
                self._say(self.tr("The basemap's tiles did not all arrive in time; the picture shows those that did."))
                callback()
            else:
                deadline["left"] -= 1
                QTimer.singleShot(100, lambda: self.map_view.run_json("QuzhouMap.debug.basemap()", check))

        check()

    # --- the user's ways to choose ------------------------------------------------------------------
    def ask_for_key(self) -> str:
        """Tianditu's key, typed by the user (hidden as typed), saved in the config folder only."""
        current = load_key(self.config_dir, "tianditu") if self.config_dir else ""
        text = self.tr("Your Tianditu key (tk), from console.tianditu.gov.cn. It is kept in your "
                       "configuration folder, readable only by you.")
        if current:
            text += "\n" + self.tr("Saved key: %1").replace("%1", masked_key(current))
        key, ok = QInputDialog.getText(self.window, self.tr("Tianditu key"), text, QLineEdit.EchoMode.Password)
        key = key.strip()
        if not ok or not key:
            return current
        if not is_plausible_key(key):
            QMessageBox.warning(self.window, self.tr("Tianditu key"), self.tr("That does not look like a key."))
            return current
        try:
            save_key(self.config_dir, "tianditu", key)
        except OSError as error:
            self._say(self.tr("The key could not be saved: %1").replace("%1", str(error)))
        return key

    def change_key(self) -> None:
        if self.ask_for_key() and self.definition.needs_key:
            self.apply(self.state.basemap)  # draw again with the new key

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self.window, self.tr("Open a tile file"), "",
                                                    self.tr("Tile files (*.mbtiles *.pmtiles)"))
        if path:
            self.state.set_basemap(BasemapChoice("file", str(Path(path).absolute())))

    def choose_url(self) -> None:
        dialog = TileUrlDialog(self.window)
        if self.state.basemap.id == "url":
            dialog.url.setText(self.state.basemap.source)
            dialog.datum.setCurrentIndex(1 if self.state.basemap.datum == "gcj02" else 0)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.state.set_basemap(BasemapChoice("url", dialog.url.text().strip(), dialog.datum.currentData()))

    def _combo_chosen(self, index: int) -> None:
        value = self.combo.itemData(index)
        if value == "file…":
            self.choose_file()
        elif value == "url…":
            self.choose_url()
        elif value in CATALOGUE_IDS:
            self.state.set_basemap(BasemapChoice(value))
        self.retranslate()  # the combo shows the state's choice, whatever happened

    # --- showing the choice -------------------------------------------------------------------------
    def retranslate(self) -> None:
        language = self.state.language
        choice = self.state.basemap
        self.menu.setTitle(self.tr("&Basemap"))
        self.menu.clear()
        self.combo.blockSignals(True)
        self.combo.clear()
        for basemap_id, title in catalogue_titles(language):
            action = self.menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(choice.id == basemap_id)
            action.triggered.connect(lambda _on, i=basemap_id: self.state.set_basemap(BasemapChoice(i)))
            self.combo.addItem(title, basemap_id)
        if choice.id in ("file", "url"):
            self.combo.addItem(self.definition.title(language), choice.id)
        self.menu.addSeparator()
        self.menu.addAction(self.tr("Tile &file (MBTiles, PMTiles)…"), self.choose_file)
        self.menu.addAction(self.tr("Tile &URL…"), self.choose_url)
        self.menu.addSeparator()
        self.menu.addAction(self.tr("Tianditu &key…"), self.change_key)
        self.combo.addItem(self.tr("Tile file…"), "file…")
        self.combo.addItem(self.tr("Tile URL…"), "url…")
        self.combo.setCurrentIndex(max(0, self.combo.findData(choice.id)))
        self.combo.setToolTip(self.tr("Basemap"))
        self.combo.blockSignals(False)
        self._update_label()

    def _update_label(self) -> None:
        definition = self.definition
        if definition.kind == "none":
            self.status_label.setText("")
            return
        datum = "GCJ-02" if definition.datum == "gcj02" else "WGS-84"
        text = self.tr("Basemap: %1 · %2").replace("%1", definition.title(self.state.language)).replace("%2", datum)
        if definition.datum == "gcj02":
            text += self.tr(" (overlays converted to match)")
        if self.handler.status == "unavailable":
            text += " · " + self.tr("tiles unavailable (%1); cached tiles only").replace("%1", self.handler.problem)
        self.status_label.setText(text)


class TileUrlDialog(QDialog):
    """An XYZ tile URL and the datum its tiles are drawn in (as QGIS's XYZ connections ask)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tile URL"))
        form = QFormLayout(self)
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://example.org/tiles/{z}/{x}/{y}.png")
        self.url.setMinimumWidth(420)
        form.addRow(self.tr("URL with {z}, {x}, {y}:"), self.url)
        self.datum = QComboBox(self)
        self.datum.addItem(self.tr("WGS-84 (most servers; Tianditu)"), "wgs84")
        self.datum.addItem(self.tr("GCJ-02 (Chinese web maps: Gaode, Tencent)"), "gcj02")
        form.addRow(self.tr("Datum:"), self.datum)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _check(self) -> None:
        try:
            check_url_template(self.url.text().strip())
        except ValueError as error:
            self.problem.setText(str(error))
            return
        self.accept()
