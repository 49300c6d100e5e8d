"""Open a user's own data file (GeoJSON, GeoPackage, Shapefile, KML, GPX, FlatGeobuf, GeoParquet, CSV, XLSX) for the
map: Qt-free. The names below are loaded when first used (PEP 562), so importing the package, or its small
``errors`` and ``model`` modules, costs nothing: pyogrio, geopandas and numpy come only with the readers."""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "Cancelled": "errors", "UserDataError": "errors", "export_layer": "export", "Inspection": "model",
    "LoadedData": "model", "OpenRequest": "model", "inspect": "reading", "read_layer": "reading",
    "supported_suffixes": "sources",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
