"""The shipped dataset itself, checked independently of the validator.

The article is read straight from resources/article_zh.txt, the files with json and geopandas, and
point-in-county with shapely, so a bug in the validator cannot hide a bug in the data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core_support import ARTICLE, CITY_ID, GEODATA, REQUIRED_SITE_IDS, read_json

THEME_FILES = {
    "future_villages.geojson": "future_village",
    "industrial_parks.geojson": "industrial_park",
    "governance.geojson": "governance",
    "landmarks.geojson": "landmark",
    "city.geojson": "city",
}
COUNTIES = ("柯城区", "衢江区", "龙游县", "江山市", "常山县", "开化县")
SECTIONS = ("衢州:奋力建设四省边际共同富裕示范区", "衢州余东村 从农民画到 未来乡村", "数说衢州这五年",
            "社会治理中心 探索实践 基层“智”治")
SHARED_ARTICLE = Path("/work/shared/article/article_zh.txt")


def _features() -> list[tuple[str, dict[str, Any]]]:
    return [(name, feature) for name in THEME_FILES for feature in read_json(GEODATA / name)["features"]]


FEATURES = _features()
BY_ID = {feature["properties"]["id"]: feature for _name, feature in FEATURES}
FACTS = [(feature["properties"]["id"], number, fact)
         for _name, feature in FEATURES for number, fact in enumerate(feature["properties"]["facts"], start=1)]


def _figures(site_id: str) -> set[tuple[str, float]]:
    return {(g["text"], float(g["value"])) for f in BY_ID[site_id]["properties"]["facts"] for g in f["figures"]}


# ---------------------------------------------------------------- presence and identity

@pytest.mark.parametrize("site_id", sorted(REQUIRED_SITE_IDS))
def test_required_site_present_and_valid(site_id, shipped_report):
    assert site_id in BY_ID, f"{site_id} is not in geodata/"
    assert site_id in {s.id for s in shipped_report.sites}, f"{site_id} does not pass validation"


def test_city_record_present():
    features = read_json(GEODATA / "city.geojson")["features"]
    assert [f["properties"]["id"] for f in features] == [CITY_ID]
    assert features[0]["properties"]["theme"] == "city"


def test_ids_unique_and_consistent():
    ids = [feature["properties"]["id"] for _name, feature in FEATURES]
    assert len(ids) == len(set(ids))
    for name, feature in FEATURES:
        assert feature["id"] == feature["properties"]["id"]
        assert feature["properties"]["theme"] == THEME_FILES[name], (name, feature["id"])


def test_counties_file_has_the_six_counties():
    import geopandas

    frame = geopandas.read_file(GEODATA / "counties.geojson", engine="pyogrio")
    assert frame.crs.to_epsg() == 4326
    assert sorted(frame["name_zh"]) == sorted(COUNTIES)
    assert all(g.is_valid and g.geom_type in ("Polygon", "MultiPolygon") for g in frame.geometry)


# ---------------------------------------------------------------- quotes

@pytest.mark.parametrize(("site_id", "number", "fact"), FACTS,
                         ids=[f"{site_id}-fact{number}" for site_id, number, _ in FACTS])
def test_quote_is_an_exact_single_line_substring_of_the_article(site_id, number, fact, article_text):
    quote = fact["quote"]
    assert quote and "\n" not in quote
    assert quote in article_text, f"{site_id} fact {number}: «{quote}» is not in the article"


@pytest.mark.parametrize(("site_id", "number", "fact"), FACTS,
                         ids=[f"{site_id}-fact{number}" for site_id, number, _ in FACTS])
def test_section_is_the_heading_above_the_quote(site_id, number, fact, article_text):
    lines = article_text.split("\n")
    line = next(i for i, text in enumerate(lines) if fact["quote"] in text)
    headings = [text.strip() for text in lines[: line + 1] if text.strip() in SECTIONS]
    assert fact["section"] == (headings[-1] if headings else SECTIONS[0])


@pytest.mark.parametrize(("site_id", "number", "fact"), FACTS,
                         ids=[f"{site_id}-fact{number}" for site_id, number, _ in FACTS])
def test_figure_texts_stand_in_their_quote(site_id, number, fact):
    for figure in fact["figures"]:
        assert figure["text"] in fact["quote"], (site_id, number, figure)
        assert set(figure) >= {"text", "value", "unit", "period"}


def test_every_section_heading_is_in_the_article(article_text):
    lines = {line.strip() for line in article_text.split("\n")}
    assert all(heading in lines for heading in SECTIONS)


def test_article_copy_matches_the_shared_original():
    if not SHARED_ARTICLE.exists():
        pytest.skip(f"{SHARED_ARTICLE} is not present on this machine")
    assert ARTICLE.read_bytes() == SHARED_ARTICLE.read_bytes()


# ---------------------------------------------------------------- positions

def test_every_point_lies_inside_its_county():
    import geopandas

    counties = geopandas.read_file(GEODATA / "counties.geojson", engine="pyogrio")
    shapes = dict(zip(counties["name_zh"], counties.geometry, strict=True))
    outside = []
    for name in THEME_FILES:
        frame = geopandas.read_file(GEODATA / name, engine="pyogrio")
        assert frame.crs.to_epsg() == 4326
        for _index, row in frame.iterrows():
            assert row.geometry.geom_type == "Point"
            assert row["county"] in COUNTIES
            if not shapes[row["county"]].covers(row.geometry):
                outside.append((row["id"], row["county"], row.geometry.wkt))
    assert outside == []


def test_points_agree_with_the_raw_json():
    from shapely.geometry import shape

    for _name, feature in FEATURES:
        point = shape(feature["geometry"])
        lon, lat = feature["geometry"]["coordinates"]
        assert (point.x, point.y) == (lon, lat)
        assert 118.0 <= lon <= 119.3 and 28.2 <= lat <= 29.5, feature["id"]


def test_estimates_have_precision_of_at_least_a_kilometre():
    for _name, feature in FEATURES:
        props = feature["properties"]
        assert props["position_method"] in ("gazetteer", "converted", "estimate")
        assert props["position_datum"] in ("WGS-84", "GCJ-02", "BD-09")
        assert props["precision_m"] > 0
        if props["position_method"] == "estimate":
            assert props["precision_m"] >= 1000, (feature["id"], props["precision_m"])


# ---------------------------------------------------------------- the article's figures

def test_yudong_holiday_figures():
    figures = _figures("village-yudong")
    assert ("1.1万", 11000) in figures
    assert ("12.6万", 126000) in figures


def test_art_museum_area():
    facts = BY_ID["landmark-china-rural-art-museum"]["properties"]["facts"]
    area = [g for f in facts for g in f["figures"] if g["text"] == "4800"]
    assert area and area[0]["value"] == 4800
    assert "square metre" in area[0]["unit"] or "m²" in area[0]["unit"]


def test_future_village_projects_and_core_areas():
    for site_id in ("village-yudong", CITY_ID):
        figures = _figures(site_id)
        assert ("32", 32) in figures and ("8", 8) in figures, site_id


def test_city_gdp_and_revenue_growth():
    figures = _figures(CITY_ID)
    assert ("1230亿", 1230e8) in figures
    assert ("1876亿", 1876e8) in figures
    assert ("11.9%", 11.9) in figures
    assert ("9.8%", 9.8) in figures
