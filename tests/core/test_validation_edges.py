"""Hostile and incomplete input: whole datasets, one-line messages, broken text, long names."""

from __future__ import annotations

import json
from pathlib import Path

from quzhou_map.core.pinyin_check import pinyin_mismatch
from quzhou_map.core.problems import Problem
from quzhou_map.core.validation import validate

VILLAGES = "future_villages.geojson"


def test_a_dataset_folder_missing_files_is_not_valid(data_copy) -> None:
    (data_copy.dir / "governance.geojson").unlink()
    (data_copy.dir / "city.geojson").unlink()
    report = validate([data_copy.dir])
    missing = sorted(p.file.name for p in report.problems if "is missing" in p.reason)
    assert missing == ["city.geojson", "governance.geojson"]
    assert not report.ok


def test_an_empty_folder_is_not_a_valid_dataset(tmp_path: Path) -> None:
    report = validate([tmp_path])
    assert not report.ok
    assert len([p for p in report.problems if "is missing" in p.reason]) == 6  # 4 themes, city, counties


def test_other_geojson_in_a_dataset_folder_is_checked_too(data_copy) -> None:
    (data_copy.dir / "extra.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    report = validate([data_copy.dir])
    assert [p.file.name for p in report.problems] == ["extra.geojson"]


def test_every_problem_prints_on_one_bounded_line(data_copy) -> None:
    data = data_copy.load(VILLAGES)
    yudong = data["features"][0]["properties"]
    yudong["facts"][0]["quote"] = "第一行\n第二行" + "很长" * 500
    yudong["name_pinyin"] = "x" * 100_000
    data_copy.save(VILLAGES, data)
    report = validate([data_copy.dir])
    lines = [str(p) for p in report.problems]
    assert len(lines) >= 2
    for line in lines:
        assert "\n" not in line and len(line) < 600


def test_control_characters_and_broken_unicode_in_names_are_problems(data_copy) -> None:
    data = data_copy.load(VILLAGES)
    data["features"][0]["properties"]["name_en"] = "Yudong\u0000Village"
    data["features"][1]["properties"]["name_en"] = "Lianhua \ud800"
    text = json.dumps(data, ensure_ascii=True)  # a lone surrogate survives only as a JSON escape
    (data_copy.dir / VILLAGES).write_text(text, encoding="utf-8")
    report = validate([data_copy.dir])
    broken = {p.feature_id for p in report.problems if "control characters or broken Unicode" in p.reason}
    assert broken == {data["features"][0]["properties"]["id"], data["features"][1]["properties"]["id"]}


def test_a_point_with_four_numbers_is_not_a_position(data_copy) -> None:
    data = data_copy.load(VILLAGES)
    data["features"][0]["geometry"]["coordinates"] = [118.72, 29.0, 100.0, 7.0]
    data_copy.save(VILLAGES, data)
    report = validate([data_copy.dir])
    assert any("coordinates must be [longitude, latitude]" in p.reason for p in report.problems)


def test_a_very_long_name_is_checked_without_recursion() -> None:
    assert pinyin_mismatch("余" * 5000, "yu" * 5000) is None
    assert pinyin_mismatch("余" * 5000, "yu" * 4999) is not None


def test_punctuation_in_a_chinese_name_has_no_reading() -> None:
    assert pinyin_mismatch("衢江站(预留)", "Qújiāng Zhàn (yùliú)") is None


def test_problem_text_makes_line_breaks_visible() -> None:
    line = str(Problem(Path("a.geojson"), "bad\nthing", "id\r1"))
    assert line == "a.geojson: feature 'id\\r1': bad\\nthing"
