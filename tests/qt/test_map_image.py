"""File → Export map image… and --export-image: the map drawn again at the picture's size and DPI (real
pixels, not an enlarged screenshot), then the window's view put back exactly as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest import mock

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel

from quzhou_map.core.image_export import ImageSize, default_size, dots_per_meter, rescaled
from quzhou_map.core.themes import THEMES
from quzhou_map.qt.paint_wait import is_painted
from tests.qt.conftest import js, status


def _legend_css(qtbot: Any, window: Any) -> QRect:
    box = js(qtbot, window, "JSON.stringify(document.querySelector('.qz-legend').getBoundingClientRect())")
    return QRect(round(box["x"]), round(box["y"]), round(box["width"]), round(box["height"]))


def _in_picture(css: QRect, s: float) -> QRect:
    """Where a box of the page (CSS pixels) is in a picture at scale ``s``, under its title band."""
    return QRect(round(css.x() * s), round(css.y() * s) + round(48 * s), round(css.width() * s),
                 round(css.height() * s))


def _theme_pixels(image: QImage, region: QRect) -> dict[str, int]:
    """How many pixels of each theme's colour the region holds (its legend symbols)."""
    colours = {theme.id: QColor(theme.color) for theme in THEMES}
    counts = dict.fromkeys(colours, 0)
    for y in range(region.top(), region.bottom() + 1):
        for x in range(region.left(), region.right() + 1):
            pixel = image.pixelColor(x, y)
            for theme_id, colour in colours.items():
                if (abs(pixel.red() - colour.red()) + abs(pixel.green() - colour.green())
                        + abs(pixel.blue() - colour.blue())) < 30:
                    counts[theme_id] += 1
    return counts


def _mean_difference(a: QImage, b: QImage) -> float:
    """Mean absolute difference per channel of two pictures of the same size."""
    total, step = 0, 2
    for y in range(0, a.height(), step):
        for x in range(0, a.width(), step):
            p, q = a.pixelColor(x, y), b.pixelColor(x, y)
            total += abs(p.red() - q.red()) + abs(p.green() - q.green()) + abs(p.blue() - q.blue())
    return total / (3 * ((a.width() + step - 1) // step) * ((a.height() + step - 1) // step))


def _page_view(qtbot: Any, window: Any) -> dict[str, Any]:
    return js(qtbot, window, "JSON.stringify({w: innerWidth, h: innerHeight, dpr: devicePixelRatio})")


def test_twice_the_dpi_draws_twice_the_pixels_and_puts_the_view_back(open_window: Any, qtbot: Any,
                                                                      tmp_path: Path) -> None:
    window = open_window()
    view, state = window.map_view, window.state
    with qtbot.waitSignal(state.view_changed, timeout=10_000):
        state.set_view((28.95, 118.75, 9.75))  # a view the page reports back: the state knows it exactly
    qtbot.wait(400)  # Leaflet's own moveend, if any
    before = (state.view, view.size(), view.zoomFactor(), _page_view(qtbot, window), status(qtbot, window)["center"])
    legend = _legend_css(qtbot, window)
    views: list[Any] = []
    state.view_changed.connect(views.append)
    labels = len(window.findChildren(QLabel))
    one, two = tmp_path / "one.png", tmp_path / "two.png"
    assert window.save_map_image(one, 96) and window.save_map_image(two, 192)
    assert views == []  # the drawing at another size never reached the app state
    qtbot.waitUntil(lambda: len(window.findChildren(QLabel)) == labels)  # the still that covered the view is gone
    after = (state.view, view.size(), view.zoomFactor(), _page_view(qtbot, window), status(qtbot, window)["center"])
    assert after == before
    assert js(qtbot, window, "JSON.stringify(!!document.querySelector('.leaflet-control-zoom').offsetWidth)")
    small, large = QImage(str(one)), QImage(str(two))
    css = (view.width() / view.zoomFactor(), view.height() / view.zoomFactor())
    assert small.size() == QSize(*default_size(css, 96)[:2])
    assert large.size() == QSize(small.width() * 2, small.height() * 2)  # twice the pixels each way
    assert (small.dotsPerMeterX(), large.dotsPerMeterX(), large.dotsPerMeterY()) == (3780, 7559, 7559)
    small_legend, large_legend = _in_picture(legend, 1), _in_picture(legend, 2)
    small_counts, large_counts = _theme_pixels(small, small_legend), _theme_pixels(large, large_legend)
    for theme in THEMES:  # the legend is there, each symbol in its theme's colour, four times the pixels
        assert small_counts[theme.id] > 20, small_counts
        assert 3 < large_counts[theme.id] / small_counts[theme.id] < 5, (small_counts, large_counts)
    # The same legend, drawn finer: shrunk it is the 1× legend, but the 1× legend enlarged is not it.
    large_part, small_part = large.copy(large_legend), small.copy(small_legend)
    shrunk = large_part.scaled(small_part.size(), Qt.AspectRatioMode.IgnoreAspectRatio,
                               Qt.TransformationMode.SmoothTransformation)
    enlarged = small_part.scaled(large_part.size(), Qt.AspectRatioMode.IgnoreAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
    assert _mean_difference(shrunk, small_part) < 6  # 3.2 here: anti-aliasing at two sizes
    assert _mean_difference(enlarged, large_part) > 1.5 * _mean_difference(shrunk, small_part)  # 7.2 here


def test_a_picture_of_another_shape_shows_more_land_around_the_same_centre(open_window: Any, qtbot: Any,
                                                                          tmp_path: Path) -> None:
    window = open_window()
    view = window.map_view
    legend = _legend_css(qtbot, window)
    right_margin = view.width() - legend.right()
    before = (window.state.view, status(qtbot, window)["center"], status(qtbot, window)["zoom"])
    target = tmp_path / "wide.png"
    assert window.save_map_image(target, 96, (1600, 600))
    image = QImage(str(target))
    assert image.size() == QSize(1600, 600)  # the title band inside the size asked for
    # The legend stays in the top right corner of the wider map.
    moved = QRect(1600 - right_margin - legend.width(), legend.y() + 48, legend.width(), legend.height())
    assert all(count > 20 for count in _theme_pixels(image, moved).values())
    assert (window.state.view, status(qtbot, window)["center"], status(qtbot, window)["zoom"]) == before


def test_a_pdf_at_300_dpi_is_one_page_the_pictures_size(open_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtPdf import QPdfDocument

    window = open_window()
    view = window.map_view
    target = tmp_path / "map.pdf"
    assert window.save_map_image(target, 300)
    size = default_size((view.width(), view.height()), 300)
    document = QPdfDocument()
    assert document.load(str(target)) == QPdfDocument.Error.None_
    assert document.pageCount() == 1
    points = document.pagePointSize(0)
    assert abs(points.width() - size.width / 300 * 72) < 0.5 and abs(points.height() - size.height / 300 * 72) < 0.5
    page = document.render(0, QSize(size.width // 4, size.height // 4))
    assert is_painted(page)
    document.close()


def test_the_dialog_keeps_the_size_on_paper_and_says_what_is_too_large(qapp: Any) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from quzhou_map.qt.export_image_dialog import ExportImageDialog

    dialog = ExportImageDialog((800, 600))
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.image_format() == "png" and dialog.image_size() == ImageSize(800, 648, 96)
    assert dialog.print_label.text() == "21.2 × 17.1 cm (212 × 171 mm)" and ok.isEnabled()
    dialog.format_box.setCurrentIndex(1)  # PDF: for print, 150 dpi, the same size on paper
    assert dialog.image_format() == "pdf" and dialog.image_size() == rescaled(ImageSize(800, 648, 96), 150)
    dialog.dpi_box.setEditText("300")
    assert dialog.image_size() == rescaled(ImageSize(800, 648, 96), 300)
    dialog.width_box.setValue(9000)
    assert not ok.isEnabled() and "200–8000 pixels" in dialog.problem_label.text()
    dialog.reset_button.click()
    assert dialog.image_size() == ImageSize(2500, 2025, 300) and ok.isEnabled()
    dialog.dpi_box.setEditText("600")
    assert not ok.isEnabled() and "72–480 dpi" in dialog.problem_label.text()
    dialog.deleteLater()


def test_file_export_map_image_asks_for_the_size_then_the_file(open_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QFileDialog

    from quzhou_map.qt.export_image_dialog import ExportImageDialog

    window = open_window()
    target = tmp_path / "chosen"

    def choose(dialog: ExportImageDialog) -> int:
        dialog.dpi_box.setEditText("192")
        dialog.width_box.setValue(1000)
        dialog.height_box.setValue(700)
        return 1

    with mock.patch.object(ExportImageDialog, "exec", choose), \
            mock.patch.object(QFileDialog, "getSaveFileName", return_value=(str(target), "")):
        window.export_image()
    image = QImage(str(target) + ".png")  # the format's suffix added
    assert image.size() == QSize(1000, 700) and image.dotsPerMeterX() == dots_per_meter(192)
