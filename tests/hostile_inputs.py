"""A generated corpus of hostile inputs for every surface the command line reads or writes (issue 10):
dataset files and folders (``validate``, and the app's dataset through ``QUZHOU_MAP_GEODATA``), the settings
file, the page cache, and the output files of ``--export-html``, ``--export-image`` and ``--screenshot``.

``write_corpus(folder)`` makes the files and returns the cases; ``run_corpus(cases)`` runs them in parallel
subprocesses with time limits (the many ``validate``/``--export-html`` cases through tests/hostile_driver.py,
several to a process; the cases that start Qt or need resource limits one process each); ``problems(case,
result, before, after)`` says what a case did wrong: its exit code, no message naming the path, a traceback,
a hang, a changed input, a file left behind, or a path echoed raw.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import resource
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quzhou_map.core.problems import shown_path

REPO = Path(__file__).resolve().parent.parent
GEODATA = REPO / "geodata"
DRIVER = REPO / "tests" / "hostile_driver.py"
LANDMARKS = "landmarks.geojson"
COUNTIES = "counties.geojson"


@dataclass
class Case:
    name: str
    argv: list[str | bytes]  # after "quzhou-map"
    codes: set[int]  # the exit codes that are right
    named: list[Path | bytes]  # each must appear in the output, as shown_path shows it
    folder: Path  # the case's own folder: nothing in it may change but ``outputs``
    outputs: list[Path] = field(default_factory=list)  # files the case may write (and must, when ``written``)
    written: bool = False
    process: bool = False  # a process of its own: it starts Qt, or sets a resource limit
    fsize: int | None = None  # RLIMIT_FSIZE for that process
    env: dict[str, str] = field(default_factory=dict)
    timeout: float = 30
    says: str = ""  # a phrase the output must hold, as well
    volatile: list[Path] = field(default_factory=list)  # folders the case may change (its own page cache)


@dataclass
class Result:
    code: int | None
    output: str
    traceback: str = ""
    timeout: bool = False
    seconds: float = 0.0


# --- files ---------------------------------------------------------------------------------------------------
def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _feature_collection(name: str = LANDMARKS) -> dict[str, Any]:
    return json.loads((GEODATA / name).read_text(encoding="utf-8"))


def _special(path: Path, kind: str) -> Path:
    """Make ``path`` a file of ``kind``: fifo, socket, folder, zero, urandom, loop, dangling, unreadable, empty,
    locked_folder (a folder no one may list)."""
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":  # bound at a short path (AF_UNIX allows ~108 bytes), then moved into place
        short = Path(tempfile.mkdtemp(prefix="qz-")) / "s"
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(short))
        os.replace(short, path)
        short.parent.rmdir()
    elif kind == "folder":
        path.mkdir()
    elif kind in ("zero", "urandom"):
        path.symlink_to(f"/dev/{kind}")
    elif kind == "loop":
        path.symlink_to(path.name)
    elif kind == "dangling":
        path.symlink_to(path.with_name("nothing-here"))
    elif kind == "unreadable":
        path.write_text(_json(_feature_collection()), encoding="utf-8")
        path.chmod(0)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "locked_folder":
        path.mkdir()
        (path / LANDMARKS).write_text("{}", encoding="utf-8")
        path.chmod(0)
    else:
        raise ValueError(kind)
    return path


SPECIAL_KINDS = ("fifo", "socket", "folder", "zero", "urandom", "loop", "dangling", "unreadable", "empty",
                 "locked_folder")


def _dataset(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in GEODATA.glob("*.geojson"):
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


# --- what a case does ----------------------------------------------------------------------------------------
def _nested(depth: int, leaf: Any = 1) -> str:
    return "[" * depth + json.dumps(leaf) + "]" * depth


def _landmarks_with(edit: Callable[[dict[str, Any]], None]) -> str:
    data = _feature_collection()
    edit(data)
    return json.dumps(data, ensure_ascii=True)  # lone surrogates survive only as JSON escapes


def _raw_landmarks(replace: str, by: str) -> str:
    """The shipped landmarks as JSON text with a piece of text replaced (for what json.dumps cannot write)."""
    text = json.dumps(_feature_collection(), ensure_ascii=True)
    assert replace in text, replace
    return text.replace(replace, by, 1)


def _site_edits() -> dict[str, Callable[[dict[str, Any]], None]]:
    """Edits of the first landmark that must each be a problem (the validator's job: what the page needs)."""
    def props(**values: Any) -> Callable[[dict[str, Any]], None]:
        return lambda data: data["features"][0]["properties"].update(values)

    def drop(key: str) -> Callable[[dict[str, Any]], None]:
        return lambda data: data["features"][0]["properties"].pop(key)

    def geometry(value: Any) -> Callable[[dict[str, Any]], None]:
        return lambda data: data["features"][0].__setitem__("geometry", value)

    def fact(**values: Any) -> Callable[[dict[str, Any]], None]:
        return lambda data: data["features"][0]["properties"]["facts"][0].update(values)

    edits: dict[str, Callable[[dict[str, Any]], None]] = {}
    for key in ("id", "theme", "name_zh", "name_en", "name_pinyin", "county", "position_source", "position_datum",
                "position_method", "precision_m", "facts", "township"):
        edits[f"no_{key}"] = drop(key)
        edits[f"{key}_list"] = props(**{key: ["a", "b"]})
        edits[f"{key}_object"] = props(**{key: {"zh": "x"}})
        if key != "precision_m":  # 12 m is a precision
            edits[f"{key}_number"] = props(**{key: 12})
    for key in ("id", "name_zh", "name_en", "name_pinyin", "position_source"):
        edits[f"{key}_null"] = props(**{key: None})
        edits[f"{key}_blank"] = props(**{key: "   "})
        edits[f"{key}_newline"] = props(**{key: "a\nb"})
        edits[f"{key}_escape"] = props(**{key: "\x1b[31mred"})
        edits[f"{key}_surrogate"] = props(**{key: "a\ud800b"})
        edits[f"{key}_long"] = props(**{key: "长" * 99_000})
    for value in (1e308, 1e7, 1_000_001, 0, -5, "5", True, None, [5], 10 ** 400):
        edits[f"precision_{str(value)[:12]}"] = props(precision_m=value)
    for name, value in {"string": ["118.8", "28.9"], "one": [118.8], "four": [118.8, 28.9, 0, 1],
                        "swapped": [28.9, 118.8], "huge_int": [10 ** 400, 28], "projected": [500000, 3200000],
                        "nested": [[118.8, 28.9]],
                        "bool": [True, False], "null": [None, None], "outside": [100.0, 20.0]}.items():
        edits[f"coordinates_{name}"] = geometry({"type": "Point", "coordinates": value})
    edits["geometry_null"] = geometry(None)
    edits["geometry_polygon"] = geometry({"type": "Polygon", "coordinates": [[[118.8, 28.9], [118.9, 28.9],
                                                                              [118.9, 29.0], [118.8, 28.9]]]})
    edits["geometry_no_type"] = geometry({"coordinates": [118.8, 28.9]})
    edits["facts_empty"] = props(facts=[])
    edits["facts_strings"] = props(facts=["a quote"])
    edits["fact_not_verbatim"] = fact(quote="这句话不在文章里。")
    edits["fact_translation_list"] = fact(translation=["x"])
    edits["fact_translation_surrogate"] = fact(translation="a\udfffb")
    edits["fact_section_number"] = fact(section=3)
    edits["fact_figures_object"] = fact(figures={"text": "1"})
    edits["fact_figure_strings"] = fact(figures=["1", "2"])
    edits["fact_figure_surrogate_unit"] = fact(figures=[{"text": "x", "value": 1, "unit": "\ud800", "period": None}])
    edits["fact_figure_deep"] = fact(figures=[json.loads(_nested(60, {"text": 1}))])
    edits["township_surrogate"] = props(township="\udc80")
    edits["extra_surrogate"] = props(note="\ud800")
    edits["feature_id_differs"] = lambda data: data["features"][0].__setitem__("id", "another-id")
    edits["duplicate_id"] = lambda data: data["features"].append(copy.deepcopy(data["features"][0]))
    edits["feature_not_object"] = lambda data: data["features"].__setitem__(0, "a feature")
    edits["properties_null"] = lambda data: data["features"][0].__setitem__("properties", None)
    edits["features_object"] = lambda data: data.__setitem__("features", {"a": 1})
    edits["crs_projected"] = lambda data: data.__setitem__("crs", {"type": "name",
                                                                   "properties": {"name": "EPSG:3857"}})
    return edits


def _county_edits() -> dict[str, Callable[[dict[str, Any]], None]]:
    """Edits of the first county: the page draws and names counties by id, name_zh and name_en."""
    def props(**values: Any) -> Callable[[dict[str, Any]], None]:
        return lambda data: data["features"][0]["properties"].update(values)

    def drop(key: str) -> Callable[[dict[str, Any]], None]:
        return lambda data: data["features"][0]["properties"].pop(key)

    edits: dict[str, Callable[[dict[str, Any]], None]] = {}
    for key in ("id", "name_zh", "name_en"):
        edits[f"county_no_{key}"] = drop(key)
        edits[f"county_{key}_list"] = props(**{key: ["a"]})
        edits[f"county_{key}_null"] = props(**{key: None})
        edits[f"county_{key}_empty"] = props(**{key: ""})
    edits["county_duplicate_id"] = lambda data: data["features"][1]["properties"].update(
        id=data["features"][0]["properties"]["id"])
    edits["county_geometry_null"] = lambda data: data["features"][0].__setitem__("geometry", None)
    edits["county_geometry_point"] = lambda data: data["features"][0].__setitem__(
        "geometry", {"type": "Point", "coordinates": [118.8, 28.9]})
    edits["county_missing"] = lambda data: data["features"].pop(0)
    return edits


def _raw_documents() -> dict[str, bytes]:
    """Whole landmark files that JSON allows and Python chokes on, or that are not JSON at all."""
    docs = {
        "int_5000_digits_coordinate": _raw_landmarks("118.8", "1" * 5000),
        "int_4300_digits_precision": _raw_landmarks('"precision_m": ', '"precision_m": ' + "9" * 4300 + ", \"x\": "),
        "int_100000_digits_extra": _raw_landmarks('"properties": {', '"properties": {"big": ' + "7" * 100_000 + ", "),
        "int_huge_top_level": '{"big": ' + "1" * 20_000 + ', "type": "FeatureCollection", "features": []}',
        "nan_coordinate": _raw_landmarks("118.8", "NaN"),
        "infinity_precision": _raw_landmarks('"precision_m": ', '"precision_m": Infinity, "x": '),
        "minus_infinity_coordinate": _raw_landmarks("118.8", "-Infinity"),
        "float_overflow": _raw_landmarks("118.8", "1e400"),
        "float_underflow": _raw_landmarks("118.8", "1e-400"),
        "surrogate_escape_name": _raw_landmarks('"name_en": "', '"name_en": "\\ud800'),
        "surrogate_low_key": _raw_landmarks('"properties": {', '"properties": {"\\udc00": 1, '),
        "surrogate_pair_broken": _raw_landmarks('"name_en": "', '"name_en": "\\ud800\\ud800'),
        "surrogate_in_geometry_type": _raw_landmarks('"type": "Point"', '"type": "Point\\udfff"'),
        "deep_100_extra": _raw_landmarks('"properties": {', '"properties": {"deep": ' + _nested(100) + ", "),
        "deep_2000_extra": _raw_landmarks('"properties": {', '"properties": {"deep": ' + _nested(2000) + ", "),
        "deep_100000_extra": _raw_landmarks('"properties": {', '"properties": {"deep": ' + _nested(100_000) + ", "),
        "deep_objects": _raw_landmarks('"properties": {', '"properties": {"deep": ' + '{"a":' * 5000 + "1"
                                       + "}" * 5000 + ", "),
        "deep_coordinates": _raw_landmarks('"coordinates": [', '"coordinates": ' + "[" * 3000 + "]" * 2999 + ", ["),
        "deep_top_level": _nested(200_000),
        "string_1mb_name": _raw_landmarks('"name_en": "', '"name_en": "' + "x" * 1_000_000),
        "string_5mb_extra": _raw_landmarks('"properties": {', '"properties": {"blob": "' + "y" * 5_000_000 + '", '),
        "string_2mb_translation": _raw_landmarks('"translation": "', '"translation": "' + "z" * 2_000_000),
        "string_5mb_key": _raw_landmarks('"properties": {', '"properties": {"' + "k" * 5_000_000 + '": 1, '),
        "duplicate_keys": _raw_landmarks('"type": "Feature"', '"type": "Feature", "type": "Nope"'),  # the last wins
        "nul_bytes": "\x00" * 1000,
        "not_utf8": b'{"type": "FeatureCollection", "features": [\xff\xfe]}',
        "utf16": _json(_feature_collection()).encode("utf-16"),
        "bom_utf8": b"\xef\xbb\xbf" + b"[1, 2",
        "truncated": _json(_feature_collection())[:5000],
        "only_whitespace": " \n\t " * 100,
        "top_level_string": '"FeatureCollection"',
        "top_level_number": "1" * 4000,
    }
    return {name: doc.encode("utf-8") if isinstance(doc, str) else doc for name, doc in docs.items()}


#: Names for files and folders that a terminal must not get raw: control characters, bytes that are not UTF-8,
#: a direction override, and more than a file system allows.
STRANGE_NAMES: dict[str, bytes] = {
    "newline": b"line\nbreak",
    "escape": b"\x1b[31mred\x1b[0m",
    "carriage_return": b"over\rwritten",
    "not_utf8": b"caf\xe9-\xff",
    "surrogate_bytes": b"\xed\xa0\x80",
    "bidi_override": "\u202etxt.exe".encode(),
    "bell_tab": b"a\x07b\tc",
    "too_long_name": b"n" * 300,
}


def _name(name: bytes, suffix: str) -> bytes:
    return name + suffix.encode()


# --- the corpus ---------------------------------------------------------------------------------------------
def write_corpus(folder: Path, cache_key: str) -> list[Case]:  # noqa: C901 - a list of cases, on purpose
    """Write every case's files under ``folder`` (each case in a folder of its own) and return the cases.
    ``cache_key``: the page cache's key for the shipped data (core/page_cache.py), to damage the cache."""
    cases: list[Case] = []

    def case_dir(name: str) -> Path:
        path = folder / name
        path.mkdir(parents=True)
        return path

    # 1. special files where a file is expected
    for kind in SPECIAL_KINDS:
        here = case_dir(f"validate-file-{kind}")
        target = _special(here / LANDMARKS, kind)
        readable = kind == "unreadable" and os.geteuid() == 0  # root reads it anyway
        cases.append(Case(f"validate FILE is {kind}", ["validate", str(target)], {0} if readable else {1, 2},
                          [] if readable else [target], here))
        here = case_dir(f"validate-dataset-{kind}")
        data = _dataset(here / "data")
        (data / LANDMARKS).unlink()
        target = _special(data / LANDMARKS, kind)
        cases.append(Case(f"validate DIR whose {LANDMARKS} is {kind}", ["validate", str(data)],
                          {0} if readable else {1}, [] if readable else [target], here))
        here = case_dir(f"validate-extra-{kind}")
        data = _dataset(here / "data")
        target = _special(data / "extra.geojson", kind)
        cases.append(Case(f"validate DIR with an extra .geojson that is {kind}", ["validate", str(data)],
                          {1}, [target], here))
        for option in ("--export-html", "--screenshot", "--export-image"):
            here = case_dir(f"output{option}-{kind}")
            suffix = {"--export-html": ".html", "--screenshot": ".png", "--export-image": ".pdf"}[option]
            target = _special(here / f"out{suffix}", kind)
            cases.append(Case(f"{option} to {kind}", [option, str(target)], {1}, [target], here,
                              process=option != "--export-html"))
        if kind in ("fifo", "folder", "zero", "loop", "dangling", "socket", "locked_folder", "urandom"):
            here = case_dir(f"settings-{kind}")
            config = here / "config" / "quzhou-map"
            config.mkdir(parents=True)
            target = _special(config / "settings.json", kind)
            picture = here / "picture.png"
            cases.append(Case(f"settings.json is {kind}", ["--screenshot", str(picture), "--size", "800x600"], {0},
                              [target], here, outputs=[picture], written=True, process=True,
                              env={"XDG_CONFIG_HOME": str(here / "config")}, timeout=90, says="default settings"))
    for kind in ("fifo", "loop", "folder", "zero"):
        here = case_dir(f"validate-dir-itself-{kind}")
        target = _special(here / "data", kind)
        cases.append(Case(f"validate DIR that is {kind}", ["validate", str(target)], {1, 2}, [target], here))
    for kind in ("fifo", "loop", "zero"):  # the app's dataset folder, named by QUZHOU_MAP_GEODATA
        here = case_dir(f"geodata-env-{kind}")
        data = _dataset(here / "data")
        (data / LANDMARKS).unlink()
        target = _special(data / LANDMARKS, kind)
        cases.append(Case(f"QUZHOU_MAP_GEODATA with {LANDMARKS} a {kind}: validate", ["validate"], {1}, [target],
                          here, env={"QUZHOU_MAP_GEODATA": str(data)}))
        here = case_dir(f"geodata-env-app-{kind}")
        data = _dataset(here / "data")
        (data / LANDMARKS).unlink()
        target = _special(data / LANDMARKS, kind)
        picture = here / "picture.png"
        cases.append(Case(f"QUZHOU_MAP_GEODATA with {LANDMARKS} a {kind}: the app draws the rest",
                          ["--screenshot", str(picture), "--size", "800x600"], {0}, [target], here,
                          outputs=[picture], written=True, process=True, timeout=120, volatile=[here / "cache"],
                          env={"QUZHOU_MAP_GEODATA": str(data), "XDG_CACHE_HOME": str(here / "cache")}))

    # 2. numbers and text that JSON allows and Python chokes on; 3. what the validator must refuse
    for name, raw in _raw_documents().items():
        here = case_dir(f"raw-{name}")
        target = here / LANDMARKS
        target.write_bytes(raw)
        cases.append(Case(f"{LANDMARKS}: {name}", ["validate", str(target)], {1}, [target], here))
    for name in ("int_5000_digits_coordinate", "nan_coordinate", "surrogate_low_key", "deep_100000_extra",
                 "deep_coordinates", "string_5mb_extra", "not_utf8", "truncated", "top_level_number", "nul_bytes"):
        here = case_dir(f"raw-counties-{name}")  # the same, as the dataset's counties (the base layer)
        data = _dataset(here / "data")
        (data / COUNTIES).write_bytes(_raw_documents()[name])
        cases.append(Case(f"{COUNTIES}: {name}", ["validate", str(data)], {1}, [data / COUNTIES], here))
    for name, edit in _site_edits().items():
        here = case_dir(f"site-{name}")
        target = here / LANDMARKS
        target.write_text(_landmarks_with(edit), encoding="utf-8")
        cases.append(Case(f"{LANDMARKS}: {name}", ["validate", str(target)], {1}, [target], here))
    for name, edit in _county_edits().items():
        here = case_dir(f"county-{name}")
        data = _dataset(here / "data")
        counties = _feature_collection(COUNTIES)
        edit(counties)
        (data / COUNTIES).write_text(json.dumps(counties, ensure_ascii=False), encoding="utf-8")
        cases.append(Case(f"{COUNTIES}: {name}", ["validate", str(data)], {1}, [data / COUNTIES], here))

    # 5. a damaged page cache: thrown away, rebuilt, said
    for name, page, catalog in (("empty page", b"", None), ("garbage page", os.urandom(5000), None),
                                ("cut page", None, None), ("empty catalog", None, b""),
                                ("page is a folder", "folder", None), ("page is a FIFO", "fifo", None)):
        here = case_dir("cache-" + name.replace(" ", "-"))
        entry = here / "cache" / "quzhou-map" / cache_key
        entry.mkdir(parents=True)
        picture = here / "picture.png"
        cases.append(Case(f"page cache: {name}", ["--screenshot", str(picture), "--size", "800x600"], {0},
                          [entry], here, outputs=[picture], written=True, process=True, timeout=120,
                          env={"XDG_CACHE_HOME": str(here / "cache")}, says="damaged", volatile=[here / "cache"]))
        cases[-1].damage = (page, catalog)  # type: ignore[attr-defined]  # done once the entry is built

    # 6. full disks and limits
    here = case_dir("limit-export-html")
    target = here / "out.html"
    cases.append(Case("--export-html over the file-size limit", ["--export-html", str(target)], {1}, [target], here,
                      process=True, fsize=50_000, says="file size limit"))
    here = case_dir("limit-screenshot")
    target = here / "out.png"
    cases.append(Case("--screenshot under a file-size limit Chromium cannot run with",
                      ["--screenshot", str(target)], {1}, [], here, process=True, fsize=40_000, says="ulimit -f"))
    here = case_dir("limit-validate")
    cases.append(Case("validate under a 1 KB file-size limit (it writes nothing)", ["validate", str(GEODATA)], {0},
                      [], here, process=True, fsize=1024, says="valid"))
    here = case_dir("cache-unwritable")
    (here / "cache").write_text("a file where the cache folder should be", encoding="utf-8")
    picture = here / "picture.png"
    cases.append(Case("cache folder unwritable: a temporary folder, said", ["--screenshot", str(picture),
                      "--size", "800x600"], {0}, [here / "cache"], here, outputs=[picture], written=True,
                      process=True, timeout=120, env={"XDG_CACHE_HOME": str(here / "cache")}, says="could not be"))

    # 7. path names: too long, with control characters, not UTF-8
    for label, raw_name in STRANGE_NAMES.items():
        here = case_dir(f"name-{label}")
        missing = here.as_posix().encode() + b"/" + _name(raw_name, ".geojson")
        cases.append(Case(f"validate a missing file named {label}", ["validate", missing], {2}, [missing], here))
        if label != "too_long_name":
            here = case_dir(f"name-dataset-{label}")
            existing = here.as_posix().encode() + b"/" + raw_name
            _dataset(Path(os.fsdecode(existing)))
            cases.append(Case(f"validate a dataset folder named {label}", ["validate", existing], {0}, [], here,
                              says="valid"))
            here = case_dir(f"name-export-{label}")
            target = here.as_posix().encode() + b"/" + _name(raw_name, ".html")
            cases.append(Case(f"--export-html to a new file named {label}", ["--export-html", target], {0}, [target],
                              here, outputs=[Path(os.fsdecode(target))], written=True))
        else:
            for option, suffix in (("--export-html", ".html"), ("--screenshot", ".png"), ("--export-image", ".png")):
                here = case_dir(f"name-{option}-{label}")
                target = here.as_posix().encode() + b"/" + _name(raw_name, suffix)
                cases.append(Case(f"{option} to a name too long", [option, target], {1}, [target], here,
                                  process=option != "--export-html"))
        here = case_dir(f"name-deep-{label}")
        deep = here.as_posix().encode() + (b"/" + b"d" * 200) * 25 + b"/x.geojson"  # longer than PATH_MAX
        cases.append(Case(f"validate a path over PATH_MAX ({label})", ["validate", deep], {2}, [deep], here))
    here = case_dir("name-screenshot-newline")
    target = here.as_posix().encode() + b"/shot\nwith\x1b[2Jescapes.png"
    cases.append(Case("--screenshot to a name with a newline and an escape", ["--screenshot", target,
                      "--size", "800x600"], {0}, [target], here, outputs=[Path(os.fsdecode(target))], written=True,
                      process=True, timeout=90))

    # 11. outputs: one rule (written only where none is, or over our own, or with --overwrite)
    for option, suffix in (("--export-html", ".html"), ("--screenshot", ".png"), ("--export-image", ".pdf")):
        here = case_dir(f"overwrite{option}")
        precious = here / f"notes{suffix}"
        precious.write_text("my own notes", encoding="utf-8")
        cases.append(Case(f"{option} over a file quzhou-map did not write", [option, str(precious)], {1}, [precious],
                          here, process=option != "--export-html", says="not overwritten"))
    here = case_dir("overwrite-html-ours")
    target = here / "ours.html"
    target.write_text('<html><head>\n<meta name="generator" content="quzhou-map export"></head></html>',
                      encoding="utf-8")
    cases.append(Case("--export-html over its own export", ["--export-html", str(target)], {0}, [target], here,
                      outputs=[target], written=True))
    here = case_dir("overwrite-html-forced")
    target = here / "notes.html"
    target.write_text("mine", encoding="utf-8")
    cases.append(Case("--export-html --overwrite over a file it did not write", ["--export-html", str(target),
                      "--overwrite"], {0}, [target], here, outputs=[target], written=True))
    here = case_dir("overwrite-folder-forced")
    target = here / "out.html"
    target.mkdir()
    cases.append(Case("--export-html --overwrite does not replace a folder", ["--export-html", str(target),
                      "--overwrite"], {1}, [target], here))
    here = case_dir("output-missing-folder")
    target = here / "no" / "such" / "folder" / "out.html"
    cases.append(Case("--export-html into a folder that does not exist", ["--export-html", str(target)], {1},
                      [target], here, says="does not exist"))
    return cases


def damage_cache(case: Case) -> None:
    """Put the damage of a page-cache case into its built entry (built first by a run of the app)."""
    page, catalog = case.damage  # type: ignore[attr-defined]
    entry = case.named[0]
    assert isinstance(entry, Path)
    page_file, catalog_file = entry / "map.html", entry / "catalog.json"
    if page == "folder":
        page_file.unlink()
        page_file.mkdir()
    elif page == "fifo":
        page_file.unlink()
        os.mkfifo(page_file)
    elif page is None and catalog is None:
        page_file.write_bytes(page_file.read_bytes()[:2000])
    elif page is not None:
        page_file.write_bytes(page)
    if catalog is not None:
        catalog_file.write_bytes(catalog)


# --- running ------------------------------------------------------------------------------------------------
def snapshot(folder: Path) -> dict[bytes, str]:
    """Every entry under ``folder``: a regular file's sha256, or its kind (never opened: a FIFO, a device)."""
    seen: dict[bytes, str] = {}
    for root, dirs, files in os.walk(os.fsencode(folder)):
        for name in dirs + files:
            path = os.path.join(root, name)
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode):
                with open(path, "rb") as handle:
                    seen[path] = hashlib.sha256(handle.read()).hexdigest()
            else:
                seen[path] = stat.filemode(info.st_mode)[0] + (os.readlink(path).hex() if stat.S_ISLNK(info.st_mode)
                                                               else "")
    return seen


def _env(case: Case, tmp: Path) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp / "tmp"), "PYTHONDONTWRITEBYTECODE": "1",
           "XDG_CONFIG_HOME": str(tmp / "config"), "XDG_STATE_HOME": str(tmp / "state")}
    env.pop("QUZHOU_MAP_GEODATA", None)
    env.update(case.env)
    return env


def _run_process(case: Case, tmp: Path) -> Result:
    def limits() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)  # as a shell leaves it: the app itself must ignore it
        if case.fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (case.fsize, case.fsize))

    argv = [sys.executable, "-m", "quzhou_map", *case.argv]
    started = time.monotonic()
    try:
        done = subprocess.run(argv, cwd=case.folder, env=_env(case, tmp), capture_output=True, timeout=case.timeout,
                              preexec_fn=limits)
    except subprocess.TimeoutExpired as expired:
        return Result(None, (expired.stdout or b"").decode("utf-8", "replace"), timeout=True,
                      seconds=time.monotonic() - started)
    output = (done.stdout + done.stderr).decode("utf-8", "surrogateescape")
    tb = output if "Traceback (most recent call last)" in output else ""
    return Result(done.returncode, output, tb, seconds=time.monotonic() - started)


def _run_batch(cases: list[Case], tmp: Path) -> list[Result]:
    """Several in-process cases in one driver process (each with its own alarm); the environment the driver
    starts with is the first case's without its own variables."""
    spec = [{"name": c.name, "argv_hex": [os.fsencode(a).hex() for a in c.argv], "env": c.env,
             "timeout": c.timeout} for c in cases]
    with tempfile.TemporaryDirectory(prefix="driver-", dir=tmp) as scratch:
        cases_file, results_file = Path(scratch) / "cases.json", Path(scratch) / "results.json"
        cases_file.write_text(json.dumps(spec), encoding="utf-8")
        base = Case("", [], set(), [], tmp)
        try:
            subprocess.run([sys.executable, str(DRIVER), str(cases_file), str(results_file)], cwd=REPO,
                           env=_env(base, tmp), capture_output=True, timeout=sum(c.timeout for c in cases) + 60)
            raw = json.loads(results_file.read_text(encoding="utf-8"))
        except (subprocess.TimeoutExpired, FileNotFoundError, ValueError) as error:
            return [Result(None, f"driver failed: {error}", timeout=True) for _ in cases]
    return [Result(r["code"], r["output"], r["traceback"], r["timeout"], r["seconds"]) for r in raw]


def run_corpus(cases: list[Case], tmp: Path, workers: int = 3, batch: int = 12) -> list[Result]:
    """Run every case; the in-process ones in batches of ``batch``, the rest one process each, ``workers`` at once."""
    results: dict[int, Result] = {}
    alone = [i for i, c in enumerate(cases) if c.process]
    together = [i for i, c in enumerate(cases) if not c.process]
    jobs: list[Callable[[], None]] = []

    def run_alone(i: int) -> None:
        results[i] = _run_process(cases[i], tmp)

    def run_together(indices: list[int]) -> None:
        for i, result in zip(indices, _run_batch([cases[i] for i in indices], tmp), strict=True):
            results[i] = result

    jobs += [lambda i=i: run_alone(i) for i in alone]
    jobs += [lambda chunk=together[k:k + batch]: run_together(chunk) for k in range(0, len(together), batch)]
    with ThreadPoolExecutor(workers) as pool:
        for future in [pool.submit(job) for job in jobs]:
            future.result()
    return [results[i] for i in range(len(cases))]


def problems(case: Case, result: Result, before: dict[bytes, str], after: dict[bytes, str]) -> list[str]:
    """What the case did wrong (empty: nothing)."""
    found = []
    if result.timeout:
        found.append(f"hung (no end within {case.timeout:g} s)")
    if result.traceback:
        found.append("traceback: " + result.traceback.strip().splitlines()[-1][:200])
    if result.code not in case.codes:
        found.append(f"exit code {result.code}, expected {sorted(case.codes)}")
    for path in case.named:
        if shown_path(path) not in result.output:
            found.append(f"no message names {shown_path(path)[:120]}")
    if case.says and case.says not in result.output:
        found.append(f"the output does not say {case.says!r}")
    raw = [ch for ch in result.output if (not ch.isprintable() and ch not in "\n") or "\udc80" <= ch <= "\udcff"]
    if raw:
        found.append(f"raw control characters or bytes reached the terminal: {sorted(set(raw))[:5]!r}")
    outputs = {os.fsencode(p) for p in case.outputs}
    volatile = tuple(os.fsencode(p) for p in case.volatile)
    changed = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p) and p not in outputs
                     and not (p in volatile or p.startswith(tuple(v + b"/" for v in volatile))))
    if changed:
        found.append(f"changed or left behind: {[shown_path(p)[-80:] for p in changed[:3]]}")
    for path in case.outputs:
        if case.written and os.fsencode(path) not in after:
            found.append(f"{shown_path(path)[-80:]} was not written")
    return found
