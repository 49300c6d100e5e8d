"""The map: a QWebEngineView on the cached Leaflet page, kept in step with the app state.

The page is loaded from a file (``setHtml`` fails silently above 2 MB), may not navigate anywhere
else, and talks to Python only in the messages of the declared protocol (core/protocol.py): this
class turns state changes into commands and the page's events into state changes or signals.
"""

from __future__ import annotations

import json
import logging
import time
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, QUrlQuery, Signal
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView

from quzhou_map.core.layers import Layer, theme_layer
from quzhou_map.core.problems import shown_path
from quzhou_map.core.themes import THEMES_BY_ID
from quzhou_map.core.protocol import command_script
from quzhou_map.core.state import AppState, Selection, View, ViewChange
from quzhou_map.qt.map_bridge import MapBridge


#: The page's console errors: in the app's log (core/app_log.py), on standard error only with --verbose.
page_log = logging.getLogger("quzhou_map.page")


def _without_fragment(url: QUrl) -> QUrl:
    bare = QUrl(url)
    bare.setFragment(None)
    return bare


class LockedPage(QWebEnginePage):
    """A page that stays on the one file it was given: no links, no pop-ups, no other URLs."""

    def __init__(self, allowed: QUrl, parent: Any = None) -> None:
        super().__init__(parent)
        self._allowed = _without_fragment(allowed)
        self.refused: list[str] = []
        self.expect_html = False  # the next main-frame data: URL is our own setHtml (a page kept in memory)

    def acceptNavigationRequest(self, url: QUrl, _type: Any, is_main_frame: bool) -> bool:  # noqa: N802
        if _without_fragment(url) == self._allowed:
            return True
        if self.expect_html and is_main_frame and url.scheme() == "data":
            self.expect_html = False
            return True
        self.refused.append(url.toString())
        return False

    def createWindow(self, _type: Any) -> None:  # noqa: N802
        return None

    def javaScriptConsoleMessage(self, level: Any, message: str, line: int, source: str) -> None:  # noqa: N802
        if level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel:
            page_log.error("%s (%s:%d)", message, source, line)


class MapView(QWebEngineView):
    """Shows the page and mirrors the state into it; the page's events write back into the state."""

    map_drawn = Signal(int)  # number of sites drawn, once the page has drawn them
    interactive = Signal()  # the page's events now reach Python (the web channel is connected)
    load_failed = Signal(str)  # the page file could not be loaded
    renderer_crashed = Signal(int)  # the page's process died; the page is being loaded again
    renderer_lost = Signal(str)  # the page's processes cannot be started again in this process: why
    cursor_moved = Signal(float, float)  # lat, lng (WGS-84)
    cursor_left = Signal()
    layer_drawn = Signal(str, int, float, float)  # layer id, features, load ms, draw ms
    layer_failed = Signal(str, str)  # layer id, why
    context_menu = Signal(float, float, int, int)  # lat, lng (WGS-84) and where in the view, for a menu
    measure_changed = Signal(list, bool)  # [(lat, lng), …] of the measuring tool, and whether it is finished

    DRAWN_TITLE = "quzhou-map drawn"

    def __init__(self, state: AppState, page_file: Path | None, parent: Any = None, html: str | None = None) -> None:
        """``page_file``: the built page; or None and ``html``, the page itself, when no file could be written
        (a full disk): it is then loaded from memory, under a file:// URL that names no file."""
        super().__init__(parent)
        self.state = state
        self._html = html if page_file is None else None
        if page_file is None:
            page_file = Path(__file__).resolve().parent / "quzhou-map-in-memory.html"
        self.load_error: str | None = None  # why the page did not load, when it did not
        self.lost = False  # the page's processes cannot be started again (renderer_lost)
        self._restarts: list[float] = []  # when the page was last loaded again after its process died
        self.ready = False  # the map is drawn: the page takes commands
        self.connected = False  # the bridge is connected: the page's events reach Python
        self.view_held = False  # a map picture is being drawn at another size: its views are not the user's
        self.page_url = QUrl.fromLocalFile(str(page_file))
        self._on_page: dict[str, Layer] = {}  # layers as last sent to the page (themes: as the page has them)
        self._payload_dir: Path | None = None  # this session's layer payloads, made on first use
        self._basemap: dict[str, Any] | None = None  # the setBasemap payload last asked for (qt/basemap_control.py)
        self.bridge = MapBridge(self)
        page = LockedPage(self.page_url, self)
        settings = page.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalStorageEnabled, False)
        self.channel = QWebChannel(page)
        self.channel.registerObject("bridge", self.bridge)
        page.setWebChannel(self.channel)
        self.setPage(page)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        page.titleChanged.connect(self._on_title)
        self.bridge.event.connect(self._on_event)
        self.loadFinished.connect(self._on_load_finished)
        page.renderProcessTerminated.connect(self._on_renderer_gone)
        state.layers_changed.connect(lambda _layers: self._push_layers())
        state.layer_changed.connect(self._push_layer)
        state.selection_changed.connect(self._push_selection)
        state.language_changed.connect(self._push_language)
        state.site_labels_changed.connect(self._push_site_labels)
        state.view_changed.connect(self._push_view)
        self._load_page()

    def _load_page(self) -> None:
        """Load the page with the state in its URL: from its file, or from memory (``setHtml``, which fails
        above 2 MB of percent-encoded page: then ``load_failed`` says so)."""
        if self._html is None:
            self.load(self._url_with_state())
            return
        if len(QUrl.toPercentEncoding(self._html)) >= 2 * 1024 * 1024:
            self.load_error = "it is in no file and too large to load from memory"
            self.load_failed.emit("the map's page could not be written to any folder, and it is too large to "
                                  "load from memory")
            return
        self.page().expect_html = True
        self.setHtml(self._html, self._url_with_state())

    def _url_with_state(self) -> QUrl:
        """The page reads its initial state from the fragment, so it is drawn right the first time."""
        query = QUrlQuery()
        query.addQueryItem("lang", self.state.language)
        query.addQueryItem("hidden", ",".join(sorted(t.id for t in self.state.layers if t.is_theme and not t.visible)))
        # What the page will have drawn: the themes' visibility from here, their styles as built.
        self._themes_in_url = {t.id: t._replace(style=theme_layer(THEMES_BY_ID[t.id], 0, None).style)
                               for t in self.state.layers if t.is_theme}
        if self.state.selected_id:
            query.addQueryItem("select", self.state.selected_id)
        if self.state.view is not None:
            for key, value in zip(("lat", "lng", "zoom"), self.state.view, strict=True):
                query.addQueryItem(key, f"{value:.6f}" if key != "zoom" else f"{value:g}")
        url = QUrl(self.page_url)
        url.setFragment(query.toString(QUrl.ComponentFormattingOption.FullyEncoded))
        return url

    def _on_title(self, title: str) -> None:
        prefix, _, count = title.rpartition(" ")
        if prefix != self.DRAWN_TITLE or not count.isdigit() or self.ready:
            return
        self.ready = True
        self._on_page = dict(self._themes_in_url)
        self.map_drawn.emit(int(count))  # drawn as the page was told in its URL; the rest follows
        # The state may have changed while the page loaded: push what differs.
        self._push_layers()
        for layer in self.state.layers:
            if layer.is_theme:
                self._push_layer(layer)
        self._push_selection(self.state.selection, pan=False)
        self._push_language(self.state.language)
        self._push_site_labels(self.state.site_labels)
        if self._basemap is not None:
            self._send("setBasemap", **self._basemap)

    #: Page processes started again at most this often in RESTART_WINDOW_S; more means they cannot start at all
    #: (all of QtWebEngine's processes, the zygotes too, were killed: each new one fails at once, code 1002).
    MAX_RESTARTS, RESTART_WINDOW_S = 2, 10.0

    def _on_renderer_gone(self, status: Any, exit_code: int) -> None:
        """Chromium's page process died (out of memory, killed): say so and draw the map again, with the state
        the app holds (the page owns none). A process that dies "normally" while the map is on screen was
        killed too. When they keep dying, ``renderer_lost`` says the map cannot come back in this process."""
        normal = status == QWebEnginePage.RenderProcessTerminationStatus.NormalTerminationStatus
        if self.lost or (normal and not (self.ready and self.isVisible())):
            return
        self.ready = self.connected = False
        now = time.monotonic()
        self._restarts = [t for t in self._restarts if now - t < self.RESTART_WINDOW_S] + [now]
        if len(self._restarts) > self.MAX_RESTARTS:
            self.lost = True
            self.load_error = "the map's page processes were stopped and cannot be started again"
            self.renderer_lost.emit(self.load_error)
            return
        self.renderer_crashed.emit(int(exit_code))
        self._load_page()

    def _on_load_finished(self, ok: bool) -> None:
        if not ok:
            self.load_error = "the page could not be loaded"
            self.load_failed.emit(shown_path(self.page_url.toLocalFile()))

    def _on_event(self, name: str, payload: dict[str, Any]) -> None:
        """Each event of the protocol, checked by the bridge, goes to exactly one place."""
        if name == "featureClicked":
            layer, feature = payload["layer"], payload["feature"]
            if isinstance(feature, float) and feature.is_integer():
                feature = int(feature)  # the web channel's JSON numbers
            self.state.select(Selection(layer, feature) if layer and feature is not None else None)
        elif name == "viewChanged":
            if not self.view_held:
                self.state.set_view(View(payload["lat"], payload["lng"], payload["zoom"]), origin="page")
        elif name == "cursorMoved":
            self.cursor_moved.emit(float(payload["lat"]), float(payload["lng"]))
        elif name == "cursorLeft":
            self.cursor_left.emit()
        elif name == "connected":
            self.connected = True
            self.interactive.emit()
        elif name == "layerDrawn":
            self.layer_drawn.emit(payload["id"], int(payload["count"]), float(payload["loadMs"]),
                                  float(payload["drawMs"]))
        elif name == "layerFailed":
            self.layer_failed.emit(payload["id"], payload["message"])
        elif name == "measureChanged":
            points = [(float(p[0]), float(p[1])) for p in payload["points"]
                      if isinstance(p, list) and len(p) == 2 and all(isinstance(v, int | float) for v in p)]
            self.measure_changed.emit(points, bool(payload["done"]))
        elif name == "contextMenu":
            self.context_menu.emit(float(payload["lat"]), float(payload["lng"]), round(payload["x"]),
                                   round(payload["y"]))

    def run_json(self, code: str, callback: Callable[[Any], None] | None = None) -> None:
        """Run ``code`` (which returns JSON text) in the page; the callback gets the parsed value."""
        def parse(result: Any) -> None:
            if callback is None:
                return
            try:
                callback(json.loads(result) if isinstance(result, str) and result else result)
            except ValueError:
                callback(result)
        self.page().runJavaScript(code, 0, parse)

    def _send(self, command: str, **payload: Any) -> None:
        """A protocol command, checked, with its payload as JSON data (never code built from data)."""
        if self.ready:
            self.run_json(command_script(command, payload))

    # --- state → page --------------------------------------------------------------------------------
    def _push_layers(self) -> None:
        """Add and remove user layers to match the state, then send the whole order."""
        if not self.ready:
            return
        wanted = {layer.id for layer in self.state.layers if self._drawable(layer)}
        for layer_id in [i for i, layer in self._on_page.items() if not layer.is_theme and i not in wanted]:
            del self._on_page[layer_id]
            self._send("removeLayer", id=layer_id)
        for layer in reversed(self.state.layers):
            if layer.id in wanted and layer.id not in self._on_page:
                self._add_to_page(layer)
        self._send("setLayerOrder", ids=[layer.id for layer in self.state.layers])

    def _drawable(self, layer: Layer) -> bool:
        """A user layer the page can draw (the themes are in the page itself)."""
        return not layer.is_theme and layer.status == "ok" and self.state.layer_data(layer.id) is not None

    def _add_to_page(self, layer: Layer) -> None:
        from quzhou_map.core.layer_payload import write_payload

        payload = self.state.layer_data(layer.id).payload
        path = write_payload(payload, self.payload_dir(), layer.id)
        self._on_page[layer.id] = layer
        self._send("addLayer", id=layer.id, kind=payload.kind, url=QUrl.fromLocalFile(str(path)).toString(),
                   meta=payload.meta, count=payload.count, style=layer.page_style(), visible=layer.visible)

    def _push_layer(self, layer: Layer) -> None:
        if not self.ready:
            return
        before = self._on_page.get(layer.id)
        if not layer.is_theme and (before is None or not self._drawable(layer)):
            self._push_layers()  # it became drawable (loaded) or stopped being so (unavailable)
            return
        if layer.visible != before.visible:
            self._send("setLayerVisible", id=layer.id, visible=layer.visible)
        if layer.style != before.style:
            self._send("setLayerStyle", id=layer.id, style=layer.page_style())
        self._on_page[layer.id] = layer  # only what differs from this is sent next time

    def _push_selection(self, selection: Selection | None, pan: bool = True) -> None:
        if selection is None:
            self._send("select", layer=None, feature=None, pan=False)
        else:
            self._send("select", layer=selection.layer, feature=selection.feature, pan=pan)

    def _push_language(self, language: str) -> None:
        self._send("setLanguage", language=language)

    def _push_site_labels(self, visible: bool) -> None:
        self._send("setSiteLabels", visible=visible)

    def _push_view(self, change: ViewChange) -> None:
        if change.origin != "page":  # the page has it already
            command = "flyTo" if change.origin == "tour" else "setView"  # a tour step flies, as a reader follows
            self._send(command, lat=change.view.lat, lng=change.view.lng, zoom=change.view.zoom)

    def fit_bounds(self, bounds: tuple[float, float, float, float], max_zoom: float = 16) -> None:
        """Show ``bounds`` (west, south, east, north); the page reports the new view back."""
        west, south, east, north = bounds
        self._send("fitBounds", bounds=[[south, west], [north, east]], maxZoom=max_zoom)

    def set_measure(self, mode: str) -> None:
        """"distance", "area" or "off": clicks on the map then put down corners instead of selecting."""
        self._send("setMeasure", mode=mode)

    def set_measure_label(self, text: str) -> None:
        self._send("setMeasureLabel", text=text)

    def set_basemap(self, payload: dict[str, Any]) -> None:
        """Draw this basemap (a setBasemap payload); sent again whenever the page is loaded anew."""
        self._basemap = dict(payload)
        self._send("setBasemap", **self._basemap)

    def set_pin(self, lat: float | None, lng: float | None) -> None:
        """Mark one point (where "go to coordinate" went), or none."""
        self._send("setPin", lat=lat, lng=lng)

    def payload_dir(self) -> Path:
        """A private folder for this window's layer payloads, removed when the view goes."""
        if self._payload_dir is None:
            import tempfile

            self._payload_dir = Path(tempfile.mkdtemp(prefix="quzhou-map-layers-"))
        return self._payload_dir

    def remove_payloads(self) -> None:
        if self._payload_dir is not None:
            shutil.rmtree(self._payload_dir, ignore_errors=True)
            self._payload_dir = None
