"""The dataset's Chinese names of counties, townships and the article's sections, as each interface shows them.

The data writes a site's county, township and each fact's section in Chinese. The English interface shows
them in English where the dataset itself has an English name (the counties' in ``counties.geojson``, a
township that is also a site, such as 高家镇 "Gaojia Town"), else in pinyin, spelt as the sites'
``name_pinyin`` are. The tables list every name the dataset uses; tests check that each entry spells a
reading of its Chinese and that the English ones are the dataset's own.
"""

from __future__ import annotations

from quzhou_map.core.themes import COUNTY_NAMES_EN

#: Every township (乡, 镇, 街道) the sites name: the dataset's English where it has one, else pinyin.
TOWNSHIP_LATIN: dict[str, str] = {
    "沟溪乡": "Gōuxī Xiāng",
    "莲花镇": "Liánhuā Zhèn",
    "溪口镇": "Xīkǒu Zhèn",
    "大陈乡": "Dàchén Xiāng",
    "芳村镇": "Fāngcūn Zhèn",
    "音坑乡": "Yīnkēng Xiāng",
    "府山街道": "Fǔshān Jiēdào",
    "高家镇": "Gaojia Town",  # the site gov-gaojia-town's name_en
}

#: The article's section headings (core/article.py SECTION_HEADINGS) in pinyin: the dataset has no English
#: for them. 数 of 数说 is read shù ("the numbers tell").
SECTION_PINYIN: dict[str, str] = {
    "衢州:奋力建设四省边际共同富裕示范区": "Qúzhōu: Fènlì Jiànshè Sìshěng Biānjì Gòngtóng Fùyù Shìfànqū",
    "衢州余东村 从农民画到 未来乡村": "Qúzhōu Yúdōng Cūn: Cóng Nóngmínhuà Dào Wèilái Xiāngcūn",
    "数说衢州这五年": "Shù Shuō Qúzhōu Zhè Wǔ Nián",
    "社会治理中心 探索实践 基层“智”治": "Shèhuì Zhìlǐ Zhōngxīn Tànsuǒ Shíjiàn Jīcéng “Zhì” Zhì",
}


def _both(chinese: str, latin: str | None, language: str) -> str:
    """Chinese alone in the Chinese interface; the Latin name, then the Chinese, in the English one."""
    if language == "zh" or not latin:
        return chinese
    return f"{latin} ({chinese})"


def county_text(county: str, language: str) -> str:
    """柯城区 in Chinese; "Kecheng District (柯城区)" in English (a name not in the table as written)."""
    return _both(county, COUNTY_NAMES_EN.get(county), language)


def township_text(township: str, language: str) -> str:
    """沟溪乡 in Chinese; "Gōuxī Xiāng (沟溪乡)" in English (a name not in the table as written)."""
    return _both(township, TOWNSHIP_LATIN.get(township), language)


def section_text(section: str, language: str) -> str:
    """A section heading as printed in Chinese; its pinyin in English (a heading not in the table as written)."""
    return section if language == "zh" else SECTION_PINYIN.get(section, section)
