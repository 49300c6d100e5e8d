"""A start is quiet: Qt's and Chromium's start-up noise goes to the log file, the terminal gets only the app's
own lines; --verbose prints the log too; Help > Open log folder; --screenshot's formats; no display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

from tests.conftest import REPO

NOISE = ("Vulkan", "RHI", "dbus", "GBM", "Failed to connect to the bus", "propagateSizeHints", "Sandboxing")


def run_app(tmp_path: Path, *args: str, display: bool = False) -> tuple[subprocess.CompletedProcess[str], str]:
    """The app as a command with its own settings and log folder; without ``display``: no DISPLAY, no
    WAYLAND_DISPLAY, no QT_QPA_PLATFORM, as on a server. Returns the run and its log file's text."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_STATE_HOME=str(tmp_path / "state"))
    if display:
        env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run([sys.executable, "-m", "quzhou_map", *args], cwd=REPO, env=env, capture_output=True,
                            text=True, timeout=120)
    log = tmp_path / "state" / "quzhou-map" / "log" / "quzhou-map.log"
    return result, log.read_text(encoding="utf-8") if log.exists() else ""


def test_a_screenshot_prints_only_its_own_lines_and_logs_the_noise(tmp_path: Path) -> None:
    target = tmp_path / "map.jpg"
    result, log = run_app(tmp_path, "--screenshot", str(target), "--lang", "en")
    assert result.returncode == 0, result.stderr + log
    assert result.stderr == "", result.stderr  # nothing from Qt, Chromium or the page
    assert result.stdout == f"wrote {target}\n"
    assert "quzhou-map started" in log and "quzhou_map.qt: " in log  # Qt's own messages, offscreen
    assert any(word in log for word in NOISE), log
    assert target.read_bytes()[:3] == b"\xff\xd8\xff"  # a JPEG, as its extension says
    assert QImage(str(target)).width() == 1400


def test_verbose_prints_the_log_and_errors_still_reach_the_terminal(tmp_path: Path) -> None:
    result, log = run_app(tmp_path, "--screenshot", str(tmp_path / "map.webp"), "--verbose", display=True)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert any(line.startswith("quzhou_map: quzhou-map started") for line in lines), lines
    qt_lines = [line.split(": ", 1)[1] for line in log.splitlines() if " quzhou_map.qt: " in line]
    assert qt_lines and all(f"quzhou_map.qt: {line}" in lines for line in qt_lines)
    assert QImage(str(tmp_path / "map.webp")).width() == 1400
    refused, log = run_app(tmp_path, "--screenshot", str(tmp_path / "x.png"), "--select", "no-such-site")
    assert refused.returncode == 2 and refused.stderr.startswith("unknown site 'no-such-site'")
    assert not any(word in refused.stderr for word in NOISE), refused.stderr
    assert "quzhou_map.terminal: unknown site 'no-such-site'" in log  # the user's lines are logged too


def test_an_unknown_picture_format_is_refused_before_qt_starts(tmp_path: Path) -> None:
    for name in ("map.gif", "map"):
        result, log = run_app(tmp_path, "--screenshot", str(tmp_path / name))
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1 and "use one of .png, .jpg, .jpeg, .webp, .bmp" in result.stderr
        assert log == ""  # refused before anything started
    from PySide6.QtGui import QImageWriter

    from quzhou_map.core.image_export import SCREENSHOT_FORMATS

    supported = {bytes(name).decode().upper() for name in QImageWriter.supportedImageFormats()}
    assert set(SCREENSHOT_FORMATS.values()) <= supported


def test_without_a_display_pictures_are_drawn_offscreen_and_the_window_is_refused_in_one_line(tmp_path: Path) -> None:
    window, _log = run_app(tmp_path)
    assert window.returncode == 2
    assert window.stderr.count("\n") == 1 and "no display" in window.stderr and "--screenshot" in window.stderr
    picture, _log = run_app(tmp_path, "--export-image", str(tmp_path / "map.png"), "--lang", "en")
    assert picture.returncode == 0 and picture.stderr == "", picture.stderr
    assert QImage(str(tmp_path / "map.png")).width() > 600


def test_help_opens_the_log_folder(open_window: Any, monkeypatch: Any) -> None:
    from PySide6.QtGui import QDesktopServices

    from quzhou_map.core.app_log import log_dir

    window = open_window()
    assert window.log_folder_action in window.help_menu.actions()
    assert window.log_folder_url().toLocalFile() == str(log_dir())
    assert Path(os.environ["XDG_STATE_HOME"]) in log_dir().parents  # the tests' own folder, not the user's
    opened: list[Any] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", opened.append)
    window.log_folder_action.trigger()
    assert [url.toLocalFile() for url in opened] == [str(log_dir())] and log_dir().is_dir()
