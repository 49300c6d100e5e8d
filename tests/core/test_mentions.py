"""Where the article names each site: found by code from the dataset, listed here against the article."""

from __future__ import annotations

import pytest

from quzhou_map.core.article import shipped_article
from quzhou_map.core.mentions import find_mentions, mentions_of, site_names

#: Every site's mentions as (line, text as printed), read off resources/article_zh.txt.
EXPECTED = {
    "landmark-xinan-lake": [(11, "信安湖"), (25, "信安湖")],
    "landmark-zhihui-xincheng": [(11, "智慧新城")],  # 图为衢州信安湖和智慧新城: the city's name left out
    "landmark-southern-confucius-temple": [(15, "南孔"), (17, "南孔")],  # all its quotes share 南孔
    "landmark-station-jiangshan": [(17, "杭衢高铁")],  # the railway its position source names
    "landmark-station-longyou-bei": [(17, "杭衢高铁")],
    "landmark-station-qujiang": [(17, "杭衢高铁")],
    "landmark-station-quzhou-xi": [(17, "杭衢高铁")],
    "park-zhejiang-shidai-lithium": [(23, "浙江时代锂电材料国际产业合作园")],
    "village-yudong": [(25, "余东"), (55, "余东村"), (57, "余东村"), (57, "余东村"), (59, "余东村"), (59, "余东村"),
                       (61, "余东村"), (63, "余东村"), (76, "余东")],
    "village-lianhua": [(25, "莲花"), (31, "莲花未来乡村")],
    "village-xikou": [(25, "溪口")],
    "village-dachen": [(25, "大陈")],
    "village-fangcun": [(25, "芳村")],
    "village-xiayu": [(25, "下淤")],
    "park-zhizao-xincheng": [(51, "衢州智造新城"), (53, "衢州智造新城")],  # the caption and its credit
    "landmark-china-rural-art-museum": [(61, "中国乡村美术馆")],
    "gov-gaojia-town": [(86, "高家镇")],
    "gov-qujiang-social-governance-centre": [(88, "衢江区社会治理中心"), (98, "衢江区社会治理中心"),
                                             (98, "衢江区社会治理中心")],  # caption and credit on one line
}


@pytest.fixture(scope="module")
def mentions(shipped_catalog):
    return find_mentions(shipped_article(), shipped_catalog.sites)


def test_every_site_is_listed(shipped_catalog):
    assert set(EXPECTED) == {site.id for site in shipped_catalog.sites}


@pytest.mark.parametrize("site_id", sorted(EXPECTED))
def test_each_sites_mentions_against_the_article(mentions, site_id):
    assert [(m.line, m.text) for m in mentions_of(mentions, site_id)] == EXPECTED[site_id]


def test_each_mention_stands_where_it_says(mentions):
    lines = shipped_article().lines
    for mention in mentions:
        assert lines[mention.line - 1][mention.column:mention.column + len(mention.text)] == mention.text


def test_a_name_several_sites_share_names_them_all(mentions):
    (railway,) = [m for m in mentions if m.text == "杭衢高铁"]
    assert set(railway.site_ids) == {"landmark-station-jiangshan", "landmark-station-longyou-bei",
                                     "landmark-station-qujiang", "landmark-station-quzhou-xi"}
    assert all(len(m.site_ids) == 1 for m in mentions if m.text != "杭衢高铁")


@pytest.mark.parametrize(("site_id", "names"), [
    ("village-yudong", ["余东村", "余东"]),
    ("village-dachen", ["大陈未来乡村", "大陈"]),
    ("landmark-zhihui-xincheng", ["衢州智慧新城", "衢州智慧", "智慧新城"]),  # never 智慧 (of 智慧助残, line 39)
    ("landmark-station-qujiang", ["衢江站(预留)", "衢江站", "杭衢高铁"]),  # not 衢江: the district's name
    ("landmark-station-quzhou-xi", ["衢州西站", "衢州西", "杭衢高铁"]),  # not 西站: one character and a suffix
    ("landmark-southern-confucius-temple", ["孔氏南宗家庙", "南孔"]),
    ("gov-gaojia-town", ["高家镇", "高家"]),
])
def test_names_derived_from_the_dataset(shipped_catalog, site_id, names):
    assert site_names(shipped_catalog.sites)[site_id] == names


def test_no_administrative_or_township_name_is_a_mention(mentions, shipped_catalog):
    texts = {m.text for m in mentions}
    assert not texts & {"衢州", "衢州市", "衢江", "衢江区", "柯城区", "江山", "沟溪乡", "江山市"}
    assert "沟溪乡" in shipped_article().lines[56]  # quoted for 余东村, but it is the township
