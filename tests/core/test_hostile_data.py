"""Issue 10 in the core: property tests (any bytes into the dataset loader, the validator and the settings parser:
a result or a collected problem, never an exception), the validator guarding what the page builder needs (a
dataset that passes ``validate`` always draws), the cache key agreeing with what a build reads, damaged cache
entries rebuilt and said, output files refused by one rule, and long texts bounded in the details."""

from __future__ import annotations

import copy
import json
import os
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core_support import GEODATA
from quzhou_map.core.file_access import FileRefused, check_output, read_regular_file
from quzhou_map.core.geojson_file import read_geojson
from quzhou_map.core.problems import shown_path
from quzhou_map.core.settings import Settings, load_settings, save_settings

LANDMARKS = "landmarks.geojson"
SHIPPED = json.loads((GEODATA / LANDMARKS).read_text(encoding="utf-8"))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

#: JSON values, surrogates and huge integers included (what json.loads can hand back).
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.integers(min_value=10 ** 300, max_value=10 ** 400)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text() | st.sampled_from(["\ud800", "a\udfffb", "\x00"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20)


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# --- any bytes in, a result or a problem out ---------------------------------------------------------------
@FAST
@given(raw=st.binary(max_size=2000))
def test_the_loader_takes_any_bytes(tmp_path_factory: Any, raw: bytes) -> None:
    path = _write(tmp_path_factory.mktemp("any"), LANDMARKS, raw)
    result = read_geojson(path)
    assert (result.data is None) == bool(result.problems)
    assert all("\n" not in str(problem) for problem in result.problems)


@FAST
@given(prefix=st.sampled_from(["[" * 3000, '{"a":' * 2000, "1" * 5000, '"\\ud800"', "-" + "9" * 4400]),
       tail=st.binary(max_size=50))
def test_the_loader_takes_what_json_allows_and_python_chokes_on(tmp_path_factory: Any, prefix: str,
                                                                tail: bytes) -> None:
    path = _write(tmp_path_factory.mktemp("choke"), LANDMARKS, prefix.encode() + tail)
    result = read_geojson(path)
    assert result.data is None and result.problems


def _mutate(data: Any, rng: random.Random, value: Any) -> Any:
    """``data`` with one value somewhere inside replaced by ``value``."""
    data = copy.deepcopy(data)
    node, path = data, []
    while isinstance(node, dict | list) and node and rng.random() < 0.85:
        key = rng.choice(list(node.keys())) if isinstance(node, dict) else rng.randrange(len(node))
        path.append((node, key))
        node = node[key]
    if not path:
        return value
    parent, key = path[-1]
    parent[key] = value
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2 ** 32), value=json_values)
def test_the_validator_takes_any_mutation_and_a_valid_result_always_draws(tmp_path_factory: Any, seed: int,
                                                                           value: Any) -> None:
    """A landmark file with one value anywhere replaced by any JSON value: validation collects problems, and
    the sites that pass build a page (render_page) and a catalog that can be cached (UTF-8)."""
    from quzhou_map.core.catalog import SiteCatalog
    from quzhou_map.core.map_page import render_page
    from quzhou_map.core.validation import validate

    folder = tmp_path_factory.mktemp("mutated")
    text = json.dumps(_mutate(SHIPPED, random.Random(seed), value), ensure_ascii=True)
    path = _write(folder, LANDMARKS, text.encode())
    report = validate([path])
    assert all("\n" not in str(problem) for problem in report.problems)
    catalog = SiteCatalog(report.sites, report.city, [str(p) for p in report.problems])
    catalog.to_json().encode("utf-8")
    if report.ok:
        assert "QuzhouMap.init(" in render_page(report.sites, _shipped_counties())


_COUNTIES: list[dict[str, Any]] = []


def _shipped_counties() -> dict[str, Any]:
    if not _COUNTIES:
        _COUNTIES.append(json.loads((GEODATA / "counties.geojson").read_text(encoding="utf-8")))
    return _COUNTIES[0]


COUNTY_BREAKS = {
    "no name_en": lambda p: p.pop("name_en"), "name_en a list": lambda p: p.update(name_en=["x"]),
    "no id": lambda p: p.pop("id"), "id a list": lambda p: p.update(id=[1, 2]), "id null": lambda p: p.update(id=None),
    "name_en empty": lambda p: p.update(name_en=""), "id a number": lambda p: p.update(id=7),
    "name_en with a newline": lambda p: p.update(name_en="a\nb"),
}


@pytest.mark.parametrize("name", COUNTY_BREAKS)
def test_a_county_the_page_cannot_draw_is_a_problem_and_the_app_still_builds(data_copy: Any, name: str) -> None:
    from quzhou_map.core.page_cache import build
    from quzhou_map.core.validation import validate

    counties = data_copy.load("counties.geojson")
    COUNTY_BREAKS[name](counties["features"][0]["properties"])
    data_copy.save("counties.geojson", counties)
    report = validate([data_copy.dir])
    assert not report.ok and any(p.file.name == "counties.geojson" for p in report.problems)
    catalog, page = build(data_copy.dir)  # the sites are still drawn, without the county layer
    assert "QuzhouMap.init(" in page and len(catalog.sites) == 18


@pytest.mark.parametrize("precision", [1e308, 1e7, 1_000_001, 0, -1])
def test_precision_must_be_physical(data_copy: Any, precision: float) -> None:
    from quzhou_map.core.validation import validate

    data = data_copy.load(LANDMARKS)
    data["features"][0]["properties"]["precision_m"] = precision
    data_copy.save(LANDMARKS, data)
    assert any("precision_m" in p.reason for p in validate([data_copy.dir]).problems)


@FAST
@given(raw=st.binary(max_size=1000) | json_values.map(lambda v: json.dumps(v, ensure_ascii=True).encode()))
def test_the_settings_parser_takes_any_bytes(tmp_path_factory: Any, raw: bytes) -> None:
    folder = tmp_path_factory.mktemp("settings")
    (folder / "settings.json").write_bytes(raw)
    loaded, message = load_settings(folder)
    assert isinstance(loaded, Settings)
    assert message is None or (str(folder) in message and "\n" not in message)


@pytest.mark.parametrize("kind", ["loop", "fifo", "folder", "zero", "dangling"])
def test_a_settings_file_that_is_not_a_file_is_named(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "settings.json"
    {"loop": lambda: path.symlink_to(path.name), "fifo": lambda: os.mkfifo(path), "folder": path.mkdir,
     "zero": lambda: path.symlink_to("/dev/zero"), "dangling": lambda: path.symlink_to("gone")}[kind]()
    loaded, message = load_settings(tmp_path)
    assert loaded == Settings() and message and message.startswith(f"{tmp_path}/settings.json: ")


def test_settings_with_a_file_name_that_is_not_utf8_are_saved_and_read_back(tmp_path: Path) -> None:
    saved = Settings(layers=[{"id": "layer-1", "source": {"path": os.fsdecode(b"/data/caf\xe9.csv")}}])
    save_settings(saved, tmp_path)
    assert (tmp_path / "settings.json").read_bytes().isascii()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# --- files: only regular ones are read, every output follows one rule -------------------------------------
@pytest.mark.parametrize("kind", ["fifo", "folder", "zero", "urandom", "loop"])
def test_only_regular_files_are_read_and_never_unbounded(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "f"
    {"fifo": lambda: os.mkfifo(path), "folder": path.mkdir, "zero": lambda: path.symlink_to("/dev/zero"),
     "urandom": lambda: path.symlink_to("/dev/urandom"), "loop": lambda: path.symlink_to("f")}[kind]()
    with pytest.raises(FileRefused):
        read_regular_file(path, 1000)


def test_outputs_follow_one_rule(tmp_path: Path) -> None:
    ours = tmp_path / "ours.png"
    ours.write_bytes(b"\x89PNG....tEXtSoftware\x00quzhou-map....")
    check_output(ours)  # ours: replaced
    check_output(tmp_path / "new.png")  # new: written
    theirs = tmp_path / "theirs.png"
    theirs.write_bytes(b"\x89PNG")
    with pytest.raises(FileRefused, match="not overwritten"):
        check_output(theirs)
    check_output(theirs, overwrite=True)
    os.mkfifo(tmp_path / "pipe.png")
    with pytest.raises(FileRefused, match="FIFO"):
        check_output(tmp_path / "pipe.png", overwrite=True)


def test_paths_are_shown_without_control_characters_or_raw_bytes() -> None:
    assert shown_path(os.fsdecode(b"/a/line\nbreak\x1b[31m/caf\xe9")) == "/a/line\\nbreak\\x1b[31m/caf\\xe9"
    assert len(shown_path("/" + "x" * 5000)) <= 401


# --- the page cache ---------------------------------------------------------------------------------------
def test_the_cache_key_hashes_every_file_a_build_reads(data_copy: Any) -> None:
    from quzhou_map.core.page_cache import cache_key

    key = cache_key(data_copy.dir)
    extra = copy.deepcopy(SHIPPED)
    for feature in extra["features"]:
        feature["id"] = feature["properties"]["id"] = feature["properties"]["id"] + "-extra"
    (data_copy.dir / "more.geojson").write_text(json.dumps(extra, ensure_ascii=False), encoding="utf-8")
    assert cache_key(data_copy.dir) != key


@pytest.mark.parametrize("damage", ["empty page", "garbage page", "cut page", "page a folder", "no digest"])
def test_a_damaged_page_is_thrown_away_rebuilt_and_said(tmp_path: Path, damage: str) -> None:
    from quzhou_map.core.page_cache import load_or_build

    first = load_or_build(tmp_path / "cache", GEODATA)
    page = first.page
    if damage == "empty page":
        page.write_bytes(b"")
    elif damage == "garbage page":
        page.write_bytes(os.urandom(3000))
    elif damage == "cut page":
        page.write_bytes(page.read_bytes()[:1000])
    elif damage == "page a folder":
        page.unlink()
        page.mkdir()
    else:
        catalog = page.with_name("catalog.json")
        catalog.write_text(json.dumps({k: v for k, v in json.loads(catalog.read_text("utf-8")).items()
                                       if k != "page_sha256"}), encoding="utf-8")
    rebuilt = load_or_build(tmp_path / "cache", GEODATA)
    assert not rebuilt.from_cache and rebuilt.notice and "damaged" in rebuilt.notice
    assert str(page.parent) in rebuilt.notice
    assert load_or_build(tmp_path / "cache", GEODATA).from_cache


def test_with_no_folder_writable_the_page_is_kept_in_memory(tmp_path: Path, monkeypatch: Any) -> None:
    import tempfile

    from quzhou_map.core.page_cache import load_or_build

    blocked = tmp_path / "cache"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(tempfile, "mkdtemp", lambda **_kw: (_ for _ in ()).throw(OSError(28, "No space left")))
    built = load_or_build(blocked, GEODATA)
    assert built.page is None and "QuzhouMap.init(" in built.html
    assert "no space left" in built.cache_error and str(blocked) in built.cache_error


# --- long texts in the details ----------------------------------------------------------------------------
def test_a_long_text_is_cut_in_the_details_saying_how_much_more_with_a_way_to_copy_it(shipped_catalog: Any) -> None:
    from quzhou_map.core.details import LABEL_KEYS, LONG_TEXT_CHARS, full_text, site_details_html

    site = shipped_catalog.get("village-yudong")
    fact = site.facts[0]._replace(translation="x" * 200_000)
    long_site = site._replace(facts=(fact, *site.facts[1:]))
    labels = {key: key.upper() for key in LABEL_KEYS} | {"copy_citation": "copy", "source_in_english": "EN",
                                                          "line": "line {line}", "estimate_warning": "{radius}"}
    html = site_details_html(long_site, labels, "en", more_link="copyall:{key}")
    assert len(html) < 20_000
    assert f"({200_000 - LONG_TEXT_CHARS:,} more characters)" in html and 'href="copyall:fact/0/translation"' in html
    assert full_text(long_site, "fact/0/translation") == "x" * 200_000


def test_an_unreadable_file_is_named_as_such_even_when_run_as_root(tmp_path: Path, monkeypatch: Any) -> None:
    """Root reads a chmod 000 file anyway: the refusal is made to happen where the kernel would say EACCES."""
    import errno

    path = _write(tmp_path, LANDMARKS, b"{}")
    real_open = os.open

    def denied(name: Any, *args: Any, **kwargs: Any) -> int:
        if Path(name) == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    assert [p.reason for p in read_geojson(path).problems] == ["cannot be read: permission denied"]
