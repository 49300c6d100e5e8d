"""Labels on the real page: county and site names never cover a symbol or each other; tooltips stay inside."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest

from tests.qt.conftest import close_window, js, status, wait_for_status

SIZES = [(1300, 820), (1024, 700), (800, 600)]
CITY = (28.97, 118.87)  # the city centre, where the sites crowd
SLACK = 0.5  # px: boxes may touch, not overlap


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] - SLACK and b[0] < a[2] - SLACK and a[1] < b[3] - SLACK and b[1] < a[3] - SLACK


def inside(box: list[float], area: list[float]) -> bool:
    return box[0] >= area[0] - SLACK and box[1] >= area[1] - SLACK and box[2] <= area[2] + SLACK \
        and box[3] <= area[3] + SLACK


def boxes(qtbot: Any, window: Any) -> dict[str, Any]:
    return js(qtbot, window, "QuzhouMap.debug.labelBoxes()")


def assert_nothing_overlaps(seen: dict[str, Any], where: str) -> None:
    symbols = seen["symbols"]
    labels = [label for label in seen["counties"] + seen["sites"] if label["shown"]]
    for label in labels:
        assert inside(label["box"], seen["map"]), f"{where}: {label['text']} sticks out of the map"
        assert label["box"][2] - label["box"][0] > 5, f"{where}: {label['text']} has no size"
        for symbol in symbols:
            assert not overlap(label["box"], symbol["box"]), f"{where}: {label['text']} covers {symbol['id']}"
    for a, b in combinations(labels, 2):
        assert not overlap(a["box"], b["box"]), f"{where}: {a['text']} overlaps {b['text']}"


def zoom_to(qtbot: Any, window: Any, zoom: float | None) -> None:
    """The starting view (None) or ``zoom`` on the city centre; the labels are placed when it ends."""
    if zoom is None:
        window.zoom_all_action.trigger()  # animated: wait until the page has reported the view it ended on
        qtbot.waitUntil(lambda: js(qtbot, window, "JSON.stringify(!!window.QuzhouMap && "
                                                  "!document.querySelector('.leaflet-zoom-anim'))") is True,
                        timeout=5000)
        qtbot.wait(300)
        return
    window.state.set_view((*CITY, zoom))
    qtbot.waitUntil(lambda: status(qtbot, window)["zoom"] == zoom, timeout=5000)


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_labels_cover_no_symbol_and_no_other_label(open_window: Any, qtbot: Any, size: tuple[int, int],
                                                   language: str) -> None:
    window = open_window(size=size, lang=language)
    window.fit_docks(size[0])
    qtbot.wait(300)  # the map's new size settles (Leaflet's resize is debounced)
    seen = boxes(qtbot, window)
    assert len(seen["counties"]) == 6 and seen["sites"] == []  # site names are off by default
    assert len(seen["symbols"]) == len(window.state.catalog.sites)
    assert any(label["shown"] for label in seen["counties"])
    assert_nothing_overlaps(seen, "start")
    window.site_labels_action.trigger()
    assert window.state.site_labels
    wait_for_status(qtbot, window, lambda s: s["siteLabels"])
    for zoom in (None, 9, 10, 11.5):
        zoom_to(qtbot, window, zoom)
        seen = boxes(qtbot, window)
        where = f"{size} {language} zoom {zoom}"
        assert_nothing_overlaps(seen, where)
        shown = [label for label in seen["sites"] if label["shown"]]
        assert len(shown) >= 2, f"{where}: only {len(shown)} site names shown"
        names = {s.id: s.name_zh if language == "zh" else s.name_en for s in window.state.catalog.sites}
        assert all(label["text"] == names[label["id"]] for label in seen["sites"])
    # a hidden theme takes its names away; turning site labels off takes every one away
    window.state.set_theme_visible("landmark", False)
    hidden = {s.id for s in window.state.catalog.sites if s.theme == "landmark"}
    qtbot.waitUntil(lambda: not any(label["shown"] and label["id"] in hidden
                                    for label in boxes(qtbot, window)["sites"]), timeout=5000)
    assert_nothing_overlaps(boxes(qtbot, window), "landmarks hidden")
    window.site_labels_action.trigger()
    qtbot.waitUntil(lambda: boxes(qtbot, window)["sites"] == [], timeout=5000)


def test_site_labels_follow_the_language(open_window: Any, qtbot: Any) -> None:
    window = open_window(lang="en", site_labels=True)
    assert window.site_labels_action.isChecked()
    qtbot.waitUntil(lambda: any(label["text"] == "Xiayu Village" for label in boxes(qtbot, window)["sites"]),
                    timeout=5000)
    window.state.set_language("zh")
    qtbot.waitUntil(lambda: any(label["text"] == "下淤村" for label in boxes(qtbot, window)["sites"]),
                    timeout=5000)
    assert_nothing_overlaps(boxes(qtbot, window), "zh")


def test_site_labels_are_remembered(open_window: Any, qtbot: Any, config_dir: Any) -> None:
    from quzhou_map.core.settings import load_settings

    window = open_window()
    assert not window.site_labels_action.isChecked() and not status(qtbot, window)["siteLabels"]
    window.site_labels_action.trigger()
    close_window(qtbot, window)
    assert load_settings(config_dir)[0].site_labels is True
    again = open_window()
    assert again.state.site_labels and again.site_labels_action.isChecked()
    wait_for_status(qtbot, again, lambda s: s["siteLabels"])


def test_the_command_line_turns_site_labels_on() -> None:
    from quzhou_map.cli import app_parser

    assert app_parser().parse_args(["--site-labels", "--screenshot", "x.png"]).site_labels is True
    assert app_parser().parse_args([]).site_labels is False


# where the site is put (px from the edge, negative from the far one; a fraction: that share of the map);
# not at the bottom, where the scale bar and the attribution would take the mouse
EDGES = {"top": (0.5, 6), "left": (6, 0.5), "right": (-6, 0.5), "top-left": (6, 6), "top-right": (-6, 6)}


@pytest.mark.parametrize("edge", EDGES.values(), ids=EDGES.keys())
def test_a_tooltip_near_the_edge_stays_inside_the_map(open_window: Any, qtbot: Any, edge: tuple[float, float]) -> None:
    window = open_window(size=(1024, 700))
    window.fit_docks(1024)
    qtbot.wait(300)
    site = "village-xiayu"  # alone in its county: nothing else opens a tooltip there
    width, height = boxes(qtbot, window)["map"][2:]
    target = [v * size if 0 < v < 1 else (v if v > 0 else size + v)
              for v, size in zip(edge, (width, height), strict=True)]
    now = js(qtbot, window, f"QuzhouMap.debug.markerContainerPoint({site!r})")
    lat, lng = js(qtbot, window, f"QuzhouMap.debug.latLngAt({width / 2 + now['x'] - target[0]}, "
                                 f"{height / 2 + now['y'] - target[1]})")
    zoom = status(qtbot, window)["zoom"]
    window.state.set_view((lat, lng, zoom))

    def near_edge() -> None:
        point = js(qtbot, window, f"QuzhouMap.debug.markerContainerPoint({site!r})")
        assert point and abs(point["x"] - target[0]) < 2 and abs(point["y"] - target[1]) < 2

    qtbot.waitUntil(near_edge, timeout=5000)
    point = js(qtbot, window, f"QuzhouMap.debug.markerContainerPoint({site!r})")
    view = window.map_view.focusProxy()
    QTest.mouseMove(view, QPoint(round(width / 2), round(height / 2)))
    QTest.mouseMove(view, QPoint(round(point["x"]), round(point["y"])))
    qtbot.waitUntil(lambda: len(boxes(qtbot, window)["tooltips"]) == 1, timeout=5000)
    seen = boxes(qtbot, window)
    tooltip = seen["tooltips"][0]
    assert "下淤村" in tooltip["text"] or "Xiayu" in tooltip["text"]
    assert inside(tooltip["box"], seen["map"]), (tooltip, seen["map"])
