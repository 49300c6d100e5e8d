"""The validator on the shipped data, and on copies of it broken one way each.

Every broken copy is real GeoJSON on disk, read through the validator (geopandas/pyogrio underneath).
Each test checks that the right problem is reported with its file, feature id and reason, that the
files were not modified by validation, and that the features left unbroken still load as sites.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from core_support import CITY_ID, GEODATA, DataCopy, digests, file_ids, read_json
from quzhou_map.core.geojson_file import WGS84_CRS_NAMES, read_geojson
from quzhou_map.core.site_checks import REQUIRED
from quzhou_map.core.validation import ValidationReport, validate

VILLAGES = "future_villages.geojson"
LANDMARKS = "landmarks.geojson"
YUDONG = "village-yudong"
#: The 衢江区 seat (where the social-governance centre stands): inside 衢江区, outside 柯城区.
QUJIANG_SEAT = [118.95463, 28.98283]
BEIJING = [116.39747, 39.90882]
VILLAGE_IDS = file_ids(GEODATA / VILLAGES)


# ---------------------------------------------------------------- helpers

def run_validation(copy: DataCopy, paths: list[Path] | None = None) -> ValidationReport:
    """Validate the copy and check that no file in it was touched."""
    before = digests(copy.dir)
    report = validate(paths if paths is not None else [copy.dir])
    assert digests(copy.dir) == before, "validation modified a user file"
    return report


def listing(report: ValidationReport) -> str:
    return "\n".join(str(p) for p in report.problems) or "(no problems)"


def assert_no_problems(report: ValidationReport) -> None:
    problems = [str(p) for p in report.problems]
    assert problems == []
    assert report.ok


def assert_problem(report: ValidationReport, file: Path, feature_id: str | None, *fragments: str):
    """Exactly the problem wanted: this file, this feature (None: the file as a whole), these words."""
    matching = [p for p in report.problems
                if p.file == file and p.feature_id == feature_id and all(f in p.reason for f in fragments)]
    assert matching, (f"no problem on {file.name} / feature {feature_id!r} with {fragments!r}; "
                      f"got:\n{listing(report)}")
    assert not report.ok
    text = str(matching[0])
    assert str(file) in text
    if feature_id is not None:
        assert repr(feature_id) in text
    return matching[0]


def assert_only_file(report: ValidationReport, file: Path) -> None:
    """No spurious problems elsewhere: every problem is on the broken file."""
    assert {p.file for p in report.problems} == {file}, listing(report)


def assert_loaded(report: ValidationReport, all_site_ids: set[str], lost: set[str]) -> None:
    """Every site not broken still loads, the broken ones do not; the city record still loads."""
    assert {s.id for s in report.sites} == all_site_ids - lost
    assert report.city is not None and report.city.id == CITY_ID


def feature_index(copy: DataCopy, name: str, site_id: str) -> int:
    ids = [f["properties"]["id"] for f in copy.load(name)["features"]]
    return ids.index(site_id)


# ---------------------------------------------------------------- the shipped data

def test_shipped_geodata_has_no_problems(shipped_report, all_site_ids):
    assert_no_problems(shipped_report)
    assert {s.id for s in shipped_report.sites} == all_site_ids
    assert len(shipped_report.sites) == len(all_site_ids)
    assert shipped_report.city is not None and shipped_report.city.id == CITY_ID
    assert shipped_report.counties is not None and len(shipped_report.counties["features"]) == 6


def test_default_paths_validate_the_shipped_geodata(shipped_report):
    report = validate()
    assert_no_problems(report)
    assert [s.id for s in report.sites] == [s.id for s in shipped_report.sites]


def test_unbroken_copy_validates_and_is_not_modified(data_copy, all_site_ids):
    report = run_validation(data_copy)
    assert_no_problems(report)
    assert_loaded(report, all_site_ids, set())


# ---------------------------------------------------------------- file-level problems

def test_invalid_json_syntax(data_copy, all_site_ids):
    path = data_copy.path(VILLAGES)
    text = path.read_text(encoding="utf-8")
    broken = text.replace('"type": "Feature",', '"type": "Feature"', 1)
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    report = run_validation(data_copy)
    assert_problem(report, path, None, "is not valid JSON", "line ", "column ")
    assert_only_file(report, path)
    assert_loaded(report, all_site_ids, VILLAGE_IDS)


@pytest.mark.parametrize("kind", ["Feature", "list", "GeometryCollection"])
def test_not_a_feature_collection(data_copy, all_site_ids, kind):
    path = data_copy.path(VILLAGES)
    features = data_copy.load(VILLAGES)["features"]
    if kind == "Feature":
        data_copy.save(VILLAGES, features[0])
    elif kind == "list":
        data_copy.save(VILLAGES, features)
    else:
        data_copy.save(VILLAGES, {"type": "GeometryCollection", "geometries": [f["geometry"] for f in features]})
    report = run_validation(data_copy)
    words = "it is a list of" if kind == "list" else f"its type is {kind}"  # JSON's words, not Python's
    assert_problem(report, path, None, "is not a GeoJSON FeatureCollection", words)
    assert_only_file(report, path)
    assert_loaded(report, all_site_ids, VILLAGE_IDS)


def test_old_style_crs_member_naming_web_mercator(data_copy, all_site_ids):
    path = data_copy.path(VILLAGES)
    data = data_copy.load(VILLAGES)
    data["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
    data_copy.save(VILLAGES, data)
    report = run_validation(data_copy)
    assert_problem(report, path, None, "declares CRS", "EPSG::3857", "WGS-84")
    assert_only_file(report, path)
    assert_loaded(report, all_site_ids, VILLAGE_IDS)


@pytest.mark.parametrize("crs_name", sorted(WGS84_CRS_NAMES))
def test_old_style_crs_member_naming_wgs84_is_accepted(data_copy, all_site_ids, crs_name):
    """Every name the reader lists as WGS-84 must be accepted end to end (GDAL check included)."""
    data = data_copy.load(VILLAGES)
    data["crs"] = {"type": "name", "properties": {"name": crs_name}}
    data_copy.save(VILLAGES, data)
    report = run_validation(data_copy)
    assert_no_problems(report)
    assert_loaded(report, all_site_ids, set())


def test_coordinates_projected_to_metres(data_copy, all_site_ids):
    """The whole file converted to Web-Mercator metres, without a crs member."""
    path = data_copy.path(VILLAGES)
    data = data_copy.load(VILLAGES)
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        feature["geometry"]["coordinates"] = [
            lon * 20037508.34 / 180, math.log(math.tan((90 + lat) * math.pi / 360)) * 6378137]
    data_copy.save(VILLAGES, data)
    report = run_validation(data_copy)
    for site_id in VILLAGE_IDS:
        assert_problem(report, path, site_id, "not WGS-84 longitude/latitude", "projected metres")
    assert_only_file(report, path)
    assert_loaded(report, all_site_ids, VILLAGE_IDS)


def test_non_utf8_file(data_copy, all_site_ids):
    path = data_copy.path(VILLAGES)
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    report = run_validation(data_copy)
    assert_problem(report, path, None, "is not UTF-8")
    assert_only_file(report, path)
    assert_loaded(report, all_site_ids, VILLAGE_IDS)


def test_file_over_the_size_limit(data_copy, all_site_ids):
    """A valid FeatureCollection padded with whitespace past 64 MiB is refused before parsing."""
    from quzhou_map.core.geojson_file import MAX_FILE_BYTES

    path = data_copy.path(VILLAGES)
    with path.open("ab") as stream:
        stream.write(b" " * MAX_FILE_BYTES)
    assert path.stat().st_size > MAX_FILE_BYTES
    report = run_validation(data_copy)
    try:
        assert_problem(report, path, None, "MB", "refused")
        assert_only_file(report, path)
        assert_loaded(report, all_site_ids, VILLAGE_IDS)
    finally:
        path.unlink()  # 64 MiB need not outlive the test


def test_read_geojson_honours_max_bytes():
    path = GEODATA / VILLAGES
    source = read_geojson(path, max_bytes=1000)
    assert source.data is None
    assert len(source.problems) == 1
    assert "refused" in source.problems[0].reason and source.problems[0].file == path
    assert read_geojson(path).data is not None


def test_truncated_file(data_copy, all_site_ids):
    path = data_copy.path(VILLAGES)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    report = run_validation(data_copy)
    assert_problem(report, path, None, "is not valid JSON")
    assert_only_file(report, path)
    assert_loaded(report, all_site_ids, VILLAGE_IDS)


def test_empty_file(data_copy, all_site_ids):
    path = data_copy.path(VILLAGES)
    path.write_bytes(b"")
    report = run_validation(data_copy)
    assert_problem(report, path, None, "is not valid JSON")
    assert_only_file(report, path)
    assert_loaded(report, all_site_ids, VILLAGE_IDS)


# ---------------------------------------------------------------- ids

def test_missing_id(data_copy, all_site_ids):
    """No id at either level: the feature is named by its position in the file."""
    path = data_copy.path(VILLAGES)
    label = f"#{feature_index(data_copy, VILLAGES, YUDONG) + 1}"

    def drop_ids(feature):
        del feature["id"]
        del feature["properties"]["id"]

    data_copy.edit_feature(VILLAGES, YUDONG, drop_ids)
    report = run_validation(data_copy)
    assert_problem(report, path, label, "missing required property 'id'")
    assert_only_file(report, path)
    assert_loaded(report, all_site_ids, {YUDONG})


def test_missing_properties_id_is_named_by_the_feature_level_id(data_copy, all_site_ids):
    """properties.id removed, the GeoJSON feature id kept: the problem names the feature by that id."""
    path = data_copy.path(VILLAGES)
    data_copy.edit_feature(VILLAGES, YUDONG, lambda f: f["properties"].pop("id"))
    report = run_validation(data_copy)
    assert_problem(report, path, YUDONG, "missing required property 'id'")
    assert_loaded(report, all_site_ids, {YUDONG})


def test_duplicate_id_across_two_files(data_copy, all_site_ids):
    path = data_copy.path(LANDMARKS)
    data = data_copy.load(LANDMARKS)
    victim = data["features"][0]
    victim_id = victim["properties"]["id"]
    victim["id"] = victim["properties"]["id"] = YUDONG
    data_copy.save(LANDMARKS, data)
    report = run_validation(data_copy)
    assert_problem(report, path, YUDONG, "duplicate id", VILLAGES)
    assert_only_file(report, path)
    assert_loaded(report, all_site_ids, {victim_id})
    yudong = [s for s in report.sites if s.id == YUDONG]
    assert len(yudong) == 1 and yudong[0].theme == "future_village"


def test_feature_level_id_differs_from_properties_id(data_copy, all_site_ids):
    path = data_copy.path(VILLAGES)
    data_copy.edit_feature(VILLAGES, YUDONG, lambda f: f.update(id="village-somewhere-else"))
    report = run_validation(data_copy)
    assert_problem(report, path, YUDONG, "feature-level id 'village-somewhere-else'", "differs", repr(YUDONG))
    assert_only_file(report, path)
    assert_loaded(report, all_site_ids, {YUDONG})


# ---------------------------------------------------------------- properties

@pytest.mark.parametrize("key", REQUIRED)
def test_required_property_removed(data_copy, all_site_ids, key):
    path = data_copy.path(VILLAGES)
    label = YUDONG  # without properties.id the feature-level id names it
    data_copy.edit_feature(VILLAGES, YUDONG, lambda f: f["properties"].pop(key))
    report = run_validation(data_copy)
    assert_problem(report, path, label, f"missing required property {key!r}")
    assert_only_file(report, path)
    assert_loaded(report, all_site_ids, {YUDONG})


# ---------------------------------------------------------------- positions

def test_coordinates_outside_quzhou(data_copy, all_site_ids):
    path = data_copy.path(VILLAGES)
    data_copy.edit_feature(VILLAGES, YUDONG, lambda f: f["geometry"].update(coordinates=BEIJING))
    report = run_validation(data_copy)
    problem = assert_problem(report, path, YUDONG, "lie outside Quzhou")
    assert "swapped" not in problem.reason
    assert_only_file(report, path)
    assert_loaded(report, all_site_ids, {YUDONG})


def test_latitude_and_longitude_swapped(data_copy, all_site_ids):
    """[lat, lon] instead of [lon, lat]: the message must point at the swap."""
    path = data_copy.path(VILLAGES)
    data_copy.edit_feature(VILLAGES, YUDONG, lambda f: f["geometry"].update(
        coordinates=f["geometry"]["coordinates"][::-1]))
    report = run_validation(data_copy)
    assert_problem(report, path, YUDONG, "swapped")
    assert_only_file(report, path)
    assert_loaded(report, all_site_ids, {YUDONG})


def test_latitude_and_longitude_swapped_is_at_least_rejected(data_copy, all_site_ids):
    path = data_copy.path(VILLAGES)
    data_copy.edit_feature(VILLAGES, YUDONG, lambda f: f["geometry"].update(
        coordinates=f["geometry"]["coordinates"][::-1]))
    report = run_validation(data_copy)
    assert_problem(report, path, YUDONG, "coordinates [29.0, 118.72]")
    assert_loaded(report, all_site_ids, {YUDONG})


def test_point_moved_into_a_neighbouring_county(data_copy, all_site_ids):
    path = data_copy.path(VILLAGES)
    data_copy.edit_feature(VILLAGES, YUDONG, lambda f: f["geometry"].update(coordinates=QUJIANG_SEAT))
    report = run_validation(data_copy)
    assert_problem(report, path, YUDONG, "lies outside its county 柯城区", "falls in 衢江区")
    assert_only_file(report, path)
    assert_loaded(report, all_site_ids, {YUDONG})


def test_point_in_quzhou_box_but_in_no_county(data_copy, all_site_ids):
    path = data_copy.path(VILLAGES)
    data_copy.edit_feature(VILLAGES, YUDONG, lambda f: f["geometry"].update(coordinates=[118.05, 28.25]))
    report = run_validation(data_copy)
    assert_problem(report, path, YUDONG, "lies outside its county 柯城区", "no county")
    assert_loaded(report, all_site_ids, {YUDONG})


def test_single_file_is_checked_against_the_shipped_counties(data_copy):
    """A file given on its own (not a directory) still gets the point-in-county check."""
    path = data_copy.path(VILLAGES)
    data_copy.edit_feature(VILLAGES, YUDONG, lambda f: f["geometry"].update(coordinates=QUJIANG_SEAT))
    report = run_validation(data_copy, [path])
    assert_problem(report, path, YUDONG, "lies outside its county 柯城区", "falls in 衢江区")
    assert {s.id for s in report.sites} == VILLAGE_IDS - {YUDONG}


def test_geometry_not_a_point(data_copy, all_site_ids):
    path = data_copy.path(VILLAGES)
    data_copy.edit_feature(VILLAGES, YUDONG, lambda f: f.update(geometry={
        "type": "LineString", "coordinates": [[118.72, 29.0], [118.73, 29.01]]}))
    report = run_validation(data_copy)
    assert_problem(report, path, YUDONG, "must be a Point", "got a LineString")
    assert_loaded(report, all_site_ids, {YUDONG})


# ---------------------------------------------------------------- quotes and figures

def _yudong_fact(feature, number: int = 1):
    """The fact with the 1.1万 / 12.6万 figures (index 1, reported as 'fact 2')."""
    fact = feature["properties"]["facts"][number]
    assert fact["figures"][0]["text"] == "1.1万"
    return fact


def test_quote_altered_by_one_character(data_copy, all_site_ids, article_text):
    path = data_copy.path(VILLAGES)

    def alter(feature):
        fact = _yudong_fact(feature)
        fact["quote"] = fact["quote"].replace("游客", "旅客", 1)
        assert fact["quote"] not in article_text

    data_copy.edit_feature(VILLAGES, YUDONG, alter)
    report = run_validation(data_copy)
    assert_problem(report, path, YUDONG, "fact 2", "is not an exact substring of the article")
    assert_only_file(report, path)
    assert_loaded(report, all_site_ids, {YUDONG})


def test_quote_in_the_wrong_section(data_copy, all_site_ids):
    path = data_copy.path(VILLAGES)
    data_copy.edit_feature(VILLAGES, YUDONG, lambda f: _yudong_fact(f).update(section="数说衢州这五年"))
    report = run_validation(data_copy)
    assert_problem(report, path, YUDONG, "fact 2", "section '数说衢州这五年' is wrong", "line 57",
                   "衢州余东村 从农民画到 未来乡村")
    assert_only_file(report, path)
    assert_loaded(report, all_site_ids, {YUDONG})


def test_figure_text_not_in_its_quote(data_copy, all_site_ids):
    path = data_copy.path(VILLAGES)
    data_copy.edit_feature(VILLAGES, YUDONG, lambda f: _yudong_fact(f)["figures"][0].update(text="2.2万"))
    report = run_validation(data_copy)
    assert_problem(report, path, YUDONG, "fact 2", "figure '2.2万' does not appear in its quote")
    assert_only_file(report, path)
    assert_loaded(report, all_site_ids, {YUDONG})


def test_figure_value_not_matching_its_text(data_copy, all_site_ids):
    path = data_copy.path(VILLAGES)
    data_copy.edit_feature(VILLAGES, YUDONG, lambda f: _yudong_fact(f)["figures"][0].update(value=1100))
    report = run_validation(data_copy)
    assert_problem(report, path, YUDONG, "fact 2", "figure '1.1万' has value 1100", "11000")
    assert_only_file(report, path)
    assert_loaded(report, all_site_ids, {YUDONG})


def test_figure_text_dropping_its_wan_multiplier_is_rejected(data_copy, all_site_ids):
    """'1.1' = 1.1 for a quote that prints 1.1万: the number 1.1 does not stand in the quote."""
    path = data_copy.path(VILLAGES)
    data_copy.edit_feature(VILLAGES, YUDONG,
                           lambda f: _yudong_fact(f)["figures"][0].update(text="1.1", value=1.1))
    report = run_validation(data_copy)
    assert_problem(report, path, YUDONG, "fact 2", "figure '1.1'")
    assert_loaded(report, all_site_ids, {YUDONG})


def test_every_problem_kind_in_one_copy_is_reported_together(data_copy, all_site_ids):
    """The validator reports every problem, not just the first: several broken files at once."""
    villages = data_copy.path(VILLAGES)
    data_copy.edit_feature(VILLAGES, YUDONG, lambda f: f["geometry"].update(coordinates=QUJIANG_SEAT))
    data_copy.edit_feature(VILLAGES, "village-lianhua", lambda f: f["properties"].pop("name_en"))
    governance = data_copy.path("governance.geojson")
    governance.write_bytes(b"")
    report = run_validation(data_copy)
    assert_problem(report, villages, YUDONG, "lies outside its county")
    assert_problem(report, villages, "village-lianhua", "missing required property 'name_en'")
    assert_problem(report, governance, None, "is not valid JSON")
    lost = {YUDONG, "village-lianhua"} | file_ids(GEODATA / "governance.geojson")
    assert_loaded(report, all_site_ids, lost)


def test_shipped_files_unchanged_by_validation(shipped_report):
    """The shipped data are read-only to the validator too (digest before = after a fresh run)."""
    before = digests(GEODATA)
    validate([GEODATA])
    assert digests(GEODATA) == before
    assert read_json(GEODATA / VILLAGES)["type"] == "FeatureCollection"
