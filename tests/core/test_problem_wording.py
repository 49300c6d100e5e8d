"""`validate` names what is wrong in the terms of the JSON the user wrote (null, text, number, list, object),
never in Python's (NoneType, str, int, float, dict, None, True)."""

from __future__ import annotations

import re

import pytest

from core_support import DataCopy
from quzhou_map.core.problems import json_value
from quzhou_map.core.validation import validate

VILLAGES = "future_villages.geojson"
YUDONG = "village-yudong"
#: Python's spellings of types and values ("list" is JSON's word too: the array).
PYTHON_WORDS = re.compile(r"\b(NoneType|None|True|False|str|int|float|dict|bool)\b")


@pytest.mark.parametrize(("value", "words"), [
    (None, "null"), (True, "true"), (12, "the number 12"), (1.5, "the number 1.5"), ("", "empty text"),
    ("  ", "blank text"), ("12", 'the text "12"'), ([], "an empty list"), ([1, 2], "a list of 2 items"),
    ({"a": 1}, "an object"), ({}, "an empty object"),
])
def test_json_values_are_named_as_json_names_them(value: object, words: str) -> None:
    assert json_value(value) == words


def _reasons(data_copy: DataCopy, change) -> list[str]:
    data_copy.edit_feature(VILLAGES, YUDONG, change)
    return [p.reason for p in validate([data_copy.dir]).problems if p.feature_id == YUDONG]


def _python_free(reasons: list[str]) -> None:
    for reason in reasons:
        assert not PYTHON_WORDS.search(reason), reason


def test_a_null_name_and_a_quoted_precision(data_copy: DataCopy) -> None:
    def change(feature):
        feature["properties"]["name_en"] = None
        feature["properties"]["precision_m"] = "50"
    reasons = _reasons(data_copy, change)
    assert "property 'name_en' must be text, got null" in reasons
    assert any(r.startswith("precision_m must be a positive number") and r.endswith('got the text "50"')
               for r in reasons), reasons
    _python_free(reasons)


def test_facts_as_an_object_and_coordinates_as_text(data_copy: DataCopy) -> None:
    def change(feature):
        feature["properties"]["facts"] = {"quote": "x"}
        feature["geometry"]["coordinates"] = ["118.9", None]
    reasons = _reasons(data_copy, change)
    assert "'facts' must be a list, got an object" in reasons
    assert any("coordinates" in r for r in reasons), reasons
    _python_free(reasons)


def test_a_missing_facts_list_is_named_once_as_missing(data_copy: DataCopy) -> None:
    reasons = _reasons(data_copy, lambda feature: feature["properties"].pop("facts"))
    assert reasons == ["missing required property 'facts'"]


def test_a_fact_without_a_quote_and_a_figure_given_as_text(data_copy: DataCopy) -> None:
    def change(feature):
        facts = feature["properties"]["facts"]
        facts[0].pop("translation")
        figured = next((f for f in facts if f["figures"]), None)
        if figured is not None:
            figured["figures"][0]["value"] = True
        facts.append("a sentence")
    reasons = _reasons(data_copy, change)
    assert "fact 1: 'translation' is missing" in reasons
    assert any(r.endswith("must be an object with quote, translation, section and figures, got the text "
                          '"a sentence"') for r in reasons), reasons
    assert any(re.search(r"^fact \d+: figure '.+' has value true, which is not a number", r) for r in reasons), reasons
    _python_free(reasons)


def test_a_file_that_is_a_list(data_copy: DataCopy) -> None:
    data_copy.save(VILLAGES, [])
    [problem] = [p for p in validate([data_copy.dir]).problems if p.file.name == VILLAGES]
    assert problem.reason == "is not a GeoJSON FeatureCollection (it is an empty list)"
