"""The details panel's content: a site's names, facts and position provenance as escaped HTML.

Every string from the data passes through ``html.escape``; the labels come translated from the
caller, so this stays free of Qt.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from html import escape
from typing import Any

from quzhou_map.core.figure_text import figure_rows
from quzhou_map.core.model import Fact, Site
from quzhou_map.core.place_names import county_text, section_text, township_text
from quzhou_map.core.themes import CITY_THEME_ID, THEMES_BY_ID

#: Label keys the caller must translate.
LABEL_KEYS = ("theme", "county", "township", "unknown", "facts", "position", "source",
              "datum", "method", "precision", "line", "caption", "estimate_warning", "city_record",
              "methods.gazetteer", "methods.converted", "methods.estimate", "stored_wgs84",
              "source_in_english")
#: The label of a fact's "copy as a citation" link, needed only with ``copy_link``.
COPY_LABEL_KEY = "copy_citation"
#: Label keys of a user layer's feature ("feature" has {number} and {count}).
FEATURE_LABEL_KEYS = ("feature", "attributes", "geometry", "coordinates", "no_geometry", "stored_wgs84")
#: A value longer than this is cut (laying out 200 KB took seconds, 5 MB froze the panel): the rest is named,
#: "… (N more characters)", with a link (``more_link``) that copies the whole text (``full_text``).
LONG_TEXT_CHARS = 4000
#: The label of that link, when the caller's labels have none.
COPY_ALL_KEY = "copy_all"
#: Runs of this many characters without a space get a break opportunity, so a long URL still wraps.
_UNBROKEN = re.compile(r"(\S{32})(?=\S)")


def _metres(value: float) -> str:
    return f"{value / 1000:g} km" if value >= 1000 else f"{value:g} m"


def coordinate_decimals(precision_m: float) -> int:
    """Decimals of a degree that the precision supports: ±6 km → 2 (0.01° ≈ 1.1 km), ±300 m → 3."""
    metres_per_degree = 111_000
    return max(1, min(6, math.ceil(-math.log10(max(precision_m, 0.1) / metres_per_degree))))


def _fact_html(fact: Fact, number: int, labels: Mapping[str, str], line_link: str | None,
               language: str, copy_link: str | None = None, more_link: str | None = None) -> str:
    where = escape(section_text(fact.section, language))  # pinyin in English: the dataset has no English
    if fact.line:
        line = escape(labels["line"].format(line=fact.line))
        if line_link:
            line = f'<a href="{escape(line_link.format(line=fact.line, fact=number))}">{line}</a>'
        where += " · " + line
    if fact.is_caption:
        where += " · " + escape(labels["caption"])
    if copy_link:
        where += f' · <a href="{escape(copy_link.format(fact=number))}">{escape(labels[COPY_LABEL_KEY])}</a>'
    parts = [
        '<div class="fact">',
        # as printed: it has its own marks; a long text is cut (the rest: more_link)
        f'<p class="quote" lang="zh-CN">{_text_html(fact.quote, f"fact/{number}/quote", more_link, labels)}</p>',
    ]
    if language != "zh":  # the Chinese interface shows the quote as printed, the English one its translation too
        translation = _text_html(fact.translation, f"fact/{number}/translation", more_link, labels)
        parts.append(f'<p class="translation" lang="en">{translation}</p>')
    parts.append(f'<p class="where">{where}</p>')
    shown = figure_rows(fact.figures, language)  # no years or date parts; units in the panel's language
    if shown:
        rows = "".join(
            f"<tr><td><b>{escape(row.value)}</b></td>" + (f"<td>{escape(row.equals)}</td>" if language != "zh" else "")
            + f"<td>{escape(row.unit)}</td><td>{escape(row.period)}</td></tr>" for row in shown)
        parts.append(f'<table class="figures" cellspacing="0" cellpadding="2">{rows}</table>')
    parts.append("</div>")
    return "".join(parts)


def site_details_html(site: Site, labels: Mapping[str, str], language: str, line_link: str | None = None,
                      copy_link: str | None = None, more_link: str | None = None) -> str:
    """Everything the article and the dataset say about ``site``.

    ``line_link`` formats the link on each fact's line number, from ``{line}`` and ``{fact}`` (its index);
    ``copy_link``, from ``{fact}``, a link after it that copies the fact as a citation; ``more_link``, from ``{key}``,
    the link after a text cut at LONG_TEXT_CHARS that copies all of it (``full_text``)."""
    theme = THEMES_BY_ID.get(site.theme)
    theme_name = theme.name(language) if theme else labels["city_record"]
    position = site.position
    method = labels.get(f"methods.{position.method}", position.method)
    rows = [(labels["theme"], theme_name)]
    if site.theme != CITY_THEME_ID:  # the city record stands for all six counties
        township = township_text(site.township, language) if site.township else labels["unknown"]
        rows += [(labels["county"], county_text(site.county, language)), (labels["township"], township)]
    head = "".join(f"<tr><th align='left'>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    radius = _metres(position.precision_m)
    decimals = coordinate_decimals(position.precision_m)  # no false precision
    warning = (f'<p class="estimate">{escape(labels["estimate_warning"].format(radius=radius))}</p>'
               if position.is_estimate else "")
    provenance = [
        (labels["position"], f"{position.lat:.{decimals}f}° N, {position.lon:.{decimals}f}° E "
                             f"({labels['stored_wgs84']})"),
        (labels["precision"], "± " + _metres(position.precision_m)),
        (labels["method"], method),
        (labels["datum"], position.datum),
    ]
    prov = "".join(f"<tr><th align='left' valign='top'>{escape(k)}</th><td>{escape(v)}</td></tr>"
                   for k, v in provenance)
    # The sources are free text, one of its own for nearly every site, written in English: the Chinese
    # interface says so rather than translate them.
    source = f'<span lang="en">{escape(position.source)}</span>'
    if language == "zh":
        source = f'<span class="note">{escape(labels["source_in_english"])}</span><br>{source}'
    prov += f"<tr><th align='left' valign='top'>{escape(labels['source'])}</th><td>{source}</td></tr>"
    facts = "".join(_fact_html(fact, n, labels, line_link, language, copy_link, more_link)
                    for n, fact in enumerate(site.facts))
    return (
        f'<h2 lang="zh-CN">{escape(site.name_zh)}</h2>'
        f'<p class="names">{escape(site.name_en)} · <i>{escape(site.name_pinyin)}</i></p>'
        f"{warning}<table>{head}</table>"
        f"<h3>{escape(labels['facts'])} ({len(site.facts)})</h3>{facts}"
        f"<h3>{escape(labels['position'])}</h3><table>{prov}</table>"
    )


def _wrappable_html(text: str, key: str | None = None, more_link: str | None = None,
                    labels: Mapping[str, str] | None = None) -> str:
    """Escaped text that wraps: long runs get zero-width spaces, line breaks stay line breaks. Text over
    LONG_TEXT_CHARS is cut, saying how much more there is, with a link (``more_link`` formatted with ``key``)."""
    more = ""
    if len(text) > LONG_TEXT_CHARS:
        more = f" … ({len(text) - LONG_TEXT_CHARS:,} more characters)"
        if more_link and key is not None:
            label = (labels or {}).get(COPY_ALL_KEY, "copy all")
            more += f' <a href="{escape(more_link.format(key=key))}">{escape(label)}</a>'
        text = text[:LONG_TEXT_CHARS]
    return escape(_UNBROKEN.sub("\\1\u200b", text)).replace("\n", "<br>") + more


def _text_html(text: str, key: str, more_link: str | None, labels: Mapping[str, str]) -> str:
    """A site's text as it is when short (Chinese wraps anywhere), bounded when long."""
    return escape(text) if len(text) <= LONG_TEXT_CHARS else _wrappable_html(text, key, more_link, labels)


def full_text(site: Site, key: str) -> str | None:
    """The whole of a text the details cut (its ``key`` as in the "copy all" link), or None."""
    parts = key.split("/")
    if key == "source":
        return site.position.source
    if len(parts) == 3 and parts[0] == "fact" and parts[1].isdigit() and int(parts[1]) < len(site.facts):
        return getattr(site.facts[int(parts[1])], parts[2], None) if parts[2] in ("quote", "translation") else None
    return None


def feature_full_text(frame: Any, row: int, key: str) -> str | None:
    """The whole value of a user feature's attribute (``key`` "attribute/N", as in its "copy all" link)."""
    from quzhou_map.core.feature_table import attribute_columns, format_value

    kind, _, index = key.partition("/")
    columns = attribute_columns(frame)
    if kind != "attribute" or not index.isdigit() or int(index) >= len(columns) or row >= len(frame):
        return None
    return format_value(frame.iloc[row][columns[int(index)]])


def _hemispheres(lat: float, lon: float) -> str:
    return (f"{abs(lat):.6f}° {'N' if lat >= 0 else 'S'}, "
            f"{abs(lon):.6f}° {'E' if lon >= 0 else 'W'}")


def feature_details_html(title: str, frame: Any, row: int, labels: Mapping[str, str], shape: Any,
                         more_link: str | None = None) -> str:
    """One feature of a user layer: its attributes (``frame``, a row of the layer's DataFrame), its
    geometry type and, for a point, where it is (``shape``, WGS-84). Every name and value from the file is escaped."""
    from quzhou_map.core.feature_table import attribute_columns, format_value

    columns = attribute_columns(frame)
    values = frame.iloc[row]
    attributes = "".join(
        f"<tr><th align='left' valign='top'>{_wrappable_html(name)}</th>"
        f"<td valign='top'>{_wrappable_html(format_value(values[name]), f'attribute/{n}', more_link, labels)}"
        "</td></tr>" for n, name in enumerate(columns))
    if shape is None or shape.is_empty:
        rows = [(labels["geometry"], labels["no_geometry"])]
    else:
        rows = [(labels["geometry"], labels.get(f"geom:{shape.geom_type}", shape.geom_type))]
        if shape.geom_type == "Point":
            rows.append((labels["coordinates"], f"{_hemispheres(shape.y, shape.x)} ({labels['stored_wgs84']})"))
    shape_rows = "".join(f"<tr><th align='left'>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    number = labels["feature"].format(number=f"{row + 1:,}", count=f"{len(frame):,}")
    return (
        f"<h2>{_wrappable_html(title)}</h2><p class=\"names\">{escape(number)}</p>"
        f"<table>{shape_rows}</table>"
        f"<h3>{escape(labels['attributes'])} ({len(columns)})</h3>"
        f'<table class="attributes" cellspacing="0" cellpadding="2">{attributes}</table>'
    )


DETAILS_CSS = """
h2 { margin: 0 0 2px 0; }
.names { color: #444; margin-top: 0; }
.fact { margin: 6px 0 10px 0; padding-left: 6px; border-left: 3px solid #b0bec5; }
.quote { margin: 0; font-size: 15px; }
.translation { margin: 2px 0; color: #333; }
.where { margin: 0; color: #777; font-size: 11px; }
.figures td { color: #1b5e20; font-size: 12px; padding-right: 8px; }
.estimate { color: #8a5a00; }
.note { color: #777; font-size: 11px; }
th { padding-right: 10px; color: #555; }
.attributes th { font-weight: normal; }
.attributes td, .attributes th { border-bottom: 1px solid #eceff1; }
"""
