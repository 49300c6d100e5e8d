"""A user's file made into a layer record and its data: attributes apart, geometry compact for points."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from quzhou_map.core.layers import LayerStyle
from quzhou_map.core.user_data import OpenRequest
from quzhou_map.core.user_layers import GeometryColumn, read_user_layer, request_of


def _points(path: Path) -> Path:
    frame = gpd.GeoDataFrame({"name": ["衢州", "柯城", "江山"], "n": [1, 2, 3]},
                             geometry=shapely.points([118.87, 118.85, 118.62], [28.94, 28.96, 28.74]), crs=4326)
    frame.to_file(path, driver="GPKG", layer="towns")
    return path


def test_a_point_file_becomes_a_layer_with_its_answers_saved(tmp_path: Path) -> None:
    path = _points(tmp_path / "towns.gpkg")
    layer, data = read_user_layer(OpenRequest(path), "layer-1", LayerStyle("#ef6c00"))
    assert (layer.id, layer.title, layer.geometry_type, layer.feature_count) == ("layer-1", "towns", "Point", 3)
    assert layer.columns == ("name", "n") and layer.source.format == "GeoPackage"
    assert layer.extent == (118.62, 28.74, 118.87, 28.96)
    assert request_of(layer.source).path == path.resolve()  # the next start opens the same file
    assert list(data.frame.columns) == ["name", "n"]  # attributes only: the geometry is kept apart
    assert data.geometry.bounds(np.array([0, 2])) == (118.62, 28.74, 118.87, 28.94)
    assert data.geometry.shape(1).equals(shapely.Point(118.85, 28.96))
    back = data.geo_frame(np.array([2, 0]))
    assert list(back["name"]) == ["江山", "衢州"] and back.crs.to_epsg() == 4326
    assert data.payload.kind == "point" and data.payload.count == 3


def test_plain_points_are_kept_as_coordinates_other_shapes_as_they_are() -> None:
    points = GeometryColumn.of(shapely.points(np.arange(5.0), np.arange(5.0)))
    assert len(points) == 5 and points.take(np.array([4]))[0].equals(shapely.Point(4, 4))
    assert points.bounds(np.array([], dtype=np.int64)) is None
    mixed = GeometryColumn.of(np.array([shapely.box(0, 0, 1, 1), None, shapely.box(2, 2, 3, 4)], dtype=object))
    assert mixed.shape(1) is None
    assert mixed.bounds(np.array([0, 1, 2])) == (0.0, 0.0, 3.0, 4.0)
    multi = GeometryColumn.of(np.array([shapely.MultiPoint([(0, 0), (1, 1)]), shapely.Point(5, 5)], dtype=object))
    assert multi.shape(0).geom_type == "MultiPoint"  # not flattened into plain points
