"""The Leaflet page: local assets only, one layer per theme, the init call, and no injectable data."""

from __future__ import annotations

import copy
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from quzhou_map.core.map_page import render_page, script_json
from quzhou_map.core.themes import THEME_IDS
from quzhou_map.core.web_assets import leaflet_dir, page_assets

HOSTILE = "</script><script>alert(1)</script>"


class Tags(HTMLParser):
    """Start tags with their attributes; script bodies are skipped as the browser would."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


def external_refs(html: str) -> list[tuple[str, str]]:
    """(tag, url) of every script src and link href, plus any other src attribute."""
    refs = []
    for tag, attrs in tags(html):
        if tag == "link" and attrs.get("href"):
            refs.append((tag, attrs["href"]))
        if attrs.get("src"):
            refs.append((tag, attrs["src"]))
    return refs


def call_argument(html: str, function: str) -> dict:
    """The JSON argument of ``QuzhouMap.<function>(...)`` in the page."""
    marker = f"QuzhouMap.{function}("
    assert html.count(marker) == 1, f"{marker} appears {html.count(marker)} times"
    start = html.index(marker) + len(marker)
    value, _end = json.JSONDecoder().raw_decode(html[start:].lstrip())
    return value


def layer_data(html: str, layer: str) -> dict:
    marker = f"{layer}_add("
    start = html.index(marker) + len(marker)
    value, _end = json.JSONDecoder().raw_decode(html[start:].lstrip())
    return value


@pytest.fixture(scope="module")
def files_page(shipped_catalog, shipped_report):
    return render_page(shipped_catalog.sites, shipped_report.counties, assets="files")


@pytest.fixture(scope="module")
def inline_page(shipped_catalog, shipped_report):
    return render_page(shipped_catalog.sites, shipped_report.counties, assets="inline")


def test_files_page_loads_only_local_files(files_page):
    refs = external_refs(files_page)
    assert refs, "the page links no script or style at all"
    for tag, url in refs:
        assert not url.startswith(("http://", "https://", "//")), (tag, url)
        assert url.startswith(("file:", "qrc:")), (tag, url)
        if url.startswith("file:"):
            assert Path(unquote(urlparse(url).path)).is_file(), url
    srcs = {url for tag, url in refs if tag == "script"}
    hrefs = {url for tag, url in refs if tag == "link"}
    for asset in page_assets():
        assert asset.path.as_uri() in (srcs if asset.kind == "js" else hrefs)
    assert not any(url.startswith("qrc:") for url in srcs)  # the channel script is fetched once drawn
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", files_page)


def test_page_has_a_content_security_policy(files_page):
    metas = [attrs for tag, attrs in tags(files_page)
             if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(metas) == 1
    policy = metas[0]["content"]
    assert "default-src 'none'" in policy
    assert "connect-src file: qztile:;" in policy  # users' layers from local files, tiles from the app's scheme
    assert "img-src data: file: qztile:;" in policy
    assert "http" not in policy  # no server is ever reached from the page itself


def test_no_tiles_or_cdn(files_page):
    lower = files_page.lower()
    for remote in ("openstreetmap", "cdn.jsdelivr", "cdnjs", "unpkg", "bootstrap", "jquery", "googleapis"):
        assert remote not in lower, remote


def test_one_layer_per_theme_and_init(files_page, shipped_catalog):
    config = call_argument(files_page, "init")
    layers = config["layers"]
    assert set(layers) == set(THEME_IDS)
    assert len(set(layers.values())) == len(THEME_IDS)
    for theme, name in layers.items():
        assert f"var {name} = L.geoJson(" in files_page
        data = layer_data(files_page, name)
        shown = sorted(f["properties"]["id"] for f in data["features"])
        assert shown == sorted(s.id for s in shipped_catalog.in_themes({theme})), theme
        assert all(f["properties"]["theme"] == theme for f in data["features"])
    assert files_page.count("= L.geoJson(") == len(THEME_IDS) + 1  # and the county layer
    assert config["themeOrder"] == list(THEME_IDS)
    assert set(config["legend"]["zh"]["themes"]) == set(THEME_IDS) == set(config["legend"]["en"]["themes"])
    assert f"var {config['map']} = L.map(" in files_page
    assert len(config["countyLabels"]) == 6
    # QuzhouMap.init runs after every layer variable is defined
    init_at = files_page.index("QuzhouMap.init(")
    assert all(files_page.index(f"var {name} = ") < init_at for name in layers.values())


def test_estimates_are_flagged_for_the_page(files_page, shipped_catalog):
    layers = call_argument(files_page, "init")["layers"]
    features = {f["id"]: f for name in layers.values() for f in layer_data(files_page, name)["features"]}
    for site in shipped_catalog.sites:
        props = features[site.id]["properties"]
        assert props["estimate"] == site.position.is_estimate
        assert props["precision_m"] == site.position.precision_m
        assert features[site.id]["geometry"]["coordinates"] == [site.position.lon, site.position.lat]


def test_hostile_site_name_cannot_break_out_of_the_script(shipped_catalog, shipped_report):
    base = list(shipped_catalog.sites)
    plain = render_page(base, shipped_report.counties)
    yudong = shipped_catalog.get("village-yudong")
    hostile = yudong._replace(id="village-x" + HOSTILE, name_zh=HOSTILE, name_en=HOSTILE + " & <!-- -->")
    counties = copy.deepcopy(shipped_report.counties)
    counties["features"][0]["properties"]["name_zh"] = HOSTILE
    html = render_page(base + [hostile], counties)
    assert HOSTILE not in html
    assert "<script>alert" not in html
    assert "<!-- -->" not in html
    count = lambda page: sum(1 for tag, _attrs in tags(page) if tag == "script")  # noqa: E731
    assert count(html) == count(plain)
    # the name is still there, as data
    layers = call_argument(html, "init")["layers"]
    names = [f["properties"]["name_zh"] for f in layer_data(html, layers["future_village"])["features"]]
    assert HOSTILE in names
    assert HOSTILE in [label["name_zh"] for label in call_argument(html, "init")["countyLabels"]]


def test_script_json_is_safe_inside_script():
    text = script_json({"a": HOSTILE + "<!--&\u2028\u2029"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"a": HOSTILE + "<!--&\u2028\u2029"}


def test_inline_page_has_no_external_reference(inline_page):
    assert external_refs(inline_page) == []
    assert "file:///" not in inline_page
    # our script asks for Qt's channel script only inside Qt (qt.webChannelTransport), never in a browser
    assert inline_page.count("qrc:///") == 1 and 'typeof qt === "undefined" || !qt.webChannelTransport' in inline_page
    # (Leaflet's own code holds an attribution link to leafletjs.com as a string: that is not a load)


def test_inline_page_includes_leaflet_and_our_code(inline_page):
    leaflet = (leaflet_dir() / "leaflet.js").read_text(encoding="utf-8").replace("</", "<\\/")
    assert leaflet[:2000] in inline_page
    assert leaflet[-2000:] in inline_page
    leaflet_css = (leaflet_dir() / "leaflet.css").read_text(encoding="utf-8")
    assert ".leaflet-container" in leaflet_css and leaflet_css[:500] in inline_page
    for asset in page_assets():
        body = asset.path.read_text(encoding="utf-8").replace("</", "<\\/")
        assert body in inline_page, asset.name
    assert "QuzhouMap.init(" in inline_page
    config = call_argument(inline_page, "init")
    assert set(config["layers"]) == set(THEME_IDS)


def test_render_does_not_touch_folium_defaults(shipped_catalog, shipped_report):
    """Local assets are set on the instance; folium's class defaults stay as shipped."""
    import folium

    before = (list(folium.Map.default_js), list(folium.Map.default_css))
    render_page(shipped_catalog.sites, shipped_report.counties, assets="files")
    render_page(shipped_catalog.sites, shipped_report.counties, assets="inline")
    assert (list(folium.Map.default_js), list(folium.Map.default_css)) == before


def test_an_exported_page_may_connect_nowhere(inline_page):
    policy = next(attrs["content"] for tag, attrs in tags(inline_page)
                  if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy")
    assert "connect-src 'none'" in policy


def test_users_layers_script_is_fetched_only_when_needed(files_page, inline_page):
    from quzhou_map.core.web_assets import feature_layers_asset

    uri = feature_layers_asset().path.as_uri()
    assert f'src="{uri}"' not in files_page  # not parsed on a start with no user layer
    assert f'"featureLayersScript": "{uri}"' in files_page  # the page fetches it for the first one
    assert '"featureLayersScript": null' in inline_page


def test_vector_basemap_scripts_are_fetched_only_when_one_is_chosen(files_page, inline_page):
    from quzhou_map.core.web_assets import vector_basemap_assets

    renderer, style = (asset.path for asset in vector_basemap_assets())
    assert renderer.is_file() and style.is_file()  # protomaps-leaflet from npm (scripts/bootstrap.sh), our style
    config = call_argument(files_page, "configure")
    assert config["vectorBasemapScripts"] == [renderer.as_uri(), style.as_uri()]
    assert f'src="{renderer.as_uri()}"' not in files_page and f'src="{style.as_uri()}"' not in files_page
    assert call_argument(inline_page, "configure")["vectorBasemapScripts"] == []
