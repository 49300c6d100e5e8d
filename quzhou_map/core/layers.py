"""What is on the map: an ordered list of layers, the article's themes and the user's files alike.

A layer is an immutable record: the state replaces it on every change and says so, so the layers
panel, the map page and the settings never hold a copy that has drifted. The features themselves
(a GeoDataFrame for a user's file, the catalog's sites for a theme) live beside the records in the
state, not in them: records are cheap to compare, save and send; features can be a million rows.
"""

from __future__ import annotations

import math
import re
from typing import Any, NamedTuple

from quzhou_map.core.themes import THEMES, THEMES_BY_ID, Theme

#: Where a layer comes from. "dataset": the article's shipped sites; "file": a file the user opened;
#: "postgis": a table of a PostGIS database (``path`` is its postgresql:// URL, never with a password).
SOURCE_KINDS = ("dataset", "file", "postgis")
GEOMETRY_TYPES = ("Point", "LineString", "Polygon")
#: Colours given to new user layers in turn: distinct from the four theme colours and each other.
USER_COLORS = ("#ef6c00", "#00838f", "#ad1457", "#558b2f", "#4527a0", "#6d4c41", "#00695c", "#f9a825")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


class LayerStyle(NamedTuple):
    """How a layer is drawn. ``size``: point diameter or line width in pixels."""

    color: str
    size: float = 6.0
    opacity: float = 0.85

    def checked(self) -> LayerStyle:
        """The same style with every value in its allowed range (a bad colour falls back to grey)."""
        color = self.color if isinstance(self.color, str) and _COLOR.match(self.color) else "#757575"
        size = float(self.size) if math.isfinite(float(self.size)) else 6.0  # NaN passes through min/max
        opacity = float(self.opacity) if math.isfinite(float(self.opacity)) else 0.85
        return LayerStyle(color.lower(), min(max(size, 1.0), 40.0), min(max(opacity, 0.05), 1.0))


#: A new layer's line width or point size by geometry: a 6 px outline would bury a polygon layer.
DEFAULT_SIZES = {"Point": 6.0, "LineString": 2.0, "Polygon": 1.5}
POLYGON_FILL_OPACITY = 0.2


class LayerSource(NamedTuple):
    """Enough to open the layer again on the next start, with the answers the user gave."""

    kind: str  # one of SOURCE_KINDS
    path: str | None = None
    layer: str | None = None  # the layer of a multi-layer file (GeoPackage, GPX)
    format: str | None = None
    x_column: str | None = None  # CSV / XLSX
    y_column: str | None = None
    assumed_crs: str | None = None  # what the user said a file without a CRS is in
    encoding: str | None = None  # what the user said a Shapefile without .cpg is in

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self._asdict().items() if v is not None}


class Layer(NamedTuple):
    """One layer of the map. ``theme`` is set for the article's layers (their sites have facts)."""

    id: str
    title: str
    source: LayerSource
    geometry_type: str
    style: LayerStyle
    visible: bool = True
    feature_count: int = 0
    columns: tuple[str, ...] = ()
    theme: str | None = None
    status: str = "ok"  # "ok": drawn from its data; "loading": being read; "unavailable": file gone or unreadable
    message: str | None = None  # why unavailable, or what was left out while reading
    extent: tuple[float, float, float, float] | None = None  # west, south, east, north (WGS-84)
    crs_read: str | None = None
    crs_assumed: str | None = None

    @property
    def is_theme(self) -> bool:
        return self.theme is not None

    def display_title(self, language: str) -> str:
        """A theme's name follows the interface language; a user layer keeps its own title."""
        theme = THEMES_BY_ID.get(self.theme or "")
        return theme.name(language) if theme else self.title

    def page_style(self) -> dict[str, Any]:
        """The style as the page draws it: polygons are filled, lightly, in their outline colour."""
        style = self.style._asdict()
        polygon = self.geometry_type == "Polygon"
        return {**style, "fill": style["color"] if polygon else None, "fillOpacity": POLYGON_FILL_OPACITY}


def theme_layer(theme: Theme, feature_count: int, extent: tuple[float, float, float, float] | None) -> Layer:
    """The layer of one of the article's themes: drawn with the theme's symbols, not removable."""
    return Layer(id=theme.id, title=theme.name_zh, source=LayerSource("dataset"), geometry_type="Point",
                 style=LayerStyle(theme.color, 18.0, 1.0), feature_count=feature_count,
                 columns=("id", "name_zh", "name_en", "name_pinyin", "county", "township"), theme=theme.id,
                 extent=extent, crs_read="EPSG:4326")


def theme_layers(sites: Any) -> tuple[Layer, ...]:
    """One layer per theme, in the themes' order, with counts and extents from the catalog's sites."""
    layers = []
    for theme in THEMES:
        members = [s for s in sites if s.theme == theme.id]
        extent = None
        if members:
            lons = [s.position.lon for s in members]
            lats = [s.position.lat for s in members]
            extent = (min(lons), min(lats), max(lons), max(lats))
        layers.append(theme_layer(theme, len(members), extent))
    return tuple(layers)


def new_layer_id(existing: set[str] | frozenset[str]) -> str:
    """``layer-N`` for the smallest N not taken (never a theme id)."""
    number = 1
    while f"layer-{number}" in existing:
        number += 1
    return f"layer-{number}"


def next_user_color(layers: tuple[Layer, ...]) -> str:
    """The first of USER_COLORS no user layer has yet (cycling when all are used)."""
    used = {layer.style.color for layer in layers if not layer.is_theme}
    free = [c for c in USER_COLORS if c not in used]
    return free[0] if free else USER_COLORS[sum(1 for layer in layers if not layer.is_theme) % len(USER_COLORS)]
