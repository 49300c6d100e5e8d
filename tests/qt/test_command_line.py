"""The command line as a user runs it: --screenshot, --export-html, bad arguments, validate."""

from __future__ import annotations

import os
from html.parser import HTMLParser
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage

from tests.conftest import REPO
from tests.qt.conftest import DRAW_TIMEOUT_MS

COUNTY_FILL = QColor("#f5efe6")


def run(*args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    """The app as a command, with settings of its own (what another test saved must not leak in)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="quzhou-map-config-") as config:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": config}
        return subprocess.run([sys.executable, "-m", "quzhou_map", *args], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=timeout)


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.found.append(f"<{tag} {name}={value}>")


def external_references(html: str) -> list[str]:
    """Every src/href of an element in the page (an inlined script's text is not an element)."""
    parser = _References()
    parser.feed(html)
    return parser.found


def _near(colour: QColor, other: QColor, tolerance: int = 24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in
               ((colour.red(), other.red()), (colour.green(), other.green()), (colour.blue(), other.blue())))


def test_screenshot_shows_the_drawn_map(tmp_path: Path) -> None:
    target = tmp_path / "map.png"
    result = run("--screenshot", str(target), "--select", "village-yudong", "--lang", "zh", "--size", "1200x800")
    assert result.returncode == 0, result.stderr
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1200, 800)
    # the map area (centre of the window) holds county fill, outlines and symbols, not one grey box
    samples = [image.pixelColor(x, y) for x in range(350, 850, 5) for y in range(150, 650, 5)]
    distinct = {c.rgb() for c in samples}
    county = sum(_near(c, COUNTY_FILL, 12) for c in samples)
    assert len(distinct) > 50
    assert county > len(samples) * 0.15, f"only {county} county-coloured samples"
    green = sum(1 for c in samples if c.green() > c.red() + 40 and c.green() > c.blue() + 40)
    assert green > 0  # a future-village symbol (#2e7d32) is on the map


def test_screenshot_rejects_unknown_site_and_theme(tmp_path: Path) -> None:
    unknown_site = run("--screenshot", str(tmp_path / "a.png"), "--select", "no-such-site")
    assert unknown_site.returncode != 0
    assert "unknown site 'no-such-site'" in unknown_site.stderr
    unknown_theme = run("--screenshot", str(tmp_path / "b.png"), "--hide-theme", "rivers")
    assert unknown_theme.returncode != 0
    assert "unknown theme 'rivers'" in unknown_theme.stderr
    assert not (tmp_path / "a.png").exists() and not (tmp_path / "b.png").exists()


def test_screenshot_with_the_article_beside_the_map_at_a_tour_step(tmp_path: Path) -> None:
    target = tmp_path / "reading.png"
    result = run("--screenshot", str(target), "--panel", "article", "--tour-step", "3", "--lang", "zh",
                 "--size", "1400x860")
    assert result.returncode == 0, result.stderr
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1400, 860)
    # step 3 is 孔氏南宗家庙: its mentions (南孔) are highlighted in the article beside the map
    highlight = QColor("#ffe082")
    marked = sum(_near(image.pixelColor(x, y), highlight, 6) for x in range(0, 1400, 2) for y in range(0, 860, 2))
    assert marked > 50, f"{marked} highlighted samples"


def test_bad_tour_steps_are_refused(tmp_path: Path) -> None:
    for args, expected in ((["--tour-step", "0"], "1 or more"), (["--tour-step", "2", "--select", "village-yudong"],
                                                                 "not both"),
                           (["--tour-step", "99"], "--tour-step 99"), (["--panel", "maps"], "invalid choice")):
        result = run("--screenshot", str(tmp_path / "t.png"), *args)
        assert result.returncode == 2 and expected in result.stderr, result.stderr
    assert not (tmp_path / "t.png").exists()


def test_export_html_is_standalone_and_works_offline(tmp_path: Path, qtbot: Any) -> None:
    target = tmp_path / "export.html"
    result = run("--export-html", str(target))
    assert result.returncode == 0, result.stderr
    html = target.read_text(encoding="utf-8")
    assert external_references(html) == []
    assert "<title>衢州地图 Quzhou Map" in html
    assert target.stat().st_mode & 0o044 == 0o044  # readable by others, like any file the user saves
    assert "file://" not in html  # nothing points back into this machine either
    from PySide6.QtWebEngineWidgets import QWebEngineView

    view = QWebEngineView()
    try:
        with qtbot.waitSignal(view.loadFinished, timeout=DRAW_TIMEOUT_MS):
            view.load(QUrl.fromLocalFile(str(target)))
        with qtbot.waitCallback(timeout=10_000) as callback:
            view.page().runJavaScript("QuzhouMap.debug.status()", 0, callback)
        import json

        drawn = json.loads(callback.args[0])
        assert drawn["leaflet"] == "1.9.3" and drawn["counties"] == 6
        assert len(drawn["sites"]) >= 18 and drawn["visible"] == drawn["sites"]
        assert drawn["tooltips"] == len(drawn["sites"]) and drawn["legend"]
    finally:
        page = view.page()
        view.close()
        page.deleteLater()
        view.deleteLater()
        qtbot.wait(10)


def test_export_never_overwrites_a_file_it_did_not_write(tmp_path: Path) -> None:
    precious = tmp_path / "notes.html"
    precious.write_text("my notes", encoding="utf-8")
    result = run("--export-html", str(precious))
    assert result.returncode != 0
    assert "not overwritten" in result.stderr
    assert precious.read_text(encoding="utf-8") == "my notes"


def test_validate_command(tmp_path: Path) -> None:
    ok = run("validate")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = tmp_path / "landmarks.geojson"
    broken.write_text("{\"type\": \"FeatureCollection\", \"features\": [", encoding="utf-8")
    bad = run("validate", str(broken))
    assert bad.returncode == 1
    assert f"{broken}: is not valid JSON" in bad.stdout


def test_main_py_and_the_installed_command_open_the_same_window(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = Path(sys.executable).parent / "quzhou-map"
    for name, argv in (("main", [sys.executable, str(REPO / "main.py")]), ("command", [str(command)])):
        target = tmp_path / f"{name}.png"
        result = subprocess.run([*argv, "--screenshot", str(target), "--lang", "en"], cwd=tmp_path, env=env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert QImage(str(target)).width() == 1400


def test_stray_words_and_impossible_sizes_are_refused(tmp_path: Path) -> None:
    typo = run("validat")
    assert typo.returncode == 2 and "did you mean 'validate'" in typo.stderr
    tiny = run("--screenshot", str(tmp_path / "t.png"), "--size", "10x10")
    assert tiny.returncode == 2 and "width must be" in tiny.stderr
    assert not (tmp_path / "t.png").exists()


def test_without_a_display_a_screenshot_is_still_taken_and_a_window_is_refused_clearly(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    target = tmp_path / "headless.png"
    shot = subprocess.run([sys.executable, "-m", "quzhou_map", "--screenshot", str(target)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert shot.returncode == 0, shot.stderr  # drawn offscreen, as on Xvfb
    assert QImage(str(target)).width() == 1400
    window = subprocess.run([sys.executable, "-m", "quzhou_map"], cwd=REPO, env=env, capture_output=True,
                            text=True, timeout=60)
    assert window.returncode == 2 and "no display" in window.stderr


def test_export_image_as_png_and_pdf(tmp_path: Path) -> None:
    png, pdf = tmp_path / "map.png", tmp_path / "map.pdf"
    result = run("--export-image", str(png), "--lang", "en", "--size", "1200x800")
    assert result.returncode == 0, result.stderr
    image = QImage(str(png))
    view_height = image.height() - 48  # the title band above the map view
    assert 0 < view_height < 800 and image.width() < 1200  # the map alone, not the window's panels
    band = {image.pixelColor(x, 40).name() for x in range(image.width() // 2, image.width(), 7)}
    assert band == {"#ffffff"}  # the title band's right half is empty paper
    title_ink = sum(1 for x in range(0, 300) for y in range(4, 28) if image.pixelColor(x, y).lightness() < 100)
    assert title_ink > 100  # the title is written
    result = run("--export-image", str(pdf), "--lang", "zh")
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 50_000  # the map is in it as a picture


def test_export_image_at_a_chosen_size_and_dpi(tmp_path: Path) -> None:
    png = tmp_path / "poster.png"
    result = run("--export-image", str(png), "--lang", "en", "--export-dpi", "192", "--export-size", "1600x1000")
    assert result.returncode == 0, result.stderr
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1600, 1000)  # the title band (96 px at 192 dpi) is inside it
    assert image.dotsPerMeterX() == image.dotsPerMeterY() == 7559  # 192 dpi
    band = {image.pixelColor(x, 92).name() for x in range(image.width() // 2, image.width(), 7)}
    assert band == {"#ffffff"} and image.pixelColor(image.width() // 2, 110).name() != "#ffffff"
    title_ink = sum(1 for x in range(0, 600) for y in range(8, 56) if image.pixelColor(x, y).lightness() < 100)
    assert title_ink > 400  # the title, written twice as large


def test_export_image_options_are_checked_before_anything_starts(tmp_path: Path) -> None:
    png = str(tmp_path / "x.png")
    for args, words in ((["--export-dpi", "1000"], "the DPI must be 72–480"),
                        (["--export-size", "1600"], "--export-size must look like 1600x1000"),
                        (["--export-size", "9000x1000"], "200–8000 pixels a side"),
                        (["--export-dpi", "abc"], "invalid int value")):
        result = run("--export-image", png, *args, timeout=30)
        assert result.returncode == 2 and words in result.stderr, (args, result.stderr)
        assert result.stderr.strip().splitlines()[-1].startswith("quzhou-map: error: ")
    alone = run("--export-dpi", "192", timeout=30)
    assert alone.returncode == 2 and "go with --export-image" in alone.stderr
    assert not Path(png).exists()
