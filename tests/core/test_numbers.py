"""Reading printed numbers ("1.1万", "11.9%", "七") and finding them in quotes."""

from __future__ import annotations

import pytest

from core_support import REPO  # noqa: F401  (puts the repository on sys.path)
from quzhou_map.core.numbers import number_in_text, occurs_as_number, values_agree


@pytest.mark.parametrize(("text", "value"), [
    ("1.1万", 11_000), ("12.6万", 126_000), ("1230亿", 123_000_000_000), ("1876亿", 187_600_000_000),
    ("11.9%", 11.9), ("9.8%", 9.8), ("9%", 9), ("12％", 12), ("4800", 4800), ("2016", 2016), ("0", 0),
    (" 32 ", 32), ("七", 7), ("五", 5), ("两", 2), ("零", 0), ("十", 10), ("十二", 12), ("二十", 20),
    ("三十二", 32), ("九十九", 99),
])
def test_number_in_text(text, value):
    assert number_in_text(text) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("text", ["", "abc", "1.1千", "1,230", "百", "一百", "十一二", "一二", "万", "%", "1.2.3",
                                  "三十二万"])
def test_number_in_text_unreadable_is_none(text):
    assert number_in_text(text) is None


@pytest.mark.parametrize("text", ["十十", "二十十", "十十一"])
def test_number_in_text_malformed_chinese_numeral_is_none_not_an_error(text):
    """The contract is 'the value, or None'; a repeated 十 must not raise KeyError."""
    assert number_in_text(text) is None


QUOTE = "今年端午假期,约有1.1万名游客来余东村游玩,带动周边农家乐、民宿收入12.6万元,农民画文创产品更是热销。"
GROWTH = "五年来,衢州财政总收入和一般公共预算收入年均分别增长11.9%、9.8%,固定资产投资年均增长9%。"


@pytest.mark.parametrize(("text", "quote"), [
    ("1.1万", QUOTE), ("12.6万", QUOTE), ("11.9%", GROWTH), ("9.8%", GROWTH), ("9%", GROWTH), ("五", GROWTH),
    ("32", "全市已有未来乡村项目32个"), ("8", "包括余东村在内的8个未来乡村核心区"), ("2016", "从2016年的1230亿元"),
])
def test_occurs_as_number(text, quote):
    assert occurs_as_number(text, quote)


@pytest.mark.parametrize(("text", "quote"), [
    ("2.2万", QUOTE),            # not there at all
    ("1", QUOTE),                # the middle of 1.1 / 12.6
    ("2.6万", QUOTE),            # the tail of 12.6万
    ("6", QUOTE),                # only inside 12.6
    ("3", "项目32个"),           # a digit of 32
    ("2", "项目32个"),
    ("1.9%", GROWTH),            # the tail of 11.9%
    ("12", "增长12.5%"),         # the head of 12.5
])
def test_not_a_number_of_the_quote(text, quote):
    assert not occurs_as_number(text, quote)


def test_chinese_numeral_inside_a_longer_chinese_number_does_not_count():
    """'二' is not a number of '项目三十二个' (32): it is the middle of a longer number."""
    assert not occurs_as_number("二", "项目三十二个")
    assert not occurs_as_number("三", "项目三十二个")


def test_values_agree():
    assert values_agree(11000, 11000.0)
    assert values_agree(1876e8, 187_600_000_000)
    assert values_agree(0.1 + 0.2, 0.3)
    assert not values_agree(11000, 1100)
    assert not values_agree(11.9, 11.8)
