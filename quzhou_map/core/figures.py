"""The article's city-wide numbers as charts: what each chart shows, taken from the dataset's figures.

Each chart is found by the units (or period) of its figures, never by numbers typed here; a chart's bars
carry the figures' values and printed text, and the quotes they stand in, with their lines in the article
and the site each quote belongs to. Drawing is left to the Qt layer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from quzhou_map.core.article import shipped_article
from quzhou_map.core.catalog import SiteCatalog
from quzhou_map.core.figure_text import (PERCENT_PER_YEAR, figure_value_text, is_date_part, period_zh, unit_head,
                                         unit_label_en, unit_zh)
from quzhou_map.core.model import Fact, Figure, Site
from quzhou_map.core.numbers import printed_multiplier



class ChartSource(NamedTuple):
    """A quote a chart's numbers stand in, where it stands, and the site it belongs to."""

    site_id: str
    quote: str
    translation: str
    section: str
    line: int  # 1-based line of the article; 0 when not located


class ChartBar(NamedTuple):
    """One figure drawn as a bar."""

    label_zh: str
    label_en: str
    text: str  # as printed in the article: "1230亿", "11.9%"
    value: float  # the figure's value, as the dataset has it
    unit: str
    period: str | None
    source: int  # index of its quote in the chart's sources


class ChartSeries(NamedTuple):
    """Bars in one unit, drawn against one value axis (a chart of two units has two). In Chinese a bar is
    drawn in the unit the article prints ("亿元": value / 1e8); in English in plain units, or billions."""

    axis_zh: str
    axis_en: str
    scale_zh: float
    scale_en: float
    bars: tuple[ChartBar, ...]

    def axis(self, language: str) -> str:
        return self.axis_zh if language == "zh" else self.axis_en

    def scale(self, language: str) -> float:
        return self.scale_zh if language == "zh" else self.scale_en

    def heights(self, language: str) -> tuple[float, ...]:
        """The bars' heights in the axis's unit."""
        return tuple(bar.value / self.scale(language) for bar in self.bars)


class ChartSpec(NamedTuple):
    id: str
    title_zh: str
    title_en: str
    series: tuple[ChartSeries, ...]
    sources: tuple[ChartSource, ...]
    over_time: bool  # the bars are one quantity at different times (drawn as columns, in time order)

    def title(self, language: str) -> str:
        return self.title_zh if language == "zh" else self.title_en

    @property
    def bars(self) -> tuple[ChartBar, ...]:
        """Every bar, in the order they stand on the chart."""
        return tuple(bar for series in self.series for bar in series.bars)


def bar_label(bar: ChartBar, language: str) -> str:
    return bar.label_zh if language == "zh" else bar.label_en


def bar_text(bar: ChartBar, language: str) -> str:
    """The bar's figure as a person says it: in Chinese as printed, with its measure word ("1230亿元",
    "1.1万名游客"); in English in words ("123 billion yuan", "11,000", "11.9%")."""
    if language == "zh":
        unit = unit_zh(bar.unit)
        return bar.text + (unit.measure if unit else "")
    if unit_head(bar.unit) == PERCENT_PER_YEAR:
        return bar.text
    scale, word = _english_scale(bar.value)
    amount = f"{bar.value / scale:,g} {word}".strip() if scale > 1 else figure_value_text(bar.value)
    return f"{amount} yuan" if unit_head(bar.unit) == "yuan" else amount


def _english_scale(value: float) -> tuple[float, str]:
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return scale, word
    return 1.0, ""


def wrapped(text: str, width: int) -> list[str]:
    """``text`` in lines of about ``width`` characters (a Han character counts two): at spaces in English,
    anywhere between Han characters, never inside a Latin word."""
    lines: list[str] = []
    line = ""
    for token in re.findall(r"[\u3400-\u9fff\uff08-\uff09“”、]|[^\s\u3400-\u9fff]+|\s+", text):
        candidate = line + token
        if line.strip() and _width(candidate.rstrip()) > width and not token.isspace():
            lines.append(line.rstrip())
            line = token
        else:
            line = candidate
    if line.strip():
        lines.append(line.strip())
    return lines


def _width(text: str) -> int:
    return sum(2 if "\u3400" <= ch <= "\u9fff" or ch in "（）“”、" else 1 for ch in text)


class _Found(NamedTuple):
    site: Site
    fact: Fact
    figure: Figure


class ChartDefinition(NamedTuple):
    """Which figures make a chart, and its title (``{first}``, ``{last}``: the bars' periods; ``{site}``)."""

    id: str
    title_zh: str
    title_en: str
    wanted: Callable[[Figure], bool]


CHART_DEFINITIONS: tuple[ChartDefinition, ...] = (
    ChartDefinition("gdp", "全市生产总值({first}—{last})", "Quzhou's GDP ({first}–{last})",
                    lambda g: g.unit == "yuan (GDP)"),
    ChartDefinition("growth", "{first}年均增长", "Average annual growth over the past five years",
                    lambda g: unit_head(g.unit) == PERCENT_PER_YEAR),
    ChartDefinition("future-villages", "未来乡村({first})", "Future villages ({first})",
                    lambda g: unit_head(g.unit).startswith("future-village")),
    ChartDefinition("holiday", "{site}{first}", "{site}, {first}",
                    lambda g: "Dragon Boat Festival holiday" in (g.period or "")),
)


def _found_figures(catalog: SiteCatalog, wanted: Callable[[Figure], bool]) -> list[_Found]:
    """The figures ``wanted`` picks, each once, in the order of the sites and their facts. The sites come
    before the city record: a quote they share counts as the site's (selecting it shows more than the city's)."""
    records: list[Site] = list(catalog.sites) + ([catalog.city] if catalog.city else [])
    found: dict[tuple[str, str, str], _Found] = {}
    for site in records:
        for fact in site.facts:
            for figure in fact.figures:
                key = (fact.quote, figure.text, figure.unit)
                if wanted(figure) and not is_date_part(figure) and key not in found:
                    found[key] = _Found(site, fact, figure)
    return list(found.values())


def _line(fact: Fact) -> int:
    if fact.line:
        return fact.line
    located = shipped_article().locate(fact.quote, fact.section)
    return located.line if located else 0


def _axis(figures: list[Figure]) -> tuple[str, str, float, float]:
    """Axis titles (zh, en) and scales for figures of one unit: "亿元", "billion yuan", 1e8, 1e9."""
    if unit_head(figures[0].unit) == PERCENT_PER_YEAR:
        return "%(年均)", "% per year", 1.0, 1.0
    suffix, multiplier = printed_multiplier(figures[0].text)
    measures = {unit.measure if unit else "" for unit in (unit_zh(g.unit) for g in figures)}
    heads = {unit_head(g.unit) for g in figures}
    head_en = heads.pop() if len(heads) == 1 else "number"
    measure = measures.pop() if len(measures) == 1 else ""
    scale_en, word = _english_scale(max(g.value for g in figures))
    return suffix + measure, f"{word} {head_en}".strip(), float(multiplier), scale_en


def _measure_key(figure: Figure) -> tuple[str, str]:
    """Figures with the same key share a value axis."""
    if unit_head(figure.unit) == PERCENT_PER_YEAR:
        return ("%", "")
    unit = unit_zh(figure.unit)
    return (printed_multiplier(figure.text)[0], unit.measure if unit else figure.unit)


def _label_zh(figure: Figure) -> str:
    unit = unit_zh(figure.unit)
    return (unit.label or unit.note) if unit else figure.unit


def build_chart(definition: ChartDefinition, catalog: SiteCatalog) -> ChartSpec | None:
    """The chart of the figures ``definition`` picks; None when the dataset has none of them."""
    found = _found_figures(catalog, definition.wanted)
    if not found:
        return None
    sources: list[ChartSource] = []
    for item in found:
        source = ChartSource(item.site.id, item.fact.quote, item.fact.translation, item.fact.section, _line(item.fact))
        if source not in sources:
            sources.append(source)
    by_period = len({item.figure.unit for item in found}) == 1  # one unit: the bars differ by their period
    groups: dict[tuple[str, str], list[_Found]] = {}
    for item in found:
        groups.setdefault(_measure_key(item.figure), []).append(item)
    series = []
    for items in groups.values():
        bars = tuple(ChartBar(
            label_zh=(period_zh(f.figure.period) or f.figure.period or "") if by_period else _label_zh(f.figure),
            label_en=(f.figure.period or "") if by_period else unit_label_en(f.figure.unit),
            text=f.figure.text, value=f.figure.value, unit=f.figure.unit, period=f.figure.period,
            source=sources.index(ChartSource(f.site.id, f.fact.quote, f.fact.translation, f.fact.section,
                                             _line(f.fact)))) for f in items)
        series.append(ChartSeries(*_axis([f.figure for f in items]), bars))
    first, last = found[0], found[-1]
    site = found[0].site
    title_zh = definition.title_zh.format(first=period_zh(first.figure.period) or "",
                                          last=period_zh(last.figure.period) or "", site=site.name_zh)
    title_en = definition.title_en.format(first=first.figure.period or "", last=last.figure.period or "",
                                          site=site.name_en)
    return ChartSpec(definition.id, title_zh, title_en, tuple(series), tuple(sources), by_period)


def city_charts(catalog: SiteCatalog, definitions: Iterable[ChartDefinition] = CHART_DEFINITIONS) -> list[ChartSpec]:
    """The charts of the article's city-wide numbers that the dataset has figures for, in order."""
    return [chart for chart in (build_chart(d, catalog) for d in definitions) if chart is not None]
