"""Process-level settings Qt WebEngine needs before the QApplication exists."""

from __future__ import annotations

import os


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
