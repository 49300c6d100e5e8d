"""A user's file made into a layer: read (core/user_data), encoded for the page (core/layer_payload).

Runs off the UI thread: everything slow (reading, reprojecting, encoding) happens here, so the
window only has to insert the finished record and send the page a file name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from quzhou_map.core.layers import Layer, LayerSource, LayerStyle


class LayerData(NamedTuple):
    """A user layer's features (GeoDataFrame, WGS-84, rows 0..n-1) and their drawing for the page."""

    frame: Any
    payload: Any  # layer_payload.LayerPayload


def source_of(request: Any, format_name: str | None) -> LayerSource:
    """The request as it is saved, so the next start opens the file the same way without asking."""
    return LayerSource("file", str(Path(request.path).resolve()), request.layer, format_name, request.x_column,
                       request.y_column, request.assumed_crs, request.encoding)


def request_of(source: LayerSource) -> Any:
    """The saved source as a request to read it again."""
    from quzhou_map.core.user_data import OpenRequest

    return OpenRequest(Path(source.path or ""), source.layer, source.x_column, source.y_column, source.assumed_crs,
                       source.encoding)


def default_title(request: Any) -> str:
    path = Path(request.path)
    title = path.stem if path.suffix else path.name
    return f"{title} · {request.layer}" if request.layer and request.layer != title else title


def read_user_layer(request: Any, layer_id: str, style: LayerStyle, title: str | None = None,
                    progress: Callable[[float], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> tuple[Layer, LayerData]:
    """Read ``request`` into a layer record and its data; UserDataError or Cancelled otherwise."""
    from quzhou_map.core.layer_payload import encode_geometries
    from quzhou_map.core.user_data import read_layer

    loaded = read_layer(request, progress, cancelled)
    frame = loaded.gdf
    payload = encode_geometries(frame.geometry)
    columns = tuple(str(c) for c in frame.columns if c != frame.geometry.name)
    layer = Layer(
        id=layer_id, title=title or default_title(request), source=source_of(request, loaded.format),
        geometry_type=loaded.geometry_type, style=style, feature_count=len(frame), columns=columns,
        message="; ".join(loaded.warnings) or None, extent=tuple(float(v) for v in loaded.extent),
        crs_read=loaded.crs_read, crs_assumed=loaded.crs_assumed,
    )
    return layer, LayerData(frame, payload)
