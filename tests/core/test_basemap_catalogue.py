"""The basemap catalogue, choices from the command line and settings, tile addresses, and the user's keys."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from quzhou_map.core.api_keys import load_key, save_key
from quzhou_map.core.basemaps import (CATALOGUE_IDS, BasemapChoice, catalogue, catalogue_titles, check_url_template,
                                      choice_from_dict, definition_for, masked_key, parse_basemap, tile_address)


def test_the_catalogue_has_every_basemap_the_issue_names_with_datum_and_attribution() -> None:
    by_id = {d.id: d for d in catalogue()}
    assert list(by_id) == list(CATALOGUE_IDS)
    assert by_id["offline"].kind == "none" and not by_id["offline"].url
    for name in CATALOGUE_IDS[1:]:
        definition = by_id[name]
        assert definition.url.startswith(("http://", "https://")) and definition.attribution, name
        assert "<" not in definition.attribution and "&copy;" not in definition.attribution  # plain text
    assert by_id["gaode"].datum == by_id["gaode-satellite"].datum == "gcj02"  # xyzservices does not say so
    assert {by_id[i].datum for i in ("osm", "esri-imagery", "tianditu", "tianditu-imagery")} == {"wgs84"}
    assert by_id["tianditu"].needs_key and "LAYER=cva" in by_id["tianditu"].labels_url
    assert "LAYER=cia" in by_id["tianditu-imagery"].labels_url
    assert "OpenStreetMap" in by_id["osm"].attribution


def test_the_chooser_lists_titles_without_importing_the_catalogue_library() -> None:
    sys.modules.pop("xyzservices", None)
    titles = dict(catalogue_titles("zh"))
    assert titles["gaode"] == "高德地图" and list(titles) == list(CATALOGUE_IDS)
    assert dict(catalogue_titles("en"))["tianditu-imagery"] == "Tianditu (imagery)"


def test_tokens_change_with_the_tiles_not_with_the_key() -> None:
    a = definition_for(BasemapChoice("url", "https://a.example/{z}/{x}/{y}.png"))
    b = definition_for(BasemapChoice("url", "https://a.example/{z}/{x}/{y}.png", "gcj02"))
    assert a.token != b.token and len(a.token) == 12
    assert definition_for(BasemapChoice("osm")).token == definition_for(BasemapChoice("osm")).token


def test_tile_addresses() -> None:
    tianditu = definition_for(BasemapChoice("tianditu"))
    url = tile_address(tianditu.url, 9, 424, 212, tianditu.subdomains, "KEY")
    assert url.startswith("https://t") and "TILEMATRIX=9&TILEROW=212&TILECOL=424&tk=KEY" in url
    assert tile_address("https://{s}.x/{z}/{x}/{-y}.png", 2, 1, 0, "abc") == "https://b.x/2/1/3.png"
    esri = definition_for(BasemapChoice("esri-imagery"))
    assert tile_address(esri.url, 9, 424, 212).endswith("/tile/9/212/424")


@pytest.mark.parametrize("text, datum, expected", [
    ("osm", None, BasemapChoice("osm")),
    ("gaode-satellite", None, BasemapChoice("gaode-satellite")),
    ("https://t.example/{z}/{x}/{y}.png", "gcj02", BasemapChoice("url", "https://t.example/{z}/{x}/{y}.png", "gcj02")),
    ("http://t.example/{z}/{x}/{y}", None, BasemapChoice("url", "http://t.example/{z}/{x}/{y}", "wgs84")),
])
def test_command_line_choices(text: str, datum: str | None, expected: BasemapChoice) -> None:
    assert parse_basemap(text, datum) == expected


def test_a_tile_file_on_the_command_line_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert parse_basemap("area.MBTiles") == BasemapChoice("file", str(tmp_path / "area.MBTiles"))


@pytest.mark.parametrize("text, datum, says", [
    ("google", None, "is not one of"),
    ("osm", "gcj02", "applies to a tile URL"),
    ("ftp://t.example/{z}/{x}/{y}", None, "http:// or https://"),
    ("https://t.example/tiles.png", None, "needs {z}, {x}, {y}"),
    ("https://t.example/{z}/{x}/{y} .png", None, "spaces"),
    ("https://t.example/{z}/{x}/{y}", "bd09", "not one of"),
])
def test_bad_command_line_choices_say_why(text: str, datum: str | None, says: str) -> None:
    with pytest.raises(ValueError, match=says.replace("{", r"\{").replace("}", r"\}")):
        parse_basemap(text, datum)


@pytest.mark.parametrize("data", [None, 7, [], {"id": "google"}, {"id": "url", "source": "javascript:alert(1)"},
                                  {"id": "osm", "datum": "mars"}, {"id": "file", "source": "/etc/passwd"},
                                  {"id": "url", "source": "https://x/{z}/{x}/{y}", "datum": ["gcj02"]}])
def test_a_bad_remembered_choice_is_the_offline_base(data: object) -> None:
    assert choice_from_dict(data) == BasemapChoice()


def test_a_good_remembered_choice_round_trips() -> None:
    for choice in (BasemapChoice("tianditu"), BasemapChoice("url", "https://x.example/{z}/{x}/{y}.jpg", "gcj02"),
                   BasemapChoice("file", "/data/area.pmtiles")):
        assert choice_from_dict(choice.to_dict()) == choice


def test_check_url_template_accepts_tms_rows() -> None:
    assert check_url_template("https://x.example/{z}/{x}/{-y}.png")


def test_keys_are_private_masked_and_kept_apart_from_settings(tmp_path: Path) -> None:
    key = "0123456789abcdef0123456789abcdef"
    assert load_key(tmp_path, "tianditu") == ""
    save_key(tmp_path, "tianditu", key)
    path = tmp_path / "keys.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_key(tmp_path, "tianditu") == key
    assert masked_key(key) == "••••••••cdef" and key[:28] not in masked_key(key)
    save_key(tmp_path, "tianditu", "")
    assert load_key(tmp_path, "tianditu") == ""


@pytest.mark.parametrize("content", ["{", "[]", '{"tianditu": 5}', '{"tianditu": "has space in it"}', "\udc80"])
def test_a_damaged_key_file_means_no_key(tmp_path: Path, content: str) -> None:
    (tmp_path / "keys.json").write_text(content, encoding="utf-8", errors="surrogateescape")
    assert load_key(tmp_path, "tianditu") == ""
    save_key(tmp_path, "tianditu", "abcdefgh12345678")  # and a new key can be saved over it
    assert load_key(tmp_path, "tianditu") == "abcdefgh12345678"
