"""A user's file (or PostGIS table) made into a layer: read (core/user_data), encoded for the page (core/layer_payload).

Runs off the UI thread: everything slow (reading, reprojecting, encoding) happens here, so the
window only has to insert the finished record and send the page a file name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from quzhou_map.core.layers import DEFAULT_SIZES, Layer, LayerSource, LayerStyle
from quzhou_map.core.memory import cyclic_gc_paused


#: Rows handled at a time by work done off the UI thread that holds the GIL (see GeometryColumn.of).
CHUNK = 50_000


def release_in_chunks(shapes: np.ndarray) -> None:
    """Drop a big object array's geometries a chunk at a time, so the GIL is free between chunks
    (freeing a million shapely points at once held it for ~0.15 s)."""
    for start in range(0, len(shapes), CHUNK):
        shapes[start:start + CHUNK] = None


class GeometryColumn:
    """A layer's geometries, WGS-84, by row. Plain points are kept as one float array of lon/lat,
    not as shapely objects: at a million points that is 16 MB instead of about 230 MB, and points
    are the layers that get that big. Other geometries stay shapely objects."""

    def __init__(self, shapes: np.ndarray | None = None, xy: np.ndarray | None = None) -> None:
        self._shapes, self._xy = shapes, xy

    @classmethod
    def of(cls, geometries: Any) -> GeometryColumn:
        """Plain points become coordinates, in chunks: one call over a million points holds the GIL for
        ~0.1 s, a pause the window (on the other thread) would show."""
        import shapely

        shapes = np.asarray(geometries, dtype=object)
        chunks = [shapes[i:i + CHUNK] for i in range(0, len(shapes), CHUNK)]
        if chunks and all(bool((shapely.get_type_id(c) == 0).all()) and not shapely.is_empty(c).any()
                          for c in chunks):
            return cls(xy=np.concatenate([shapely.get_coordinates(c) for c in chunks]))
        return cls(shapes=shapes)

    @property
    def is_points(self) -> bool:
        return self._xy is not None

    @property
    def xy(self) -> np.ndarray | None:
        """Plain points' lon/lat, one row per feature (None for other geometries): no objects made."""
        return self._xy

    def __len__(self) -> int:
        return len(self._xy) if self._xy is not None else len(self._shapes)

    def take(self, rows: Any) -> np.ndarray:
        """Shapely geometries of ``rows`` (an index array or a slice)."""
        import shapely

        return shapely.points(self._xy[rows]) if self._xy is not None else self._shapes[rows]

    def shape(self, row: int) -> Any:
        """One row's geometry (None when it has none)."""
        return self.take(slice(row, row + 1))[0]

    def bounds(self, rows: Any) -> tuple[float, float, float, float] | None:
        """West, south, east, north of ``rows`` together; None when they have no coordinates."""
        import shapely

        rows = np.asarray(rows, dtype=np.int64)
        if rows.size == 0:
            return None
        if self._xy is not None:
            xy = self._xy[rows]
            return (float(xy[:, 0].min()), float(xy[:, 1].min()), float(xy[:, 0].max()), float(xy[:, 1].max()))
        shapes = self._shapes[rows]
        shapes = shapes[~(shapely.is_missing(shapes) | shapely.is_empty(shapes))]
        return tuple(float(v) for v in shapely.total_bounds(shapes)) if len(shapes) else None


class LayerData(NamedTuple):
    """A user layer's attributes (a DataFrame, rows 0..n-1), geometries and drawing for the page."""

    frame: Any  # pandas DataFrame of the attributes, no geometry column
    geometry: GeometryColumn
    payload: Any  # layer_payload.LayerPayload

    def geo_frame(self, rows: Any = slice(None)) -> Any:
        """The rows as a GeoDataFrame in WGS-84 (to export them): made when asked, not kept."""
        from geopandas import GeoDataFrame

        attributes = self.frame.iloc[rows]
        return GeoDataFrame(attributes, geometry=self.geometry.take(rows), crs="EPSG:4326")


def _is_database(request: Any) -> bool:
    from quzhou_map.core.user_data.postgis import PostgisRequest

    return isinstance(request, PostgisRequest)


def source_of(request: Any, format_name: str | None) -> LayerSource:
    """The request as it is saved, so the next start opens the file the same way without asking."""
    if _is_database(request):  # its URL says it all, and never holds the password
        return LayerSource("postgis", request.path, f"{request.schema}.{request.table}", format_name)
    return LayerSource("file", str(Path(request.path).resolve()), request.layer, format_name, request.x_column,
                       request.y_column, request.assumed_crs, request.encoding)


def request_of(source: LayerSource) -> Any:
    """The saved source as a request to read it again."""
    from quzhou_map.core.user_data import OpenRequest

    if source.kind == "postgis":
        from quzhou_map.core.user_data.postgis import parse_url

        return parse_url(source.path or "")

    return OpenRequest(Path(source.path or ""), source.layer, source.x_column, source.y_column, source.assumed_crs,
                       source.encoding)


def default_title(request: Any) -> str:
    if _is_database(request):
        return request.name
    path = Path(request.path)
    title = path.stem if path.suffix else path.name
    return f"{title} · {request.layer}" if request.layer and request.layer != title else title


def read_user_layer(request: Any, layer_id: str, style: LayerStyle, title: str | None = None,
                    progress: Callable[[float], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> tuple[Layer, LayerData]:
    """Read ``request`` into a layer record and its data; UserDataError or Cancelled otherwise."""
    with cyclic_gc_paused():
        return _read_user_layer(request, layer_id, style, title, progress, cancelled)


def _read_user_layer(request: Any, layer_id: str, style: LayerStyle, title: str | None,
                     progress: Callable[[float], None] | None,
                     cancelled: Callable[[], bool] | None) -> tuple[Layer, LayerData]:
    from quzhou_map.core.layer_payload import encode_geometries
    if _is_database(request):
        from quzhou_map.core.user_data.postgis import read_table as read_layer
    else:
        from quzhou_map.core.user_data import read_layer

    loaded = read_layer(request, progress, cancelled)
    payload = encode_geometries(loaded.gdf.geometry)
    shapes = np.asarray(loaded.gdf.geometry.values, dtype=object)
    geometry = GeometryColumn.of(shapes)
    frame = loaded.gdf.drop(columns=loaded.gdf.geometry.name)  # a plain DataFrame: the geometry is kept apart
    if geometry.is_points:
        loaded = loaded._replace(gdf=None)
        release_in_chunks(shapes)
    if style.size == LayerStyle._field_defaults["size"]:  # not chosen by the user: suit it to the geometry
        style = style._replace(size=DEFAULT_SIZES.get(loaded.geometry_type, style.size))
    columns = tuple(str(c) for c in frame.columns)
    layer = Layer(
        id=layer_id, title=title or default_title(request), source=source_of(request, loaded.format),
        geometry_type=loaded.geometry_type, style=style, feature_count=len(frame), columns=columns,
        message="; ".join(loaded.warnings) or None, extent=tuple(float(v) for v in loaded.extent),
        crs_read=loaded.crs_read, crs_assumed=loaded.crs_assumed,
    )
    return layer, LayerData(frame, geometry, payload)
