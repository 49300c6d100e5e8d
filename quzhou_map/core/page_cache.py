"""Start fast on every start but the first: the validated catalog and the built page are cached.

Validation needs geopandas and the page needs folium, together about a second of imports. Their
output depends only on the data files, our page assets and the versions used, so it is cached in
the user's cache directory under a key made from exactly those; any change rebuilds.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from quzhou_map import __version__
from quzhou_map.core.catalog import SiteCatalog
from quzhou_map.core.files import write_text_atomically
from quzhou_map.core.paths import article_path, geodata_dir, web_dir
from quzhou_map.core.protocol import PROTOCOL_FILE
from quzhou_map.core.web_assets import feature_layers_asset, page_assets
from quzhou_map.core.themes import DATASET_FILES

if TYPE_CHECKING:
    from quzhou_map.core.map_page import AssetMode

PAGE_FILE = "map.html"
CATALOG_FILE = "catalog.json"


class BuiltMap(NamedTuple):
    """A page ready to load and the catalog it shows."""

    page: Path
    catalog: SiteCatalog
    from_cache: bool
    cache_error: str | None = None  # why the cache could not be written (a temporary folder was used)


def cache_key(data_dir: Path) -> str:
    """Hash of everything the page and catalog are made from."""
    digest = hashlib.sha256(__version__.encode())
    for name in DATASET_FILES:
        path = data_dir / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    for asset in (*page_assets(), feature_layers_asset()):
        digest.update(str(asset.path).encode())
        digest.update(asset.path.read_bytes())
    digest.update(article_path().read_bytes())  # quotes are located in it
    digest.update((web_dir() / PROTOCOL_FILE).read_bytes())  # the page is handed the protocol
    for module in sorted(Path(__file__).parent.glob("*.py")):  # the code that validates and builds
        digest.update(module.read_bytes())
    return digest.hexdigest()[:20]


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("quzhou-map", appauthor=False))


def load_or_build(cache_dir: Path | None = None, data_dir: Path | None = None) -> BuiltMap:
    """The cached page and catalog for the current data, building them first when needed."""
    data_dir = data_dir or geodata_dir()
    folder = (cache_dir or default_cache_dir()) / cache_key(data_dir)
    page, catalog_file = folder / PAGE_FILE, folder / CATALOG_FILE
    if page.is_file() and catalog_file.is_file():
        try:
            return BuiltMap(page, SiteCatalog.from_json(catalog_file.read_text(encoding="utf-8")), True)
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a damaged cache entry is rebuilt below
    catalog, html = build(data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_text_atomically(page, html)
        write_text_atomically(catalog_file, catalog.to_json())
        _remove_stale_entries(folder)
    except OSError as error:  # read-only or full disk: still show the map, from a temporary folder
        import tempfile

        page = Path(tempfile.mkdtemp(prefix="quzhou-map-")) / PAGE_FILE
        page.write_text(html, encoding="utf-8")
        return BuiltMap(page, catalog, False, f"{folder}: {error.strerror or error}")
    return BuiltMap(page, catalog, False)


def _remove_stale_entries(current: Path) -> None:
    """Drop cache entries for older data or code: only folders holding exactly our two files."""
    for entry in current.parent.iterdir():
        if entry == current or not entry.is_dir():
            continue
        if all(p.name in (PAGE_FILE, CATALOG_FILE) or p.name.endswith(".tmp") for p in entry.iterdir()):
            for child in entry.iterdir():
                child.unlink()
            entry.rmdir()


def build(data_dir: Path, assets: AssetMode = "files") -> tuple[SiteCatalog, str]:
    """Validate the data and render the page (the slow path); ``assets`` as in ``render_page``."""
    from quzhou_map.core.map_page import render_page
    from quzhou_map.core.validation import validate

    report = validate([data_dir])
    catalog = SiteCatalog(tuple(report.sites), report.city, tuple(str(p) for p in report.problems))
    counties = report.counties or {"type": "FeatureCollection", "features": []}
    return catalog, render_page(catalog.sites, counties, assets)
