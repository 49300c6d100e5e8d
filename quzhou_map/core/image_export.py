"""The size of an exported map picture (File → Export map image…, ``--export-image``): pixels, DPI and
what they mean on paper. Qt-free; the rendering is in qt/map_image.py.

The picture is drawn at a scale of ``dpi / 96`` (96 dpi: one CSS pixel of the page is one pixel of the
picture), so at 192 dpi it has four times the pixels of the same view at 96 dpi, with the same extent,
lines and text twice as sharp. The requested size is the whole picture, the title band included; the map
fills the rest, around the same centre and at the same zoom as on screen: a larger picture at the same
DPI shows more land, not the same land bigger.
"""

from __future__ import annotations

from typing import NamedTuple

#: The page's own resolution: one CSS pixel at 96 dpi.
SCREEN_DPI = 96
#: The DPI a PNG or a PDF gets when none is asked for.
DEFAULT_DPI = {"png": 96, "pdf": 150}
#: The DPIs offered first in the export dialog.
COMMON_DPIS = (96, 150, 200, 300)
#: The page can be drawn at 0.25–5 × (QtWebEngine's zoom factor range): 72–480 dpi.
MIN_DPI, MAX_DPI = 72, 480
#: A picture's side, in pixels: large enough for a poster, small enough to draw (8000² is ~256 MB).
MIN_SIDE_PX, MAX_SIDE_PX = 200, 8000
#: The title band above the map, in CSS pixels (× dpi / 96 in the picture).
TITLE_BAND_CSS_PX = 48
#: The map under the band must keep at least this many CSS pixels each way, or it is only its controls.
MIN_MAP_CSS_PX = 160
MM_PER_INCH = 25.4


class ImageSize(NamedTuple):
    width: int  # pixels, the whole picture
    height: int  # pixels, the whole picture, title band included
    dpi: int


def scale(dpi: float) -> float:
    """Picture pixels per CSS pixel."""
    return dpi / SCREEN_DPI


def band_px(dpi: float) -> int:
    """The title band's height in the picture."""
    return round(TITLE_BAND_CSS_PX * scale(dpi))


def default_dpi(suffix: str) -> int:
    """96 for a PNG (or any picture), 150 for a PDF (``suffix`` with or without its dot)."""
    return DEFAULT_DPI.get(suffix.lower().lstrip("."), SCREEN_DPI)


def default_size(map_css: tuple[float, float], dpi: int) -> ImageSize:
    """The picture of the map as it is on screen (``map_css``: its width and height in CSS pixels) at ``dpi``."""
    s = scale(dpi)
    return ImageSize(round(map_css[0] * s), round(map_css[1] * s) + band_px(dpi), dpi)


def rescaled(size: ImageSize, dpi: int) -> ImageSize:
    """The same picture (same extent, same size on paper) at another DPI."""
    ratio = dpi / size.dpi
    return ImageSize(round(size.width * ratio), round(size.height * ratio), dpi)


def map_px(size: ImageSize) -> tuple[int, int]:
    """The map's part of the picture, under the title band."""
    return size.width, size.height - band_px(size.dpi)


def map_css(size: ImageSize) -> tuple[float, float]:
    """The map's part in CSS pixels: the size the page is laid out at while it is drawn."""
    width, height = map_px(size)
    return width / scale(size.dpi), height / scale(size.dpi)


def size_problem(size: ImageSize) -> str | None:
    """None for a picture that can be drawn; otherwise which limit it breaks: "dpi", "side" or "map"."""
    if not MIN_DPI <= size.dpi <= MAX_DPI:
        return "dpi"
    if not (MIN_SIDE_PX <= size.width <= MAX_SIDE_PX and MIN_SIDE_PX <= size.height <= MAX_SIDE_PX):
        return "side"
    if min(map_css(size)) < MIN_MAP_CSS_PX:
        return "map"
    return None


def problem_text(size: ImageSize) -> str | None:
    """The problem in a sentence (English, for the command line; the dialog has its own translated ones)."""
    problem = size_problem(size)
    if problem == "dpi":
        return f"the DPI must be {MIN_DPI}–{MAX_DPI}, got {size.dpi}"
    if problem == "side":
        return (f"the picture must be {MIN_SIDE_PX}–{MAX_SIDE_PX} pixels a side, "
                f"got {size.width}x{size.height}")
    if problem == "map":
        least = min_side_px(size.dpi)
        return (f"{size.width}x{size.height} at {size.dpi} dpi leaves too little room for the map: "
                f"at least {least[0]}x{least[1]} pixels")
    return None


def min_side_px(dpi: int) -> tuple[int, int]:
    """The smallest picture at ``dpi`` with room for a map under the title band."""
    s = scale(dpi)
    return max(MIN_SIDE_PX, round(MIN_MAP_CSS_PX * s + 0.5)), max(MIN_SIDE_PX, round(MIN_MAP_CSS_PX * s + 0.5)
                                                                   + band_px(dpi))


def print_size_mm(size: ImageSize) -> tuple[float, float]:
    """How large the picture prints at its DPI."""
    return size.width / size.dpi * MM_PER_INCH, size.height / size.dpi * MM_PER_INCH


def parse_size(text: str) -> tuple[int, int]:
    """``"1600x1000"`` → (1600, 1000); ValueError otherwise."""
    width, height = (int(v) for v in text.lower().replace("×", "x").split("x"))
    return width, height


def dots_per_meter(dpi: float) -> int:
    return round(dpi / MM_PER_INCH * 1000)


def export_options(target: object, dpi: int | None, size_text: str | None) -> tuple[int | None, tuple[int, int] | None]:
    """The command line's ``--export-dpi`` and ``--export-size`` checked: (dpi or None, (w, h) or None);
    ValueError with the reason (one line) for a value that cannot be drawn."""
    if target is None:
        raise ValueError("--export-dpi and --export-size go with --export-image")
    if dpi is not None and not MIN_DPI <= dpi <= MAX_DPI:
        raise ValueError(f"--export-dpi {dpi}: the DPI must be {MIN_DPI}–{MAX_DPI}")
    if size_text is None:
        return dpi, None
    try:
        pixels = parse_size(size_text)
    except ValueError:
        raise ValueError(f"--export-size must look like 1600x1000, got {size_text!r}") from None
    problem = problem_text(ImageSize(*pixels, dpi or default_dpi(str(target).rpartition(".")[2])))
    if problem:
        raise ValueError(f"--export-size {size_text}: {problem}")
    return dpi, pixels


#: ``--screenshot``'s picture formats by file extension, as Qt's image writer names them (PySide6 has them all).
SCREENSHOT_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "webp": "WEBP", "bmp": "BMP"}


def screenshot_format(target: object) -> str:
    """The format ``--screenshot`` writes ``target`` in, from its extension; ValueError (one line) otherwise."""
    name = str(target)
    extension = name.rpartition(".")[2].lower() if "." in name.rpartition("/")[2] else ""
    if extension not in SCREENSHOT_FORMATS:
        from quzhou_map.core.problems import shown_path

        raise ValueError(f"--screenshot {shown_path(name)}: the picture's format comes from its extension; use one of "
                         + ", ".join(f".{e}" for e in SCREENSHOT_FORMATS))
    return SCREENSHOT_FORMATS[extension]
