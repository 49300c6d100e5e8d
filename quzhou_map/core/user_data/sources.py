"""Checks made before any parser sees a file: what it is (folder, zip, device…), which format, whether it is too big.

Everything here reads at most the file's first bytes and a zip's directory, so a FIFO, a device, a zip bomb or a
gigabyte of JSON is refused before GDAL or pandas could hang on it or fill the memory.
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from quzhou_map.core.user_data.errors import UserDataError, problem_line

GIB = 1 << 30
#: Formats that are parsed whole in memory (GeoJSON, KML, GPX, CSV): bigger files are refused.
WHOLE_PARSE_LIMIT = 1 * GIB
#: An XLSX is a zip of XML, parsed whole: limits on the file and on what it unpacks to.
XLSX_FILE_LIMIT = 200 << 20
#: A zip (Shapefile or XLSX) must not unpack to more than this, nor hold more members.
UNZIPPED_LIMIT = 2 * GIB
ZIP_MEMBER_LIMIT = 10_000

SUFFIX_FORMATS = {
    ".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage", ".shp": "Shapefile", ".zip": "Shapefile",
    ".kml": "KML", ".gpx": "GPX", ".fgb": "FlatGeobuf", ".parquet": "GeoParquet", ".geoparquet": "GeoParquet",
    ".csv": "CSV", ".xlsx": "XLSX",
}
#: GDAL driver → the format name the app shows.
DRIVER_FORMATS = {
    "GeoJSON": "GeoJSON", "GeoJSONSeq": "GeoJSON", "GPKG": "GeoPackage", "ESRI Shapefile": "Shapefile",
    "KML": "KML", "LIBKML": "KML", "GPX": "GPX", "FlatGeobuf": "FlatGeobuf", "XLSX": "XLSX",
}
WHOLE_PARSE_FORMATS = {"GeoJSON", "KML", "GPX", "CSV"}
SHAPEFILE_SIDECARS = (".shx", ".dbf", ".prj", ".cpg")


class Source(NamedTuple):
    """A file that passed the checks: its format and what GDAL should open for each of its layers."""

    path: Path
    format: str
    shapefiles: dict[str, str]  # Shapefile folder/zip/file: layer name -> path GDAL opens ("/vsizip/…" in a zip)
    notes: tuple[str, ...]  # warnings found on the way, e.g. content that does not match the extension


def supported_suffixes() -> tuple[str, ...]:
    """The file dialog's filter."""
    return tuple(SUFFIX_FORMATS)


@functools.cache
def configure_gdal() -> None:
    """Make GDAL strictly a reader: no .aux.xml, no rebuilt .shx beside the user's files (it opens them read-only)."""
    import pyogrio

    pyogrio.set_gdal_config_options({
        "GDAL_PAM_ENABLED": "NO",  # no .aux.xml sidecars
        "SHAPE_RESTORE_SHX": "NO",  # never write a missing .shx
    })


@contextlib.contextmanager
def captured_warnings(path: Path, sink: list[str]) -> Iterator[None]:
    """GDAL's and pandas' warnings become the user's warnings (deduplicated, at most 20) instead of stderr noise."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            seen = set(sink)
            extra = 0
            for item in caught:
                line = problem_line(path, str(item.message))
                if line in seen:
                    continue
                if len(seen) >= 20:
                    extra += 1
                    continue
                seen.add(line)
                sink.append(line)
            if extra:
                sink.append(problem_line(path, f"{extra} more warnings not shown"))


def _stat(path: Path) -> os.stat_result:
    try:
        return os.stat(path)
    except FileNotFoundError:
        raise UserDataError(path, "does not exist") from None
    except PermissionError:
        raise UserDataError(path, "cannot be read: permission denied") from None
    except OSError as error:
        raise UserDataError(path, f"cannot be read: {error.strerror or error}") from None


def _head(path: Path, size: int = 64) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(size)
    except PermissionError:
        raise UserDataError(path, "cannot be read: permission denied") from None
    except OSError as error:
        raise UserDataError(path, f"cannot be read: {error.strerror or error}") from None


def _sniff(head: bytes) -> str | None:
    """The format the first bytes prove, for binary formats only (text formats are trusted to their suffix)."""
    if head.startswith(b"SQLite format 3\x00"):
        return "GeoPackage"
    if head.startswith(b"fgb\x03"):
        return "FlatGeobuf"
    if head.startswith(b"PAR1"):
        return "GeoParquet"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    return None


def _size_text(size: int) -> str:
    return f"{size / GIB:.1f} GB" if size >= GIB / 10 else f"{size / (1 << 20):.1f} MB"


def _zip_members(path: Path) -> list[zipfile.ZipInfo]:
    """The zip's members, refused when it unpacks to too much (a zip bomb) before anything is unpacked."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise UserDataError(path, f"is not a readable zip archive ({error})") from None
    if len(members) > ZIP_MEMBER_LIMIT:
        raise UserDataError(path, f"holds {len(members)} files, more than the {ZIP_MEMBER_LIMIT} this app accepts")
    total = sum(member.file_size for member in members)
    if total > UNZIPPED_LIMIT:
        raise UserDataError(path, f"unpacks to {_size_text(total)}, more than the {_size_text(UNZIPPED_LIMIT)} "
                                  "this app accepts (a zip bomb?)")
    return members


def _zip_shapefiles(path: Path) -> dict[str, str]:
    members = [m for m in _zip_members(path) if not m.is_dir() and not m.filename.startswith("__MACOSX/")]
    names = {m.filename.lower() for m in members}
    found: dict[str, str] = {}
    for member in members:
        name = member.filename
        if name.lower().endswith(".shp"):
            if member.flag_bits & 0x1:
                raise UserDataError(path, f"{name} is encrypted in the zip")
            if name[:-4].lower() + ".shx" not in names:
                raise UserDataError(path, f"{name} has no .shx index file beside it in the zip")
            found[name[:-4]] = f"/vsizip/{path.resolve()}/{name}"
    if not found:
        raise UserDataError(path, "holds no Shapefile (.shp) — a zip is read only as a zipped Shapefile")
    return found


def check_shapefile(shp: Path, report_as: Path) -> None:
    """A .shp needs its .shx; every sidecar GDAL might open must be a regular file (a FIFO would hang it)."""
    siblings = _siblings(shp)
    for suffix in SHAPEFILE_SIDECARS:
        sidecar = siblings.get(suffix)
        if sidecar is None:
            if suffix == ".shx":
                raise UserDataError(report_as, f"{shp.name} has no .shx index file beside it")
            continue
        if not stat.S_ISREG(_stat(sidecar).st_mode):
            raise UserDataError(report_as, f"{sidecar.name} is not a regular file")


def _siblings(shp: Path) -> dict[str, Path]:
    """The .shp's sidecar files by lower-case suffix, matched case-insensitively like GDAL does."""
    stem = shp.stem.lower()
    out: dict[str, Path] = {}
    try:
        entries = list(os.scandir(shp.parent))
    except OSError:
        return out
    for entry in entries:
        name = Path(entry.name)
        if name.stem.lower() == stem and name.suffix.lower() in SHAPEFILE_SIDECARS:
            out[name.suffix.lower()] = shp.parent / entry.name
    return out


def has_cpg(shp: Path) -> bool:
    """Whether a plain Shapefile names its text encoding (zipped ones are read as GDAL decides)."""
    return ".cpg" in _siblings(shp)


def _folder(path: Path) -> Source:
    try:
        entries = sorted(os.scandir(path), key=lambda e: e.name)
    except OSError as error:
        raise UserDataError(path, f"cannot be read: {error.strerror or error}") from None
    shapefiles = {}
    for entry in entries:
        if entry.name.lower().endswith(".shp") and entry.is_file():
            shapefiles[entry.name[:-4]] = str(path / entry.name)
    if not shapefiles:
        raise UserDataError(path, "is a folder with no Shapefile (.shp) in it")
    return Source(path, "Shapefile", shapefiles, ())


def locate(path: Path) -> Source:
    """Check ``path`` and tell its format, or raise :class:`UserDataError` saying why it cannot be read."""
    path = Path(path)
    info = _stat(path)
    if stat.S_ISDIR(info.st_mode):
        return _folder(path)
    if not stat.S_ISREG(info.st_mode):
        raise UserDataError(path, "is not a regular file or folder (a device, pipe or socket): refused")
    if info.st_size == 0:
        raise UserDataError(path, "is empty")
    suffix = path.suffix.lower()
    claimed = SUFFIX_FORMATS.get(suffix)
    sniffed = _sniff(_head(path))
    notes: list[str] = []
    if sniffed == "zip":
        is_xlsx = suffix == ".xlsx" or (suffix != ".zip" and _is_xlsx(path))
        sniffed = "XLSX" if is_xlsx else "Shapefile"
    elif claimed in ("XLSX",) or suffix == ".zip":
        raise UserDataError(path, f"is not a zip archive, so not a valid {suffix} file")
    if claimed is None and sniffed is None:
        raise UserDataError(path, f"has an unsupported file type {suffix or '(no extension)'!r}; supported: "
                                  + " ".join(SUFFIX_FORMATS))
    fmt = sniffed or claimed
    assert fmt is not None
    if claimed is not None and sniffed is not None and sniffed != claimed:
        notes.append(problem_line(path, f"its content is {sniffed}, not the {claimed} its extension says; read as "
                                        f"{sniffed}"))
    if claimed in ("GeoPackage", "FlatGeobuf", "GeoParquet") and sniffed is None:
        raise UserDataError(path, f"is not a valid {claimed} file (its first bytes do not match)")
    if fmt in WHOLE_PARSE_FORMATS and info.st_size > WHOLE_PARSE_LIMIT:
        raise UserDataError(path, f"is {_size_text(info.st_size)}; {fmt} files are parsed whole, so this app reads "
                                  f"them only up to {_size_text(WHOLE_PARSE_LIMIT)}")
    shapefiles: dict[str, str] = {}
    if fmt == "XLSX":
        if info.st_size > XLSX_FILE_LIMIT:
            raise UserDataError(path, f"is {_size_text(info.st_size)}; XLSX files are read only up to "
                                      f"{_size_text(XLSX_FILE_LIMIT)}")
        if sum(m.file_size for m in _zip_members(path)) > WHOLE_PARSE_LIMIT:
            raise UserDataError(path, f"unpacks to more than {_size_text(WHOLE_PARSE_LIMIT)} (a zip bomb?): refused")
    elif fmt == "Shapefile" and sniffed is not None:
        shapefiles = _zip_shapefiles(path)
    elif fmt == "Shapefile":
        check_shapefile(path, path)
        shapefiles = {path.stem: str(path)}
    return Source(path, fmt, shapefiles, tuple(notes))


def _is_xlsx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
