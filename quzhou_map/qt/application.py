"""Start the viewer: Qt set-up, the cached page and catalog, settings, and the --screenshot mode."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from quzhou_map.qt.environment import (
    has_display, prepare_qt_environment, route_qt_messages, stop_routing_qt_messages, use_offscreen_without_display,
)

#: How long --screenshot waits for the map to be drawn and painted before giving up.
SCREENSHOT_TIMEOUT_MS = 30_000


#: The window's size when it is not given (--size is for pictures): what the file-size limit is checked against.
WINDOW_SIZE = (1280, 820)


def run_app(args: argparse.Namespace, qt_args: list[str], size: tuple[int, int]) -> int:
    from quzhou_map.core.file_access import file_size_limit_problem

    picture = args.screenshot or getattr(args, "export_image", None)
    limit_problem = file_size_limit_problem(*(size if picture else WINDOW_SIZE))
    if limit_problem:  # Chromium would die without a word (SIGTRAP) or never draw
        print(f"quzhou-map: {limit_problem}", file=sys.stderr)
        return 1

    from quzhou_map.core.app_log import StderrCapture, start_logging

    capture = StderrCapture()
    if start_logging(getattr(args, "verbose", False), capture.start()) is None:
        capture.stop()  # no log file to put Chromium's and Qt's lines in: leave them on the terminal
    route_qt_messages()
    try:
        return _run_app(args, qt_args, size)
    finally:
        stop_routing_qt_messages()
        capture.drain()
        capture.close()


def _run_app(args: argparse.Namespace, qt_args: list[str], size: tuple[int, int]) -> int:
    prepare_qt_environment()
    if getattr(args, "export_image", None) and not args.screenshot:
        args.screenshot, args.picture = args.export_image, "map"  # the same wait, another picture
    if args.screenshot:
        use_offscreen_without_display()
    elif not has_display():
        print("quzhou-map: no display to show the window on (DISPLAY and WAYLAND_DISPLAY are not set); "
              "start it in a desktop session, or use --screenshot OUT.png, which needs none", file=sys.stderr)
        return 2
    from PySide6 import QtWebEngineWidgets  # noqa: F401  (must be imported before the QApplication)
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from quzhou_map.core.paths import icon_path

    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("quzhou-map")
    app.setOrganizationName("quzhou-map")
    app.setWindowIcon(QIcon(str(icon_path())))
    app.setDesktopFileName("quzhou-map")  # on Wayland, ties the window to quzhou-map.desktop
    window, messages = create_main_window(args)
    if window is None:
        for message in messages:
            print(message, file=sys.stderr)
        return 2
    if args.screenshot:
        window.resize(*size)
        window.fit_docks(size[0])
    if getattr(args, "panel", None) == "figures":
        window.show_figures()
    if args.screenshot:
        return take_screenshot(app, window, args.screenshot, messages, getattr(args, "picture", "window"),
                               (getattr(args, "export_dpi", None), getattr(args, "export_size", None)))
    if getattr(args, "exit_when_drawn", False):
        report_when_drawn(app, window)
    restart_when_lost(app, window, restart_command(args, qt_args))
    window.show()
    for message in messages:
        window.statusBar().showMessage(message, 15_000)
        print(message, file=sys.stderr)
    code = app.exec()
    return code


def when_layers_drawn(window: Any, done: Any) -> None:
    """Call ``done()`` once the map is drawn, no file is being read, and every user layer read is on the page
    (the page said "drawn" or "failed" for it): what --screenshot waits for before it looks."""
    heard: set[str] = set()
    finished = {"done": False}

    def check(*_args: Any) -> None:
        view, state = window.map_view, window.state
        if finished["done"] or not (view.ready and view.connected and window.files_started) or window.loader.busy:
            return
        expected = {layer.id for layer in state.layers
                    if not layer.is_theme and layer.status == "ok" and state.layer_data(layer.id) is not None}
        if expected <= heard:
            finished["done"] = True
            done()

    window.map_view.layer_drawn.connect(lambda layer_id, *_rest: (heard.add(layer_id), check()))
    window.map_view.layer_failed.connect(lambda layer_id, _message: (heard.add(layer_id), check()))
    window.loader.all_done.connect(check)


def create_main_window(args: argparse.Namespace, config_dir: Path | None = None,
                       cache_dir: Path | None = None) -> tuple[Any, list[str]]:
    """The window with state from settings and arguments, or (None, messages) on a bad argument."""
    from quzhou_map.core.page_cache import load_or_build
    from quzhou_map.core.saved_layers import restore_layers
    from quzhou_map.core.settings import default_config_dir, load_settings
    from quzhou_map.core.state import AppState, Selection
    from quzhou_map.qt.i18n import LanguageSwitcher, system_language
    from quzhou_map.qt.map_view import MapView

    settings, warning = load_settings(config_dir)
    messages = [warning] if warning else []
    built = load_or_build(cache_dir)
    catalog = built.catalog
    if catalog.problems:
        messages.append(f"{len(catalog.problems)} problem(s) in the data; invalid sites are left out: "
                        + "; ".join(catalog.problems[:3]))
    select = getattr(args, "select", None)
    if select and catalog.get(select) is None:
        return None, [f"unknown site {select!r}; sites are: {', '.join(s.id for s in catalog.sites)}"]
    tour_step = getattr(args, "tour_step", None)
    if tour_step is not None and not 1 <= tour_step <= len(catalog.sites):  # the tour visits every site
        return None, [f"--tour-step {tour_step}: the tour has steps 1 to {len(catalog.sites)}"]
    language = getattr(args, "lang", None) or settings.language or system_language()
    state = AppState(catalog, language)
    switcher = LanguageSwitcher()
    switcher.apply(state.language)
    state.language_changed.connect(switcher.apply)
    if built.notice:  # a damaged cache entry, thrown away and rebuilt
        messages.append(built.notice)
    if built.cache_error:
        from PySide6.QtCore import QCoreApplication

        message = (QCoreApplication.translate("MainWindow", "The map's files could not be cached (%1); "
                                              "using a temporary folder.") if built.page is not None else
                   QCoreApplication.translate("MainWindow", "The map's files could not be written anywhere (%1); "
                                              "the map is kept in memory."))
        messages.append(message.replace("%1", built.cache_error))
    hidden = set(getattr(args, "hide_theme", None) or [])
    if select and catalog.get(select).theme in hidden:
        return None, [f"site {select!r} belongs to the hidden theme {catalog.get(select).theme!r}"]
    to_read = restore_layers(state, settings.layers)
    messages += [layer.message for layer in state.layers if layer.status == "unavailable" and layer.message]
    if select:
        state.select_site(select)
    elif settings.selection:
        layer, feature = settings.selection
        state.select(Selection(layer, feature) if layer else None)
        if layer == "" and isinstance(feature, str):  # saved by version 0.1: a site id
            state.select_site(feature)
    remembered = settings.selection if not select and state.selection is None else None
    for theme in hidden:  # after the selection: selecting a site shows its theme, --hide-theme has the last word
        state.set_theme_visible(theme, False)
    if settings.view:
        state.set_view(settings.view, origin="settings")
    state.set_site_labels(bool(getattr(args, "site_labels", False)) or settings.site_labels)
    basemap = settings.basemap
    if getattr(args, "basemap", None) or getattr(args, "basemap_datum", None):
        from quzhou_map.core.basemaps import parse_basemap

        if not getattr(args, "basemap", None):
            return None, ["--basemap-datum applies to a tile URL given with --basemap"]
        try:
            basemap = parse_basemap(args.basemap, getattr(args, "basemap_datum", None))
        except ValueError as error:
            return None, [str(error)]
    state.set_basemap(basemap)
    # Start the page first: Chromium parses and draws it while Python builds the rest of the window.
    map_view = MapView(state, built.page, html=built.html)
    from quzhou_map.qt.main_window import MainWindow

    persist_to = None if getattr(args, "screenshot", None) else (config_dir or default_config_dir())
    window = MainWindow(state, map_view, settings, persist_to)
    window.layers_to_read = to_read  # read once the map is drawn, off the UI thread
    if remembered and any(layer.id == remembered[0] for layer in to_read):
        window.select_when_loaded(Selection(*remembered))  # a feature of a layer still to be read
    window.files_to_open = list(getattr(args, "files", None) or [])  # the command line's FILE arguments
    window.language_switcher = switcher
    from quzhou_map.core.page_cache import default_cache_dir

    window.basemaps.start(config_dir or default_config_dir(), cache_dir or default_cache_dir(),
                          interactive=persist_to is not None)
    if tour_step is not None:
        window.tour_controls.go(tour_step)  # its site selected now, its view once the map is drawn
    if getattr(args, "panel", None) == "article":
        window.reading_dock.show_panel()
    return window, messages


def restart_command(args: argparse.Namespace, qt_args: list[str]) -> list[str]:
    """The command that starts this app again with the state it saved: no FILE, --select or other state
    arguments (the saved layers, selection, view and language are the state it had), Chromium's kept."""
    command = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "quzhou_map"]
    return command + (["--verbose"] if getattr(args, "verbose", False) else []) + list(qt_args)


def restart_when_lost(app: Any, window: Any, command: list[str]) -> None:
    """When QtWebEngine's processes are all gone (the zygotes too: no page can start again in this process),
    save the state, start the app again and quit (the map is back within about two seconds); say why, or
    that it cannot."""
    from PySide6.QtCore import QProcess

    def restart(why: str) -> None:
        window.close()  # saves the layout, layers, view and selection (MainWindow.closeEvent)
        started = QProcess.startDetached(command[0], command[1:])
        if started:
            print(f"quzhou-map: {why}; starting again with the same state", file=sys.stderr)
        else:
            print(f"quzhou-map: {why}, and it cannot be started again ({shown_path(command[0])}); "
                  "start quzhou-map again (its state was saved)", file=sys.stderr)
        app.exit(0 if started else 1)

    from quzhou_map.core.problems import shown_path

    window.map_view.renderer_lost.connect(restart)


def report_when_drawn(app: Any, window: Any) -> None:
    """For the start-up benchmark: print the wall-clock time the map reported every site drawn, quit."""
    import time

    def drawn(count: int) -> None:
        print(f"drawn {time.time():.6f} {count}", flush=True)
        window.close()
        app.quit()

    window.map_view.map_drawn.connect(drawn)


def save_window_picture(window: Any, target: Any) -> bool:
    """The window as a picture, in the format its extension names (checked on the command line)."""
    from quzhou_map.core.image_export import screenshot_format

    from quzhou_map.core.file_access import os_error_text
    from quzhou_map.qt.map_image import write_image

    image_format = screenshot_format(target)
    try:  # marked as ours and written atomically (core/file_access.py: one rule for every output)
        return write_image(window.grab().toImage(), Path(target), image_format,
                           90 if image_format in ("JPEG", "WEBP") else -1)
    except OSError as error:
        window.map_image_error = os_error_text(error, "written")
        return False


def not_drawn_reason(window: Any) -> str:
    """Why a picture could not be taken in time, naming the page and how far it got (one line)."""
    from quzhou_map.core.problems import shown_path

    view = window.map_view
    page = shown_path(view.page_url.toLocalFile()) if view.page_url.isLocalFile() else "the map's page"
    sites = len(window.state.catalog.sites)
    if getattr(view, "load_error", None):
        stage = view.load_error
    elif not view.ready:
        stage = f"the page did not draw its {sites:,} sites"
    elif not view.connected:
        stage = "the page was drawn but never connected to the app"
    elif not window.files_started or window.loader.busy:
        stage = "the files named on the command line were still being read"
    else:
        stage = "the map was drawn but the window was not painted, or the basemap's tiles never settled"
    return f"{page}: the map was not drawn within {2 * SCREENSHOT_TIMEOUT_MS // 1000} s ({stage})"


def take_screenshot(app: Any, window: Any, target: Any, messages: list[str], picture: str = "window",
                    export: tuple[Any, Any] = (None, None)) -> int:
    """Show the window, wait until the map is drawn and painted, save the picture, exit.
    ``picture``: "window" (a PNG of the whole window) or "map" (the exported map image, PNG or PDF, at
    ``export``: its DPI and (width, height) in pixels, None for the defaults)."""
    from PySide6.QtCore import QTimer

    from quzhou_map.core.problems import shown_path
    from quzhou_map.qt.paint_wait import wait_for_painted_map

    result = {"code": 1, "finished": False}

    def finish(ok: bool) -> None:
        if result["finished"]:
            return
        result["finished"] = True
        if not ok:
            print(f"{not_drawn_reason(window)}; no picture written", file=sys.stderr)
        elif not (window.save_map_image(Path(target), *export) if picture == "map"
                  else save_window_picture(window, target)):
            print(f"{shown_path(target)}: {getattr(window, 'map_image_error', '') or 'cannot be written'}",
                  file=sys.stderr)
        else:
            # A file named on the command line that could not be opened fails the run (each said on stderr).
            result["code"] = 1 if window.loader.failures else 0
            print(f"wrote {shown_path(target)}")
        window.close()
        app.quit()

    window.show()
    for message in messages:
        print(message, file=sys.stderr)
    window.map_view.renderer_lost.connect(lambda _why: finish(False))  # not_drawn_reason says why
    when_layers_drawn(window, lambda: window.basemaps.when_tiles_settled(
        lambda: wait_for_painted_map(window.map_view, finish, SCREENSHOT_TIMEOUT_MS)))
    QTimer.singleShot(2 * SCREENSHOT_TIMEOUT_MS, lambda: finish(False))
    app.exec()
    return result["code"]
