"""Basemaps: what lies under the layers, and in which datum its tiles are drawn.

The offline base (the counties drawn by the page) is always there. A tile basemap is one of a small
catalogue (definitions from xyzservices where it has them: OSM, Esri, Gaode; Tianditu from its own
documentation, since xyzservices has none), a tile file the user opened (MBTiles/PMTiles), or an XYZ
URL the user typed with its datum. Gaode's tiles are GCJ-02: the page then draws every overlay
converted to GCJ-02 so it lines up (the data itself stays WGS-84).

The page never sees a tile server's address: it asks for ``qztile:<token>/z/x/y`` and the app
fetches, caches or reads the tile (qt/tile_scheme.py). The token names the definition, not the key.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path
from typing import Literal, NamedTuple
from urllib.parse import urlsplit

Datum = Literal["wgs84", "gcj02"]
DATUMS: tuple[Datum, ...] = ("wgs84", "gcj02")
TILE_SCHEME = "qztile"
TILE_FILE_SUFFIXES = (".mbtiles", ".pmtiles")
#: Tianditu's tile servers t0…t7, its Web Mercator ("_w") layers; the user's key goes in {k}.
_TIANDITU = ("https://t{s}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
             "&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={k}")


class BasemapDefinition(NamedTuple):
    """How to draw one basemap: its tiles (and a label overlay), datum, zoom range and attribution."""

    id: str
    title_zh: str
    title_en: str
    url: str  # an XYZ template ({s} {z} {x} {y}, {k} for a key), or a tile file's path; "" for the offline base
    datum: Datum = "wgs84"
    labels_url: str = ""  # a second tile layer drawn over the first (Tianditu's annotations)
    subdomains: str = ""
    max_zoom: int = 18  # the deepest zoom the server has tiles for; the map may zoom further, scaled
    attribution: str = ""  # plain text; the page puts it in as text
    needs_key: bool = False  # Tianditu: the user's own key
    kind: Literal["none", "xyz", "file"] = "xyz"

    def title(self, language: str) -> str:
        return self.title_zh if language == "zh" else self.title_en

    @property
    def token(self) -> str:
        """A short name for the tile URLs and the cache: changes when the tiles would differ."""
        text = "\n".join((self.kind, self.url, self.labels_url, self.datum))
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _xyzservices(name: str, id: str, title_zh: str, title_en: str, datum: Datum = "wgs84") -> BasemapDefinition:
    """A definition from xyzservices' catalogue (its URL, zoom range and attribution)."""
    import xyzservices.providers as providers

    provider = providers.query_name(name)
    url = provider.build_url(scale_factor="") if "{variant}" in provider["url"] else provider["url"]
    subdomains = str(provider.get("subdomains", "abc")) if "{s}" in url else ""
    text = str(provider.get("attribution") or provider.get("html_attribution") or "")
    attribution = html.unescape(re.sub(r"<[^>]+>", "", text)).replace("(C)", "©")  # plain text: the page escapes
    return BasemapDefinition(id, title_zh, title_en, url, datum, subdomains=subdomains,
                             max_zoom=int(provider.get("max_zoom", 18)), attribution=attribution)


OFFLINE = BasemapDefinition("offline", "离线底图(县界)", "Offline (county outlines)", "", kind="none")


#: The chooser's entries: id, titles, datum, and where the definition comes from (xyzservices' name, or
#: Tianditu's own layer codes). Resolved only when one is chosen: xyzservices' import costs ~130 ms.
_CATALOGUE = (
    ("osm", "OpenStreetMap", "OpenStreetMap", "wgs84", "OpenStreetMap.Mapnik"),
    ("esri-imagery", "Esri 卫星影像", "Esri World Imagery", "wgs84", "Esri.WorldImagery"),
    ("tianditu", "天地图 矢量", "Tianditu (map)", "wgs84", "vec/cva"),
    ("tianditu-imagery", "天地图 影像", "Tianditu (imagery)", "wgs84", "img/cia"),
    ("gaode", "高德地图", "Gaode (AMap)", "gcj02", "Gaode.Normal"),
    ("gaode-satellite", "高德卫星", "Gaode satellite", "gcj02", "Gaode.Satellite"),
)
CATALOGUE_IDS = ("offline", *(entry[0] for entry in _CATALOGUE))
TIANDITU_ATTRIBUTION = "© 天地图 Tianditu (国家地理信息公共服务平台)"


def catalogue_titles(language: str) -> list[tuple[str, str]]:
    """(id, title) of each basemap offered by name, in the chooser's order; nothing is imported."""
    titles = [(OFFLINE.id, OFFLINE.title(language))]
    return titles + [(entry[0], entry[1] if language == "zh" else entry[2]) for entry in _CATALOGUE]


def catalogue() -> tuple[BasemapDefinition, ...]:
    """Every basemap offered by name, resolved (xyzservices is imported)."""
    return tuple(definition_for(BasemapChoice(id)) for id in CATALOGUE_IDS)


def _catalogue_definition(id: str) -> BasemapDefinition:
    _id, title_zh, title_en, datum, source = next(entry for entry in _CATALOGUE if entry[0] == id)
    if source in ("vec/cva", "img/cia"):
        base, labels = source.split("/")
        return BasemapDefinition(id, title_zh, title_en, _TIANDITU.replace("{layer}", base), datum,
                                 labels_url=_TIANDITU.replace("{layer}", labels), subdomains="01234567",
                                 attribution=TIANDITU_ATTRIBUTION, needs_key=True)
    return _xyzservices(source, id, title_zh, title_en, datum)


class BasemapChoice(NamedTuple):
    """What the user chose, as remembered: a catalogue id, or "file"/"url" with its source and datum."""

    id: str = "offline"
    source: str = ""  # the tile file's path or the URL template
    datum: Datum = "wgs84"

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "source": self.source, "datum": self.datum}


def check_url_template(url: str) -> str:
    """An XYZ template the app can fetch: http(s), with {z}, {x} and {y}. Returns it, or raises ValueError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url}: a tile URL must start with http:// or https://")
    missing = [name for name in ("{z}", "{x}", "{y}") if name not in url and not (name == "{y}" and "{-y}" in url)]
    if missing:
        raise ValueError(f"{url}: a tile URL needs {', '.join(missing)} (e.g. https://host/{{z}}/{{x}}/{{y}}.png)")
    if any(ord(c) < 0x21 for c in url):
        raise ValueError(f"{url!r}: a tile URL may not contain spaces or control characters")
    return url


def parse_basemap(text: str, datum: str | None = None) -> BasemapChoice:
    """A choice from the command line: a catalogue id, a tile file, or a URL (with ``datum``)."""
    if datum is not None and datum not in DATUMS:
        raise ValueError(f"--basemap-datum: {datum!r} is not one of {', '.join(DATUMS)}")
    if text in CATALOGUE_IDS:
        if datum is not None:
            raise ValueError(f"--basemap-datum applies to a tile URL, not to {text!r} (its datum is known)")
        return BasemapChoice(text)
    if "://" in text:
        return BasemapChoice("url", check_url_template(text), datum or "wgs84")
    if text.lower().endswith(TILE_FILE_SUFFIXES):
        return BasemapChoice("file", str(Path(text).expanduser().absolute()), "wgs84")
    raise ValueError(f"--basemap: {text!r} is not one of {', '.join(CATALOGUE_IDS)}, "
                     "a .mbtiles/.pmtiles file or an http(s) tile URL")


def choice_from_dict(data: object) -> BasemapChoice:
    """A remembered choice; anything malformed is the offline base (a bad setting never stops the app)."""
    if not isinstance(data, dict):
        return BasemapChoice()
    try:
        choice = BasemapChoice(str(data.get("id", "offline")), str(data.get("source", "")),
                               data.get("datum", "wgs84"))
        if choice.datum not in DATUMS:
            return BasemapChoice()
        if choice.id == "url":
            check_url_template(choice.source)
        elif choice.id == "file":
            if not choice.source.lower().endswith(TILE_FILE_SUFFIXES):
                return BasemapChoice()
        elif choice.id not in CATALOGUE_IDS:
            return BasemapChoice()
        return choice
    except ValueError:
        return BasemapChoice()


def definition_for(choice: BasemapChoice) -> BasemapDefinition:
    """The definition behind a choice (a tile file's is completed from the file when it is opened)."""
    if choice.id == "url":
        host = urlsplit(choice.source).netloc
        return BasemapDefinition("url", f"自定义瓦片 {host}", f"Custom tiles {host}", choice.source, choice.datum,
                                 subdomains="abc" if "{s}" in choice.source else "", max_zoom=19,
                                 attribution=f"Tiles: {host}")
    if choice.id == "file":
        name = Path(choice.source).name
        return BasemapDefinition("file", f"瓦片文件 {name}", f"Tile file {name}", choice.source, kind="file")
    if choice.id in CATALOGUE_IDS[1:]:
        return _catalogue_definition(choice.id)
    return OFFLINE


def tile_address(template: str, z: int, x: int, y: int, subdomains: str = "", key: str = "") -> str:
    """The real URL of one tile: subdomains spread by tile, TMS {-y} flipped, the key filled in."""
    url = template.replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y))
    url = url.replace("{-y}", str((1 << z) - 1 - y)).replace("{k}", key).replace("{r}", "")
    if "{s}" in url:
        url = url.replace("{s}", subdomains[(x + y) % len(subdomains)] if subdomains else "a")
    return url


def masked_key(key: str) -> str:
    """A key as it may be shown: its last four characters only."""
    return "" if not key else "•" * 8 + key[-4:]
