"""Open a user's own data file (GeoJSON, GeoPackage, Shapefile, KML, GPX, FlatGeobuf, GeoParquet, CSV, XLSX) for the
map: Qt-free, imported only when the user opens a file, so its geo imports never slow the app's start."""

from __future__ import annotations

from quzhou_map.core.user_data.errors import Cancelled, UserDataError
from quzhou_map.core.user_data.export import export_layer
from quzhou_map.core.user_data.model import Inspection, LoadedData, OpenRequest
from quzhou_map.core.user_data.reading import inspect, read_layer
from quzhou_map.core.user_data.sources import supported_suffixes

__all__ = ["Cancelled", "Inspection", "LoadedData", "OpenRequest", "UserDataError", "export_layer", "inspect",
           "read_layer", "supported_suffixes"]
