"""The figures view's charts: every value comes from the dataset's figures, with its quote, line and site."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core_support import CITY_ID, GEODATA
from quzhou_map.core.article import shipped_article
from quzhou_map.core.figures import bar_label, bar_text, city_charts, wrapped


def raw_figures() -> list[dict[str, Any]]:
    """Every figure of the geodata files as plain JSON, with its quote and record id (no loader involved)."""
    found = []
    for path in sorted(GEODATA.glob("*.geojson")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for feature in data.get("features", [data]):
            props = feature.get("properties") or {}
            for fact in props.get("facts", []):
                for figure in fact.get("figures", []):
                    found.append({**figure, "quote": fact["quote"], "site": props.get("id")})
    return found


@pytest.fixture(scope="module")
def charts(shipped_catalog):
    return {chart.id: chart for chart in city_charts(shipped_catalog)}


def test_the_article_s_city_wide_numbers_are_charted(charts):
    assert list(charts) == ["gdp", "growth", "future-villages", "holiday"]
    assert all(chart.bars and chart.sources for chart in charts.values())


def test_every_bar_is_a_figure_of_the_dataset_in_its_quote(charts):
    figures = raw_figures()
    for chart in charts.values():
        for bar in chart.bars:
            source = chart.sources[bar.source]
            assert any(f["text"] == bar.text and f["value"] == bar.value and f["unit"] == bar.unit
                       and f["period"] == bar.period and f["quote"] == source.quote for f in figures), bar
            assert bar.text in source.quote


@pytest.mark.parametrize("chart_id, wanted", [
    ("gdp", lambda f: f["unit"] == "yuan (GDP)"),
    ("growth", lambda f: f["unit"].startswith("percent per year")),
    ("future-villages", lambda f: f["unit"].startswith("future-village")),
    ("holiday", lambda f: "Dragon Boat" in (f["period"] or "")),
])
def test_a_chart_has_each_of_its_figures_once_with_the_dataset_s_value(charts, chart_id, wanted):
    expected = {(f["text"], f["value"]) for f in raw_figures() if wanted(f)}
    assert expected
    bars = charts[chart_id].bars
    assert sorted((bar.text, bar.value) for bar in bars) == sorted(expected)


def test_heights_times_the_axis_scale_are_the_values(charts):
    for chart in charts.values():
        for series in chart.series:
            for language in ("zh", "en"):
                for bar, height in zip(series.bars, series.heights(language), strict=True):
                    assert height * series.scale(language) == pytest.approx(bar.value)


def test_each_quote_has_its_line_in_the_article_and_its_site(charts, shipped_catalog):
    article = shipped_article()
    for chart in charts.values():
        for source in chart.sources:
            assert source.line == article.locate(source.quote, source.section).line
            assert source.quote in article.lines[source.line - 1]
            assert source.site_id == CITY_ID or shipped_catalog.get(source.site_id) is not None
    assert {s.site_id for s in charts["gdp"].sources + charts["growth"].sources} == {CITY_ID}
    # a quote the city record shares with 余东村 belongs to the village: selecting it shows more
    assert [s.site_id for s in charts["future-villages"].sources] == ["village-yudong"]
    assert [s.site_id for s in charts["holiday"].sources] == ["village-yudong"]


def test_the_growth_rates_come_from_two_quotes(charts):
    growth = charts["growth"]
    assert len(growth.sources) == 2
    assert {bar.source for bar in growth.bars} == {0, 1}


def test_a_chart_of_two_units_has_an_axis_for_each(charts):
    holiday = charts["holiday"]
    assert len(holiday.series) == 2
    assert [series.axis("zh") for series in holiday.series] == ["万名游客", "万元"]
    assert len(charts["gdp"].series) == 1 and charts["gdp"].over_time
    assert not charts["growth"].over_time


def test_titles_and_labels_read_in_each_language(charts):
    gdp = charts["gdp"]
    periods = [bar.period for bar in gdp.bars]
    assert gdp.title("zh").startswith("全市生产总值") and all(f"{p}年" in gdp.title("zh") for p in periods)
    assert all(p in gdp.title("en") for p in periods)
    assert [bar_label(bar, "zh") for bar in gdp.bars] == [f"{p}年" for p in periods]
    assert [bar_text(bar, "zh") for bar in gdp.bars] == [f"{bar.text}元" for bar in gdp.bars]
    assert [bar_text(bar, "en") for bar in gdp.bars] == [f"{bar.value / 1e9:g} billion yuan" for bar in gdp.bars]
    growth = charts["growth"]
    assert [bar_text(bar, "zh") for bar in growth.bars] == [bar.text for bar in growth.bars]
    assert "财政总收入" in [bar_label(bar, "zh") for bar in growth.bars]
    assert "total fiscal revenue" in [bar_label(bar, "en") for bar in growth.bars]
    for chart in charts.values():
        for bar in chart.bars:
            assert not any("a" <= ch.lower() <= "z" for ch in bar_label(bar, "zh") + bar_text(bar, "zh"))
        assert not any("a" <= ch.lower() <= "z" for ch in chart.title("zh"))


def test_labels_wrap_between_words_and_han_characters():
    assert wrapped("general public budget revenue", 16) == ["general public", "budget revenue"]
    assert wrapped("一般公共预算收入", 8) == ["一般公共", "预算收入"]
    assert wrapped("visitors", 4) == ["visitors"]  # a word is never cut
    assert wrapped("", 8) == []
