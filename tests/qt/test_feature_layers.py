"""feature_layers.js in a real QtWebEngine page: payloads from layer_payload loaded over file://,
drawn on canvases, picked by hitTest, toggled, restyled, and reached by a real mouse click."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtTest import QTest
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView

from quzhou_map.core.layer_payload import encode_geometries, write_payload
from tests.conftest import REPO

FEATURE_LAYERS_JS = REPO / "resources" / "web" / "feature_layers.js"
CSP = ("default-src 'none'; script-src 'unsafe-inline' file:; style-src 'unsafe-inline' file:; "
       "img-src data: file:; connect-src file:; frame-src 'none'; form-action 'none'")
READY_TITLE = "harness ready"
SIZE = (900, 640)

HARNESS_SCRIPT = """
var map = L.map("map", {zoomSnap: 0.25});
map.fitBounds([[28.24, 118.02], [29.5, 119.34]], {animate: false});
var handles = {}, drawn = {}, failed = {}, clicks = [];
function addLayer(spec) {
  spec.onDrawn = function (info) { drawn[spec.id] = info; };
  spec.onFailed = function (message) { failed[spec.id] = message; };
  handles[spec.id] = QuzhouFeatureLayers.create(map, spec);
  return "";
}
function pixel(id, x, y) {
  var canvas = handles[id].canvas(), dpr = window.devicePixelRatio || 1;
  var d = canvas.getContext("2d").getImageData(Math.floor(x * dpr), Math.floor(y * dpr), 1, 1).data;
  return [d[0], d[1], d[2], d[3]];
}
map.on("click", function (e) {
  var hit = {x: e.containerPoint.x, y: e.containerPoint.y};
  Object.keys(handles).forEach(function (id) { hit[id] = handles[id].hitTest(e.containerPoint, 3); });
  clicks.push(hit);
});
document.title = "harness ready";
"""


def harness_html(folder: Path) -> Path:
    from xstatic.pkg import leaflet

    base = Path(leaflet.BASE_DIR)
    page = folder / "harness.html"
    page.write_text(f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>harness</title>
<link rel="stylesheet" href="{(base / 'leaflet.css').as_uri()}">
<script src="{(base / 'leaflet.js').as_uri()}"></script>
<script src="{FEATURE_LAYERS_JS.as_uri()}"></script>
<style>html, body, #map {{ height: 100%; margin: 0; }}</style>
</head><body><div id="map"></div><script>{HARNESS_SCRIPT}</script></body></html>
""", encoding="utf-8")
    return page


class Harness:
    def __init__(self, qtbot: Any, view: QWebEngineView, folder: Path) -> None:
        self.qtbot, self.view, self.folder = qtbot, view, folder
        self.console: list[str] = []

    def js(self, code: str) -> Any:
        with self.qtbot.waitCallback(timeout=10_000) as callback:
            self.view.page().runJavaScript(f"JSON.stringify({code})", 0, callback)
        result = callback.args[0]
        return json.loads(result) if isinstance(result, str) and result else None

    def add(self, layer_id: str, geometries: Any, style: dict[str, Any], z: int = 450) -> dict[str, Any]:
        payload = encode_geometries(geometries)
        path = write_payload(payload, self.folder, layer_id)
        spec = {"id": layer_id, "kind": payload.kind, "url": path.as_uri(), "meta": payload.meta,
                "count": payload.count, "style": style, "visible": True, "zIndex": z}
        self.js(f"addLayer({json.dumps(spec)})")
        self.qtbot.waitUntil(lambda: self.js(f"drawn[{layer_id!r}] || failed[{layer_id!r}] || null") is not None,
                             timeout=10_000)
        assert self.js(f"failed[{layer_id!r}] || null") is None, self.js(f"failed[{layer_id!r}]")
        return payload.meta

    def point_of(self, layer_id: str, index: int) -> dict[str, float] | None:
        return self.js(f"handles[{layer_id!r}].containerPointOf({index})")

    def hit(self, layer_id: str, x: float, y: float, tolerance: float = 2) -> int:
        return int(self.js(f"handles[{layer_id!r}].hitTest(L.point({x}, {y}), {tolerance})"))

    def pixel(self, layer_id: str, x: float, y: float) -> list[int]:
        return self.js(f"pixel({layer_id!r}, {x}, {y})")

    def container_point(self, lat: float, lng: float) -> dict[str, float]:
        """Not rounded, unlike Leaflet's latLngToContainerPoint."""
        return self.js(f"map.project([{lat}, {lng}]).subtract(map.getPixelOrigin()).add(map._getMapPanePos())")


class ConsolePage(QWebEnginePage):
    def __init__(self, messages: list[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.messages = messages

    def javaScriptConsoleMessage(self, level: Any, message: str, line: int, source: str) -> None:  # noqa: N802
        self.messages.append(f"{message} ({source}:{line})")


@pytest.fixture
def harness(qtbot: Any, tmp_path: Path) -> Iterator[Harness]:
    view = QWebEngineView()
    messages: list[str] = []
    page = ConsolePage(messages, view)
    page.settings().setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False)
    view.setPage(page)
    view.resize(*SIZE)
    with qtbot.waitSignal(view.titleChanged, timeout=30_000, check_params_cb=lambda title: title == READY_TITLE):
        view.load(QUrl.fromLocalFile(str(harness_html(tmp_path))))
        view.show()
    h = Harness(qtbot, view, tmp_path / "layers")
    h.console = messages
    yield h
    view.close()
    page.deleteLater()
    view.deleteLater()
    qtbot.wait(10)
    gc.collect()


def random_points(n: int, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return shapely.points(rng.uniform(118.1, 119.2, n), rng.uniform(28.3, 29.4, n))


def square(lon: float, lat: float, half: float) -> shapely.Polygon:
    return shapely.box(lon - half, lat - half, lon + half, lat + half)


def test_points_are_drawn_picked_restyled_and_hidden(harness: Harness, qtbot: Any) -> None:
    points = random_points(2000)
    meta = harness.add("pts", points, {"color": "#ff0000", "size": 6, "opacity": 1})
    info = harness.js("drawn.pts")
    assert info["count"] == 2000 and info["drawMs"] >= 0
    assert harness.js("handles.pts.count") == 2000
    xs, ys = shapely.get_x(points), shapely.get_y(points)
    assert meta["bounds"] == [[ys.min(), xs.min()], [ys.max(), xs.max()]]
    assert harness.js("handles.pts.bounds()") == meta["bounds"]
    for i in (0, 17, 500, 1234, 1999):
        at = harness.point_of("pts", i)
        expected = harness.container_point(float(ys[i]), float(xs[i]))
        assert abs(at["x"] - expected["x"]) < 0.05 and abs(at["y"] - expected["y"]) < 0.05
        assert harness.hit("pts", at["x"], at["y"]) == i
        assert harness.pixel("pts", at["x"], at["y"]) == [255, 0, 0, 255]
    assert harness.hit("pts", -50, -50) == -1
    at = harness.point_of("pts", 17)
    harness.js('handles.pts.setStyle({color: "#00ff00"})')
    assert harness.pixel("pts", at["x"], at["y"]) == [0, 255, 0, 255]
    harness.js("handles.pts.setSelected([17])")  # a ring drawn around it: the point itself stays
    assert harness.pixel("pts", at["x"], at["y"]) == [0, 255, 0, 255]
    harness.js("handles.pts.setVisible(false)")
    assert harness.js("handles.pts.canvas().style.display") == "none"
    assert harness.hit("pts", at["x"], at["y"]) == -1
    harness.js("handles.pts.setVisible(true)")
    assert harness.hit("pts", at["x"], at["y"]) == 17
    assert not any("Error" in m for m in harness.console), harness.console


def test_what_the_view_shows_follows_visibility(harness: Harness, qtbot: Any) -> None:
    """The composited view (grab), not only the canvas: the layer shows, then is gone."""
    harness.add("big", [square(118.7, 28.9, 0.05)], {"color": "#0000ff", "size": 2, "fill": "#0000ff",
                                                     "fillOpacity": 1})
    at = harness.point_of("big", 0)
    point = QPoint(round(at["x"]), round(at["y"]))

    def colour() -> tuple[int, int, int]:
        c = harness.view.grab().toImage().pixelColor(point)
        return c.red(), c.green(), c.blue()

    qtbot.waitUntil(lambda: colour() == (0, 0, 255), timeout=5000)
    harness.js("handles.big.setVisible(false)")
    qtbot.waitUntil(lambda: colour() != (0, 0, 255), timeout=5000)
    harness.js("handles.big.setVisible(true)")
    qtbot.waitUntil(lambda: colour() == (0, 0, 255), timeout=5000)


def test_lines_are_drawn_and_picked(harness: Harness) -> None:
    lines = [
        shapely.linestrings([[118.2, 28.5], [118.5, 28.6], [118.8, 28.5]]),
        shapely.MultiLineString([[(118.3, 29.0), (118.6, 29.2)], [(118.9, 29.1), (119.1, 28.9), (119.2, 29.0)]]),
        None,
        shapely.linestrings([[118.2, 28.9], [118.25, 28.95]]),
    ]
    harness.add("lines", lines, {"color": "#ff00ff", "size": 3})
    assert harness.js("handles.lines.count") == 4
    for i in (0, 1, 3):
        at = harness.point_of("lines", i)
        assert harness.hit("lines", at["x"], at["y"]) == i
        assert harness.pixel("lines", at["x"], at["y"])[3] > 0
    assert harness.point_of("lines", 2) is None
    # the second part of the multi-line belongs to feature 1
    p = harness.container_point(29.1, 118.9)
    q = harness.container_point(28.9, 119.1)
    assert harness.hit("lines", (p["x"] + q["x"]) / 2, (p["y"] + q["y"]) / 2) == 1
    # a few pixels off the line: within tolerance, and well away: no hit
    a, b = harness.container_point(28.5, 118.2), harness.container_point(28.6, 118.5)
    mid = ((a["x"] + b["x"]) / 2, (a["y"] + b["y"]) / 2)
    assert harness.hit("lines", mid[0], mid[1] + 3, tolerance=3) == 0
    assert harness.hit("lines", mid[0], mid[1] + 25, tolerance=3) == -1


def test_polygons_with_holes_and_multipolygons(harness: Harness) -> None:
    shell = [(118.4, 28.6), (118.8, 28.6), (118.8, 29.0), (118.4, 29.0), (118.4, 28.6)]
    hole = [(118.5, 28.7), (118.7, 28.7), (118.7, 28.9), (118.5, 28.9), (118.5, 28.7)]
    multi = shapely.MultiPolygon([shapely.Polygon(shell, [hole]), square(119.0, 29.2, 0.05)])
    polygons = [square(118.2, 28.4, 0.05), multi, square(118.2, 29.3, 0.03), None]
    meta = harness.add("polys", polygons, {"color": "#008000", "size": 1, "fill": "#ffff00", "fillOpacity": 1})
    assert np.allclose(meta["bounds"], [[28.35, 118.15], [29.33, 119.05]])
    for i in (0, 1, 2):
        at = harness.point_of("polys", i)
        assert harness.hit("polys", at["x"], at["y"]) == i
        assert harness.pixel("polys", at["x"], at["y"]) == [255, 255, 0, 255]
    assert harness.point_of("polys", 3) is None
    in_hole = harness.container_point(28.8, 118.6)
    assert harness.hit("polys", in_hole["x"], in_hole["y"]) == -1
    assert harness.pixel("polys", in_hole["x"], in_hole["y"])[3] == 0  # the hole is not filled
    in_ring = harness.container_point(28.65, 118.6)
    assert harness.hit("polys", in_ring["x"], in_ring["y"]) == 1
    second_part = harness.container_point(29.2, 119.0)
    assert harness.hit("polys", second_part["x"], second_part["y"]) == 1
    outside = harness.container_point(28.3, 119.3)
    assert harness.hit("polys", outside["x"], outside["y"]) == -1


def test_layers_stack_by_z_index_and_are_removed(harness: Harness) -> None:
    harness.add("low", [square(118.7, 28.9, 0.1)], {"color": "#ff0000", "size": 1, "fill": "#ff0000"}, z=410)
    harness.add("high", random_points(50), {"color": "#0000ff", "size": 4}, z=420)
    assert harness.js("map.getPane('qz-layer-high').style.zIndex") == "420"
    harness.js("handles.high.setZIndex(405)")
    assert harness.js("map.getPane('qz-layer-high').style.zIndex") == "405"
    harness.js("handles.high.remove()")
    assert harness.js("!!map.getPane('qz-layer-high')") is False
    assert harness.js("document.querySelectorAll('canvas.qz-feature-canvas').length") == 1


def test_a_missing_payload_reports_failure(harness: Harness, tmp_path: Path) -> None:
    meta = encode_geometries(random_points(3)).meta
    spec = {"id": "gone", "kind": "point", "url": (tmp_path / "nothing.bin").as_uri(), "meta": meta, "count": 3,
            "style": {"color": "#000000"}, "visible": True, "zIndex": 400}
    harness.js(f"addLayer({json.dumps(spec)})")
    harness.qtbot.waitUntil(lambda: harness.js("failed.gone || null") is not None, timeout=5000)
    assert harness.js("drawn.gone || null") is None


def test_the_view_follows_pan_and_zoom(harness: Harness) -> None:
    points = random_points(500, seed=3)
    harness.add("pts", points, {"color": "#ff0000", "size": 5})
    frames = harness.js("handles.pts.stats().frames")
    harness.js("map.setView([28.9, 118.7], 11, {animate: false})")
    assert harness.js("handles.pts.stats().frames") > frames
    xs, ys = shapely.get_x(points), shapely.get_y(points)
    inside = [i for i in range(500) if 28.8 < ys[i] < 29.0 and 118.55 < xs[i] < 118.85][:5]
    assert inside
    for i in inside:
        at = harness.point_of("pts", i)
        expected = harness.container_point(float(ys[i]), float(xs[i]))
        assert abs(at["x"] - expected["x"]) < 0.05 and abs(at["y"] - expected["y"]) < 0.05
        assert harness.pixel("pts", at["x"], at["y"]) == [255, 0, 0, 255]
        assert harness.hit("pts", at["x"], at["y"]) == i
    harness.js("map.panBy([120, -80], {animate: false})")
    at = harness.point_of("pts", inside[0])
    assert harness.pixel("pts", at["x"], at["y"]) == [255, 0, 0, 255]


def test_a_real_click_reaches_the_maps_handler_and_picks(harness: Harness, qtbot: Any) -> None:
    polygons = [square(118.3 + 0.1 * k, 28.9, 0.04) for k in range(8)]
    harness.add("cells", polygons, {"color": "#333333", "size": 1, "fill": "#88ccff"})
    for index in (2, 5):
        at = harness.point_of("cells", index)
        target = harness.view.focusProxy()
        point = QPoint(round(at["x"]), round(at["y"]))
        before = len(harness.js("clicks"))
        QTest.mouseMove(target, point)
        QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        qtbot.waitUntil(lambda b=before: len(harness.js("clicks")) > b, timeout=5000)
        assert harness.js("clicks")[-1]["cells"] == index
