"""The map as a picture to print or share (File → Export map image…, ``--export-image``): the view with
its layers, legend, scale bar and attribution (all drawn by the page), under a title band and with a
north arrow, at a chosen size and DPI; PNG (its DPI written in) or PDF (one page, the picture's size
at its DPI) through Qt's own writers.

A picture at ``dpi`` is drawn by the page itself at ``dpi / 96`` times its usual scale, not enlarged
from a screenshot: for a moment the window's view is given the picture's size in pixels and a zoom
factor of that scale (so the page is laid out at the picture's size in CSS pixels, around the same
centre and zoom), the page is told its new size and waited for until it has drawn it, and the view is
grabbed; then its size, zoom factor and the map's view are put back. A still copy of the view covers it
meanwhile, so the window does not flicker. The page's view reports are held back from the app state
while this happens (MapView.view_held)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QBuffer, QByteArray, QEventLoop, QIODevice, QPoint, QPointF, QRect, QRectF, QSize, QSizeF, Qt, QTimer,
)
from PySide6.QtGui import QColor, QFont, QImage, QPageSize, QPainter, QPdfWriter, QPolygonF
from PySide6.QtWidgets import QLabel

from quzhou_map.core.file_access import SOFTWARE_MARK
from quzhou_map.core.files import write_bytes_atomically
from quzhou_map.core.image_export import (
    TITLE_BAND_CSS_PX, ImageSize, band_px, default_dpi, default_size, dots_per_meter, map_px, scale,
)
from quzhou_map.qt.paint_wait import is_painted

POLL_MS = 40
#: How long drawing the page at the picture's size may take (an 8000² picture: about 3 s here).
RENDER_TIMEOUT_MS = 60_000
#: How long putting the view back may take before the window is shown again as it is.
RESTORE_TIMEOUT_MS = 10_000

#: Runs in the page, in three steps. "begin": find the Leaflet map, remember its centre and zoom.
#: "settle": once the page is laid out at cssW × cssH, take the new size, put the same centre and zoom
#: back exactly, let canvases pick up the new pixel ratio, and after two frames say "ready" (tile layers
#: must have finished loading too). "end": forget it all.
_PAGE_SCRIPT = r"""
(function (step, cssW, cssH, hideControls, key) {
  var ex = window.__qzMapImage;
  if (step === "begin") {
    var map = null;
    Object.keys(window).some(function (name) {
      try { if (typeof L !== "undefined" && window[name] instanceof L.Map) { map = window[name]; return true; } }
      catch (e) {}
      return false;
    });
    if (!map) return JSON.stringify({error: "no Leaflet map on the page"});
    var style = document.getElementById("qz-map-image-style") || document.createElement("style");
    style.id = "qz-map-image-style";
    document.head.appendChild(style);
    ex = window.__qzMapImage = {map: map, center: map.getCenter(), zoom: map.getZoom(), key: null, ready: null,
                                style: style};
    return JSON.stringify({lat: ex.center.lat, lng: ex.center.lng, zoom: ex.zoom});
  }
  if (!ex) return JSON.stringify({error: "not begun"});
  if (step === "end") {
    ex.style.remove();
    delete window.__qzMapImage;
    return JSON.stringify({ended: true});
  }
  var map = ex.map;
  var inner = [window.innerWidth, window.innerHeight, window.devicePixelRatio];
  if (Math.abs(inner[0] - cssW) > 1 || Math.abs(inner[1] - cssH) > 1) {
    return JSON.stringify({sized: false, inner: inner});
  }
  if (ex.key !== key) {
    ex.key = key;
    ex.ready = null;
    ex.style.textContent = hideControls ? ".leaflet-control-zoom { display: none; }" : "";
    map.invalidateSize({pan: false});
    clearTimeout(map._sizeTimer);  // Leaflet's own debounced moveend for the resize: the view is set next
    map.setView(ex.center, ex.zoom, {reset: true});  // exactly the same centre and zoom, at any size
    var size = map.getSize();
    map.fire("resize", {oldSize: size, newSize: size});  // canvases take the new devicePixelRatio
    requestAnimationFrame(function () { requestAnimationFrame(function () { if (ex.key === key) ex.ready = key; }); });
  }
  clearTimeout(map._sizeTimer);
  var loading = false;
  map.eachLayer(function (layer) { if (layer.isLoading && layer.isLoading()) loading = true; });
  var legend = document.querySelector(".qz-legend");
  var legendBottom = legend ? legend.getBoundingClientRect().bottom : 0;
  return JSON.stringify({sized: true, ready: ex.ready === key && !loading, inner: inner, legendBottom: legendBottom});
})
"""


def view_css_size(view: Any) -> tuple[float, float]:
    """The map's size on screen in CSS pixels (what a 96 dpi picture of it has)."""
    return view.width() / view.zoomFactor(), view.height() / view.zoomFactor()


def picture_size(view: Any, suffix: str, dpi: int | None = None, pixels: tuple[int, int] | None = None) -> ImageSize:
    """The picture asked for: ``pixels`` (the whole picture) at ``dpi``; by default the map as on screen at
    the format's usual DPI (96 for PNG, 150 for PDF)."""
    dpi = dpi or default_dpi(suffix)
    if pixels:
        return ImageSize(pixels[0], pixels[1], dpi)
    return default_size(view_css_size(view), dpi)


class _Render:
    """One drawing of the page at another size, driven by timers; ``finished`` is called once, with the
    view put back. ``image`` is the grabbed map (None if the page could not be drawn in time)."""

    def __init__(self, window: Any, width_px: int, height_px: int, s: float, finished: Callable[[], None]) -> None:
        self.window, self.view, self.finished = window, window.map_view, finished
        self.image: QImage | None = None
        self.legend_bottom = 0.0  # where the legend ends in the picture, in CSS pixels (0: no legend)
        self.error = ""
        self.ratio = self.view.devicePixelRatioF() or 1.0  # device pixels per widget pixel (HiDPI screens)
        self.target_px = QSize(width_px, height_px)
        self.target = QSize(round(width_px / self.ratio), round(height_px / self.ratio))
        self.grab_px = QSize(round(self.target.width() * self.ratio), round(self.target.height() * self.ratio))
        self.zoom = s / self.ratio
        self.css = (width_px / s, height_px / s)
        self.saved_geometry = self.view.geometry()
        self.saved_zoom = self.view.zoomFactor()
        self.cover: QLabel | None = None
        self.key = 0
        self.previous: QImage | None = None
        self.ready_polls = 0
        self.deadline = 0.0

    # --- the steps ------------------------------------------------------------------------------------
    def start(self) -> None:
        self.view.run_json(_script("begin"), self._begun)

    def _begun(self, result: Any) -> None:
        if not isinstance(result, dict) or "error" in result:
            self.error = str(result.get("error") if isinstance(result, dict) else result)
            self.finished()
            return
        self.view.view_held = True
        if self.window.isVisible():  # a still of the view over it while it is drawn at the picture's size
            self.cover = QLabel(self.window)
            self.cover.setPixmap(self.view.grab())
            self.cover.setGeometry(QRect(self.view.mapTo(self.window, QPoint(0, 0)), self.view.size()))
            self.cover.show()
            self.cover.raise_()
        self._apply()
        self._settle(lambda: self.css, True, RENDER_TIMEOUT_MS, self._grab_when_still, self._restore)

    def _restore(self) -> None:
        """Back to the window's size and zoom factor, the same centre and zoom, the zoom buttons shown."""
        self.view.setZoomFactor(self.saved_zoom)
        self.view.setGeometry(self.saved_geometry)
        # (the window's own size now: a layout pass may have changed it meanwhile)
        self._settle(lambda: view_css_size(self.view), False, RESTORE_TIMEOUT_MS, self._wait_for_screen, self._end)

    def _end(self) -> None:
        self.view.run_json(_script("end"))
        self.view.view_held = False
        if self.cover is not None:
            self.cover.deleteLater()
            self.cover = None
        self.finished()

    # --- waiting -----------------------------------------------------------------------------------------
    def _apply(self) -> None:
        """The picture's size and scale (again, if a layout pass of the window has put the view back)."""
        if self.view.size() != self.target:
            self.view.resize(self.target)
        if abs(self.view.zoomFactor() - self.zoom) > 1e-9:
            self.view.setZoomFactor(self.zoom)

    def _settle(self, css: Callable[[], tuple[float, float]], drawing: bool, timeout_ms: int,
                then: Callable[[], None], otherwise: Callable[[], None]) -> None:
        """Poll the page until it is laid out at ``css()`` and has drawn itself there, then ``then()``;
        ``otherwise()`` after ``timeout_ms``. ``drawing``: for the picture (zoom buttons hidden), or back
        on screen."""
        self.key += 1
        key = self.key
        self.deadline = time.monotonic() + timeout_ms / 1000
        self.previous, self.ready_polls = None, 0

        def poll() -> None:
            if time.monotonic() > self.deadline:
                self.error = self.error or "the page was not drawn at the picture's size in time"
                otherwise()
                return
            if drawing:
                self._apply()
            width, height = css()
            self.view.run_json(_script("settle", width, height, drawing, key), answered)

        def answered(result: Any) -> None:
            if isinstance(result, dict) and result.get("ready"):
                if drawing:
                    self.legend_bottom = float(result.get("legendBottom") or 0)
                then()
            else:
                QTimer.singleShot(POLL_MS, poll)

        poll()

    def _grab_when_still(self) -> None:
        """The page is drawn: grab until two grabs in a row are the same picture of the right size."""
        if time.monotonic() > self.deadline:
            self.error = "the page did not hold still at the picture's size"
            self._restore()
            return
        self._apply()
        image = self.view.grab().toImage()
        if image.size() == self.grab_px and is_painted(image) and image == self.previous:
            image.setDevicePixelRatio(1.0)
            if image.size() != self.target_px:  # a fractional screen scale rounded the view's size
                image = image.scaled(self.target_px, Qt.AspectRatioMode.IgnoreAspectRatio,
                                     Qt.TransformationMode.SmoothTransformation)
            self.image = image
            self._restore()
            return
        self.previous = image
        QTimer.singleShot(POLL_MS, self._grab_when_still)

    def _wait_for_screen(self) -> None:
        """Put back: the cover goes once the view shows the map at its own size again."""
        image = self.view.grab().toImage()
        if time.monotonic() > self.deadline or (image == self.previous and is_painted(image)):
            self._end()
            return
        self.previous = image
        QTimer.singleShot(POLL_MS, self._wait_for_screen)


def _script(step: str, css_w: float = 0, css_h: float = 0, hide_controls: bool = False, key: int = 0) -> str:
    return f"{_PAGE_SCRIPT}({json.dumps(step)}, {css_w!r}, {css_h!r}, {json.dumps(hide_controls)}, {key})"


class RenderedMap(NamedTuple):
    image: QImage | None  # None: the page could not be drawn (the window's ``map_image_error`` says why)
    legend_bottom: float  # CSS pixels from the top of the map (0: no legend)


def render_map(window: Any, width_px: int, height_px: int, s: float) -> RenderedMap:
    """The window's map drawn ``width_px`` × ``height_px`` pixels at ``s`` picture pixels per CSS pixel.
    Returns with the view as it was: its size, zoom factor, the map's centre and zoom."""
    view = window.map_view
    if getattr(view, "_drawing_picture", False):
        window.map_image_error = "a picture of the map is being drawn already"
        return RenderedMap(None, 0)
    view._drawing_picture = True
    loop = QEventLoop()
    job = _Render(window, width_px, height_px, s, loop.quit)
    try:
        QTimer.singleShot(0, job.start)
        loop.exec()
    finally:
        view._drawing_picture = False
    window.map_image_error = job.error
    return RenderedMap(job.image, job.legend_bottom)


def map_image(window: Any, title: str, subtitle: str, size: ImageSize | None = None) -> QImage | None:
    """The picture: the map drawn at ``size`` (default: as on screen, 96 dpi) under a title band, with a
    north arrow in its top right corner; None if the page could not be drawn."""
    size = size or default_size(view_css_size(window.map_view), 96)
    s = scale(size.dpi)
    width, height = map_px(size)
    rendered = render_map(window, width, height, s)
    if rendered.image is None:
        return None
    view = rendered.image.convertToFormat(QImage.Format.Format_RGB32)
    band = band_px(size.dpi)
    image = QImage(size.width, size.height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    image.setDotsPerMeterX(dots_per_meter(size.dpi))
    image.setDotsPerMeterY(dots_per_meter(size.dpi))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.drawImage(0, band, view)
    painter.scale(s, s)  # the band is laid out in CSS pixels, as the page is
    css_width = size.width / s
    font = QFont(painter.font())
    font.setPixelSize(17)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#222222"))
    painter.drawText(QRectF(10, 4, css_width - 20, 24), Qt.AlignmentFlag.AlignVCenter, title)
    font.setPixelSize(12)
    font.setBold(False)
    painter.setFont(font)
    painter.setPen(QColor("#555555"))
    painter.drawText(QRectF(10, 26, css_width - 20, 18), Qt.AlignmentFlag.AlignVCenter, subtitle)
    # Under the legend (top right), clear of it however tall it is.
    _north_arrow(painter, QPointF(css_width - 28, TITLE_BAND_CSS_PX + max(rendered.legend_bottom + 58, 64)))
    painter.end()
    return image


def _north_arrow(painter: QPainter, at: QPointF) -> None:
    """An arrow pointing up with an N above it (the map is north-up: Web Mercator, no rotation)."""
    painter.setPen(QColor("#222222"))
    painter.setBrush(QColor("#222222"))
    painter.drawPolygon(QPolygonF([at + QPointF(0, -22), at + QPointF(9, 8), at + QPointF(0, 2), at + QPointF(-9, 8)]))
    font = QFont(painter.font())
    font.setPixelSize(14)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRectF(at.x() - 10, at.y() - 44, 20, 20), Qt.AlignmentFlag.AlignCenter, "N")


def save_map_image(image: QImage, path: Path, dpi: int | None = None, title: str = "") -> bool:
    """PNG (or anything Qt writes) by the file's suffix, with its DPI; PDF as one page the size of the
    picture at ``dpi`` (default: the DPI written in the picture). Made in memory, marked as quzhou-map's
    (core/file_access.py) and written atomically: OSError (a full disk, the size limit) leaves nothing behind."""
    dpi = dpi or round(image.dotsPerMeterX() * 0.0254) or 96
    if path.suffix.lower() != ".pdf":
        image.setDotsPerMeterX(dots_per_meter(dpi))
        image.setDotsPerMeterY(dots_per_meter(dpi))
        return write_image(image, path)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(dpi)
    writer.setCreator(SOFTWARE_MARK)
    if title:
        writer.setTitle(title)
    inches = QSizeF(image.width() / dpi, image.height() / dpi)
    writer.setPageSize(QPageSize(inches, QPageSize.Unit.Inch))
    writer.setPageMargins(writer.pageLayout().margins() * 0)
    painter = QPainter()
    if not painter.begin(writer):
        return False
    painter.drawImage(QRectF(0, 0, writer.width(), writer.height()), image)
    if not painter.end():
        return False
    write_bytes_atomically(path, bytes(data))
    return True


def write_image(image: QImage, path: Path, image_format: str | None = None, quality: int = -1) -> bool:
    """``image`` in ``image_format`` (default: from the suffix), marked as quzhou-map's, written atomically;
    False when Qt cannot encode it, OSError when it cannot be written."""
    image.setText("Software", SOFTWARE_MARK)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, image_format or (path.suffix.lstrip(".").upper() or "PNG"), quality):
        return False
    write_bytes_atomically(path, bytes(data))
    return True
