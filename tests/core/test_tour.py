"""The guided tour: its order from the mentions, the zoom that fits a precision circle, the stepping."""

from __future__ import annotations

import math

import pytest

from quzhou_map.core.article import shipped_article
from quzhou_map.core.mentions import find_mentions
from quzhou_map.core.tour import (MAX_ZOOM, MIN_ZOOM, ZOOM_SNAP, Tour, metres_per_pixel, step_view, tour_order,
                                  zoom_to_fit)

#: The order the article first names the sites in (the lines of their first mentions in the comments).
ORDER = (
    "landmark-xinan-lake",  # 11 信安湖
    "landmark-zhihui-xincheng",  # 11 智慧新城, after 信安湖 on the line
    "landmark-southern-confucius-temple",  # 15 南孔
    "landmark-station-jiangshan",  # 17 杭衢高铁, shared by the four stations: the catalog's order
    "landmark-station-longyou-bei",
    "landmark-station-qujiang",
    "landmark-station-quzhou-xi",
    "park-zhejiang-shidai-lithium",  # 23
    "village-yudong",  # 25 余东、莲花、溪口、大陈、芳村、下淤
    "village-lianhua",
    "village-xikou",
    "village-dachen",
    "village-fangcun",
    "village-xiayu",
    "park-zhizao-xincheng",  # 51
    "landmark-china-rural-art-museum",  # 61
    "gov-gaojia-town",  # 86
    "gov-qujiang-social-governance-centre",  # 88
)


def test_the_tour_follows_the_article(shipped_catalog):
    mentions = find_mentions(shipped_article(), shipped_catalog.sites)
    assert tour_order(mentions, shipped_catalog.sites) == ORDER


def test_a_site_never_named_comes_by_its_first_quote(shipped_catalog):
    sites = shipped_catalog.sites
    mentions = [m for m in find_mentions(shipped_article(), sites) if "gov-gaojia-town" not in m.site_ids]
    order = tour_order(mentions, sites)
    assert order.index("gov-gaojia-town") == len(order) - 1  # its quotes are on line 86, no mention left


def test_metres_per_pixel_is_web_mercators():
    assert metres_per_pixel(0, 0) == pytest.approx(156_543.03, rel=1e-6)
    assert metres_per_pixel(60, 1) == pytest.approx(156_543.03 / 4, rel=1e-6)  # cos 60° = ½, and one zoom halves


@pytest.mark.parametrize(("radius_m", "size"), [(1000, (600, 700)), (6000, (520, 780)), (300, (1200, 400)),
                                                 (8000, (300, 300))])
def test_the_circle_fits_the_map_with_a_margin(radius_m, size):
    lat = 29.0
    zoom = zoom_to_fit(radius_m, lat, size)
    assert zoom % ZOOM_SNAP == 0
    diameter_px = 2 * radius_m / metres_per_pixel(lat, zoom)
    assert diameter_px <= min(size) * 0.8  # the margin kept
    assert 2 * radius_m / metres_per_pixel(lat, zoom + ZOOM_SNAP) > min(size) * 0.8  # and no zoom closer fits


def test_zoom_stays_within_the_maps_limits():
    assert zoom_to_fit(1, 29, (800, 600)) == MAX_ZOOM
    assert zoom_to_fit(5_000_000, 29, (800, 600)) == MIN_ZOOM


def test_a_step_views_the_site(shipped_catalog):
    temple = shipped_catalog.get("landmark-southern-confucius-temple")  # ±1 km
    view = step_view(temple, (520, 780))
    assert (view.lat, view.lng) == (temple.position.lat, temple.position.lon)
    expected = math.floor(math.log2(40_075_016.686 * math.cos(math.radians(view.lat)) * 416 / (256 * 2000)) * 4) / 4
    assert view.zoom == expected


def test_stepping_clamps_and_ends():
    tour = Tour(("a", "b", "c"))
    seen = []
    tour.step_changed.connect(seen.append)
    tour.next()
    assert (tour.step, tour.site_id) == (1, "a")
    tour.go(3)
    tour.next()  # already at the last step
    assert tour.step == 3
    tour.previous()
    tour.go(0)
    assert tour.step == 1
    tour.end()
    assert tour.step is None and tour.site_id is None
    assert seen == [1, 3, 2, 1, None]
    tour.restore(2)  # remembered: no signal
    assert tour.step == 2 and seen[-1] is None
    tour.restore(True)
    assert tour.step is None
