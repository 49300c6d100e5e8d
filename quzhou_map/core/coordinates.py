"""Reading a coordinate the way people type or paste it ("29.12, 118.87", "北纬29°7′ 东经118°52′", "118.87E 29.12N")
for "Go to coordinate", undoing the GCJ-02 / BD-09 offsets of Chinese web maps, and printing coordinates back."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import groupby

import prcoords

DATUMS = ("WGS-84", "GCJ-02", "BD-09")

_HEMISPHERES = {"北纬": "N", "南纬": "S", "东经": "E", "西经": "W", "北": "N", "南": "S", "东": "E", "西": "W"}
_UNIT_RANKS = {**dict.fromkeys("°º˚度", 0), **dict.fromkeys("′'’分", 1), **dict.fromkeys("″\"”秒", 2)}
# Full-width input from Chinese keyboards, and the typographic signs people paste, as the ASCII the tokens expect.
_NORMALIZE = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "，": ",", "；": ";", "：": ":", "、": ",",
                            "．": ".", "－": "-", "−": "-", "＋": "+", "＇": "'", "＂": '"', "\u3000": " "})
_TOKEN = re.compile(r"""(?P<num>[+-]?(?:\d+(?:\.\d*)?|\.\d+))|(?P<unit>[°º˚度′'’分″"”秒])|(?P<word>[A-Za-z]+)
    |(?P<hemi>北纬|南纬|东经|西经|[北南东西])|(?P<hard>\s*[,;]\s*)|(?P<space>[\s:]+)|(?P<other>.)""", re.X)
_BREAK = ","  # a comma or semicolon between numbers always ends a coordinate
# How hemisphere letters (H) and runs of numbers (R) pair up: (index of the letter or None, index of the run).
_LAYOUTS = {"R": ((None, 0), (None, 0)), "HRH": ((0, 1), (2, 1)), "HRHR": ((0, 1), (2, 3)), "RHRH": ((1, 0), (3, 2)),
            "RHHR": ((1, 0), (2, 3))}


class CoordinateError(ValueError):
    """Text that is not a coordinate; the message says in one English line what was not understood."""


@dataclass
class _Num:
    text: str
    value: float
    rank: int | None = None  # 0 degrees, 1 minutes, 2 seconds when a unit says so; else its position decides


def _attach(tokens: list[_Num | str], rank: int, unit: str) -> None:
    """A unit names the rank of the number just before it ("29°", "7′", "12s")."""
    if not tokens or not isinstance(tokens[-1], _Num) or tokens[-1].rank is not None:
        raise CoordinateError(f"{unit!r} does not follow a number")
    tokens[-1].rank = rank


def _tokens(text: str) -> list[_Num | str]:
    """Numbers (units attached), hemispheres as "N"/"S"/"E"/"W", and _BREAK for commas and semicolons."""
    tokens: list[_Num | str] = []
    number_end = -1
    for match in _TOKEN.finditer(text.translate(_NORMALIZE).replace("′′", "″").replace("''", '"')):
        kind, token = match.lastgroup, match.group()
        if kind == "num" or token.lower() in ("nan", "inf", "infinity"):
            if not math.isfinite(float(token)):
                raise CoordinateError(f"{token[:20]!r} is not a finite number")
            tokens.append(_Num(token, float(token)))
            number_end = match.end()
        elif kind == "unit":
            _attach(tokens, _UNIT_RANKS[token], token)
        elif kind == "hemi":
            tokens.append(_HEMISPHERES[token])
        elif kind == "word":
            if not set(token) <= set("dmsnewDMSNEW"):
                raise CoordinateError(f"{token!r} is not a hemisphere letter (N, S, E or W)")
            for i, char in enumerate(token):
                # "s" is seconds only right after a number that follows minutes ("7m12s"); otherwise it is south.
                after_minutes = len(tokens) > 1 and isinstance(tokens[-2], _Num) and tokens[-2].rank == 1
                if char in "dDmM" or (char == "s" and i == 0 and match.start() == number_end and after_minutes):
                    _attach(tokens, "dms".index(char.lower()), char)
                else:
                    tokens.append(char.upper())
        elif kind == "hard":
            tokens.append(_BREAK)
        elif kind == "other":
            raise CoordinateError(f"{token!r} is not understood")
    return tokens


def _groups(run: list[_Num | str], wanted: int) -> list[list[tuple[_Num, int]]]:
    """Split numbers into coordinates at commas, at a unit no finer than the one before, or after seconds."""
    groups: list[list[tuple[_Num, int]]] = []
    new = True
    for token in run:
        if not isinstance(token, _Num):
            new = True
            continue
        last = None if new else groups[-1][-1][1]
        rank = token.rank if token.rank is not None else 0 if last is None or last == 2 else last + 1
        if last is None or rank <= last:
            groups.append([])
        groups[-1].append((token, rank))
        new = False
    if wanted == 2 and len(groups) == 1 and len(groups[0]) == 2 and all(n.rank is None for n, _ in groups[0]):
        groups = [[(n, 0)] for n, _ in groups[0]]  # "29.12 118.87": two plain numbers are two coordinates
    numbers = [n.text for group in groups for n, _ in group]
    if len(numbers) == 1 and wanted == 2:
        raise CoordinateError(f"only one number ({numbers[0]}): both a latitude and a longitude are needed")
    if len(groups) != wanted:
        what = "a latitude and a longitude" if wanted == 2 else "one coordinate"
        raise CoordinateError(f"cannot read {what} from {' '.join(numbers)!r}: separate with a comma or add N/S/E/W")
    return groups


def _degrees(group: list[tuple[_Num, int]], hemisphere: str | None) -> float:
    """Signed decimal degrees of one coordinate's degrees, minutes and seconds and its hemisphere, if any."""
    first = group[0][0].text
    if group[0][1] != 0:
        raise CoordinateError(f"{first!r} is minutes or seconds without degrees")
    if hemisphere and first.startswith("-"):
        raise CoordinateError(f"{first!r} has both a minus sign and hemisphere {hemisphere}")
    value = 0.0
    for i, (num, rank) in enumerate(group):
        if i and num.text[0] in "+-":
            raise CoordinateError(f"sign inside {num.text!r}: only the degrees may carry one")
        if rank and not 0 <= num.value < 60:
            raise CoordinateError(f"{'minutes' if rank == 1 else 'seconds'} {num.text} are not below 60")
        if i < len(group) - 1 and not num.value.is_integer():
            raise CoordinateError(f"{num.text!r} has decimals but is followed by minutes or seconds")
        value += abs(num.value) / 60**rank
    return -value if first.startswith("-") or hemisphere in ("S", "W") else value


def parse_coordinate(text: str) -> tuple[float, float]:
    """(lat, lon) in decimal degrees from what a person types or pastes; raises CoordinateError otherwise."""
    items: list = []  # hemisphere letters, and runs of numbers and breaks between them
    for is_hemisphere, tokens in groupby(_tokens(text), key=lambda t: isinstance(t, str) and t != _BREAK):
        run = list(tokens)
        items += run if is_hemisphere else [run]
    items = [item for item in items if isinstance(item, str) or any(isinstance(t, _Num) for t in item)]
    shape = "".join("H" if isinstance(item, str) else "R" for item in items)
    layout = _LAYOUTS.get(shape)
    if layout is None:
        count = shape.count("H")
        raise CoordinateError("no coordinate given" if not shape else "no numbers given" if "R" not in shape else
                              "only one hemisphere letter: give N/S and E/W, or neither" if count == 1 else
                              "more than two hemisphere letters" if count > 2 else
                              "hemisphere letters must stand right before or after their numbers")
    runs = {r: iter(_groups(items[r], [run for _, run in layout].count(r))) for _, r in layout}
    h1, h2 = (None if h is None else items[h] for h, _ in layout)
    a, b = (_degrees(next(runs[r]), hemisphere) for (_, r), hemisphere in zip(layout, (h1, h2), strict=True))
    if h1 and h2:
        if (h1 in "NS") == (h2 in "NS"):
            raise CoordinateError(f"two {'latitudes' if h1 in 'NS' else 'longitudes'} ({h1} and {h2})")
        lat, lon = (a, b) if h1 in "NS" else (b, a)
    else:
        lat, lon = (b, a) if abs(a) > 90 >= abs(b) else (a, b)  # "118.87, 29.12": GeoJSON and Chinese web maps
    if abs(lat) > 90:
        raise CoordinateError(f"latitude {lat:g} is beyond ±90°")
    if abs(lon) > 180:
        raise CoordinateError(f"longitude {lon:g} is beyond ±180°")
    return lat, lon


def to_wgs84(lat: float, lon: float, datum: str) -> tuple[float, float]:
    """WGS-84 from a point read off a Chinese web map: "GCJ-02" (AMap/Gaode, Tencent) and "BD-09" (Baidu) are shifted
    by a few hundred metres, so they are undone with prcoords' iterative (precise) inverses; "WGS-84" is as is."""
    key = datum.upper().replace("-", "").replace("_", "").replace(" ", "")
    if key == "WGS84":
        return lat, lon
    convert = {"GCJ02": prcoords.gcj_wgs_bored, "BD09": prcoords.bd_wgs_bored}.get(key)
    if convert is None:
        raise ValueError(f"unknown datum {datum!r}; expected one of {', '.join(DATUMS)}")
    coords = prcoords.Coords(lat, lon)
    if not prcoords.sanity_in_china_p(coords):
        return lat, lon  # the offsets exist only inside China; prcoords would warn and shift anyway
    result = convert(coords, True)
    return result.lat, result.lon


def _dms(value: float, hemispheres: str) -> str:
    tenths = round(abs(value) * 36000)  # round once, in tenths of a second, so 59.96″ carries into the minute
    degrees, rest = divmod(tenths, 36000)
    minutes, seconds = divmod(rest, 600)
    return f"{degrees}°{minutes:02d}′{seconds / 10:04.1f}″{hemispheres[value < 0 and tenths > 0]}"


def format_coordinate(lat: float, lon: float, style: str = "decimal") -> str:
    """"decimal": '29.120000, 118.870000' (lat, lon; 6 decimals ≈ 0.1 m); "dms": '29°07′12.0″N 118°52′12.0″E'.
    Both read back with parse_coordinate, so a copied coordinate can be pasted into "Go to coordinate"."""
    if style == "decimal":
        return f"{lat:.6f}, {lon:.6f}"
    if style == "dms":
        return f"{_dms(lat, 'NS')} {_dms(lon, 'EW')}"
    raise ValueError(f"unknown style {style!r}; expected 'decimal' or 'dms'")
