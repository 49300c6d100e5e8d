"""The details panel's HTML: every string from the data is escaped; every quote is shown."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

import pytest

from quzhou_map.core.details import DETAILS_CSS, LABEL_KEYS, site_details_html
from quzhou_map.core.model import Fact, Figure

LABELS = {key: key.upper() for key in LABEL_KEYS}
LABELS.update({"line": "line {line}", "estimate_warning": "estimated, within {radius}"})
XSS = "<script>alert(1)</script>"


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs


def parse(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def yudong(shipped_catalog):
    return shipped_catalog.get("village-yudong")


@pytest.fixture(scope="module")
def hostile(yudong):
    fact = Fact(quote=f"引文{XSS}&amp;", translation="Tom & Jerry <b>bold</b>", section=f"节{XSS}",
                figures=(Figure("1.1万", 11000.0, "<img src=x onerror=alert(2)>", "\"'&"),), line=57)
    position = yudong.position._replace(source="<a href='javascript:alert(3)'>x</a>", datum="WGS-84 & <u>")
    return yudong._replace(name_zh=f"{XSS}余东 & 村", name_en="Yudong & <i>Co</i>", name_pinyin="Yú<b>",
                   county="柯城区&<", township=XSS, position=position, facts=(fact,))


@pytest.mark.parametrize("language", ["zh", "en"])
def test_hostile_strings_are_escaped(hostile, language):
    html = site_details_html(hostile, LABELS, language)
    assert XSS not in html
    assert "<script" not in html.lower()
    assert "<img" not in html and "<a " not in html and "<u>" not in html and "<i>Co" not in html
    assert escape(XSS) in html
    assert escape(f"{XSS}余东 & 村") in html
    assert "Yudong &amp; &lt;i&gt;Co&lt;/i&gt;" in html
    assert ("Tom &amp; Jerry" in html) == (language == "en")  # the Chinese panel shows the quote alone
    assert "&amp;amp;" in html  # the literal '&amp;' of the quote is shown as typed
    parsed = parse(html)
    assert set(parsed.tags) <= {"h2", "h3", "p", "i", "b", "div", "table", "tr", "th", "td", "span", "br"}
    assert not any(name.startswith("on") for name, _value in parsed.attrs)


def test_figure_bold_is_ours_not_the_datas(hostile):
    """The figure text is bolded by the template; a <b> in the data stays text."""
    html = site_details_html(hostile, LABELS, "en")
    assert "<b>1.1万</b>" in html
    assert "Jerry &lt;b&gt;bold&lt;/b&gt;" in html


def test_contains_every_quote_of_yudong(yudong):
    html = site_details_html(yudong, LABELS, "zh")
    assert len(yudong.facts) >= 2
    for fact in yudong.facts:
        assert escape(fact.quote) in html
        assert fact.quote in html  # no character of these quotes needs escaping
        assert escape(fact.translation) not in html  # Chinese: the quote as printed, no English
    assert "余东村" in html and "Yudong Village" in html and "Yúdōng Cūn" in html
    assert "1.1万名游客" in html and "12.6万元" in html  # as printed, with its measure word
    english = site_details_html(yudong, LABELS, "en")
    assert "= 11,000" in english and "= 126,000" in english
    assert "line 57" in html
    assert "(%d)" % len(yudong.facts) in html


def test_estimate_warning_only_for_estimates(shipped_catalog):
    estimate = shipped_catalog.get("village-yudong")
    surveyed = shipped_catalog.get("gov-gaojia-town")  # a gazetteer point for the town itself
    assert estimate.position.is_estimate and not surveyed.position.is_estimate
    assert "estimated, within 6 km" in site_details_html(estimate, LABELS, "en")
    assert "estimated, within" not in site_details_html(surveyed, LABELS, "en")
    assert "± 2 km" in site_details_html(surveyed, LABELS, "en")


def test_theme_name_follows_the_language_and_city_record(shipped_catalog):
    yudong = shipped_catalog.get("village-yudong")
    assert "未来乡村" in site_details_html(yudong, LABELS, "zh")
    assert "Future villages" in site_details_html(yudong, LABELS, "en")
    city_html = site_details_html(shipped_catalog.city, LABELS, "en")
    assert "CITY_RECORD" in city_html and "300 m" in city_html
    assert "COUNTY" not in city_html and "TOWNSHIP" not in city_html  # it stands for all six counties
    assert "COUNTY" in site_details_html(yudong, LABELS, "en")


def test_unknown_township_uses_the_label(shipped_catalog):
    park = shipped_catalog.get("park-zhizao-xincheng")
    assert park.township is None
    assert "<td>UNKNOWN</td>" in site_details_html(park, LABELS, "en")


def test_line_link_is_escaped(yudong):
    html = site_details_html(yudong, LABELS, "en", line_link="article:{line}?a=1&b=2")
    assert '<a href="article:57?a=1&amp;b=2">line 57</a>' in html


def test_css_is_plain_text():
    assert "<" not in DETAILS_CSS


def test_coordinates_are_shown_no_more_precisely_than_the_position_is_known():
    from quzhou_map.core.details import coordinate_decimals

    assert coordinate_decimals(6000) == 2
    assert coordinate_decimals(300) == 3
    assert coordinate_decimals(5) == 5


FEATURE_LABELS = {"feature": "Feature {number} of {count}", "attributes": "ATTRIBUTES", "geometry": "GEOMETRY",
                  "coordinates": "COORDINATES", "no_geometry": "NONE", "stored_wgs84": "WGS-84"}


@pytest.fixture
def user_frame():
    import geopandas
    import shapely

    return geopandas.GeoDataFrame({
        "name": ["<b>x</b>", "plain"], f"col{XSS}": ["a & b", None], "area": [1234.5678912, float("nan")],
        "note": ["w" * 100 + "\nnext line", "short"],
    }, geometry=[shapely.Point(118.8716123456, 28.9417987654), shapely.box(118, 28, 119, 29)], crs=4326)


def test_user_feature_attributes_are_escaped_and_formatted(user_frame):
    from quzhou_map.core.details import feature_details_html

    html = feature_details_html(f"My {XSS} layer", user_frame.drop(columns="geometry"), 0, FEATURE_LABELS,
                                user_frame.geometry.iloc[0])
    assert XSS not in html and "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html and escape(f"col{XSS}") in html and "a &amp; b" in html
    assert escape(f"My {XSS} layer") in html
    assert "Feature 1 of 2" in html and "ATTRIBUTES (4)" in html
    assert "1234.567891" in html  # six decimals at most
    assert "GEOMETRY</th><td>Point" in html and "28.941799° N, 118.871612° E (WGS-84)" in html
    assert "\u200b" in html and "<br>next line" in html  # a long run wraps; a line break stays
    parsed = parse(html)
    assert set(parsed.tags) <= {"h2", "h3", "p", "table", "tr", "th", "td", "br"}


def test_user_feature_without_a_point_has_no_coordinates(user_frame):
    from quzhou_map.core.details import feature_details_html

    html = feature_details_html("Layer", user_frame.drop(columns="geometry"), 1, FEATURE_LABELS,
                                user_frame.geometry.iloc[1])
    assert "Feature 2 of 2" in html and "Polygon" in html and "COORDINATES" not in html
    assert "<td valign='top'></td>" in html  # None and NaN are empty
