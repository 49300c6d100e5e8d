"""The story page: the exported map as the shareable version of the app (``--export-html``, File → Export).

One standalone file: the map in the app's language, layers and view, and beside it a panel (resources/web/
story.js) with each site's facts (quotes, translations, figures), the article with every mention of a site a
link, and the tour through the sites in the order the article names them. Everything the panel shows is passed
here as JSON data, and the page puts it into the DOM as text, never as HTML.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from quzhou_map.core.article import ARTICLE_PUBLICATION, ARTICLE_TITLE, Article
from quzhou_map.core.catalog import SiteCatalog
from quzhou_map.core.details import coordinate_decimals
from quzhou_map.core.figure_text import figure_rows
from quzhou_map.core.model import Site
from quzhou_map.core.state import LANGUAGES, View
from quzhou_map.core.themes import COUNTY_NAMES_EN, THEME_IDS, THEMES

if TYPE_CHECKING:
    from quzhou_map.core.article_layout import Reading
    from quzhou_map.core.state import AppState

#: The panel's words in both languages (the page switches without Qt's translator); the Chinese as the
#: app's own translation has them (resources/i18n/quzhou_map_zh.ts) where the app says the same thing.
STORY_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "衢州地图", "other_language": "English", "layers": "图层",
        "tab_site": "地点", "tab_article": "原文",
        "previous": "上一地点", "next": "下一地点", "tour": "原文导览", "step": "第 {step} 站,共 {count} 站",
        "hint": "点击地图上的地点或原文中带下划线的地名,查看原文所述;“下一地点”按原文首次提及的顺序导览。",
        "theme": "主题", "county": "县(市、区)", "township": "乡镇(街道)", "unknown": "未知",
        "facts": "原文所述", "position": "位置", "source": "来源", "datum": "来源坐标系", "method": "定位方式",
        "precision": "精度", "line": "第 {line} 行", "caption": "图片说明",
        "estimate_warning": "近似位置:依据文字描述估计,并非实测;实际地点约在此点 {radius} 范围内。",
        "city_record": "全市概况", "stored_wgs84": "WGS-84",
        "methods.gazetteer": "地名录点位", "methods.converted": "由国内网络地图坐标系转换",
        "methods.estimate": "依据文字描述估计",
        "mentions": "原文中提及 {count} 次", "no_mentions": "原文中未找到其名称",
        "english_beside": "并列英文",
        "no_translation": "无译文:数据集的事实未引用此段。",
        "partial_translation": "(仅翻译了被引用的句子。)",
    },
    "en": {
        "title": "Quzhou Map", "other_language": "中文", "layers": "Layers",
        "tab_site": "Site", "tab_article": "Article",
        "previous": "Previous site", "next": "Next site", "tour": "Tour of the article",
        "step": "Step {step} of {count}",
        "hint": "Click a site on the map, or an underlined name in the article, to see what the article says "
                "about it; “Next site” tours the sites in the order the article names them.",
        "theme": "Theme", "county": "County", "township": "Township", "unknown": "not known",
        "facts": "What the article says", "position": "Position", "source": "Source", "datum": "Datum of the source",
        "method": "Method", "precision": "Precision", "line": "line {line}", "caption": "photo caption",
        "estimate_warning": "Approximate: placed from a description, not surveyed; the place lies within about "
                            "{radius} of this point.",
        "city_record": "City-wide facts", "stored_wgs84": "WGS-84",
        "methods.gazetteer": "gazetteer point", "methods.converted": "converted from a Chinese web-map datum",
        "methods.estimate": "estimate from a text description",
        "mentions": "named {count} times in the article", "no_mentions": "its name was not found in the article",
        "english_beside": "English beside",
        "no_translation": "No translation: no fact in the dataset quotes this.",
        "partial_translation": "(Only the quoted sentences are translated.)",
    },
}


class StoryState(NamedTuple):
    """What the page starts with: the app's language, hidden themes, selected site, view and site labels
    (``tour_step``, from the command line, selects that step's site)."""

    language: str = "zh"
    hidden_themes: tuple[str, ...] = ()
    selected: str | None = None
    view: View | None = None
    site_labels: bool = False
    tour_step: int | None = None

    def problems(self, catalog: SiteCatalog) -> list[str]:
        """Why this state cannot be shown (as the app's start says it), or nothing."""
        found = []
        if self.language not in LANGUAGES:
            found.append(f"unknown language {self.language!r}; languages are: {', '.join(LANGUAGES)}")
        found += [f"unknown theme {t!r}; themes are: {', '.join(THEME_IDS)}"
                  for t in self.hidden_themes if t not in THEME_IDS]
        site = catalog.get(self.selected)
        if self.selected and site is None:
            found.append(f"unknown site {self.selected!r}; sites are: {', '.join(s.id for s in catalog.sites)}")
        elif site is not None and site.theme in self.hidden_themes:
            found.append(f"site {self.selected!r} belongs to the hidden theme {site.theme!r}")
        if self.tour_step is not None and not 1 <= self.tour_step <= len(catalog.sites):
            found.append(f"--tour-step {self.tour_step}: the tour has steps 1 to {len(catalog.sites)}")
        if self.view is not None and not all(math.isfinite(v) for v in self.view):
            found.append("the view is not a finite latitude, longitude and zoom")
        return found


def story_state(state: AppState) -> StoryState:
    """The app's state as the page should start: what the window shows now."""
    return StoryState(language=state.language,
                      hidden_themes=tuple(t for t in THEME_IDS if t not in state.visible_themes),
                      selected=state.selected_id, view=state.view, site_labels=state.site_labels)


def _metres(value: float) -> str:
    return f"{value / 1000:g} km" if value >= 1000 else f"{value:g} m"


def _county(name: str) -> dict[str, str]:
    return {"zh": name, "en": COUNTY_NAMES_EN.get(name, name)}


def site_data(site: Site) -> dict[str, Any]:
    """One site as the panel shows it: names, where it is and how well that is known, and its facts."""
    position = site.position
    decimals = coordinate_decimals(position.precision_m)  # no false precision
    return {
        "id": site.id, "theme": site.theme, "name": {"zh": site.name_zh, "en": site.name_en},
        "pinyin": site.name_pinyin, "county": _county(site.county), "township": site.township,
        "estimate": position.is_estimate, "lat": position.lat, "lng": position.lon,
        "precisionM": position.precision_m, "radius": _metres(position.precision_m),
        "coordinates": f"{position.lat:.{decimals}f}° N, {position.lon:.{decimals}f}° E",
        "method": position.method, "datum": position.datum, "source": position.source,
        "facts": [{
            "quote": fact.quote, "translation": fact.translation, "section": fact.section, "line": fact.line,
            "caption": fact.is_caption,
            "figures": {language: [list(row) for row in figure_rows(fact.figures, language)] for language in LANGUAGES},
        } for fact in site.facts],
    }


def article_data(reading: Reading) -> list[dict[str, Any]]:
    """The article's blocks in reading order; each piece of text split into plain runs and mentions
    (``{"text", "sites"}``), with the dataset's translations of the text blocks."""
    blocks = []
    for block, translation in zip(reading.blocks, reading.translations, strict=True):
        pieces = []
        for piece in block.pieces:
            parts: list[Any] = []
            at, end = piece.column, piece.column + len(piece.text)
            for mention in reading.mentions:
                if mention.line == piece.line and at <= mention.column and mention.column + len(mention.text) <= end:
                    if mention.column > at:
                        parts.append(piece.text[at - piece.column:mention.column - piece.column])
                    parts.append({"text": mention.text, "sites": list(mention.site_ids)})
                    at = mention.column + len(mention.text)
            if at < end:
                parts.append(piece.text[at - piece.column:])
            pieces.append({"line": piece.line, "parts": parts})
        entry: dict[str, Any] = {"kind": block.kind, "pieces": pieces}
        if block.kind in ("text", "caption"):
            entry["english"] = list(translation.sentences)
            entry["complete"] = translation.complete
        blocks.append(entry)
    return blocks


def story_data(catalog: SiteCatalog, reading: Reading, tour: Sequence[str], state: StoryState) -> dict[str, Any]:
    """Everything the story panel needs, JSON-ready; ``state`` checked first (``StoryState.problems``)."""
    selected = state.selected
    if state.tour_step is not None and tour:
        selected = tour[min(max(state.tour_step, 1), len(tour)) - 1]
    mentions: dict[str, int] = {}
    for mention in reading.mentions:
        for site_id in mention.site_ids:
            mentions[site_id] = mentions.get(site_id, 0) + 1
    return {
        "initial": {"language": state.language, "hidden": list(state.hidden_themes), "selected": selected,
                    "view": list(state.view) if state.view else None, "siteLabels": state.site_labels},
        "themes": [{"id": t.id, "color": t.color, "name": {"zh": t.name_zh, "en": t.name_en}} for t in THEMES],
        "sites": {site.id: {**site_data(site), "mentions": mentions.get(site.id, 0)} for site in catalog.sites},
        "city": site_data(catalog.city) if catalog.city else None,
        "tour": list(tour),
        "article": {"title": ARTICLE_TITLE, "publication": ARTICLE_PUBLICATION, "blocks": article_data(reading)},
        "labels": STORY_LABELS,
    }


def render_story_page(catalog: SiteCatalog, counties: dict[str, Any], article: Article, state: StoryState) -> str:
    """The standalone page (every script and style inlined) for ``state``."""
    from quzhou_map.core.article_layout import build_reading
    from quzhou_map.core.map_page import render_page
    from quzhou_map.core.tour import tour_order

    reading = build_reading(article, catalog.sites, catalog.city)
    tour = tour_order(reading.mentions, catalog.sites)
    return render_page(catalog.sites, counties, "inline", story=story_data(catalog, reading, tour, state))


def load_catalog(data_dir: Path) -> tuple[SiteCatalog, dict[str, Any]]:
    """The validated sites and the counties of ``data_dir`` (the slow path: geopandas)."""
    from quzhou_map.core.validation import validate

    report = validate([data_dir])
    catalog = SiteCatalog(tuple(report.sites), report.city, tuple(str(p) for p in report.problems))
    return catalog, report.counties or {"type": "FeatureCollection", "features": []}

