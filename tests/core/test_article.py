"""The article: locating quotes by line, the section each stands in, and photo captions."""

from __future__ import annotations

import pytest

from core_support import ARTICLE
from quzhou_map.core.article import SECTION_HEADINGS, Article, shipped_article

S1, S2, S3, S4 = SECTION_HEADINGS


@pytest.fixture(scope="module")
def article() -> Article:
    return Article.from_file(ARTICLE)


def test_shipped_article_is_the_resources_copy(article):
    assert shipped_article().text == ARTICLE.read_text(encoding="utf-8") == article.text
    assert article.missing_headings() == []


@pytest.mark.parametrize(("quote", "line", "section", "caption"), [
    ("图为衢州信安湖和智慧新城。", 11, S1, True),
    ("南孔圣地,衢州有礼。", 15, S1, False),
    ("全市生产总值从2016年的1230亿元提升到2021年的1876亿元。", 21, S1, False),
    ("图为衢江区莲花未来乡村。", 31, S1, True),
    ("图为衢州智造新城一隅。", 51, S1, True),  # printed above the next heading: still section 1
    ("今年端午假期,约有1.1万名游客来余东村游玩", 57, S2, False),
    ("依托未来乡村建设,村里建起占地4800平方米的中国乡村美术馆", 61, S2, False),
    ("图为余东未来乡村。", 76, S2, True),
    ("数据来源:衢州市统计局", 82, S3, False),
    ("一架无人机准确降落在衢州市衢江区高家镇镇政府楼顶的铁盒子里。", 86, S4, False),
    ("图为衢州市衢江区社会治理中心。", 98, S4, True),
])
def test_locate(article, quote, line, section, caption):
    location = article.locate(quote)
    assert location is not None
    assert (location.line, location.section, location.is_caption) == (line, section, caption)
    assert quote in article.lines[location.line - 1]


def test_locate_agrees_with_a_plain_line_search(article):
    for number, text in enumerate(article.lines, start=1):
        text = text.strip()
        if text and article.text.count(text) == 1:  # a line printed twice is found at its first place
            location = article.locate(text)
            assert location is not None and location.line == number, text


@pytest.mark.parametrize("quote", [
    "",
    "这句话不在文章里。",
    "今年端午假期,约有1.1万名旅客来余东村游玩",   # one character changed
    "城乡居民人均可\n\n\n\n图为衢江区莲花未来乡村。",  # spans lines
    "城乡居民人均可支配收入",                        # broken across a page in the printed text
    "动能在积蓄、\n\n活力在迸发。",
])
def test_locate_not_found(article, quote):
    assert article.locate(quote) is None


def test_section_headings_as_printed(article):
    headings = [line.strip() for line in article.lines if line.strip() in SECTION_HEADINGS]
    assert headings == list(SECTION_HEADINGS)
    assert S4 == "社会治理中心 探索实践 基层“智”治"


@pytest.mark.parametrize(("line", "section"), [(1, S1), (5, S1), (54, S1), (55, S2), (77, S2), (78, S3),
                                               (83, S3), (84, S4), (98, S4)])
def test_section_at(article, line, section):
    assert article.section_at(line) == section


def test_small_article_sections_and_captions():
    text = "\n".join(["标题", S1, "第一段。", "  图为第一张图。", S2, "第二段。", S1, "重复的标题之后。"])
    article = Article(text)
    assert article.locate("标题").section == S1  # above every heading: the first section
    assert article.locate("第一段。").line == 3
    caption = article.locate("图为第一张图。")
    assert caption.is_caption and caption.section == S1 and caption.line == 4
    assert article.locate("第二段。").section == S2
    # a heading's second appearance is text, not a new section
    assert article.locate("重复的标题之后。").section == S2
    assert article.missing_headings() == [S3, S4]
