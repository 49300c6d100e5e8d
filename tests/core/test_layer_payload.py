"""layer_payload: the binary layout round-trips (decoded here with numpy), precisely and quickly."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely

from quzhou_map.core.layer_payload import LayerPayload, encode_geometries, write_payload

METRES_PER_DEGREE = 111_320.0


def sections(payload: LayerPayload) -> dict[str, np.ndarray]:
    """Every typed array of the payload, as the page reads it (little-endian, 4-byte elements)."""
    out = {}
    for name, section in payload.meta["sections"].items():
        dtype = {"float32": "<f4", "uint32": "<u4"}[section["type"]]
        assert section["offset"] % 4 == 0
        out[name] = np.frombuffer(payload.data, dtype=dtype, count=section["length"], offset=section["offset"])
    assert payload.meta["bytes"] == len(payload.data)
    return out


def coords_of(payload: LayerPayload) -> np.ndarray:
    """Absolute longitude/latitude, as float64: origin + float32 offsets."""
    return sections(payload)["coords"].reshape(-1, 2).astype(np.float64) + np.asarray(payload.meta["origin"])


def decode_paths(payload: LayerPayload) -> list[list[list[np.ndarray]]]:
    """feature → parts → rings → (n, 2) coordinates."""
    s, xy = sections(payload), coords_of(payload)
    features = []
    for f in range(payload.count):
        parts = []
        for p in range(s["feature_offsets"][f], s["feature_offsets"][f + 1]):
            assert s["part_feature"][p] == f
            rings = [xy[s["ring_offsets"][r]:s["ring_offsets"][r + 1]]
                     for r in range(s["part_offsets"][p], s["part_offsets"][p + 1])]
            parts.append(rings)
        features.append(parts)
    return features


def random_points(n: int, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return shapely.points(rng.uniform(118.02, 119.34, n), rng.uniform(28.24, 29.50, n))


def test_points_round_trip_within_a_centimetre() -> None:
    points = random_points(10_000)
    payload = encode_geometries(points)
    assert (payload.kind, payload.count) == ("point", 10_000)
    assert set(payload.meta["sections"]) == {"coords"}  # one point per feature: no index needed
    expected = shapely.get_coordinates(points)
    error_m = np.abs(coords_of(payload) - expected).max() * METRES_PER_DEGREE
    assert error_m < 0.01
    (south, west), (north, east) = payload.meta["bounds"]
    assert (west, south, east, north) == tuple(shapely.total_bounds(points))
    assert payload.meta["origin"] == [(west + east) / 2, (south + north) / 2]


def test_multipoints_and_missing_geometries_keep_their_feature_index() -> None:
    geometries = [shapely.Point(118.5, 28.9), None, shapely.MultiPoint([(118.6, 29.0), (118.7, 29.1)]),
                  shapely.Point(), shapely.Point(119.0, 28.5)]
    payload = encode_geometries(geometries)
    s = sections(payload)
    assert payload.count == 5
    assert s["point_feature"].tolist() == [0, 2, 2, 4]
    assert np.allclose(coords_of(payload), [[118.5, 28.9], [118.6, 29.0], [118.7, 29.1], [119.0, 28.5]], atol=1e-7)


def test_multilines_round_trip() -> None:
    lines = [
        shapely.LineString([(118.1, 28.3), (118.2, 28.4), (118.3, 28.3)]),
        None,
        shapely.MultiLineString([[(118.5, 29.0), (118.6, 29.1)], [(119.0, 29.2), (119.1, 29.3), (119.2, 29.2)]]),
    ]
    payload = encode_geometries(lines)
    assert payload.kind == "line"
    features = decode_paths(payload)
    assert [len(parts) for parts in features] == [1, 0, 2]
    assert all(len(rings) == 1 for parts in features for rings in parts)
    assert np.allclose(features[0][0][0], shapely.get_coordinates(lines[0]), atol=1e-7)
    assert np.allclose(features[2][1][0], [(119.0, 29.2), (119.1, 29.3), (119.2, 29.2)], atol=1e-7)


def signed_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]) / 2)


def test_polygons_with_holes_round_trip_oriented() -> None:
    shell = [(118.4, 28.6), (118.4, 29.0), (118.8, 29.0), (118.8, 28.6), (118.4, 28.6)]  # clockwise on purpose
    hole = [(118.5, 28.7), (118.7, 28.7), (118.7, 28.9), (118.5, 28.9), (118.5, 28.7)]  # counter-clockwise
    multi = shapely.MultiPolygon([shapely.Polygon(shell, [hole]), shapely.box(119.0, 29.1, 119.1, 29.2)])
    geometries = np.array([shapely.box(118.1, 28.3, 118.2, 28.4), multi, None], dtype=object)
    payload = encode_geometries(geometries)
    assert (payload.kind, payload.count) == ("polygon", 3)
    features = decode_paths(payload)
    assert [len(parts) for parts in features] == [1, 2, 0]
    assert [len(rings) for rings in features[1]] == [2, 1]
    outer, inner = features[1][0]
    assert signed_area(outer) > 0 and signed_area(inner) < 0  # shells CCW, holes CW
    rebuilt = shapely.MultiPolygon([shapely.Polygon(rings[0], rings[1:]) for rings in features[1]])
    assert rebuilt.normalize().equals_exact(multi.normalize(), 1e-7)
    square = shapely.box(118.1, 28.3, 118.2, 28.4).normalize()
    assert shapely.Polygon(features[0][0][0]).normalize().equals_exact(square, 1e-7)


def test_empty_input() -> None:
    payload = encode_geometries(np.array([], dtype=object))
    assert (payload.kind, payload.count, payload.data, payload.meta["bounds"]) == ("point", 0, b"", None)
    assert sections(payload)["coords"].size == 0
    polygons = encode_geometries([], kind="polygon")
    assert polygons.kind == "polygon" and polygons.meta["bounds"] is None
    assert sections(polygons)["feature_offsets"].tolist() == [0]
    only_missing = encode_geometries([None, None], kind="line")
    assert only_missing.count == 2 and sections(only_missing)["feature_offsets"].tolist() == [0, 0, 0]


def test_geoseries_and_its_crs() -> None:
    geopandas = pytest.importorskip("geopandas")
    series = geopandas.GeoSeries(list(random_points(5)), crs="EPSG:4326")
    assert encode_geometries(series).count == 5
    with pytest.raises(ValueError, match="EPSG:4326"):
        encode_geometries(series.to_crs("EPSG:3857"))


@pytest.mark.parametrize("bad", [
    [shapely.Point(0, 0), shapely.LineString([(0, 0), (1, 1)])],
    [shapely.GeometryCollection([shapely.Point(0, 0)])],
])
def test_mixed_or_undrawable_kinds_are_refused(bad: list[Any]) -> None:
    with pytest.raises(ValueError):
        encode_geometries(bad)


def test_write_payload(tmp_path: Path) -> None:
    payload = encode_geometries(random_points(100))
    path = write_payload(payload, tmp_path / "session", "layer-1")
    assert path == tmp_path / "session" / "layer-1.bin"
    assert path.read_bytes() == payload.data
    assert [p.name for p in path.parent.iterdir()] == ["layer-1.bin"]
    with pytest.raises(ValueError):
        write_payload(payload, tmp_path, "../escape")


def test_a_million_points_encode_in_tens_of_milliseconds() -> None:
    points = random_points(1_000_000)
    encode_geometries(points[:1000])
    best = min(_timed(lambda: encode_geometries(points)) for _ in range(3))
    assert best < 0.25, f"{best * 1000:.0f} ms"  # ~40 ms on the 2-core development machine; loose for CI


def _timed(action: Any) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start
