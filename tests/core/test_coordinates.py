""""Go to coordinate": the forms people type or paste are read as (lat, lon), the rest is refused with a one-line
reason, printed coordinates read back, and GCJ-02 / BD-09 points from Chinese web maps land on WGS-84."""

from __future__ import annotations

import warnings

import prcoords
import pytest

from quzhou_map.core.coordinates import DATUMS, CoordinateError, format_coordinate, parse_coordinate, to_wgs84

QUZHOU = (29.12, 118.87)  # 29°07′12″N 118°52′12″E
QUZHOU_DM = (29 + 7 / 60, 118 + 52 / 60)  # 29°7′N 118°52′E


@pytest.mark.parametrize("text", [
    "29.12, 118.87", "29.12 118.87", "29.12,118.87", "  29.12\t118.87\n", "29.12; 118.87", "29.12，118.87",
    "29.12；118.87", "29.12：118.87", "+29.12 +118.87", "２９．１２，１１８．８７",
    "N29.12 E118.87", "N 29.12, E 118.87", "E118.87 N29.12", "118.87E 29.12N", "29.12N, 118.87E", "29.12n 118.87e",
    "29.12N E118.87", "N 29.12, 118.87 E", "29.12°N, 118.87°E", "N29.12° E118.87°", "29.12°, 118.87°",
    "北纬29.12 东经118.87", "东经118.87，北纬29.12", "北纬：29.12；东经：118.87", "29.12北 118.87东",
    "29°7'12\"N 118°52'12\"E", "29°7′12″N 118°52′12″E", "29°7’12”N 118°52’12”E", "29°7′12′′N 118°52'12''E",
    "N29°07′12.0″ E118°52′12.0″", "29 7 12 N 118 52 12 E", "N 29 7 12, E 118 52 12", "29d7m12sN 118d52m12sE",
    "29d 7m 12s N, 118d 52m 12s E", "29:07:12N 118:52:12E", "北纬29度7分12秒，东经118度52分12秒",
    "29°7'12\" 118°52'12\"", "29 7 12, 118 52 12", "29°7.2'N 118°52.2'E", "29 7.2 N 118 52.2 E",
    "118.87, 29.12", "118.87 29.12", "118°52'12\", 29°7'12\"",
])
def test_accepted_forms_read_as_lat_lon(text: str) -> None:
    assert parse_coordinate(text) == pytest.approx(QUZHOU, abs=1e-9)


@pytest.mark.parametrize("text", ["东经118°52′ 北纬29°7′", "北纬29°7′ 东经118°52′", "29°7'N 118°52'E", "E118 52 N29 7"])
def test_degrees_and_minutes(text: str) -> None:
    assert parse_coordinate(text) == pytest.approx(QUZHOU_DM, abs=1e-9)


@pytest.mark.parametrize(("text", "expected"), [
    ("-29.12, -118.87", (-29.12, -118.87)),
    ("-29.12 -118.87", (-29.12, -118.87)),
    ("S29.12 W118.87", (-29.12, -118.87)),
    ("118.87W 29.12S", (-29.12, -118.87)),
    ("29°7'12\"S 118°52'12\"W", (-29.12, -118.87)),
    ("南纬29.12 西经118.87", (-29.12, -118.87)),
    ("-29 7 12, -118 52 12", (-29.12, -118.87)),
    ("-118.87, 29.12", (29.12, -118.87)),  # first beyond ±90, second within: lon, lat
    ("45, 100", (45, 100)),
    ("10, 20", (10, 20)),  # both could be latitudes: lat, lon as typed
    ("0, 0", (0, 0)),
    ("90 180", (90, 180)),
])
def test_signs_hemispheres_and_order(text: str, expected: tuple[float, float]) -> None:
    assert parse_coordinate(text) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(("text", "words"), [
    ("", "no coordinate"),
    ("   ，；", "no coordinate"),
    ("N E", "no numbers"),
    ("29.12", "only one number"),
    ("29 7 12", "cannot read"),
    ("29.12, 118.87, 100", "cannot read"),
    ("N29 7 12 5 E118", "cannot read"),
    ("29°60'N 118°52'E", "minutes 60"),
    ("29°7'60\"N 118°52'12\"E", "seconds 60"),
    ("29 75 N 118 E", "minutes 75"),
    ("91, 118", "latitude 91"),
    ("-91, 100", "latitude -91"),
    ("N91 E118", "latitude 91"),
    ("29.12, 181", "longitude 181"),
    ("E181 N29", "longitude 181"),
    ("29, 200", "longitude 200"),
    ("N29 N30", "two latitudes"),
    ("E118 W119", "two longitudes"),
    ("29.12N 118.87", "only one hemisphere"),
    ("N29 E118 N30", "more than two"),
    ("X29 Y118", "'X'"),
    ("lat 29.12 lon 118.87", "'lat'"),
    ("29.12Q 118.87", "'Q'"),
    ("nan, 118.87", "not a finite number"),
    ("29.12, inf", "not a finite number"),
    ("1" * 400 + ", 118.87", "not a finite number"),
    ("N-29 E118", "minus sign"),
    ("29.5°7'N 118°E", "decimals"),
    ("29 -7 N 118 E", "sign inside"),
    ("7'N 118°E", "without degrees"),
    ("° 29 118", "does not follow a number"),
    ("29.12 / 118.87", "'/'"),
])
def test_refused_with_a_one_line_reason(text: str, words: str) -> None:
    with pytest.raises(CoordinateError) as caught:
        parse_coordinate(text)
    message = str(caught.value)
    assert words in message and "\n" not in message
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("point", [QUZHOU, (28.5, 118.25), (29.987654, 119.456789), (-33.8688, 151.2093),
                                   (0.5, -0.25), (-89.999, -179.999), (0.0, 0.0)])
def test_formats_read_back(point: tuple[float, float]) -> None:
    assert parse_coordinate(format_coordinate(*point)) == pytest.approx(point, abs=5e-7)
    assert parse_coordinate(format_coordinate(*point, style="dms")) == pytest.approx(point, abs=0.051 / 3600)


def test_format_styles() -> None:
    assert format_coordinate(*QUZHOU) == "29.120000, 118.870000"
    assert format_coordinate(*QUZHOU, style="dms") == "29°07′12.0″N 118°52′12.0″E"
    assert format_coordinate(-29.12, -118.87, style="dms") == "29°07′12.0″S 118°52′12.0″W"
    assert format_coordinate(28.999999, 118.0, style="dms") == "29°00′00.0″N 118°00′00.0″E"  # 59.99…″ carries
    with pytest.raises(ValueError):
        format_coordinate(*QUZHOU, style="utm")


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    return prcoords.Coords(*a).distance(prcoords.Coords(*b))


@pytest.mark.parametrize(("datum", "forward", "inverse"), [
    ("GCJ-02", prcoords.wgs_gcj, prcoords.gcj_wgs_bored),
    ("BD-09", prcoords.wgs_bd, prcoords.bd_wgs_bored),
])
@pytest.mark.parametrize("wgs", [QUZHOU, (28.3, 118.1), (29.4, 119.4)])
def test_chinese_web_map_datums_become_wgs84(datum: str, forward, inverse, wgs: tuple[float, float]) -> None:
    shifted = tuple(forward(prcoords.Coords(*wgs)))
    result = to_wgs84(*shifted, datum)
    assert _metres(result, tuple(inverse(prcoords.Coords(*shifted)))) < 1
    assert _metres(result, wgs) < 1
    assert _metres(result, shifted) > 100
    assert to_wgs84(*shifted, datum.lower().replace("-", "")) == result


def test_wgs84_and_points_outside_china_are_left_as_they_are() -> None:
    assert to_wgs84(*QUZHOU, "WGS-84") == QUZHOU
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # prcoords would warn about non-Chinese coordinates
        assert to_wgs84(48.8566, 2.3522, "GCJ-02") == (48.8566, 2.3522)
        assert to_wgs84(48.8566, 2.3522, "BD-09") == (48.8566, 2.3522)
    assert DATUMS == ("WGS-84", "GCJ-02", "BD-09")
    with pytest.raises(ValueError):
        to_wgs84(*QUZHOU, "CGCS2000")
