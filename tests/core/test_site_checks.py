"""The coarse position check agrees with the county layer: all of Quzhou is inside, its neighbours not."""

from __future__ import annotations

import json

from shapely.geometry import shape

from quzhou_map.core.paths import geodata_dir
from quzhou_map.core.site_checks import check_coordinates


def test_every_county_vertex_passes_the_coarse_check() -> None:
    counties = json.loads((geodata_dir() / "counties.geojson").read_text(encoding="utf-8"))
    west, south, east, north = shape(counties["features"][0]["geometry"]).bounds
    for feature in counties["features"]:
        w, s, e, n = shape(feature["geometry"]).bounds
        west, south, east, north = min(west, w), min(south, s), max(east, e), max(north, n)
    for lon, lat in ((west, south), (east, north), (east, south), (west, north)):
        assert list(check_coordinates(lon, lat)) == []


def test_places_beyond_quzhou_fail_it() -> None:
    for lon, lat in ((120.15, 30.27), (118.0, 27.0), (116.4, 39.9)):  # Hangzhou, Fujian, Beijing
        (reason,) = check_coordinates(lon, lat)
        assert "outside Quzhou" in reason


def test_english_county_names_match_the_county_layer() -> None:
    from quzhou_map.core.themes import COUNTY_NAMES_EN

    counties = json.loads((geodata_dir() / "counties.geojson").read_text(encoding="utf-8"))
    assert {f["properties"]["name_zh"]: f["properties"]["name_en"] for f in counties["features"]} == COUNTY_NAMES_EN
