"""The article laid out for reading: blocks as printed, sentences whole, translations only from the facts."""

from __future__ import annotations

import pytest

from quzhou_map.core.article import ARTICLE_TITLE, SECTION_HEADINGS, shipped_article
from quzhou_map.core.article_layout import article_blocks, block_translations, build_reading, reading_html
from quzhou_map.core.citation import fact_citation

LABELS = {"no_translation": "NONE", "partial_translation": "PART"}


@pytest.fixture(scope="module")
def blocks():
    return article_blocks(shipped_article())


@pytest.fixture(scope="module")
def reading(shipped_catalog):
    return build_reading(shipped_article(), shipped_catalog.sites, shipped_catalog.city)


def by_line(blocks, line):
    return next(b for b in blocks if line in b.lines)


def test_every_printed_line_is_shown_once_in_reading_order(blocks):
    article = shipped_article()
    printed = [n for n, line in enumerate(article.lines, start=1) if line.strip()]
    shown = [piece.line for block in blocks for piece in block.pieces]
    assert sorted(set(shown)) == printed
    assert sorted("".join(piece.text for block in blocks for piece in block.pieces)) == \
        sorted("".join(line.strip() for line in article.lines))  # nothing lost, nothing added


def test_kinds_of_blocks(blocks):
    assert blocks[0].kind == "headline" and blocks[0].text == ARTICLE_TITLE
    assert [b.text for b in blocks if b.kind == "heading"] == list(SECTION_HEADINGS)
    assert [b.lines[0] for b in blocks if b.kind == "caption"] == [11, 31, 51, 76, 98]
    assert [b.text for b in blocks if b.kind == "credit"] == [
        "拍友 许军 摄", "拍友 许军 摄", "衢州智造新城管委会供图", "衢州市柯城区沟溪乡供图",
        "数据来源:衢州市统计局 浙报制图:潘泓璇", "衢江区社会治理中心供图"]
    assert [b.lines[0] for b in blocks if b.kind == "byline"] == [7, 72, 94]


def test_a_caption_inside_a_sentence_does_not_break_it(blocks):
    joined = by_line(blocks, 27)
    assert joined.kind == "text" and joined.lines == (27, 35)
    assert "城乡居民人均可支配收入年均增幅" in joined.text  # one sentence again
    after = blocks[blocks.index(joined) + 1:blocks.index(joined) + 3]
    assert [(b.kind, b.lines) for b in after] == [("caption", (31,)), ("credit", (33,))]  # set apart, after it
    assert by_line(blocks, 39).lines == (39, 41)  # a page break after 、
    assert "动能在积蓄、活力在迸发。" in by_line(blocks, 39).text


def test_a_caption_and_its_credit_on_one_line_are_two_blocks(blocks):
    caption, credit = [b for b in blocks if 76 in b.lines]
    assert (caption.kind, caption.text) == ("caption", "图为余东未来乡村。")
    assert (credit.kind, credit.text, credit.pieces[0].column) == ("credit", "衢州市柯城区沟溪乡供图", 9)


def test_translations_come_only_from_the_facts(blocks, shipped_catalog):
    article = shipped_article()
    sites = [*shipped_catalog.sites, shipped_catalog.city]
    translations = dict(zip((b.lines[0] for b in blocks), block_translations(article, blocks, sites), strict=True))
    facts = {f.translation for s in sites for f in s.facts}
    assert all(sentence in facts for t in translations.values() for sentence in t.sentences)
    assert translations[43].sentences == () and translations[47].sentences == ()  # no fact quotes them
    assert translations[57].complete and len(translations[57].sentences) == 2
    line_17 = translations[17]  # five sites and the city quote the same sentence: translated once
    assert line_17.complete and len(line_17.sentences) == 1
    assert not translations[19].complete and translations[19].sentences  # in part
    assert translations[11].complete  # a caption


def test_reading_counts_what_is_translated(reading):
    whole, part, total = reading.translated_count()
    assert total == sum(1 for b in reading.blocks if b.kind in ("text", "caption"))
    assert 0 < whole and 0 < part and whole + part < total


def test_html_links_every_mention_and_anchors_every_line(reading):
    html = reading_html(reading.blocks, reading.mentions, None, LABELS)
    for index, mention in enumerate(reading.mentions):
        assert f'<a class="mention" href="mention:{index}">{mention.text}</a>' in html
    for block in reading.blocks:
        for line in block.lines:
            assert f'<a name="line-{line}"></a>' in html
    assert '<span class="ln">35</span>' in html  # where the joined sentence goes on to line 35
    assert "NONE" not in html  # no translation column asked for


def test_html_with_translations_says_which_have_none(reading):
    html = reading_html(reading.blocks, reading.mentions, reading.translations, LABELS)
    assert html.count("NONE") == sum(1 for b, t in zip(reading.blocks, reading.translations, strict=True)
                                     if b.kind in ("text", "caption") and not t.sentences)
    assert "PART" in html and "Pictured: the Lianhua future village" in html


def test_a_fact_as_a_citation(shipped_catalog):
    site = shipped_catalog.get("village-lianhua")
    fact = next(f for f in site.facts if f.is_caption)
    text = fact_citation(site, fact, {"line": "line {line}", "caption": "photo caption"})
    assert text.splitlines() == [
        "莲花未来乡村 (Lianhua Future Village)",
        "「图为衢江区莲花未来乡村。」",
        fact.translation,
        "— 闪亮“浙”五年·迎接省第十五次党代会特别报道·衢州篇, 浙江日报 Zhejiang Daily, June 2022, "
        "衢州:奋力建设四省边际共同富裕示范区, line 31, photo caption",
    ]
