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


@pytest.fixture
def user_frame():
    import geopandas
    import shapely

    n = 1000
    names = [f"well {i}" for i in range(n)]
    names[10] = "Yudong spring <b>"
    names[500] = None
    return geopandas.GeoDataFrame({"name": names, "kind": ["Spring" if i % 2 else "well" for i in range(n)],
                                   "depth": [float(i) for i in range(n)]},
                                  geometry=shapely.points([118.5] * n, [28.5] * n), crs=4326)


def test_features_found_by_any_text_column_case_insensitively(user_frame):
    from quzhou_map.core.search import search_features

    found = search_features("YUDONG", user_frame)
    assert found.rows == [10] and found.columns == ["name"] and found.values == ["Yudong spring <b>"]
    assert found.total == 1 and not found.capped
    spring = search_features("spring", user_frame, limit=5)
    assert spring.rows == [1, 3, 5, 7, 9] and spring.columns == ["kind"] * 5
    assert spring.total == 501 and spring.capped  # the odd rows' kind, and row 10's name
    assert search_features("", user_frame).total == 0
    assert search_features("999", user_frame).rows == [999]  # the name's text, not the depth number


def test_feature_search_reuses_its_lowered_columns(user_frame):
    from quzhou_map.core.search import search_features

    cache: dict = {}
    search_features("well", user_frame, lowered=cache)
    assert set(cache) == {"name", "kind"}
    cache["kind"] = cache["kind"].str.replace("well", "x")  # proves the cache is read on the next search
    assert search_features("well", user_frame, limit=2000, lowered=cache).total == 998  # every name but rows 10 and 500


def test_snippet_keeps_the_match_in_view():
    from quzhou_map.core.search import snippet

    text = "a" * 200 + " Target " + "b" * 200
    cut = snippet(text, "target", width=40)
    assert "Target" in cut and cut.startswith("…") and cut.endswith("…") and len(cut) <= 42
    assert snippet("short  text\n", "x") == "short text"
