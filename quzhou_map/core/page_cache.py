"""Start fast on every start but the first: the validated catalog and the built page are cached.

Validation needs geopandas and the page needs folium, together about a second of imports. Their
output depends only on the data files, our page assets and the versions used, so it is cached in
the user's cache directory under a key made from exactly those; any change rebuilds.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from quzhou_map import __version__
from quzhou_map.core.catalog import SiteCatalog
from quzhou_map.core.file_access import FileRefused, os_error_text, read_regular_file
from quzhou_map.core.files import write_text_atomically
from quzhou_map.core.geojson_file import MAX_FILE_BYTES, expand_paths
from quzhou_map.core.problems import one_line, shown_path
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

    page: Path | None  # None: no file could be written anywhere; the page is only in ``html``
    catalog: SiteCatalog
    from_cache: bool
    cache_error: str | None = None  # why the cache could not be written (a temporary folder was used)
    notice: str | None = None  # a damaged cache entry thrown away and rebuilt, said once
    html: str | None = None  # the page itself when it is in no file (cache and temporary folder both full)


#: The largest cached catalog read back; a real one is tens of kilobytes.
MAX_CATALOG_BYTES = 32 * 1024 * 1024
#: The largest cached page read back to check its digest (a 10,000-site page is a few MB).
MAX_PAGE_BYTES = 256 * 1024 * 1024
#: The key in catalog.json that holds the page's SHA-256: a page that does not match it is damaged.
PAGE_DIGEST_KEY = "page_sha256"


def cache_key(data_dir: Path) -> str:
    """Hash of everything the page and catalog are made from: every file ``build`` reads (the dataset's own
    files and any other GeoJSON in the folder, as validation lists them), the assets, the article, the code."""
    digest = hashlib.sha256(__version__.encode())
    for name in DATASET_FILES:  # a missing file changes the key too
        digest.update(name.encode())
    for path in expand_paths([data_dir]):
        digest.update(os.fsencode(path.name) + b"\0")
        try:
            digest.update(read_regular_file(path, MAX_FILE_BYTES))
        except FileRefused as refused:  # validation reports it; the key only needs to differ
            digest.update(f"<{refused}>".encode())
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
    """The cached page and catalog for the current data, building them first when needed. A cache entry that
    does not load (empty, garbage, a page that does not match its digest) is thrown away, rebuilt and named in
    ``notice``; a cache that cannot be written falls back to a temporary folder, then to memory."""
    data_dir = data_dir or geodata_dir()
    folder = (cache_dir or default_cache_dir()) / cache_key(data_dir)
    page, catalog_file = folder / PAGE_FILE, folder / CATALOG_FILE
    notice = None
    if os.path.lexists(page) or os.path.lexists(catalog_file):
        try:
            return BuiltMap(page, _read_entry(page, catalog_file), True)
        except _Damaged as damaged:
            notice = f"{shown_path(folder)}: the cached map was damaged ({damaged}); it was rebuilt"
            _discard(folder)
    catalog, html = build(data_dir)
    try:
        catalog_json = _catalog_with_digest(catalog, html)
        folder.mkdir(parents=True, exist_ok=True)
        write_text_atomically(page, html)
        write_text_atomically(catalog_file, catalog_json)
        _remove_stale_entries(folder)
    except (OSError, UnicodeEncodeError) as error:  # read-only or full disk: still show the map
        try:
            page.unlink()  # never a page without its catalog
        except OSError:
            pass
        reason = os_error_text(error, "written") if isinstance(error, OSError) else "holds text that is not UTF-8"
        return _uncached(catalog, html, f"{shown_path(folder)}: {reason}", notice)
    return BuiltMap(page, catalog, False, notice=notice)


class _Damaged(Exception):
    """A cache entry that cannot be used; the text says why."""


def _read_entry(page: Path, catalog_file: Path) -> SiteCatalog:
    try:
        text = read_regular_file(catalog_file, MAX_CATALOG_BYTES).decode("utf-8")
        expected = json.loads(text).get(PAGE_DIGEST_KEY)
        catalog = SiteCatalog.from_json(text)
        page_bytes = read_regular_file(page, MAX_PAGE_BYTES)
    except FileRefused as refused:
        raise _Damaged(f"a file {refused}") from None
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise _Damaged(f"its catalog cannot be read: {one_line(str(error), 80)}") from None
    if expected != hashlib.sha256(page_bytes).hexdigest():
        raise _Damaged("its page is empty, cut short or altered" if expected else "its catalog has no page digest")
    return catalog


def _catalog_with_digest(catalog: SiteCatalog, html: str) -> str:
    """The catalog's JSON with the page's digest (SiteCatalog.from_json ignores the extra key)."""
    text = catalog.to_json()
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
    return text[:-1] + f', "{PAGE_DIGEST_KEY}": "{digest}"}}'


def _discard(folder: Path) -> None:
    """Remove a damaged entry: only our own files in it (and the folder, when that empties it)."""
    for name in (PAGE_FILE, CATALOG_FILE):
        path = folder / name
        try:
            if os.path.islink(path) or not os.path.isdir(path):
                path.unlink(missing_ok=True)
            else:
                shutil.rmtree(path)
        except OSError:
            pass  # rebuilt anyway; writing over it will say what is wrong
    try:
        folder.rmdir()
    except OSError:
        pass


def _uncached(catalog: SiteCatalog, html: str, cache_error: str, notice: str | None) -> BuiltMap:
    """The page in a temporary folder (removed at exit), or, when that cannot be written either, in memory."""
    import atexit
    import tempfile

    try:
        folder = Path(tempfile.mkdtemp(prefix="quzhou-map-"))
    except OSError as error:
        return BuiltMap(None, catalog, False, f"{cache_error}; temporary folder: {os_error_text(error, 'written')}",
                        notice, html)
    atexit.register(shutil.rmtree, folder, True)
    page = folder / PAGE_FILE
    try:
        write_text_atomically(page, html)
    except (OSError, UnicodeEncodeError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        reason = os_error_text(error, "written") if isinstance(error, OSError) else "holds text that is not UTF-8"
        return BuiltMap(None, catalog, False, f"{cache_error}; {shown_path(folder)}: {reason}", notice, html)
    return BuiltMap(page, catalog, False, cache_error, notice)


def _remove_stale_entries(current: Path) -> None:
    """Drop cache entries for older data or code: only folders holding exactly our two files."""
    for entry in current.parent.iterdir():
        if entry == current or not entry.is_dir() or entry.is_symlink():
            continue
        try:
            if all(p.name in (PAGE_FILE, CATALOG_FILE) or p.name.endswith(".tmp") for p in entry.iterdir()):
                for child in entry.iterdir():
                    child.unlink()
                entry.rmdir()
        except OSError:
            continue  # someone else's, or in use: left alone


def build(data_dir: Path, assets: AssetMode = "files") -> tuple[SiteCatalog, str]:
    """Validate the data and render the page (the slow path); ``assets`` as in ``render_page``."""
    from quzhou_map.core.map_page import render_page
    from quzhou_map.core.validation import validate

    report = validate([data_dir])
    catalog = SiteCatalog(tuple(report.sites), report.city, tuple(str(p) for p in report.problems))
    counties = report.counties or {"type": "FeatureCollection", "features": []}
    return catalog, render_page(catalog.sites, counties, assets)
