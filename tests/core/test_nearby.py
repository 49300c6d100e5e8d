"""Nearby features of the selection, over the article's sites and users' layers, nearest first."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from quzhou_map.core.layers import LayerStyle
from quzhou_map.core.nearby import nearby, selection_point
from quzhou_map.core.state import AppState, Selection
from quzhou_map.core.user_data import OpenRequest
from quzhou_map.core.user_layers import read_user_layer


def _add(state: AppState, tmp_path: Path, name: str, frame: gpd.GeoDataFrame, layer_id: str) -> None:
    path = tmp_path / f"{name}.gpkg"
    frame.to_file(path, driver="GPKG")
    layer, data = read_user_layer(OpenRequest(path), layer_id, LayerStyle("#ef6c00"))
    state.add_layer(layer, data)


def test_nearby_sites_and_user_features_by_distance(shipped_catalog, tmp_path: Path) -> None:
    state = AppState(shipped_catalog, language="en")
    yudong = shipped_catalog.get("village-yudong").position
    # wells 1 km and 3 km north of 余东 (0.009° of latitude ≈ 1 km), and one far away
    wells = gpd.GeoDataFrame({"name": ["near well", "farther well", "far well"]},
                             geometry=shapely.points([yudong.lon] * 3,
                                                     [yudong.lat + 0.009, yudong.lat + 0.027, yudong.lat + 0.5]),
                             crs=4326)
    _add(state, tmp_path, "wells", wells, "layer-1")
    # a square whose nearest edge is about 2 km east of 余东
    box = shapely.box(yudong.lon + 0.0206, yudong.lat - 0.01, yudong.lon + 0.05, yudong.lat + 0.01)
    _add(state, tmp_path, "fields", gpd.GeoDataFrame({"crop": ["tea"]}, geometry=[box], crs=4326), "layer-2")
    state.select_site("village-yudong")
    assert selection_point(state) == (yudong.lat, yudong.lon)
    found = nearby(state, 3_500)
    names = [f.name for f in found]
    assert "China Rural Art Museum" in names  # a site of the article, beside 余东
    mine = [f for f in found if f.selection.layer.startswith("layer-")]
    assert [f.name for f in mine] == ["near well", "tea", "farther well"] and "far well" not in names
    assert mine[0].distance_m == pytest.approx(997, rel=0.01)
    assert mine[1].distance_m == pytest.approx(2000, rel=0.02)
    assert all(a.distance_m <= b.distance_m for a, b in zip(found, found[1:], strict=False))
    assert Selection("future_village", "village-yudong") not in [f.selection for f in found]  # not itself
    state.set_layer_visible("layer-1", False)
    assert "near well" not in [f.name for f in nearby(state, 3_500)]  # hidden layers are not searched
    state.select(Selection("layer-2", 0))  # from a polygon: a point on it
    assert nearby(state, 100_000)
    state.select(None)
    assert nearby(state, 10_000) == []
