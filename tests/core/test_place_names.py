"""The details panel in the interface's language: counties, townships and sections in English or pinyin in the
English panel; in the Chinese panel no translation line, and the English-only sources said to be English."""

from __future__ import annotations

import json
import re
from html import escape

import pytest

from core_support import GEODATA
from quzhou_map.core.article import SECTION_HEADINGS
from quzhou_map.core.details import LABEL_KEYS, site_details_html
from quzhou_map.core.pinyin_check import pinyin_mismatch
from quzhou_map.core.place_names import SECTION_PINYIN, TOWNSHIP_LATIN, county_text, section_text, township_text

LABELS = {key: key.upper() for key in LABEL_KEYS} | {"line": "line {line}", "estimate_warning": "{radius}",
                                                      "source_in_english": "(SOURCE IN ENGLISH)"}


def dataset_sites() -> list[dict]:
    """Every site record's properties, read from the files themselves."""
    sites = []
    for path in sorted(GEODATA.glob("*.geojson")):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            if "facts" in feature["properties"]:
                sites.append(feature["properties"])
    return sites


def test_every_township_in_the_dataset_has_a_latin_name_the_datasets_english_where_it_has_one():
    sites = dataset_sites()
    townships = {site["township"] for site in sites if site["township"]}
    assert len(townships) >= 5
    assert sorted(townships - set(TOWNSHIP_LATIN)) == [], "add these to place_names.TOWNSHIP_LATIN"
    english = {site["name_zh"]: site["name_en"] for site in sites}
    for township, latin in TOWNSHIP_LATIN.items():
        if township in english:  # a township that is a site too: its English name, as the dataset gives it
            assert latin == english[township], township
        else:
            assert pinyin_mismatch(township, latin) is None, latin


def test_every_section_is_a_heading_of_the_article_with_pinyin():
    sections = {fact["section"] for site in dataset_sites() for fact in site["facts"]}
    assert sections <= set(SECTION_HEADINGS)
    assert set(SECTION_PINYIN) == set(SECTION_HEADINGS)
    for heading, pinyin in SECTION_PINYIN.items():
        assert pinyin_mismatch(heading, pinyin) is None, pinyin


def test_names_follow_the_language():
    assert county_text("柯城区", "zh") == "柯城区"
    assert county_text("柯城区", "en") == "Kecheng District (柯城区)"
    assert township_text("沟溪乡", "en") == "Gōuxī Xiāng (沟溪乡)"
    assert township_text("高家镇", "en") == "Gaojia Town (高家镇)"
    assert township_text("沟溪乡", "zh") == "沟溪乡"
    assert section_text("数说衢州这五年", "zh") == "数说衢州这五年"
    assert section_text("数说衢州这五年", "en") == "Shù Shuō Qúzhōu Zhè Wǔ Nián"
    unknown = "不在表中"
    assert township_text(unknown, "en") == county_text(unknown, "en") == section_text(unknown, "en") == unknown


@pytest.fixture(scope="module")
def yudong(shipped_catalog):
    return shipped_catalog.get("village-yudong")


def test_the_chinese_panel_shows_the_quotes_without_their_english(yudong):
    chinese = site_details_html(yudong, LABELS, "zh")
    english = site_details_html(yudong, LABELS, "en")
    for fact in yudong.facts:
        assert escape(fact.quote) in chinese and escape(fact.quote) in english
        assert escape(fact.translation) not in chinese and escape(fact.translation) in english
    assert "柯城区" in chinese and "Kecheng" not in chinese and "沟溪乡" in chinese
    assert "Kecheng District (柯城区)" in english and "Gōuxī Xiāng (沟溪乡)" in english
    assert SECTION_PINYIN[yudong.facts[1].section] in english
    assert escape(yudong.facts[1].section) in chinese and escape(yudong.facts[1].section) not in english


def test_methods_are_a_closed_set_each_translated_and_sources_are_marked_english(shipped_catalog):
    """The methods (three) have labels; the sources are free text, one of its own for nearly every site,
    so the Chinese panel shows them as written under a note that they are in English."""
    sites = [*shipped_catalog.sites, shipped_catalog.city]
    methods = {site.position.method for site in sites}
    assert methods <= {"gazetteer", "converted", "estimate"} and all(f"methods.{m}" in LABEL_KEYS for m in methods)
    assert len({site.position.source for site in sites}) > len(sites) * 0.8  # not a table's worth of phrases
    for site in sites:
        chinese = site_details_html(site, LABELS, "zh")
        assert f"METHODS.{site.position.method.upper()}" in chinese
        source = re.escape(escape(site.position.source))
        assert re.search(r"\(SOURCE IN ENGLISH\)</span><br><span lang=\"en\">" + source, chinese)
        assert "(SOURCE IN ENGLISH)" not in site_details_html(site, LABELS, "en")
