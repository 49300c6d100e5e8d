"""The map's themes: one GeoJSON file, one layer, one colour and one symbol each."""

from __future__ import annotations

from typing import NamedTuple


class Theme(NamedTuple):
    """A thematic layer. ``symbol`` is a shape name drawn the same way on the map and in the panel."""

    id: str
    file_name: str
    name_zh: str
    name_en: str
    color: str
    symbol: str  # circle | square | triangle | diamond

    def name(self, language: str) -> str:
        """The theme's name in ``language`` ('zh' or 'en')."""
        return self.name_zh if language == "zh" else self.name_en


THEMES: tuple[Theme, ...] = (
    Theme("future_village", "future_villages.geojson", "未来乡村", "Future villages", "#2e7d32", "circle"),
    Theme("industrial_park", "industrial_parks.geojson", "产业园区", "Industrial parks", "#c62828", "square"),
    Theme("governance", "governance.geojson", "基层治理", "Grassroots governance", "#1565c0", "triangle"),
    Theme("landmark", "landmarks.geojson", "城市地标", "Landmarks", "#6a1b9a", "diamond"),
)

#: The city-wide record uses the site structure but is not a map layer.
CITY_THEME_ID = "city"
CITY_FILE_NAME = "city.geojson"
COUNTIES_FILE_NAME = "counties.geojson"

THEME_IDS: tuple[str, ...] = tuple(t.id for t in THEMES)
THEMES_BY_ID: dict[str, Theme] = {t.id: t for t in THEMES}
THEME_BY_FILE: dict[str, Theme] = {t.file_name: t for t in THEMES}

#: West, south, east, north of the six counties' union (geodata/counties.geojson), WGS-84 degrees.
QUZHOU_EXTENT: tuple[float, float, float, float] = (118.023, 28.241, 119.341, 29.500)

#: The county-level divisions of 衢州市 a site may name.
COUNTY_NAMES_EN: dict[str, str] = {
    "柯城区": "Kecheng District", "衢江区": "Qujiang District", "龙游县": "Longyou County",
    "江山市": "Jiangshan City", "常山县": "Changshan County", "开化县": "Kaihua County",
}  # as in geodata/counties.geojson (a test keeps them equal)
COUNTIES_ZH: tuple[str, ...] = tuple(COUNTY_NAMES_EN)

#: Every file of the dataset, in the order they are read.
DATASET_FILES: tuple[str, ...] = tuple(t.file_name for t in THEMES) + (CITY_FILE_NAME, COUNTIES_FILE_NAME)
