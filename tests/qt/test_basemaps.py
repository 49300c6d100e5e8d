"""Basemaps on the real page, their tiles from a tile server on 127.0.0.1 or a tile file made here:
drawn, asked for with the right headers, lined up in GCJ-02, kept for offline, and harmless when dead;
vector tile files (MVT in MBTiles/PMTiles, made here) drawn by the page's vector renderer."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import prcoords
import pytest

from quzhou_map.core.api_keys import save_key
from quzhou_map.core.basemaps import BasemapChoice, catalogue
from quzhou_map.core.geodesy import path_length_m
from tests.qt.layer_support import open_and_draw
from tests.qt.tile_server import TileServer, png, tile_colour

KEY = "0123456789abcdef0123456789abcdef"


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    return path_length_m([(lat1, lng1), (lat2, lng2)])


@pytest.fixture
def server() -> Iterator[TileServer]:
    tiles = TileServer()
    yield tiles
    tiles.stop()


def page(window: Any, code: str, qtbot: Any) -> Any:
    got: dict[str, Any] = {}
    window.map_view.run_json(code, lambda value: got.setdefault("value", value))
    qtbot.waitUntil(lambda: "value" in got, timeout=5000)
    return got["value"]


def wait_for_tiles(window: Any, qtbot: Any, at_least: int = 4) -> dict[str, Any]:
    status: dict[str, Any] = {}

    def shown() -> bool:
        status.update(page(window, "QuzhouMap.debug.basemap()", qtbot))
        return status["tilesShown"] >= at_least

    qtbot.waitUntil(shown, timeout=15_000)
    return status


def choose(window: Any, choice: BasemapChoice, server: TileServer | None = None) -> None:
    if server is not None:
        window.basemaps.handler.redirect_host = server.host
    window.state.set_basemap(choice)


def test_osm_tiles_are_drawn_and_asked_for_as_tile_servers_require(open_window: Any, qtbot: Any,
                                                                    server: TileServer) -> None:
    window = open_window()
    choose(window, BasemapChoice("osm"), server)
    status = wait_for_tiles(window, qtbot)
    assert status["datum"] == "wgs84" and "OpenStreetMap" in status["attribution"]
    request = server.requests[0]
    assert request["path"].endswith(".png") and request["tile"][0] >= 6
    assert request["headers"]["User-Agent"].startswith("quzhou-map/")
    assert request["headers"]["Referer"]  # OSM refuses tiles without one
    # The tiles are on screen: the colour of a served tile is in the grabbed map (once it is painted).
    served = {tile_colour(*tile) for tile in server.tiles_served()}

    def tile_on_screen() -> bool:
        image = window.map_view.grab().toImage()
        colours = {image.pixelColor(x, y).getRgb()[:3]
                   for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
        return any(_close(colour, tile) for colour in colours for tile in served)

    qtbot.waitUntil(tile_on_screen, timeout=10_000)
    assert "OpenStreetMap" in window.basemaps.status_label.text() and "WGS-84" in window.basemaps.status_label.text()


def _close(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """A tile's colour seen through the faint county fill (a few levels off)."""
    return all(abs(x - y) <= 24 for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize("basemap", ["esri-imagery", "tianditu", "tianditu-imagery", "gaode", "gaode-satellite"])
def test_every_catalogue_basemap_draws(open_window: Any, qtbot: Any, server: TileServer, config_dir: Path,
                                       basemap: str) -> None:
    save_key(config_dir, "tianditu", KEY)
    window = open_window()
    choose(window, BasemapChoice(basemap), server)
    definition = next(d for d in catalogue() if d.id == basemap)
    status = wait_for_tiles(window, qtbot)
    assert status["datum"] == definition.datum and status["attribution"]
    paths = [r["path"] for r in server.requests]
    if definition.needs_key:
        assert status["labels"] and all(f"tk={KEY}" in p for p in paths)
        qtbot.waitUntil(lambda: any("LAYER=cva" in r["path"] or "LAYER=cia" in r["path"] for r in server.requests),
                        timeout=10_000)  # the label layer is asked for too
        # The key goes only to the tile server: the page's own tile addresses never carry it.
        sources = page(window, "JSON.stringify(Array.from(document.querySelectorAll('img.leaflet-tile'))"
                               ".map(function (i) { return i.src; }))", qtbot)
        assert sources and all(s.startswith("qztile:") and KEY not in s for s in sources)
    if definition.datum == "gcj02":
        assert "GCJ-02" in window.basemaps.status_label.text()


def test_tianditu_without_a_key_says_so_and_keeps_the_offline_base(open_window: Any, qtbot: Any,
                                                                    server: TileServer) -> None:
    window = open_window()
    window.basemaps.interactive = False  # no dialog in a test: the message is what a --screenshot run gets
    messages: list[str] = []
    window.basemaps.message.connect(messages.append)
    choose(window, BasemapChoice("tianditu"), server)
    assert window.state.basemap.id == "offline"
    assert messages and "key" in messages[0]
    assert page(window, "QuzhouMap.debug.basemap()", qtbot)["tiles"] is False


def site_point(window: Any, qtbot: Any, site_id: str) -> tuple[float, float]:
    p = page(window, f"QuzhouMap.debug.markerContainerPoint({site_id!r})", qtbot)
    return p["x"], p["y"]


def test_gcj02_basemap_shifts_every_overlay_and_reports_wgs84(open_window: Any, qtbot: Any, server: TileServer,
                                                             tmp_path: Path) -> None:
    window = open_window()
    site = window.state.catalog.get("landmark-southern-confucius-temple")
    # A user's layer with a point where the site is, and a county's outline: they move with the site.
    geojson = tmp_path / "here.geojson"
    geojson.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"name": "here"},
        "geometry": {"type": "Point", "coordinates": [site.position.lon, site.position.lat]}}]}), encoding="utf-8")
    (layer_id,) = open_and_draw(qtbot, window, [geojson])
    window.state.set_view((site.position.lat, site.position.lon, 16), origin="test")
    qtbot.waitUntil(lambda: page(window, "QuzhouMap.debug.status()", qtbot)["zoom"] == 16, timeout=5000)
    x0, y0 = site_point(window, qtbot, site.id)
    choose(window, BasemapChoice("gaode"), server)
    qtbot.waitUntil(lambda: page(window, "QuzhouMap.debug.basemap()", qtbot)["datum"] == "gcj02", timeout=10_000)
    # The view stays on the same place (WGS-84), so the site is drawn where it was on screen…
    x1, y1 = site_point(window, qtbot, site.id)
    assert abs(x1 - x0) < 2 and abs(y1 - y0) < 2
    # …but in GCJ-02 map coordinates: exactly prcoords' conversion of its WGS-84 position, within a metre.
    drawn = page(window, f"QuzhouMap.debug.mapLatLngAt({x1}, {y1})", qtbot)
    expected = prcoords.wgs_gcj(prcoords.Coords(site.position.lat, site.position.lon))
    assert distance_m(drawn[0], drawn[1], expected.lat, expected.lon) < 1.0
    assert distance_m(drawn[0], drawn[1], site.position.lat, site.position.lon) > 400  # the shift is real here
    feature = page(window, f"QuzhouMap.debug.featureContainerPoint({layer_id!r}, 0)", qtbot)
    assert abs(feature["x"] - x1) < 1.5 and abs(feature["y"] - y1) < 1.5
    vertex = page(window, "QuzhouMap.debug.countyVertex()", qtbot)
    wgs, drawn_vertex = vertex
    shifted = prcoords.wgs_gcj(prcoords.Coords(*wgs))
    assert distance_m(drawn_vertex[0], drawn_vertex[1], shifted.lat, shifted.lon) < 1.0
    # The cursor and every reported coordinate are WGS-84 again.
    back = page(window, f"QuzhouMap.debug.latLngAt({x1}, {y1})", qtbot)
    assert distance_m(back[0], back[1], site.position.lat, site.position.lon) < 1.0
    view = window.state.view
    assert distance_m(view.lat, view.lng, site.position.lat, site.position.lon) < 1.0
    # Back to a WGS-84 basemap: drawn where the data says.
    choose(window, BasemapChoice("osm"), server)
    qtbot.waitUntil(lambda: page(window, "QuzhouMap.debug.basemap()", qtbot)["datum"] == "wgs84", timeout=5000)
    x2, y2 = site_point(window, qtbot, site.id)
    drawn = page(window, f"QuzhouMap.debug.mapLatLngAt({x2}, {y2})", qtbot)
    assert distance_m(drawn[0], drawn[1], site.position.lat, site.position.lon) < 1.0


def test_tiles_seen_once_are_there_offline(open_window: Any, qtbot: Any, server: TileServer,
                                           cache_dir: Path) -> None:
    window = open_window()
    choose(window, BasemapChoice("osm"), server)
    wait_for_tiles(window, qtbot)
    fetched = len(server.tiles_served())
    server.stop()  # the network is gone
    window.state.set_basemap(BasemapChoice())
    choose(window, BasemapChoice("osm"))
    status = wait_for_tiles(window, qtbot)
    assert window.basemaps.handler.counts["cached"] >= status["tilesShown"] >= 4
    assert len(server.tiles_served()) == fetched
    assert (cache_dir / "tiles.sqlite").exists()


def test_a_dead_server_leaves_the_map_working(open_window: Any, qtbot: Any, tmp_path: Path) -> None:
    dead = TileServer()
    dead.stop()  # its port is closed: every tile is refused
    window = open_window()
    window.basemaps.cache_dir = tmp_path  # nothing seen before: no tile can come from the cache
    choose(window, BasemapChoice("esri-imagery"), dead)
    qtbot.waitUntil(lambda: window.basemaps.handler.status == "unavailable", timeout=15_000)
    assert "unavailable" in window.basemaps.status_label.text()
    status = page(window, "QuzhouMap.debug.status()", qtbot)
    assert status["ready"] and len(status["visible"]) == len(window.state.catalog.sites)
    window.state.select_site(window.state.catalog.sites[0].id)  # the app goes on as before
    qtbot.waitUntil(lambda: page(window, "QuzhouMap.debug.status()", qtbot)["selected"] == window.state.selected_id,
                    timeout=5000)


def test_a_refusing_server_is_named_by_its_status_never_by_its_address(open_window: Any, qtbot: Any,
                                                                       tmp_path: Path, config_dir: Path) -> None:
    refusing = TileServer(refuse_with=403)
    try:
        save_key(config_dir, "tianditu", KEY)
        window = open_window()
        window.basemaps.cache_dir = tmp_path
        choose(window, BasemapChoice("tianditu"), refusing)
        qtbot.waitUntil(lambda: window.basemaps.handler.status == "unavailable", timeout=15_000)
        text = window.basemaps.status_label.text()
        assert "HTTP 403" in text and KEY not in text and "tianditu.gov.cn" not in text
        assert refusing.requests and all(f"tk={KEY}" in r["path"] for r in refusing.requests)
    finally:
        refusing.stop()


def make_mbtiles(path: Path, zooms: range = range(6, 11)) -> None:
    """A raster MBTiles file covering Quzhou (TMS rows, as the format stores them)."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    db.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
    db.executemany("INSERT INTO metadata VALUES (?, ?)", [
        ("name", "test area"), ("format", "png"), ("minzoom", str(zooms.start)), ("maxzoom", str(zooms.stop - 1)),
        ("attribution", "made by the test"), ("bounds", "118.0,28.2,119.4,29.5")])
    import math

    for z in zooms:
        def tile_x(lng: float, z: int = z) -> int:
            return int((lng + 180) / 360 * 2 ** z)

        def tile_y(lat: float, z: int = z) -> int:
            r = math.radians(lat)
            return int((1 - math.asinh(math.tan(r)) / math.pi) / 2 * 2 ** z)

        for x in range(tile_x(118.0), tile_x(119.4) + 1):
            for y in range(tile_y(29.5), tile_y(28.2) + 1):
                db.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)",
                           (z, x, (1 << z) - 1 - y, png(tile_colour(z, x, y), 64)))
    db.commit()
    db.close()


def test_a_tile_file_of_ones_own_is_drawn_offline(open_window: Any, qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "area.mbtiles"
    make_mbtiles(path)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    window = open_window()
    window.state.set_basemap(BasemapChoice("file", str(path)))
    status = wait_for_tiles(window, qtbot)
    assert status["attribution"] == "made by the test"
    assert window.basemaps.handler.counts["fetched"] == 0  # nothing from the network
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before  # the user's file is only read


def test_a_broken_tile_file_is_named_and_the_offline_base_stays(open_window: Any, qtbot: Any,
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "broken.mbtiles"
    path.write_bytes(b"not a database at all" * 100)
    window = open_window()
    messages: list[str] = []
    window.basemaps.message.connect(messages.append)
    window.state.set_basemap(BasemapChoice("file", str(path)))
    assert window.state.basemap.id == "offline"
    assert messages and str(path) in messages[0]


def test_a_custom_url_from_the_command_line_in_gcj02(open_window: Any, qtbot: Any, server: TileServer) -> None:
    url = f"http://{server.host}/custom/{{z}}/{{x}}/{{y}}.png"
    window = open_window(basemap=url, basemap_datum="gcj02")
    status = wait_for_tiles(window, qtbot)
    assert status["datum"] == "gcj02" and window.state.basemap == BasemapChoice("url", url, "gcj02")
    assert all(r["path"].startswith("/custom/") for r in server.requests)


def test_the_choice_is_remembered(open_window: Any, qtbot: Any, server: TileServer, config_dir: Path) -> None:
    window = open_window()
    choose(window, BasemapChoice("gaode-satellite"), server)
    window.close()
    again = open_window()
    assert again.state.basemap == BasemapChoice("gaode-satellite")
    assert again.basemaps.combo.currentData() == "gaode-satellite"


def test_menu_and_toolbar_offer_every_basemap(open_window: Any) -> None:
    window = open_window()
    ids = [window.basemaps.combo.itemData(i) for i in range(window.basemaps.combo.count())]
    assert ids[:7] == [d.id for d in catalogue()] and "file…" in ids and "url…" in ids
    titles = [a.text() for a in window.basemaps.menu.actions()]
    assert "OpenStreetMap" in titles
    window.basemaps.combo.activated.emit(ids.index("osm"))
    assert window.state.basemap.id == "osm"
    window.state.set_language("zh")
    assert "高德地图" in [a.text() for a in window.basemaps.menu.actions()]


def test_only_tiles_in_view_are_fetched(open_window: Any, qtbot: Any, server: TileServer) -> None:
    """No bulk downloading: a pan across the prefecture at zoom 13 asks for the tiles shown (and a small
    buffer around them), a fraction of the ~1,100 tiles that cover the prefecture at that zoom."""
    window = open_window()
    choose(window, BasemapChoice("osm"), server)
    wait_for_tiles(window, qtbot)
    for lng in (118.3, 118.6, 118.9, 119.2):
        window.state.set_view((28.9, lng, 13), origin="test")
        wait_for_tiles(window, qtbot)
    asked = {tile for tile in server.tiles_served() if tile[0] == 13}
    assert 4 <= len(asked) < 400


# --- vector tile files ------------------------------------------------------------------------------
#: Where the test's vector tiles have their water: a lake round Quzhou's city, and two roads across the area.
WATER_BOX = (118.70, 28.80, 119.05, 29.05)
ROADS = (((118.5, 28.65), (118.9, 28.95), (119.3, 29.25)), ((118.5, 29.15), (118.9, 28.95), (119.3, 28.7)))


def _mercator(lng: float, lat: float) -> tuple[float, float]:
    import math

    r = 6378137.0
    return r * math.radians(lng), r * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def vector_tiles(zooms: range = range(5, 11), gzipped: bool = True) -> Iterator[tuple[int, int, int, bytes]]:
    """MVT tiles (encoded with mapbox-vector-tile) of a "water" polygon layer and a "roads" line layer over
    Quzhou, as (z, x, y, data) with y counted from the north; data gzipped as MBTiles keeps it, or not."""
    import gzip
    import math
    import warnings

    import mapbox_vector_tile
    from shapely import box, clip_by_rect
    from shapely.geometry import LineString

    west, south = _mercator(WATER_BOX[0], WATER_BOX[1])
    east, north = _mercator(WATER_BOX[2], WATER_BOX[3])
    geometries = [("water", box(west, south, east, north), {"name": "衢江", "name:en": "Qu River"})]
    geometries += [("roads", LineString([_mercator(*p) for p in road]), {"name": name})
                   for road, name in zip(ROADS, ("沪昆高速", "衢州大道"), strict=True)]
    half = math.pi * 6378137.0
    for z in zooms:
        size = 2 * half / (1 << z)
        x0, x1 = (int((lng + 180) / 360 * (1 << z)) for lng in (118.3, 119.5))
        y0, y1 = (int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * (1 << z)) for lat in (29.5, 28.4))
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                bounds = (-half + x * size, half - (y + 1) * size, -half + (x + 1) * size, half - y * size)
                pad = size / 16  # a buffer round the tile, as tilers leave one
                layers: dict[str, list[dict[str, Any]]] = {}
                for layer, geometry, properties in geometries:
                    clipped = clip_by_rect(geometry, bounds[0] - pad, bounds[1] - pad, bounds[2] + pad, bounds[3] + pad)
                    if not clipped.is_empty:
                        layers.setdefault(layer, []).append({"geometry": clipped, "properties": properties})
                if layers:
                    with warnings.catch_warnings():  # its use of shapely.ops.transform, deprecated in shapely 2.2
                        warnings.simplefilter("ignore", DeprecationWarning)
                        data = mapbox_vector_tile.encode([{"name": k, "features": v} for k, v in layers.items()],
                                                         default_options={"quantize_bounds": bounds, "extents": 4096})
                    yield z, x, y, gzip.compress(data) if gzipped else data


VECTOR_LAYERS = [{"id": "water", "fields": {"name": "String"}}, {"id": "roads", "fields": {"name": "String"}}]


def make_vector_mbtiles(path: Path, gzipped: bool = True) -> None:
    """A vector MBTiles file (format pbf, its layers named in the metadata's json), tiles gzipped or not."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    db.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
    db.executemany("INSERT INTO metadata VALUES (?, ?)", [
        ("name", "test vectors"), ("format", "pbf"), ("minzoom", "5"), ("maxzoom", "10"),
        ("attribution", "vectors made by the test"), ("bounds", "118.3,28.4,119.5,29.5"),
        ("json", json.dumps({"vector_layers": VECTOR_LAYERS}))])
    db.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)",
                   [(z, x, (1 << z) - 1 - y, data) for z, x, y, data in vector_tiles(gzipped=gzipped)])
    db.commit()
    db.close()


def make_vector_pmtiles(path: Path) -> None:
    """A PMTiles v3 archive of the same tiles, stored uncompressed (pmtiles' own writer)."""
    from pmtiles.tile import Compression, TileType, zxy_to_tileid
    from pmtiles.writer import Writer

    tiles = sorted((zxy_to_tileid(z, x, y), data) for z, x, y, data in vector_tiles(gzipped=False))
    with path.open("wb") as stream:
        writer = Writer(stream)
        for tile_id, data in tiles:
            writer.write_tile(tile_id, data)
        writer.finalize({"tile_type": TileType.MVT, "tile_compression": Compression.NONE,
                         "min_lon_e7": 1183000000, "min_lat_e7": 284000000, "max_lon_e7": 1195000000,
                         "max_lat_e7": 295000000, "center_zoom": 9, "center_lon_e7": 1189000000,
                         "center_lat_e7": 289500000},
                        {"name": "test vectors", "attribution": "vectors made by the test",
                         "vector_layers": VECTOR_LAYERS})


def basemap_pixels(window: Any, qtbot: Any) -> dict[str, int]:
    """The vector renderer's own canvas tiles, read back: how many pixels are water-blue and road-orange."""
    return page(window, """(function () {
      var counts = {tiles: 0, water: 0, road: 0};
      document.querySelectorAll(".qz-basemap canvas.leaflet-tile-loaded").forEach(function (canvas) {
        counts.tiles++;
        var data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
        for (var i = 0; i < data.length; i += 4) {
          if (data[i + 3] === 255 && data[i + 2] > data[i] + 30) counts.water++;
          if (data[i + 3] === 255 && data[i] > data[i + 2] + 60) counts.road++;
        }
      });
      return JSON.stringify(counts);
    })()""", qtbot)


def blueness(window: Any, qtbot: Any, lat: float, lng: float) -> int:
    """Blue minus red on screen round a place (the most of a 9×9 patch): water shows through the overlays."""
    p = page(window, f"QuzhouMap.debug.containerPointOfWgs({lat}, {lng})", qtbot)
    image = window.map_view.grab().toImage()
    colours = [image.pixelColor(int(p["x"]) + dx, int(p["y"]) + dy) for dx in range(-4, 5) for dy in range(-4, 5)]
    return max(c.blue() - c.red() for c in colours)


@pytest.mark.parametrize("kind", ["mbtiles-gzip", "mbtiles-plain", "pmtiles"])
def test_a_vector_tile_file_is_drawn_from_the_file_only(open_window: Any, qtbot: Any, tmp_path: Path,
                                                        kind: str) -> None:
    path = tmp_path / ("area.pmtiles" if kind == "pmtiles" else "area.mbtiles")
    if kind == "pmtiles":
        make_vector_pmtiles(path)
    else:
        make_vector_mbtiles(path, gzipped=kind == "mbtiles-gzip")
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    window = open_window()
    lake = ((WATER_BOX[1] + 0.03), (WATER_BOX[2] - 0.03))  # a corner of the lake away from the sites and roads
    assert blueness(window, qtbot, *lake) < 8  # the offline base: no water there
    started = time.monotonic()
    window.state.set_basemap(BasemapChoice("file", str(path)))
    payload = window.map_view._basemap
    assert payload["kind"] == "vector" and payload["vectorLayers"] == ["water", "roads"]
    assert payload["datum"] == "wgs84" and payload["maxNativeZoom"] == 10
    qtbot.waitUntil(lambda: not page(window, "QuzhouMap.debug.basemap()", qtbot)["loading"], timeout=15_000)
    status = wait_for_tiles(window, qtbot)
    first_frame_s = time.monotonic() - started
    assert status["kind"] == "vector" and status["attribution"] == "vectors made by the test"
    pixels: dict[str, Any] = {}

    def drawn() -> bool:  # the renderer paints its canvases after the tiles arrive
        pixels.update(basemap_pixels(window, qtbot))
        return pixels["tiles"] >= 4 and pixels["water"] > 2000 and pixels["road"] > 100

    qtbot.waitUntil(drawn, timeout=10_000)
    qtbot.waitUntil(lambda: blueness(window, qtbot, *lake) > 12, timeout=10_000)  # on screen, under the overlays
    assert window.basemaps.handler.counts["served"] > 0 and window.basemaps.handler.counts["fetched"] == 0
    assert window.basemaps.handler.cache is None  # nothing went to the tile cache either
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before  # the user's file is only read
    assert "WGS-84" in window.basemaps.status_label.text()
    assert first_frame_s < 10


def test_a_vector_tile_file_names_features_in_the_apps_language(open_window: Any, qtbot: Any,
                                                                tmp_path: Path) -> None:
    path = tmp_path / "area.mbtiles"
    make_vector_mbtiles(path)
    window = open_window(lang="zh")
    window.state.set_basemap(BasemapChoice("file", str(path)))
    wait_for_tiles(window, qtbot)
    names = "JSON.stringify(QuzhouVectorBasemap.names())"  # the name properties looked for, in order
    assert page(window, names, qtbot)[0] == "name:zh"
    window.state.set_language("en")
    qtbot.waitUntil(lambda: page(window, names, qtbot)[0] == "name:en", timeout=5000)
    assert page(window, "QuzhouMap.debug.basemap()", qtbot)["tilesShown"] >= 4  # drawn again, not dropped
    assert basemap_pixels(window, qtbot)["water"] > 2000


def test_a_vector_tile_file_without_layer_names_is_refused_with_a_reason(open_window: Any, qtbot: Any,
                                                                        tmp_path: Path) -> None:
    path = tmp_path / "nameless.mbtiles"
    make_vector_mbtiles(path)
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM metadata WHERE name = 'json'")
    db.close()
    window = open_window()
    messages: list[str] = []
    window.basemaps.message.connect(messages.append)
    window.state.set_basemap(BasemapChoice("file", str(path)))
    assert window.state.basemap.id == "offline"
    assert messages and str(path) in messages[0] and "vector_layers" in messages[0]
