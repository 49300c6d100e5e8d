"""Pinyin: folding for search and the check of a site's pinyin against its Chinese name."""

from __future__ import annotations

import pytest

from core_support import GEODATA, read_json
from quzhou_map.core.pinyin_check import pinyin_mismatch
from quzhou_map.core.pinyin_text import fold_latin

NAMES = [(f["properties"]["name_zh"], f["properties"]["name_pinyin"])
         for name in ("future_villages", "industrial_parks", "governance", "landmarks", "city", "counties")
         for f in read_json(GEODATA / f"{name}.geojson")["features"]]


@pytest.mark.parametrize(("text", "folded"), [
    ("Yú Dōng Cūn", "yudongcun"), ("Xìn'ān Hú", "xinanhu"), ("QÚZHŌU", "quzhou"), ("yu-dong", "yudong"),
    ("", ""),
])
def test_fold_latin(text, folded):
    assert fold_latin(text) == folded


@pytest.mark.parametrize(("name_zh", "name_pinyin"), NAMES)
def test_shipped_pinyin_spells_the_name(name_zh, name_pinyin):
    assert pinyin_mismatch(name_zh, name_pinyin) is None


@pytest.mark.parametrize(("name_zh", "name_pinyin"), [
    ("银行", "Yínháng"), ("行人", "Xíngrén"),   # heteronym 行, either reading
    ("余东村", "yu dong cun"), ("余东村", "YÚDŌNGCŪN"),
])
def test_readings_tones_case_and_spaces(name_zh, name_pinyin):
    assert pinyin_mismatch(name_zh, name_pinyin) is None


@pytest.mark.parametrize(("name_zh", "name_pinyin"), [("吕", "Lǚ"), ("女", "Nǚ"), ("绿", "Lǜ"), ("吕村", "Lǚ Cūn")])
def test_u_umlaut_syllables_are_accepted(name_zh, name_pinyin):
    """pypinyin spells ü as 'v'; the written pinyin 'ǚ' must still match."""
    assert pinyin_mismatch(name_zh, name_pinyin) is None


@pytest.mark.parametrize(("name_zh", "name_pinyin"), [
    ("余东村", "Yúxī Cūn"), ("余东村", "Yúdōng"), ("余东村", "Yúdōng Cūn Cūn"), ("高家镇", "Gāojiā"),
])
def test_mismatch_is_named(name_zh, name_pinyin):
    reason = pinyin_mismatch(name_zh, name_pinyin)
    assert reason is not None and repr(name_pinyin) in reason and repr(name_zh) in reason
