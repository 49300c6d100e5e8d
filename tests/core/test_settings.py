"""Settings: saved and loaded in a folder; a damaged file falls back to defaults and is left untouched."""

from __future__ import annotations

import json
import os

import pytest

from quzhou_map.core.settings import SETTINGS_FILE, Settings, load_settings, save_settings
from quzhou_map.core.themes import THEME_IDS


def test_missing_file_gives_defaults_silently(tmp_path):
    settings, message = load_settings(tmp_path / "not-yet-created")
    assert settings == Settings()
    assert message is None
    assert settings.layers == [] and settings.selection is None


def test_round_trip(tmp_path):
    layers = [{"id": "layer-1", "visible": True, "style": {"color": "#ef6c00", "size": 6.0, "opacity": 0.85},
               "title": "水井 wells", "geometry_type": "Point",
               "source": {"kind": "file", "path": "/data/水井.gpkg", "layer": "wells", "format": "GeoPackage"}},
              {"id": "landmark", "visible": False, "style": {"color": "#6a1b9a", "size": 18.0, "opacity": 1.0}}]
    saved = Settings(geometry="AdnQywADAAA=", window_state="AAAA/wAAAAD9", layers=layers,
                     view=(28.97, 118.87, 11), language="en", selection=("layer-1", 7), site_labels=True)
    folder = tmp_path / "config" / "quzhou-map"
    save_settings(saved, folder)
    loaded, message = load_settings(folder)
    assert message is None
    assert loaded == saved
    assert sorted(p.name for p in folder.iterdir()) == [SETTINGS_FILE]  # no temporary file left behind


def test_round_trip_of_defaults_and_empty_themes(tmp_path):
    save_settings(Settings(), tmp_path)
    assert load_settings(tmp_path) == (Settings(), None)
    save_settings(Settings(selection=("future_village", "village-yudong"), language="zh"), tmp_path)
    loaded, message = load_settings(tmp_path)
    assert message is None and loaded.selection == ("future_village", "village-yudong") and loaded.language == "zh"


def test_save_replaces_a_damaged_file(tmp_path):
    (tmp_path / SETTINGS_FILE).write_text("{broken", encoding="utf-8")
    save_settings(Settings(language="en"), tmp_path)
    assert load_settings(tmp_path) == (Settings(language="en"), None)


def test_a_file_of_version_0_1_keeps_its_themes_and_selection(tmp_path):
    (tmp_path / SETTINGS_FILE).write_text(json.dumps({"visible_themes": ["landmark", "gone"],
                                                      "selected": "village-yudong"}), encoding="utf-8")
    settings, message = load_settings(tmp_path)
    assert message is None
    assert [(e["id"], e["visible"]) for e in settings.layers] == [(t, t == "landmark") for t in THEME_IDS]
    assert settings.selection == ("", "village-yudong")
    assert settings.site_labels is False


def test_site_labels_are_off_by_default_and_remembered(tmp_path):
    assert Settings().site_labels is False
    (tmp_path / SETTINGS_FILE).write_text(json.dumps({"language": "en"}), encoding="utf-8")  # written before
    assert load_settings(tmp_path) == (Settings(language="en"), None)
    save_settings(Settings(site_labels=True), tmp_path)
    assert json.loads((tmp_path / SETTINGS_FILE).read_text(encoding="utf-8"))["site_labels"] is True
    assert load_settings(tmp_path) == (Settings(site_labels=True), None)


def test_the_tour_step_is_remembered_and_older_files_load_without_it(tmp_path):
    assert Settings().tour_step is None
    (tmp_path / SETTINGS_FILE).write_text(json.dumps({"language": "zh", "site_labels": True}), encoding="utf-8")
    assert load_settings(tmp_path) == (Settings(language="zh", site_labels=True), None)
    save_settings(Settings(tour_step=3), tmp_path)
    assert json.loads((tmp_path / SETTINGS_FILE).read_text(encoding="utf-8"))["tour_step"] == 3
    assert load_settings(tmp_path) == (Settings(tour_step=3), None)


DAMAGED = {
    "corrupt JSON": b'{"language": "en", ',
    "empty file": b"",
    "not an object": b'["zh"]',
    "language not a string": b'{"language": 5}',
    "unknown language": b'{"language": "fr"}',
    "geometry not a string": b'{"geometry": 123}',
    "themes not a list": b'{"visible_themes": "landmark"}',
    "theme not a string": b'{"visible_themes": [1, 2]}',
    "view not a list": b'{"view": "29,118,10"}',
    "view too short": b'{"view": [29.0, 118.8]}',
    "view of strings": b'{"view": ["29", "118", "10"]}',
    "view of booleans": b'{"view": [true, false, 3]}',
    "latitude out of range": b'{"view": [95.0, 118.8, 10]}',
    "longitude out of range": b'{"view": [29.0, 218.8, 10]}',
    "zoom out of range": b'{"view": [29.0, 118.8, 25]}',
    "negative zoom": b'{"view": [29.0, 118.8, -1]}',
    "NaN latitude": b'{"view": [NaN, 118.8, 10]}',
    "non-UTF-8 bytes": '{"selected": "余东村", "language": "zh"}'.encode("gbk"),
    "layers not a list": b'{"layers": {"id": "x"}}',
    "layer without id": b'{"layers": [{"visible": true}]}',
    "layer visible not a bool": b'{"layers": [{"id": "landmark", "visible": "yes"}]}',
    "layer style without colour": b'{"layers": [{"id": "landmark", "style": {"size": 3}}]}',
    "layer style of strings": b'{"layers": [{"id": "landmark", "style": {"color": "#fff000", "size": "big"}}]}',
    "layer source not a file": b'{"layers": [{"id": "x", "title": "t", "geometry_type": "Point", '
                               b'"source": {"kind": "postgres", "path": "/a"}}]}',
    "layer source with unknown field": b'{"layers": [{"id": "x", "title": "t", "geometry_type": "Point", '
                                       b'"source": {"kind": "file", "path": "/a", "sql": "drop"}}]}',
    "layer of unknown geometry": b'{"layers": [{"id": "x", "title": "t", "geometry_type": "Blob", '
                                 b'"source": {"kind": "file", "path": "/a"}}]}',
    "layer id a path": b'{"layers": [{"id": "../../x", "title": "t", "geometry_type": "Point", '
                       b'"source": {"kind": "file", "path": "/a"}}]}',
    "selection not a pair": b'{"selection": ["layer-1"]}',
    "selection feature a bool": b'{"selection": ["layer-1", true]}',
    "site labels not a bool": b'{"site_labels": "yes"}',
    "site labels a number": b'{"site_labels": 1}',
    "tour step a string": b'{"tour_step": "3"}',
    "tour step zero": b'{"tour_step": 0}',
    "tour step a bool": b'{"tour_step": true}',
    "binary garbage": bytes(range(256)),
    "nested too deeply": b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_damaged_file_falls_back_to_defaults_and_is_left_untouched(tmp_path, content):
    path = tmp_path / SETTINGS_FILE
    path.write_bytes(content)
    os.utime(path, (1_000_000_000, 1_000_000_000))
    settings, message = load_settings(tmp_path)
    assert settings == Settings()
    assert message is not None and str(path) in message
    assert "default" in message
    assert path.read_bytes() == content
    assert path.stat().st_mtime == 1_000_000_000


def test_unreadable_settings_path_falls_back(tmp_path):
    (tmp_path / SETTINGS_FILE).mkdir()  # a directory where the file should be
    settings, message = load_settings(tmp_path)
    assert settings == Settings()
    assert message is not None and str(tmp_path / SETTINGS_FILE) in message
