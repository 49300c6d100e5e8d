"""Rules every site feature must follow: properties, provenance, verbatim quotes and figures."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from quzhou_map.core.article import Article
from quzhou_map.core.model import DATUMS, POSITION_METHODS
from quzhou_map.core.numbers import number_in_text, occurs_as_number, values_agree
from quzhou_map.core.pinyin_check import pinyin_mismatch
from quzhou_map.core.problems import json_value
from quzhou_map.core.themes import COUNTIES_ZH, QUZHOU_EXTENT

REQUIRED_TEXT = ("id", "theme", "name_zh", "name_en", "name_pinyin", "county", "position_source",
                 "position_datum", "position_method")
REQUIRED = REQUIRED_TEXT + ("township", "precision_m", "facts")

#: The counties' extent with a margin of ~5 km: the coarse "is this Quzhou at all" check.
_MARGIN = 0.05
QUZHOU_BOUNDS = (QUZHOU_EXTENT[0] - _MARGIN, QUZHOU_EXTENT[1] - _MARGIN,
                 QUZHOU_EXTENT[2] + _MARGIN, QUZHOU_EXTENT[3] + _MARGIN)

#: A precision radius larger than this is no position at all (and draws as an infinite circle).
MAX_PRECISION_M = 1_000_000
#: Names are shown in lists, tool tips and on the map; longer ones are mistakes.
MAX_NAME_CHARS = 200
#: Longer limits for the properties that are prose.
MAX_TEXT_CHARS = {"position_source": 2000}


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"

def check_properties(props: dict[str, Any], expected_theme: str) -> Iterator[str]:
    """Yield a reason for each missing or malformed property."""
    for key in REQUIRED:
        if key not in props:
            yield f"missing required property {key!r}"
    for key in REQUIRED_TEXT:
        value = props.get(key)
        if key in props and (not isinstance(value, str) or not value.strip()):
            yield f"property {key!r} must be text, got {json_value(value)}"
        elif isinstance(value, str) and not _is_clean_text(value):
            yield f"property {key!r} holds control characters or broken Unicode: {_short(repr(value))}"
        elif isinstance(value, str) and len(value) > (limit := MAX_TEXT_CHARS.get(key, MAX_NAME_CHARS)):
            yield f"property {key!r} is {len(value):,} characters long; at most {limit:,}"
    if "theme" in props and props["theme"] != expected_theme:
        yield f"theme {json_value(props['theme'])} does not belong in this file (expected {expected_theme!r})"
    if isinstance(props.get("county"), str) and props["county"] not in COUNTIES_ZH:
        yield f"county {props['county']!r} is not one of {' '.join(COUNTIES_ZH)}"
    township = props.get("township")
    if "township" in props and township is not None and not (isinstance(township, str) and township.strip()):
        yield f"property 'township' must be a name or null, got {json_value(township)}"
    elif isinstance(township, str) and not (_is_clean_text(township) and len(township) <= MAX_NAME_CHARS):
        yield f"property 'township' holds control characters or is over {MAX_NAME_CHARS} characters long"
    if "position_datum" in props and props["position_datum"] not in DATUMS:
        yield f"position_datum is {json_value(props['position_datum'])}, not one of {', '.join(DATUMS)}"
    if "position_method" in props and props["position_method"] not in POSITION_METHODS:
        yield f"position_method is {json_value(props['position_method'])}, not one of {', '.join(POSITION_METHODS)}"
    precision = props.get("precision_m")
    if "precision_m" in props and not (_is_number(precision) and 0 < precision <= MAX_PRECISION_M):
        yield (f"precision_m must be a positive number of metres up to {MAX_PRECISION_M:,} (1,000 km), "
               f"got {json_value(precision)}")
    broken = [key for key in props
              if not _is_valid_unicode(key) or (key not in REQUIRED_TEXT and not _is_valid_unicode(props[key]))]
    if broken:  # a lone surrogate ("\\ud800") in a fact, a figure or the township cannot be written as UTF-8
        yield f"property {broken[0]!r} holds broken Unicode (a lone surrogate)"
    if isinstance(props.get("name_zh"), str) and isinstance(props.get("name_pinyin"), str):
        mismatch = pinyin_mismatch(props["name_zh"], props["name_pinyin"])
        if mismatch:
            yield mismatch

def check_coordinates(lon: Any, lat: Any) -> Iterator[str]:
    """Yield a reason when a point is not a WGS-84 position inside Quzhou."""
    if not (_is_number(lon) and _is_number(lat)):
        yield f"coordinates must be two numbers, got [{json_value(lon)}, {json_value(lat)}]"
        return
    west, south, east, north = QUZHOU_BOUNDS
    if west <= lat <= east and south <= lon <= north:
        yield f"coordinates [{lon}, {lat}] lie outside Quzhou (latitude and longitude swapped?)"
    elif not (-180 <= lon <= 180 and -90 <= lat <= 90):
        yield (f"coordinates [{lon}, {lat}] are not WGS-84 longitude/latitude "
               "(projected metres, or a wrong CRS?)")
    elif not (west <= lon <= east and south <= lat <= north):
        yield f"coordinates [{lon}, {lat}] lie outside Quzhou"

def check_facts(facts: Any, article: Article) -> Iterator[str]:
    """Yield a reason for each fact that is not a verbatim, correctly placed quote with true figures."""
    if not isinstance(facts, list):
        yield f"'facts' must be a list, got {json_value(facts)}"
        return
    if not facts:
        yield "'facts' is empty: every site carries at least the sentence that names it"
    for number, fact in enumerate(facts, start=1):
        for reason in _check_fact(fact, article):
            yield f"fact {number}: {reason}"

def _check_fact(fact: Any, article: Article) -> Iterator[str]:
    if not isinstance(fact, dict):
        yield f"must be an object with quote, translation, section and figures, got {json_value(fact)}"
        return
    for key in ("quote", "translation", "section"):
        if not isinstance(fact.get(key), str) or not fact[key].strip():
            yield f"{key!r} is missing" if key not in fact else f"{key!r} must be text, got {json_value(fact[key])}"
    quote = fact.get("quote")
    if not isinstance(quote, str) or not quote:
        return
    location = article.locate(quote, fact.get("section") if isinstance(fact.get("section"), str) else None)
    if location is None:
        yield f"quote «{_short(quote)}» is not an exact substring of the article"
    elif isinstance(fact.get("section"), str) and fact["section"] != location.section:
        yield (f"section {fact['section']!r} is wrong: the quote stands on line {location.line}, "
               f"in section {location.section!r}")
    figures = fact.get("figures")
    if not isinstance(figures, list):
        yield ("'figures' is missing" if "figures" not in fact
               else f"'figures' must be a list, got {json_value(figures)}")
        return
    for figure in figures:
        yield from _check_figure(figure, quote)

def _check_figure(figure: Any, quote: str) -> Iterator[str]:
    if not isinstance(figure, dict) or not isinstance(figure.get("text"), str):
        yield f"a figure ({json_value(figure)}) needs a 'text', a 'value', a 'unit' and a 'period'"
        return
    text = figure["text"]
    missing = [k for k in ("value", "unit", "period") if k not in figure]
    if missing:
        yield f"figure {text!r} lacks {', '.join(missing)}"
    if not occurs_as_number(text, quote):
        yield f"figure {text!r} does not appear in its quote «{_short(quote)}»"
        return
    printed = number_in_text(text)
    value = figure.get("value")
    if printed is None:
        yield f"figure {text!r}: cannot read a number from its text"
    elif not _is_number(value):
        yield f"figure {text!r} has value {json_value(value)}, which is not a number (its text denotes {printed:g})"
    elif not values_agree(printed, float(value)):
        yield f"figure {text!r} has value {value!r}, but its text denotes {printed:g}"

def _is_clean_text(text: str) -> bool:
    """No control characters (line breaks included) and no lone surrogates from broken encodings."""
    return all(ch.isprintable() or ch == " " for ch in text) and not any("\ud800" <= ch <= "\udfff" for ch in text)


def _is_valid_unicode(value: Any) -> bool:
    """No lone surrogate in any string of ``value`` (JSON nested at most 64 deep: geojson_file.py)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(_is_valid_unicode(k) and _is_valid_unicode(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_is_valid_unicode(v) for v in value)
    return True


def _is_number(value: Any) -> bool:
    """A finite JSON number a float can hold (an integer of 400 digits cannot: it is not one)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False
