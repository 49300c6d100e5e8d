"""The page's scripts and styles: Leaflet from the installed XStatic package, the rest our own files.

Nothing comes from a CDN. A page for the app links the files (``file://``); an exported page inlines
them so it works offline wherever it is copied.
"""

from __future__ import annotations

from typing import NamedTuple
from pathlib import Path

from quzhou_map.core.paths import node_modules_dir, web_dir


class Asset(NamedTuple):
    name: str
    path: Path
    kind: str  # "js" | "css"


def leaflet_dir() -> Path:
    import xstatic.pkg.leaflet as leaflet

    return Path(leaflet.BASE_DIR)


def leaflet_version() -> str:
    import xstatic.pkg.leaflet as leaflet

    return str(leaflet.VERSION)


#: Our page scripts, in load order, split by concern: the article's sites (symbols, declutter, legend),
#: the measuring tool, the basemap and its datum, and the page itself (layers, protocol, bridge). Users'
#: feature layers (canvas drawing, hit tests) are fetched by the page when the first one is added: a start
#: with none does not parse them.
PAGE_SCRIPTS = ("sites", "measure", "basemap", "page")
FEATURE_LAYERS_SCRIPT = "feature_layers"
VECTOR_BASEMAP_SCRIPT = "vector_basemap"


def feature_layers_asset() -> Asset:
    return Asset(FEATURE_LAYERS_SCRIPT, web_dir() / f"{FEATURE_LAYERS_SCRIPT}.js", "js")


def gcoord_asset() -> Asset:
    """gcoord (npm, MIT): WGS-84 ↔ GCJ-02 on the page, fetched only when a GCJ-02 basemap is chosen."""
    return Asset("gcoord", node_modules_dir() / "gcoord" / "dist" / "gcoord.global.prod.js", "js")


def vector_basemap_assets() -> tuple[Asset, Asset]:
    """protomaps-leaflet (npm, BSD-3), which draws vector tiles on canvas, and our generic style for them:
    fetched only when a vector tile file is chosen as the basemap."""
    renderer = node_modules_dir() / "protomaps-leaflet" / "dist" / "protomaps-leaflet.js"
    return (Asset("protomaps_leaflet", renderer, "js"),
            Asset(VECTOR_BASEMAP_SCRIPT, web_dir() / f"{VECTOR_BASEMAP_SCRIPT}.js", "js"))


def story_assets() -> tuple[Asset, Asset]:
    """The exported page's panel (a site's facts, the article, the tour): inlined into that page only."""
    return (Asset("story", web_dir() / "story.js", "js"), Asset("story_css", web_dir() / "story.css", "css"))


def page_assets() -> tuple[Asset, ...]:
    """Every script and style the map page needs, in load order."""
    return (
        Asset("leaflet", leaflet_dir() / "leaflet.js", "js"),
        Asset("leaflet_css", leaflet_dir() / "leaflet.css", "css"),
        *(Asset(name, web_dir() / f"{name}.js", "js") for name in PAGE_SCRIPTS),
        Asset("quzhou_map_css", web_dir() / "quzhou_map.css", "css"),
    )


def inline_tag(asset: Asset) -> str:
    """The asset's content in a <script> or <style> element that cannot be closed early by its text."""
    text = asset.path.read_text(encoding="utf-8")
    if asset.kind == "js":
        return "<script>" + text.replace("</", "<\\/") + "</script>"
    return "<style>" + text.replace("</", "<\\/") + "</style>"
