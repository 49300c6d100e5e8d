"""The layer list as saved between starts: sources, styles, order and visibility, never the features.

On the next start the article's layers take their saved visibility, style and place at once; each
user layer is put back in its place as "loading" (its file, or PostGIS table, is read off the UI thread afterwards) or,
when its file has gone, as "unavailable" with the reason, so nothing vanishes from the list silently.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from quzhou_map.core.layers import GEOMETRY_TYPES, Layer, LayerSource, LayerStyle
from quzhou_map.core.state import AppState

_SOURCE_FIELDS = set(LayerSource._fields)
_USER_KINDS = ("file", "postgis")
_LAYER_ID = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$")


def saved_layer(layer: Layer) -> dict[str, Any]:
    """What is kept of one layer."""
    entry: dict[str, Any] = {"id": layer.id, "visible": layer.visible, "style": layer.style._asdict()}
    if not layer.is_theme:
        entry.update(title=layer.title, geometry_type=layer.geometry_type, source=layer.source.to_dict())
    return entry


def check_saved_layer(entry: Any) -> dict[str, Any]:
    """``entry`` if it has the shape ``saved_layer`` writes; TypeError or ValueError naming what is wrong."""
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"]:
        raise TypeError("each of 'layers' must be an object with an 'id'")
    if not _LAYER_ID.match(entry["id"]):  # ids name the layer's payload file: never a path
        raise ValueError(f"layer id {entry['id'][:40]!r} may hold only letters, digits, '-', '_' and '.'")
    if not isinstance(entry.get("visible", True), bool):
        raise TypeError(f"layer {entry['id']!r}: 'visible' must be true or false")
    style = entry.get("style")
    if style is not None:
        if not isinstance(style, dict) or set(style) - set(LayerStyle._fields) or "color" not in style:
            raise TypeError(f"layer {entry['id']!r}: 'style' must hold color, size and opacity")
        if not isinstance(style["color"], str) or not all(
                isinstance(style.get(k, 1), int | float) and not isinstance(style.get(k, 1), bool)
                for k in ("size", "opacity")):
            raise TypeError(f"layer {entry['id']!r}: bad 'style' values")
    source = entry.get("source")
    if source is not None:
        if not isinstance(source, dict) or set(source) - _SOURCE_FIELDS or source.get("kind") not in _USER_KINDS \
                or not isinstance(source.get("path"), str) \
                or not all(isinstance(v, str) for v in source.values()):
            raise TypeError(f"layer {entry['id']!r}: 'source' must name a file or a PostGIS table")
        if source["kind"] == "postgis":
            from quzhou_map.core.user_data.postgis import parse_url

            parse_url(source["path"])  # ValueError naming what is wrong
        if not isinstance(entry.get("title"), str) or entry.get("geometry_type") not in GEOMETRY_TYPES:
            raise TypeError(f"layer {entry['id']!r}: a file's layer needs a title and a geometry type")
    return entry


def restore_layers(state: AppState, saved: list[dict[str, Any]]) -> list[Layer]:
    """Apply ``saved`` to the state; the user layers to read now (their files exist) are returned."""
    to_read: list[Layer] = []
    for index, entry in enumerate(saved):
        style = LayerStyle(**entry["style"]) if entry.get("style") else None
        theme = state.layer(entry["id"])
        if theme is not None and theme.is_theme:
            state.update_layer(theme.id, visible=entry.get("visible", True), **({"style": style} if style else {}))
            continue
        if "source" not in entry or theme is not None:
            continue  # an unknown theme from another version, or a repeated id
        source = LayerSource(**entry["source"])
        path = Path(source.path)
        layer = Layer(id=entry["id"], title=entry["title"], source=source, geometry_type=entry["geometry_type"],
                      style=style or LayerStyle("#757575"), visible=entry.get("visible", True), status="loading")
        if source.kind == "file" and not (path.is_file() or path.is_dir()):
            layer = layer._replace(status="unavailable", message=f"{path}: the file is no longer there")
        else:
            to_read.append(layer)
        state.add_layer(layer, index=index)
    state.set_layer_order(entry["id"] for entry in saved)
    return to_read
