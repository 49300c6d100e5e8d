"""The map: a QWebEngineView on the cached Leaflet page, kept in step with the app state.

The page is loaded from a file (``setHtml`` fails silently above 2 MB), may not navigate anywhere
else, and reaches Python only through :class:`MapBridge`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, QUrlQuery, Signal
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView

from quzhou_map.core.state import AppState
from quzhou_map.qt.map_bridge import MapBridge


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

    def acceptNavigationRequest(self, url: QUrl, _type: Any, is_main_frame: bool) -> bool:  # noqa: N802
        if _without_fragment(url) == self._allowed:
            return True
        self.refused.append(url.toString())
        return False

    def createWindow(self, _type: Any) -> None:  # noqa: N802
        return None

    def javaScriptConsoleMessage(self, level: Any, message: str, line: int, source: str) -> None:  # noqa: N802
        if level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel:
            print(f"map page: {message} ({source}:{line})", file=sys.stderr)


class MapView(QWebEngineView):
    """Shows the page and mirrors the state into it; page clicks write back into the state."""

    map_drawn = Signal(int)  # number of sites drawn, once the page has drawn them
    interactive = Signal()  # the page's clicks now reach Python (the web channel is connected)
    load_failed = Signal(str)  # the page file could not be loaded
    renderer_crashed = Signal(int)  # the page's process died; the page is being loaded again

    DRAWN_TITLE = "quzhou-map drawn"

    def __init__(self, state: AppState, page_file: Path, view: tuple[float, float, float] | None = None,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self.ready = False  # the map is drawn: the page takes calls
        self.connected = False  # the bridge is connected: the page's events reach Python
        self.page_url = QUrl.fromLocalFile(str(page_file))
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
        self.bridge.connected.connect(self._on_bridge_connected)
        self.loadFinished.connect(self._on_load_finished)
        page.renderProcessTerminated.connect(self._on_renderer_gone)
        self.bridge.site_clicked.connect(lambda site_id: state.select(site_id or None))
        state.visible_themes_changed.connect(self._push_themes)
        state.selection_changed.connect(self._push_selection)
        state.language_changed.connect(self._push_language)
        self.load(self._url_with_state(view))

    def _url_with_state(self, view: tuple[float, float, int] | None) -> QUrl:
        """The page reads its initial state from the fragment, so it is drawn right the first time."""
        query = QUrlQuery()
        query.addQueryItem("lang", self.state.language)
        query.addQueryItem("themes", ",".join(sorted(self.state.visible_themes)))
        if self.state.selected_id:
            query.addQueryItem("select", self.state.selected_id)
        if view is not None:
            for key, value in zip(("lat", "lng", "zoom"), view, strict=True):
                query.addQueryItem(key, f"{value:.6f}" if key != "zoom" else f"{value:g}")
        url = QUrl(self.page_url)
        url.setFragment(query.toString(QUrl.ComponentFormattingOption.FullyEncoded))
        return url

    def _on_title(self, title: str) -> None:
        prefix, _, count = title.rpartition(" ")
        if prefix != self.DRAWN_TITLE or not count.isdigit() or self.ready:
            return
        # The state may have changed while the page loaded: push all of it once more.
        self.ready = True
        self._push_themes(self.state.visible_themes)
        self._push_selection(self.state.selected_id, pan=False)
        self._push_language(self.state.language)
        self.map_drawn.emit(int(count))

    def _on_renderer_gone(self, status: Any, exit_code: int) -> None:
        """Chromium's page process died (out of memory, killed): say so and draw the map again."""
        if status == QWebEnginePage.RenderProcessTerminationStatus.NormalTerminationStatus:
            return
        self.ready = self.connected = False
        self.renderer_crashed.emit(int(exit_code))
        self.load(self._url_with_state(None))

    def _on_load_finished(self, ok: bool) -> None:
        if not ok:
            self.load_failed.emit(self.page_url.toLocalFile())

    def _on_bridge_connected(self) -> None:
        self.connected = True
        self.interactive.emit()

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

    def call(self, function: str, *args: Any, callback: Callable[[Any], None] | None = None) -> None:
        """Call ``QuzhouMap.<function>(args…)`` with the arguments passed as JSON, never as code."""
        arguments = ", ".join(json.dumps(a) for a in args)
        self.run_json(f"QuzhouMap.{function}({arguments})", callback)

    def _push_themes(self, themes: frozenset[str]) -> None:
        if self.ready:
            self.call("setVisibleThemes", sorted(themes))

    def _push_selection(self, site_id: str | None, pan: bool = True) -> None:
        if self.ready:
            self.call("select", site_id, pan)

    def _push_language(self, language: str) -> None:
        if self.ready:
            self.call("setLanguage", language)

    def fit_all(self) -> None:
        if self.ready:
            self.call("fitAll")
