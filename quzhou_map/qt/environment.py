"""Process-level settings Qt WebEngine needs before the QApplication exists."""

from __future__ import annotations

import os
from typing import Any


def prepare_qt_environment() -> None:
    """Disable Chromium's sandbox only when running as root (it refuses to start otherwise)."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    # Nothing online is needed; keep Chromium from reaching for the network on its own.
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    for flag in ("--disable-background-networking", "--disable-component-update"):
        if flag not in flags:
            flags = f"{flags} {flag}".strip()
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = flags
    from quzhou_map.qt.tile_scheme import register_tile_scheme

    register_tile_scheme()  # basemap tiles: a scheme must be declared before the QApplication exists


def has_display() -> bool:
    """An X11 or Wayland display to show windows on (or a platform chosen explicitly)."""
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def use_offscreen_without_display() -> None:
    """--screenshot needs no screen: without a display, draw offscreen (the same pixels as Xvfb)."""
    if not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def route_qt_messages() -> None:
    """Qt's own messages ("Failed to create RHI…", "QVulkanInstance…") go to the app's log, not the terminal."""
    import logging

    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    from quzhou_map.core.app_log import LOGGER_NAME

    logger = logging.getLogger(f"{LOGGER_NAME}.qt")
    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}

    def handle(kind: Any, context: Any, message: str) -> None:
        category = getattr(context, "category", None) or "default"
        prefix = "" if category == "default" else f"{category}: "
        logger.log(levels.get(kind, logging.WARNING), "%s%s", prefix, message)

    qInstallMessageHandler(handle)


def stop_routing_qt_messages() -> None:
    """Qt's default handler again (to standard error, which the log may still capture)."""
    from PySide6.QtCore import qInstallMessageHandler

    qInstallMessageHandler(None)
