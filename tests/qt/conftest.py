"""Qt tests use the real QtWebEngine page, offscreen."""

from __future__ import annotations

import argparse
import gc
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from quzhou_map.qt.environment import prepare_qt_environment  # noqa: E402

prepare_qt_environment()
from PySide6 import QtWebEngineWidgets  # noqa: E402,F401  (before the QApplication exists)

DRAW_TIMEOUT_MS = 30_000


def app_args(**overrides: Any) -> argparse.Namespace:
    values = {"select": None, "lang": "en", "hide_theme": [], "screenshot": None}
    values.update(overrides)
    return argparse.Namespace(**values)


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("page-cache")


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    return tmp_path / "config"


@pytest.fixture
def open_window(qtbot: Any, cache_dir: Path, config_dir: Path) -> Iterator[Callable[..., Any]]:
    """Open a main window (state from settings in ``config_dir`` and ``args``) with its map drawn."""
    windows: list[Any] = []

    def open_(config: Path | None = None, size: tuple[int, int] | None = (1300, 820), **overrides: Any) -> Any:
        from quzhou_map.qt.application import create_main_window

        window, messages = create_main_window(app_args(**overrides), config or config_dir, cache_dir)
        assert window is not None, messages
        window.messages = messages
        windows.append(window)
        if size:
            window.resize(*size)
            window.fit_docks(size[0])  # as --size does: the panels laid out for this width, not the screen's
        with qtbot.waitSignals([window.map_view.map_drawn, window.map_view.interactive],
                               timeout=DRAW_TIMEOUT_MS):
            window.show()
        return window

    yield open_
    for window in windows:
        close_window(qtbot, window)


def close_window(qtbot: Any, window: Any) -> None:
    """Close and delete the page before the profile goes away (else a segfault at exit)."""
    from shiboken6 import isValid

    if not isValid(window):
        return
    window.language_switcher.apply("en")  # the translator is application-wide: take it away
    if window.isVisible():
        window.close()
    page = window.map_view.page()
    page.deleteLater()
    window.deleteLater()
    qtbot.wait(10)
    gc.collect()


def js(qtbot: Any, window: Any, code: str) -> Any:
    """Run ``code`` (returning JSON text) in the window's page and return the parsed result."""
    with qtbot.waitCallback(timeout=10_000) as callback:
        window.map_view.run_json(code, callback)
    return callback.args[0]


def status(qtbot: Any, window: Any) -> dict[str, Any]:
    return js(qtbot, window, "QuzhouMap.debug.status()")


def wait_for_status(qtbot: Any, window: Any, check: Callable[[dict[str, Any]], bool], timeout: int = 10_000) -> dict:
    """Poll the page until ``check(status)`` holds."""
    seen: dict[str, Any] = {}

    def holds() -> None:
        seen.update(status(qtbot, window))
        assert check(seen), json.dumps(seen, ensure_ascii=False)

    qtbot.waitUntil(holds, timeout=timeout)
    return seen
