"""The exported picture's size: the defaults, the limits and what it makes on paper."""

from __future__ import annotations

import pytest

from quzhou_map.core.image_export import (
    ImageSize, band_px, default_dpi, default_size, dots_per_meter, export_options, map_css, map_px, min_side_px,
    print_size_mm, problem_text, rescaled, size_problem,
)


def test_the_default_picture_is_the_map_as_on_screen_under_the_title_band() -> None:
    assert default_size((800, 600), 96) == ImageSize(800, 648, 96)
    assert default_size((800, 600), 192) == ImageSize(1600, 1296, 192)  # twice the pixels each way
    assert map_css(ImageSize(1600, 1296, 192)) == (800, 600)  # the same extent
    assert band_px(96) == 48 and band_px(300) == 150
    assert default_dpi(".png") == 96 and default_dpi("PDF") == 150 and default_dpi(".jpg") == 96


def test_the_title_band_counts_inside_the_requested_size() -> None:
    size = ImageSize(1600, 1000, 192)
    assert map_px(size) == (1600, 904)
    assert map_css(size) == (800, 452)


def test_a_new_dpi_keeps_the_size_on_paper() -> None:
    size = rescaled(ImageSize(800, 648, 96), 300)
    assert size == ImageSize(2500, 2025, 300)
    assert print_size_mm(size) == pytest.approx(print_size_mm(ImageSize(800, 648, 96)))
    assert print_size_mm(ImageSize(300, 600, 300)) == pytest.approx((25.4, 50.8))
    assert dots_per_meter(96) == 3780 and dots_per_meter(300) == 11811


def test_limits() -> None:
    assert size_problem(ImageSize(800, 648, 96)) is None
    assert size_problem(ImageSize(8000, 8000, 480)) is None
    assert size_problem(ImageSize(800, 648, 71)) == "dpi"
    assert size_problem(ImageSize(800, 648, 481)) == "dpi"
    assert size_problem(ImageSize(8001, 648, 96)) == "side"
    assert size_problem(ImageSize(199, 648, 96)) == "side"
    assert size_problem(ImageSize(400, 400, 300)) == "map"  # 128 × 80 CSS pixels of map: only its controls
    least = min_side_px(300)
    assert size_problem(ImageSize(*least, 300)) is None
    assert size_problem(ImageSize(least[0] - 1, least[1], 300)) == "map"
    assert "72–480" in problem_text(ImageSize(800, 648, 20))
    assert "200–8000 pixels a side" in problem_text(ImageSize(9000, 648, 96))


def test_command_line_options() -> None:
    assert export_options("out.png", None, None) == (None, None)
    assert export_options("out.png", 192, "1600x1000") == (192, (1600, 1000))
    assert export_options("out.pdf", None, "1600X1000") == (None, (1600, 1000))
    for dpi, size, words in ((192, "1600", "must look like 1600x1000"), (192, "axb", "must look like"),
                             (1000, None, "--export-dpi 1000: the DPI must be 72–480"),
                             (96, "9000x100", "200–8000 pixels a side"),
                             (300, "400x400", "too little room for the map")):
        with pytest.raises(ValueError, match=words):
            export_options("out.png", dpi, size)
    with pytest.raises(ValueError, match="go with --export-image"):
        export_options(None, 192, None)
