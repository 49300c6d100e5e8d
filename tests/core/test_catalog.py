"""SiteCatalog: lookup, ordering, and the JSON form the page cache stores."""

from __future__ import annotations

import json

from quzhou_map.core.catalog import SiteCatalog
from quzhou_map.core.model import Site
from quzhou_map.core.themes import THEME_IDS


def test_round_trip_equals(shipped_catalog):
    text = shipped_catalog.to_json()
    again = SiteCatalog.from_json(text)
    assert again == shipped_catalog
    assert again.sites == shipped_catalog.sites
    assert again.city == shipped_catalog.city
    assert again.to_json() == text
    for site in again.sites:
        assert isinstance(site.facts, tuple)
        assert all(isinstance(f.figures, tuple) for f in site.facts)
        assert again.get(site.id) == site


def test_round_trip_keeps_lines_captions_and_figures(shipped_catalog):
    again = SiteCatalog.from_json(shipped_catalog.to_json())
    yudong = again.get("village-yudong")
    holiday = next(f for f in yudong.facts if f.figures and f.figures[0].text == "1.1万")
    assert holiday.line == 57 and not holiday.is_caption
    assert [(g.text, g.value) for g in holiday.figures] == [("1.1万", 11000.0), ("12.6万", 126000.0)]
    assert any(f.is_caption for f in yudong.facts)
    assert yudong.position == shipped_catalog.get("village-yudong").position
    assert again.city.id == "city-quzhou"


def test_round_trip_with_problems_and_without_city(shipped_catalog):
    catalog = SiteCatalog(shipped_catalog.sites[:3], None, ("a: feature 'x': 坏了 <b>", "b"))
    again = SiteCatalog.from_json(catalog.to_json())
    assert again == catalog
    assert again.city is None and again.problems == catalog.problems
    assert json.loads(catalog.to_json())["city"] is None


def test_sites_are_ordered_by_theme_then_alphabetically_by_pinyin(shipped_catalog):
    from quzhou_map.core.pinyin_text import fold_latin

    reversed_catalog = SiteCatalog(tuple(reversed(shipped_catalog.sites)))
    assert reversed_catalog.sites == shipped_catalog.sites
    keys = [(THEME_IDS.index(s.theme), fold_latin(s.name_pinyin)) for s in shipped_catalog.sites]
    assert keys == sorted(keys)
    villages = [s.name_zh for s in shipped_catalog.sites if s.theme == "future_village"]
    assert villages == ["大陈未来乡村", "芳村未来乡村", "莲花未来乡村", "下淤村", "溪口未来乡村", "余东村"]


def test_lookup_and_counts(shipped_catalog):
    assert shipped_catalog.get(None) is None
    assert shipped_catalog.get("") is None
    assert shipped_catalog.get("no-such-site") is None
    assert shipped_catalog.get("city-quzhou") is None  # the city record is not a map site
    assert sum(shipped_catalog.count(t) for t in THEME_IDS) == len(shipped_catalog.sites)
    assert shipped_catalog.count("future_village") == 6
    landmarks = shipped_catalog.in_themes({"landmark"})
    assert landmarks and all(s.theme == "landmark" for s in landmarks)
    assert shipped_catalog.in_themes(frozenset()) == []


def test_site_dict_round_trip(shipped_catalog):
    for site in shipped_catalog.sites:
        assert Site.from_dict(json.loads(json.dumps(site.to_dict()))) == site
