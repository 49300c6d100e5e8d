"""How a figure reads to a person: its unit and period in Chinese, and whether it is a figure at all.

The dataset writes units and periods in English (``"yuan (GDP)"``, ``"as of June 2022"``); the Chinese
interface shows them in Chinese. Units are looked up in a table of the ones the dataset uses (a test
checks every one has an entry); periods follow a few patterns, so their years come from the data.
A year or a part of a date ("2016" with the unit "year", the "6" of 6月6日) is not a figure to list.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from quzhou_map.core.model import Figure


class UnitZh(NamedTuple):
    """A unit in Chinese: the measure word that follows the printed number ("1230亿" + "元"), a note on what
    is counted (shown after it), and a short label for a chart's category ("" when the note serves)."""

    measure: str
    note: str
    label: str = ""


#: Every unit the dataset uses, in Chinese.
UNIT_ZH: dict[str, UnitZh] = {
    "day of month (date 6月6日: the 6th)": UnitZh("日", "日期"),
    "future-village core areas (essentially completed)":
        UnitZh("个", "未来乡村核心区(已基本建成)", "核心区(已基本建成)"),
    "future-village projects": UnitZh("个", "未来乡村项目", "未来乡村项目"),
    "lists (七张问题清单)": UnitZh("张", "问题清单"),
    "metres (walking range)": UnitZh("米", "步行范围"),
    "month (5月底, end of May: equipment installation completed)": UnitZh("月", "月底设备进场安装全部完成"),
    "month (6月底, end of June: expected start of trial production)": UnitZh("月", "月底预计投入试生产"),
    "month (date 6月6日: June)": UnitZh("月", "日期"),
    "mountains (in the slogan name 两山: 'green mountains' and 'gold and silver mountains')":
        UnitZh("山", "“两山”:绿水青山与金山银山"),
    "percent per year (fixed-asset investment, average growth)": UnitZh("", "固定资产投资年均增长", "固定资产投资"),
    "percent per year (general public budget revenue, average growth)":
        UnitZh("", "一般公共预算收入年均增长", "一般公共预算收入"),
    "percent per year (municipal livelihood spending, average growth)":
        UnitZh("", "市级财政民生支出年均增长", "市级财政民生支出"),
    "percent per year (total fiscal revenue, average growth)": UnitZh("", "财政总收入年均增长", "财政总收入"),
    "project number (ordinal in 正负极厂房二项目)": UnitZh("", "项目序号(正负极厂房二项目)"),
    "provinces (epithet 四省通衢, 'thoroughfare of four provinces')": UnitZh("省", "“四省通衢”之称"),
    "provinces (四省边际, the border area of four provinces)": UnitZh("省", "四省边际"),
    "rank (top three in Zhejiang province for average annual income growth)":
        UnitZh("", "全省名次(可支配收入年均增幅)"),
    "roads (epithet 五路总头, 'head of five roads')": UnitZh("路", "“五路总头”之称"),
    "special actions (工业强市十大专项行动)": UnitZh("大", "工业强市专项行动"),
    "square metres (land area of the China Rural Art Museum)": UnitZh("平方米", "中国乡村美术馆占地面积"),
    "system name (numeric label of the digital-reform system)": UnitZh("", "数字化改革体系的名称"),
    "system name (numeric label of the grassroots-governance system)": UnitZh("", "基层治理体系的名称"),
    "times (wins of the 大禹鼎 award)": UnitZh("次", "夺得五水共治“大禹鼎”"),
    "trip (一次, in the reform name 最多跑一次, 'at most one trip')": UnitZh("次", "“最多跑一次”改革之名"),
    "villages (全国首批十大农民画乡, first national batch)": UnitZh("大", "全国首批农民画乡"),
    "visitors (about: 约)": UnitZh("名游客", "约数", "游客(约)"),
    "waters (in the campaign name 五水共治, 'co-governance of five waters')": UnitZh("水", "“五水共治”之名"),
    "year": UnitZh("年", ""),
    "years": UnitZh("年", ""),
    "years (五年来, over the past five years)": UnitZh("年", ""),  # the period says 五年来
    "yuan (GDP)": UnitZh("元", "全市生产总值", "全市生产总值"),
    "yuan (farm-stay and homestay income)": UnitZh("元", "周边农家乐、民宿收入", "农家乐、民宿收入"),
}

PERCENT_PER_YEAR = "percent per year"
_CJK = re.compile(r"[\u3400-\u9fff]")

#: Units of a date's parts: a figure in one of these is part of a date, not a quantity.
DATE_PART_UNITS = ("year", "month", "day of month")

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_MONTH = "(" + "|".join(_MONTHS) + ")"


def _month(name: str) -> str:
    return str(_MONTHS.index(name) + 1)


#: Period patterns and their Chinese: the years and months are taken from the text.
_PERIOD_PATTERNS: tuple[tuple[re.Pattern[str], object], ...] = (
    (re.compile(r"^(\d{4})$"), lambda m: f"{m[1]}年"),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), lambda m: f"{m[1]}年{int(m[2])}月{int(m[3])}日"),
    (re.compile(r"^since (\d{4})$"), lambda m: f"{m[1]}年以来"),
    (re.compile(rf"^as of {_MONTH} (\d{{4}})$"), lambda m: f"截至{m[2]}年{_month(m[1])}月"),
    (re.compile(rf"^end of {_MONTH} (\d{{4}})$"), lambda m: f"{m[2]}年{_month(m[1])}月底"),
    (re.compile(r"^(\d{4}) Dragon Boat Festival holiday$"), lambda m: f"{m[1]}年端午假期"),
    (re.compile(r"^the next five years from (\d{4})$"), lambda m: f"{m[1]}年起的未来五年"),
    (re.compile(r"\(([\u3400-\u9fff]+)\)$"), lambda m: m[1]),  # the article's own words, given in brackets
)


def unit_head(unit: str) -> str:
    """The unit without its explanation: "yuan" of "yuan (GDP)"."""
    return unit.split(" (", 1)[0].strip()


def is_date_part(figure: Figure) -> bool:
    """A year ("2016", unit "year") or a month or day of a date: not a figure to list or chart."""
    return unit_head(figure.unit) in DATE_PART_UNITS


def unit_zh(unit: str) -> UnitZh | None:
    return UNIT_ZH.get(unit)


def period_zh(period: str | None) -> str | None:
    """The period in Chinese ("as of June 2022" → "截至2022年6月"); "" for none; None when no rule knows it."""
    if not period:
        return ""
    for pattern, render in _PERIOD_PATTERNS:
        match = pattern.search(period)
        if match:
            return render(match)  # type: ignore[operator]
    return None


def unit_label_en(unit: str) -> str:
    """A short English label for a chart's category: what a sum or a rate is of ("total fiscal revenue" of
    "percent per year (total fiscal revenue, average growth)"), a count without a note in Chinese
    ("visitors" of "visitors (about: 约)"), else the unit as written."""
    head, _, rest = unit.partition(" (")
    if not rest:
        return unit
    if head in ("yuan", PERCENT_PER_YEAR):
        return rest.rstrip(")").split(",")[0].strip()
    return head if _CJK.search(rest) else unit


class FigureRow(NamedTuple):
    """One figure as the details panel lists it: the value as printed, the number it denotes (when that
    says more), what it counts, and when."""

    value: str
    equals: str
    unit: str
    period: str


def figure_value_text(value: float) -> str:
    """Thousands separators only where they help: 126,000 and 123,000,000,000, but 2016 and 4800."""
    if abs(value) < 10_000:
        return f"{value:g}"
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def figure_row(figure: Figure, language: str) -> FigureRow:
    """In Chinese the printed text with its measure word ("1230亿元"), the note and the period in Chinese;
    in English the text, the value it denotes when that differs ("1.1万", "= 11,000"), the unit and period."""
    if language == "zh":
        unit = unit_zh(figure.unit)
        period = period_zh(figure.period)
        return FigureRow(figure.text + (unit.measure if unit else ""), "", unit.note if unit else figure.unit,
                         (figure.period or "") if period is None else period)
    shown = figure_value_text(figure.value)
    return FigureRow(figure.text, "" if shown == figure.text else f"= {shown}", figure.unit, figure.period or "")


def figure_rows(figures: tuple[Figure, ...], language: str) -> list[FigureRow]:
    """The figures worth a row (no years, no date parts), each as a person would say it."""
    return [figure_row(figure, language) for figure in figures if not is_date_part(figure)]
