"""Figures as a person reads them: no year rows, units and periods in Chinese in the Chinese panel."""

from __future__ import annotations

import json
import re

import pytest

from core_support import GEODATA
from quzhou_map.core.details import LABEL_KEYS, site_details_html
from quzhou_map.core.figure_text import UNIT_ZH, figure_rows, is_date_part, period_zh, unit_zh
from quzhou_map.core.model import Figure

LABELS = {key: key for key in LABEL_KEYS} | {"line": "line {line}", "estimate_warning": "{radius}"}
LATIN = re.compile(r"[A-Za-z]")


def dataset_units_and_periods() -> tuple[set[str], set[str]]:
    """Every unit and period the geodata files use, read from the files themselves."""
    units: set[str] = set()
    periods: set[str] = set()
    for path in sorted(GEODATA.glob("*.geojson")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for feature in data.get("features", [data]):
            for fact in (feature.get("properties") or {}).get("facts", []):
                for figure in fact.get("figures", []):
                    units.add(figure["unit"])
                    if figure.get("period"):
                        periods.add(figure["period"])
    return units, periods


def test_every_unit_in_the_dataset_has_a_chinese_rendering():
    units, _periods = dataset_units_and_periods()
    assert len(units) > 20
    missing = sorted(unit for unit in units if unit_zh(unit) is None)
    assert missing == [], f"add these units to figure_text.UNIT_ZH: {missing}"
    for unit in units:
        rendering = unit_zh(unit)
        assert not LATIN.search(rendering.measure + rendering.note + rendering.label), unit


def test_every_period_in_the_dataset_has_a_chinese_rendering():
    _units, periods = dataset_units_and_periods()
    assert periods
    for period in periods:
        chinese = period_zh(period)
        assert chinese, f"no Chinese for the period {period!r}: add a pattern to figure_text"
        assert not LATIN.search(chinese), (period, chinese)
        if not re.search(r"\([\u3400-\u9fff]+\)$", period):  # else the article's own words, given in brackets
            assert all(year in chinese for year in re.findall(r"\d{4}", period))  # the years come from the data


def test_the_table_holds_no_unit_the_dataset_does_not_use():
    units, _periods = dataset_units_and_periods()
    assert set(UNIT_ZH) == units


@pytest.mark.parametrize("period, chinese", [
    ("2016", "2016年"), ("as of June 2022", "截至2022年6月"), ("2022-06-06", "2022年6月6日"),
    ("since 2020", "2020年以来"), ("the five years before the article of June 2022 (五年来)", "五年来"),
    (None, ""), ("something else", None),
])
def test_periods(period, chinese):
    assert period_zh(period) == chinese


def test_years_and_date_parts_are_no_figure_rows(shipped_catalog):
    year = Figure("2016", 2016.0, "year", "2016")
    money = Figure("1230亿", 1.23e11, "yuan (GDP)", "2016")
    month = Figure("6", 6.0, "month (date 6月6日: June)", "2022-06-06")
    assert is_date_part(year) and is_date_part(month) and not is_date_part(money)
    for language in ("zh", "en"):
        assert [row.value for row in figure_rows((year, money, month), language)] == \
               ["1230亿元" if language == "zh" else "1230亿"]
    gdp_fact = next(f for f in shipped_catalog.city.facts if any(g.unit == "yuan (GDP)" for g in f.figures))
    for language in ("zh", "en"):
        html = site_details_html(shipped_catalog.city, LABELS, language)
        for figure in gdp_fact.figures:
            shown = f"<b>{figure.text}" in html
            assert shown != is_date_part(figure), figure  # 1230亿 is a row; 2016 is not
    gaojia = shipped_catalog.get("gov-gaojia-town")  # its only figures are the date 6月6日
    assert all(is_date_part(g) for fact in gaojia.facts for g in fact.figures)
    assert 'class="figures"' not in site_details_html(gaojia, LABELS, "zh")


def test_the_chinese_panel_shows_figures_as_printed_with_chinese_units(shipped_catalog):
    city = site_details_html(shipped_catalog.city, LABELS, "zh")
    rows = re.findall(r'<table class="figures".*?</table>', city)
    assert rows
    assert not any(LATIN.search(re.sub(r"<[^>]+>", "", table)) for table in rows)
    assert "<b>1230亿元</b>" in city and "全市生产总值" in city and "2016年" in city
    assert "= 123,000,000,000" not in city and "yuan (GDP)" not in city
    yudong = site_details_html(shipped_catalog.get("village-yudong"), LABELS, "zh")
    assert "<b>1.1万名游客</b>" in yudong and "2022年端午假期" in yudong


def test_the_english_panel_keeps_the_value_a_figure_denotes(shipped_catalog):
    yudong = site_details_html(shipped_catalog.get("village-yudong"), LABELS, "en")
    assert "<b>1.1万</b>" in yudong and "= 11,000" in yudong and "visitors (about: 约)" in yudong
