"""The page cache: a second start reads the cache; any change to the inputs, or a damaged entry, rebuilds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core_support import GEODATA, REPO, digests
from quzhou_map.core import paths
from quzhou_map.core.catalog import SiteCatalog
from quzhou_map.core.page_cache import CATALOG_FILE, PAGE_FILE, cache_key, load_or_build


def test_second_load_comes_from_the_cache(tmp_path, shipped_catalog):
    cache = tmp_path / "cache"
    before = digests(GEODATA)
    first = load_or_build(cache, GEODATA)
    assert not first.from_cache
    assert first.page.is_file() and first.page.name == PAGE_FILE
    assert first.page.parent == cache / cache_key(GEODATA)
    assert first.catalog == shipped_catalog
    page_text = first.page.read_text(encoding="utf-8")
    assert "QuzhouMap.init(" in page_text

    second = load_or_build(cache, GEODATA)
    assert second.from_cache
    assert second.page == first.page
    assert second.catalog == first.catalog
    assert second.catalog.city == shipped_catalog.city
    assert second.page.read_text(encoding="utf-8") == page_text
    assert digests(GEODATA) == before  # the data are never written
    assert sorted(p.name for p in first.page.parent.iterdir()) == sorted([PAGE_FILE, CATALOG_FILE])


def test_cache_key_is_stable(data_copy):
    assert cache_key(data_copy.dir) == cache_key(data_copy.dir) == cache_key(GEODATA)


@pytest.mark.parametrize("name", ["future_villages.geojson", "city.geojson", "counties.geojson"])
def test_changing_a_data_file_changes_the_key(data_copy, tmp_path, name):
    cache = tmp_path / "cache"
    first = load_or_build(cache, data_copy.dir)
    key = cache_key(data_copy.dir)
    path = data_copy.path(name)
    path.write_bytes(path.read_bytes() + b"\n")
    assert cache_key(data_copy.dir) != key
    second = load_or_build(cache, data_copy.dir)
    assert not second.from_cache
    assert second.page.parent != first.page.parent
    assert second.catalog == first.catalog  # a trailing newline changes nothing shown


def test_changed_data_are_shown_after_a_rebuild(data_copy, tmp_path):
    cache = tmp_path / "cache"
    load_or_build(cache, data_copy.dir)
    data_copy.edit_feature("future_villages.geojson", "village-yudong",
                           lambda f: f["properties"].update(name_en="Yudong Painters' Village"))
    rebuilt = load_or_build(cache, data_copy.dir)
    assert not rebuilt.from_cache
    assert rebuilt.catalog.get("village-yudong").name_en == "Yudong Painters' Village"
    assert load_or_build(cache, data_copy.dir).from_cache


def test_removing_a_data_file_changes_the_key(data_copy):
    key = cache_key(data_copy.dir)
    data_copy.path("landmarks.geojson").unlink()
    assert cache_key(data_copy.dir) != key


def test_broken_data_are_cached_with_their_problems(data_copy, tmp_path):
    data_copy.path("governance.geojson").write_text("{", encoding="utf-8")
    first = load_or_build(tmp_path / "cache", data_copy.dir)
    assert any("governance.geojson" in p and "is not valid JSON" in p for p in first.catalog.problems)
    assert first.catalog.count("governance") == 0
    second = load_or_build(tmp_path / "cache", data_copy.dir)
    assert second.from_cache and second.catalog.problems == first.catalog.problems


DAMAGED_CATALOGS = {
    "truncated JSON": b'{"sites": [',
    "empty": b"",
    "a list": b"[]",
    "sites of nothing": b'{"sites": [{}], "city": null, "problems": []}',
    "site without position": b'{"sites": [{"id": "x", "facts": []}], "city": null, "problems": []}',
    "no problems key": b'{"sites": [], "city": null}',
    "not UTF-8": '{"sites": [], "city": null, "problems": ["坏"]}'.encode("gbk"),
}


@pytest.mark.parametrize("content", DAMAGED_CATALOGS.values(), ids=DAMAGED_CATALOGS.keys())
def test_damaged_catalog_in_the_cache_is_rebuilt(tmp_path, shipped_catalog, content):
    cache = tmp_path / "cache"
    first = load_or_build(cache, GEODATA)
    catalog_file = first.page.parent / CATALOG_FILE
    catalog_file.write_bytes(content)
    rebuilt = load_or_build(cache, GEODATA)
    assert not rebuilt.from_cache
    assert rebuilt.catalog == shipped_catalog
    assert SiteCatalog.from_json(catalog_file.read_text(encoding="utf-8")) == shipped_catalog
    assert load_or_build(cache, GEODATA).from_cache


def test_missing_page_in_the_cache_is_rebuilt(tmp_path):
    cache = tmp_path / "cache"
    first = load_or_build(cache, GEODATA)
    first.page.unlink()
    rebuilt = load_or_build(cache, GEODATA)
    assert not rebuilt.from_cache and rebuilt.page.is_file()


def test_changing_the_article_changes_the_key(tmp_path, monkeypatch):
    """Validation checks quotes against the article: an edited article must not be served a stale catalog."""
    resources = tmp_path / "resources"
    shutil.copytree(REPO / "resources", resources)
    monkeypatch.setattr(paths, "resources_dir", lambda: resources)
    assert paths.article_path() == resources / "article_zh.txt"
    key = cache_key(GEODATA)
    article = resources / "article_zh.txt"
    article.chmod(0o644)
    article.write_text(article.read_text(encoding="utf-8").replace("1.1万名游客", "1.2万名游客"), encoding="utf-8")
    assert cache_key(GEODATA) != key


def test_changing_a_page_asset_changes_the_key(tmp_path, monkeypatch):
    resources = tmp_path / "resources"
    shutil.copytree(REPO / "resources", resources)
    monkeypatch.setattr(paths, "resources_dir", lambda: resources)
    key = cache_key(GEODATA)
    script = resources / "web" / "page.js"
    script.write_text(script.read_text(encoding="utf-8") + "\n// changed\n", encoding="utf-8")
    assert cache_key(GEODATA) != key


def test_cache_key_names_a_folder(data_copy):
    key = cache_key(data_copy.dir)
    assert len(key) == 20 and all(c in "0123456789abcdef" for c in key)
    assert Path(key).name == key


def test_an_unwritable_cache_still_gives_a_page(tmp_path):
    import os

    from quzhou_map.core.page_cache import load_or_build

    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    built = load_or_build(blocked)
    assert built.cache_error and str(blocked) in built.cache_error
    assert built.page.is_file() and "QuzhouMap.init" in built.page.read_text(encoding="utf-8")
    assert len(built.catalog.sites) >= 18
    assert blocked.read_text(encoding="utf-8") == "a file where the cache folder should be"
    os.remove(built.page)
