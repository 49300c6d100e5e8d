"""Validate dataset files and turn the valid features into typed sites (geopandas/pyogrio underneath)."""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quzhou_map.core.article import Article, shipped_article
from quzhou_map.core.geojson_file import GeoJsonFile, expand_paths, point_coordinates, read_geojson
from quzhou_map.core.model import Fact, Figure, Position, Site
from quzhou_map.core.paths import geodata_dir
from quzhou_map.core.problems import Problem, json_value, shown_path
from quzhou_map.core.site_checks import MAX_NAME_CHARS, check_coordinates, check_facts, check_properties
from quzhou_map.core.themes import (
    CITY_FILE_NAME, CITY_THEME_ID, COUNTIES_FILE_NAME, COUNTIES_ZH, THEME_BY_FILE, THEME_IDS,
)

if TYPE_CHECKING:
    import geopandas



@dataclass
class ValidationReport:
    """Every problem found, and the sites that passed every check."""

    problems: list[Problem] = field(default_factory=list)
    sites: list[Site] = field(default_factory=list)
    city: Site | None = None
    counties: dict[str, Any] | None = None  # the counties FeatureCollection, when valid

    @property
    def ok(self) -> bool:
        return not self.problems


def validate(paths: Sequence[Path] | None = None, article: Article | None = None) -> ValidationReport:
    """Check ``paths`` (default: the shipped geodata/); counties come from among them or the shipped file."""
    article = article or shipped_article()
    report = ValidationReport()
    files = expand_paths(paths if paths is not None else [geodata_dir()], report.problems)
    county_files = [p for p in files if p.name == COUNTIES_FILE_NAME]
    counties_path = county_files[0] if county_files else geodata_dir() / COUNTIES_FILE_NAME
    county_shapes = _load_counties(counties_path, report)
    seen_ids: dict[str, Path] = {}
    for path in files:
        if path.name == COUNTIES_FILE_NAME:
            continue
        _validate_site_file(path, article, county_shapes, seen_ids, report)
    return report


def _read_frame(source: GeoJsonFile) -> geopandas.GeoDataFrame | None:
    """Read through geopandas/pyogrio, as the app loads data; check the CRS GDAL reports."""
    import geopandas  # slow import, kept off the start-up path

    try:
        with warnings.catch_warnings(record=True) as caught:  # GDAL's complaints are problems of this file
            warnings.simplefilter("always")
            # the bytes already read and checked: not the path again (GDAL mangles names with control
            # characters, and the file could have become a FIFO since)
            frame = geopandas.read_file(io.BytesIO(source.raw), engine="pyogrio")
    except Exception as error:  # pyogrio raises several unrelated types for unreadable data
        source.problem(f"GDAL cannot read it as GeoJSON: {error}")
        return None
    for warning in caught:
        if "pyogrio" in warning.filename:
            source.problem(f"GDAL: {warning.message}")
        else:  # not about the file: pass it on untouched
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    if frame.crs is None or (frame.crs.to_epsg() != 4326 and frame.crs.to_authority() != ("OGC", "CRS84")):
        source.problem(f"CRS is {frame.crs}, expected WGS-84 (EPSG:4326)")
        return None
    if len(frame) != len(source.features):
        source.problem(f"GDAL read {len(frame)} features, the file has {len(source.features)}")
        return None
    return frame


def _load_counties(path: Path, report: ValidationReport) -> dict[str, Any]:
    """County name → shapely geometry, for the point-in-county check."""
    source = read_geojson(path)
    frame = _read_frame(source) if source.data is not None else None
    shapes: dict[str, Any] = {}
    if frame is not None:
        seen: set[str] = set()
        for index, (feature, geometry) in enumerate(zip(source.features, frame.geometry, strict=True)):
            props = feature["properties"]
            name, fid = props.get("name_zh"), props.get("id")
            label = fid if isinstance(fid, str) and fid else f"#{index + 1}"
            for reason in _county_text_problems(props, seen):  # what the page needs to draw and name it
                source.problem(reason, label)
            fid = label
            if name not in COUNTIES_ZH:
                source.problem(f"county name {json_value(name)} is not one of {' '.join(COUNTIES_ZH)}", fid)
            elif geometry is None or geometry.geom_type not in ("Polygon", "MultiPolygon"):
                source.problem("county geometry must be a Polygon or MultiPolygon", fid)
            elif not geometry.is_valid:
                source.problem("county geometry is not valid (self-intersecting?)", fid)
            else:
                shapes[name] = geometry
        missing = [name for name in COUNTIES_ZH if name not in shapes]
        if missing and not source.problems:
            source.problem(f"lacks the counties {' '.join(missing)}")
    report.problems += source.problems
    if not source.problems:
        report.counties = source.data
    return shapes


def _county_text_problems(props: dict[str, Any], seen: set[str]) -> list[str]:
    """The county's id (unique) and English name: the page draws and labels it with them."""
    reasons = []
    fid = props.get("id")
    if not isinstance(fid, str) or not fid.strip() or len(fid) > MAX_NAME_CHARS or not fid.isprintable():
        reasons.append(f"property 'id' must be a non-empty string, got {repr(fid)[:40]}")
    elif fid in seen:
        reasons.append("duplicate county id")
    else:
        seen.add(fid)
    name_en = props.get("name_en")
    if not isinstance(name_en, str) or not name_en.strip() or len(name_en) > MAX_NAME_CHARS \
            or not name_en.isprintable():
        reasons.append(f"property 'name_en' must be a name (a short, non-empty string), got {repr(name_en)[:40]}")
    return reasons


def _validate_site_file(path: Path, article: Article, county_shapes: dict[str, Any],
                        seen_ids: dict[str, Path], report: ValidationReport) -> None:
    source = read_geojson(path)
    frame = _read_frame(source) if source.data is not None else None
    if frame is not None:
        for index, feature in enumerate(source.features):
            site = _validate_feature(source, feature, index, article, county_shapes, seen_ids)
            if site is not None:
                site = _site_from_row(source, frame.iloc[index], site)
            if site is not None and site.theme == CITY_THEME_ID:
                report.city = site
            elif site is not None:
                report.sites.append(site)
    report.problems += source.problems


def _expected_theme(path: Path, props: dict[str, Any]) -> str:
    if path.name in THEME_BY_FILE:
        return THEME_BY_FILE[path.name].id
    if path.name == CITY_FILE_NAME:
        return CITY_THEME_ID
    theme = props.get("theme")
    return theme if theme in THEME_IDS + (CITY_THEME_ID,) else f"one of {', '.join(THEME_IDS)}"


def _validate_feature(source: GeoJsonFile, feature: dict[str, Any], index: int, article: Article,
                      county_shapes: dict[str, Any], seen_ids: dict[str, Path]) -> Site | None:
    """Check one feature; return a provisional Site when it passes, else record why not."""
    props = feature["properties"]
    fid = props.get("id")
    label = fid if isinstance(fid, str) and fid else str(feature.get("id") or f"#{index + 1}")
    reasons: list[str] = []
    if isinstance(fid, str) and fid:
        if feature.get("id") != fid:
            other = feature.get("id")
            reasons.append(f"feature-level id {repr(other) if isinstance(other, str) else json_value(other)} "
                           f"differs from properties.id {fid!r}")
        if fid in seen_ids:
            reasons.append(f"duplicate id (also in {shown_path(seen_ids[fid])})")
        seen_ids.setdefault(fid, source.path)
    reasons += check_properties(props, _expected_theme(source.path, props))
    coordinates = point_coordinates(feature)
    if coordinates is None:
        kind = feature["geometry"].get("type")
        reasons.append("a Point's coordinates must be [longitude, latitude] numbers" if kind == "Point"
                       else "geometry must be a Point with [longitude, latitude], got "
                       + (f"a {kind}" if isinstance(kind, str) and kind else json_value(kind)))
    else:
        coordinate_reasons = list(check_coordinates(*coordinates))
        reasons += coordinate_reasons
        if not coordinate_reasons:
            reasons += _check_county(coordinates, props.get("county"), county_shapes)
    if "facts" in props:  # a missing one is named by check_properties
        reasons += check_facts(props["facts"], article)
    for reason in reasons:
        source.problem(reason, label)
    if reasons:
        return None
    return _site_from_properties(props, coordinates, article)


def _check_county(coordinates: tuple[Any, Any], county: Any, county_shapes: dict[str, Any]) -> list[str]:
    from shapely.geometry import Point

    shape = county_shapes.get(county) if isinstance(county, str) else None  # a list or an object: named elsewhere
    if shape is None:
        return []  # the county layer's own problem is reported on its file
    point = Point(coordinates[0], coordinates[1])
    if shape.covers(point):
        return []
    actual = next((name for name, other in county_shapes.items() if other.covers(point)), None)
    where = f"it falls in {actual}" if actual else "it falls in no county of Quzhou"
    return [f"point {list(coordinates)} lies outside its county {county} ({where})"]


def _site_from_properties(props: dict[str, Any], coordinates: tuple[Any, Any], article: Article) -> Site:
    facts = []
    for fact in props["facts"]:
        location = article.locate(fact["quote"], fact["section"])
        facts.append(Fact(
            quote=fact["quote"], translation=fact["translation"], section=fact["section"],
            figures=tuple(Figure(str(g["text"]), float(g["value"]), str(g["unit"]),
                                 None if g["period"] is None else str(g["period"])) for g in fact["figures"]),
            line=location.line if location else 0, is_caption=bool(location and location.is_caption)))
    position = Position(lat=float(coordinates[1]), lon=float(coordinates[0]), source=props["position_source"],
                        datum=props["position_datum"], method=props["position_method"],
                        precision_m=float(props["precision_m"]))
    return Site(id=props["id"], theme=props["theme"], name_zh=props["name_zh"], name_en=props["name_en"],
                name_pinyin=props["name_pinyin"], county=props["county"], township=props["township"],
                position=position, facts=tuple(facts))


def _site_from_row(source: GeoJsonFile, row: Any, checked: Site) -> Site | None:
    """The site with the geometry geopandas read; GDAL and the raw JSON must agree on id and point."""
    geometry = row.geometry
    if row.get("id") != checked.id or geometry is None or geometry.geom_type != "Point" \
            or not math.isclose(geometry.x, checked.position.lon, abs_tol=1e-9) \
            or not math.isclose(geometry.y, checked.position.lat, abs_tol=1e-9):
        source.problem("GDAL reads this feature differently from its JSON (id or point)", checked.id)
        return None
    position = checked.position._replace(lon=float(geometry.x), lat=float(geometry.y))
    return checked._replace(position=position)
