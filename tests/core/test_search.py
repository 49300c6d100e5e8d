"""Search by Chinese name, by pinyin with or without tones and spaces, and by English name."""

from __future__ import annotations

import pytest

from quzhou_map.core.pinyin_text import fold_latin
from quzhou_map.core.search import search


@pytest.fixture(scope="module")
def sites(shipped_catalog):
    return list(shipped_catalog.sites)


def ids(results):
    return [site.id for site in results]


@pytest.mark.parametrize("query", ["yudong", "Yú Dōng", "yu dong", "Yudong", "YUDONG", " yudong ", "余东",
                                   "余东村", "Yúdōng Cūn", "yu-dong"])
def test_yudong_first(sites, query):
    results = search(query, sites)
    assert results, query
    assert results[0].id == "village-yudong"


def test_museum_finds_the_art_museum(sites):
    assert ids(search("museum", sites)) == ["landmark-china-rural-art-museum"]
    assert ids(search("Měishùguǎn", sites)) == ["landmark-china-rural-art-museum"]
    assert ids(search("美术馆", sites)) == ["landmark-china-rural-art-museum"]


@pytest.mark.parametrize("query", ["xyzzyq", "不存在的地方", "12345", "!!!", "yudongx"])
def test_nonsense_finds_nothing(sites, query):
    assert search(query, sites) == []


@pytest.mark.parametrize("query", ["", "   ", "\t"])
def test_empty_query_returns_all_in_catalogue_order(sites, query):
    assert ids(search(query, sites)) == ids(sites)


def test_exact_before_prefix_before_anywhere_ties_in_catalogue_order(sites):
    results = search("quzhou", sites)
    keys = [(fold_latin(s.name_pinyin), fold_latin(s.name_en)) for s in results]
    ranks = [0 if "quzhou" in k else 1 if any(x.startswith("quzhou") for x in k) else 2 for k in keys]
    assert ranks == sorted(ranks)
    order = ids(sites)
    for rank in set(ranks):
        same = [site.id for site, r in zip(results, ranks, strict=True) if r == rank]
        assert same == sorted(same, key=order.index)
    expected = {s.id for s in sites if "quzhou" in fold_latin(s.name_pinyin) + " " + fold_latin(s.name_en)}
    assert set(ids(results)) == expected and "landmark-station-quzhou-xi" in expected


def test_anywhere_matches_keep_catalogue_order(sites):
    results = search("cun", sites)
    expected = [s.id for s in sites if "cun" in fold_latin(s.name_pinyin) or "cun" in fold_latin(s.name_en)]
    assert ids(results) == expected
    assert "village-yudong" in expected and "village-fangcun" in expected


def test_chinese_query_matches_the_chinese_name(sites):
    results = ids(search("衢州", sites))
    assert set(results) == {s.id for s in sites if "衢州" in s.name_zh}
    assert "landmark-station-quzhou-xi" in results
    assert ids(search("莲花", sites)) == ["village-lianhua"]


def test_apostrophe_and_tones_are_ignored(sites):
    assert ids(search("Xin'an", sites))[0] == "landmark-xinan-lake"
    assert ids(search("xinan hu", sites)) == ["landmark-xinan-lake"]
    assert ids(search("Fāngcūn", sites)) == ["village-fangcun"]


def test_search_accepts_any_iterable(sites):
    assert ids(search("yudong", iter(sites)))[0] == "village-yudong"
