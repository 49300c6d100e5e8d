"""Map tile archives the user brings from disk (MBTiles or PMTiles v3), for an offline basemap.

An archive is opened once, checked and described (format, zooms, bounds, attribution), then read
tile by tile at XYZ addresses. It is never written to: SQLite opens it read-only and PMTiles is
memory-mapped read-only. Every problem is one plain line naming the file, to show the user as is.
"""

from __future__ import annotations

import gzip
import json
import mmap
import os
import sqlite3
import stat
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO, Callable

from quzhou_map.core.problems import shown_path

SQLITE_MAGIC = b"SQLite format 3\x00"
PMTILES_MAGIC = b"PMTiles"
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp", "pbf": "application/x-protobuf"}
_FORMATS = {"png": "png", "jpg": "jpg", "jpeg": "jpg", "webp": "webp", "pbf": "pbf", "mvt": "pbf"}
_GZIP_MAGIC = b"\x1f\x8b"

Bounds = tuple[float, float, float, float]


class TileFileError(Exception):
    """A tile archive that cannot be used; the message is one line naming the file and the problem."""


@dataclass(eq=False)
class TileFile:
    """An open archive: what it holds, and its tiles by XYZ address (safe to read from several threads)."""

    path: Path
    name: str
    format: str  # "png" | "jpg" | "webp" | "pbf"
    min_zoom: int
    max_zoom: int
    bounds: Bounds | None  # west, south, east, north in degrees
    attribution: str
    vector_layers: list[str]
    content_encoding: str | None  # "gzip" when tiles are stored gzipped: serve them with this header
    _read: Callable[[int, int, int], bytes | None] = field(repr=False)
    _release: Callable[[], None] = field(repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _closed: bool = field(default=False, repr=False)

    @property
    def kind(self) -> str:
        return "vector" if self.format == "pbf" else "raster"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The tile at XYZ (Google/OSM) z/x/y as stored, or None if the archive has none there.

        One lock serialises reads: the SQLite connection and the mapping are shared, and close() may
        come from another thread. Raises TileFileError if the file broke after it was opened.
        """
        if not (0 <= z <= 30 and 0 <= x < 1 << z and 0 <= y < 1 << z):
            return None
        with self._lock:
            if self._closed:
                return None
            try:
                return self._read(z, x, y)
            except (sqlite3.Error, OSError, ValueError, EOFError) as error:
                raise TileFileError(f"{shown_path(self.path)}: tile {z}/{x}/{y} cannot be read ({error})") from None

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._release()

    def __enter__(self) -> TileFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_tile_file(path: Path) -> TileFile:
    """Open and check an MBTiles or PMTiles archive, told apart by their first bytes, not the name."""
    path = Path(path)
    stream = _open_regular_file(path)
    try:
        head = stream.read(16)
    except OSError as error:
        stream.close()
        raise TileFileError(f"{shown_path(path)}: cannot be read ({error.strerror or error})") from None
    if head.startswith(PMTILES_MAGIC):
        return _open_pmtiles(path, stream, head)  # keeps the stream: its mapping is read from
    stream.close()
    if head == SQLITE_MAGIC:
        return _open_mbtiles(path)
    expected = {".mbtiles": "an SQLite database (MBTiles)", ".pmtiles": "a PMTiles archive"}
    what = expected.get(path.suffix.lower(), "an MBTiles or PMTiles archive")
    raise TileFileError(f"{shown_path(path)}: is not {what}" + (" (the file is empty)" if not head else ""))


def _open_regular_file(path: Path) -> BinaryIO:
    """Open a regular file only: a FIFO or device is refused from os.stat before any open, which could block."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise TileFileError(f"{shown_path(path)}: no such file") from None
    except OSError as error:
        raise TileFileError(f"{shown_path(path)}: cannot be read ({error.strerror or error})") from None
    if stat.S_ISDIR(info.st_mode):
        raise TileFileError(f"{shown_path(path)}: is a folder, not a tile file")
    if not stat.S_ISREG(info.st_mode):
        raise TileFileError(f"{shown_path(path)}: is not a regular file (a pipe, socket or device)")
    try:  # O_NONBLOCK: should it have become a FIFO since the stat, opening it still returns at once
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise TileFileError(f"{shown_path(path)}: cannot be read ({error.strerror or error})") from None
    stream = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        stream.close()
        raise TileFileError(f"{shown_path(path)}: is not a regular file (a pipe, socket or device)")
    return stream


def _open_mbtiles(path: Path) -> TileFile:
    uri = path.resolve().as_uri() + "?mode=ro"  # read-only: the user's file is never modified
    connection: sqlite3.Connection | None = None
    try:
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        names = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        missing = [name for name in ("tiles", "metadata") if name not in names]
        if missing:
            raise TileFileError(f"{shown_path(path)}: is not MBTiles (no {' or '.join(missing)} table)")
        metadata = {str(k): "" if v is None else str(v)
                    for k, v in connection.execute("SELECT name, value FROM metadata")}
        sample = connection.execute("SELECT tile_data FROM tiles LIMIT 1").fetchone()
        if sample is None or sample[0] is None:
            raise TileFileError(f"{shown_path(path)}: is an empty archive (no tiles)")
        sample_bytes = bytes(sample[0])
        stated = metadata.get("format", "").strip().lower()
        tile_format = _FORMATS.get(stated) if stated else _sniff_format(sample_bytes)
        if tile_format is None:
            raise TileFileError(f"{shown_path(path)}: has an unknown tile format {stated or 'in its tiles'!r}")
        zooms = _int(metadata.get("minzoom")), _int(metadata.get("maxzoom"))
        if None in zooms:
            zooms = connection.execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
    except sqlite3.Error as error:
        if connection is not None:
            connection.close()
        raise TileFileError(f"{shown_path(path)}: cannot be read as MBTiles ({error})") from None
    except TileFileError:
        assert connection is not None
        connection.close()
        raise
    details = _json(metadata.get("json", "")) or {}

    def read(z: int, x: int, y: int) -> bytes | None:
        row = connection.execute(  # MBTiles rows count from the south (TMS): flip y
            "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
            (z, x, (1 << z) - 1 - y)).fetchone()
        return None if row is None or row[0] is None else bytes(row[0])

    return TileFile(path, metadata.get("name") or path.stem, tile_format, int(zooms[0]), int(zooms[1]),
                    _bounds(metadata.get("bounds", "").split(",")), metadata.get("attribution", ""),
                    _layer_ids(details.get("vector_layers")),
                    "gzip" if sample_bytes.startswith(_GZIP_MAGIC) else None, read, connection.close)


def _open_pmtiles(path: Path, stream: BinaryIO, head: bytes) -> TileFile:
    from pmtiles.reader import Reader
    from pmtiles.tile import Compression, TileType, deserialize_directory, find_tile, zxy_to_tileid

    mapping: mmap.mmap | None = None
    try:
        if head[7:8] != b"\x03":
            raise TileFileError(f"{shown_path(path)}: is PMTiles version {head[7:8].hex() or '?'}, "
                                "only version 3 is supported")
        mapping = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
        buffer = mapping

        def get_bytes(offset: int, length: int) -> bytes:
            return buffer[offset:offset + length]

        reader = Reader(get_bytes)
        header = reader.header()
        tile_format = {TileType.MVT: "pbf", TileType.PNG: "png", TileType.JPEG: "jpg",
                       TileType.WEBP: "webp"}.get(header["tile_type"])
        if tile_format is None:
            raise TileFileError(f"{shown_path(path)}: has an unknown tile format ({header['tile_type'].name})")
        internal, tiles = header["internal_compression"], header["tile_compression"]
        if internal not in (Compression.GZIP, Compression.NONE) or tiles not in (Compression.GZIP,
                                                                               Compression.NONE):
            raise TileFileError(f"{shown_path(path)}: uses {internal.name}/{tiles.name} compression, "
                                "only gzip is supported")
        if header["addressed_tiles_count"] == 0 or header["root_length"] == 0:
            raise TileFileError(f"{shown_path(path)}: is an empty archive (no tiles)")
        metadata = reader.metadata() if header["metadata_length"] else {}

        @lru_cache(maxsize=64)  # the root and recent leaf directories, parsed once rather than per tile
        def directory(offset: int, length: int) -> list[Any]:
            raw = get_bytes(offset, length)
            if internal == Compression.NONE:  # the library's parser always gunzips
                raw = gzip.compress(raw, compresslevel=0, mtime=0)
            return deserialize_directory(raw)

        def read(z: int, x: int, y: int) -> bytes | None:
            tile_id = zxy_to_tileid(z, x, y)
            offset, length = header["root_offset"], header["root_length"]
            for _depth in range(4):  # the spec allows three levels of leaves
                entry = find_tile(directory(offset, length), tile_id)
                if entry is None:
                    return None
                if entry.run_length > 0:
                    return get_bytes(header["tile_data_offset"] + entry.offset, entry.length)
                offset, length = header["leaf_directory_offset"] + entry.offset, entry.length
            return None

        directory(header["root_offset"], header["root_length"])  # a damaged root fails now, not per tile
    except TileFileError:
        _close_all(mapping, stream)
        raise
    except Exception as error:  # a damaged header, directory or metadata: the library raises many kinds
        _close_all(mapping, stream)
        raise TileFileError(f"{shown_path(path)}: is a damaged PMTiles archive "
                            f"({type(error).__name__}: {error})") from None

    def release() -> None:
        directory.cache_clear()
        _close_all(mapping, stream)

    metadata = metadata if isinstance(metadata, dict) else {}
    bounds = _bounds([header[k] / 1e7 for k in ("min_lon_e7", "min_lat_e7", "max_lon_e7", "max_lat_e7")])
    return TileFile(path, str(metadata.get("name") or path.stem), tile_format, header["min_zoom"],
                    header["max_zoom"], bounds, str(metadata.get("attribution") or ""),
                    _layer_ids(metadata.get("vector_layers")),
                    "gzip" if tiles == Compression.GZIP else None, read, release)


def _close_all(mapping: mmap.mmap | None, stream: BinaryIO) -> None:
    if mapping is not None:
        mapping.close()
    stream.close()


def _sniff_format(data: bytes) -> str | None:
    """A tile's format from its first bytes, for MBTiles whose metadata does not say."""
    if data.startswith(b"\x89PNG"):
        return "png"
    if data.startswith(b"\xff\xd8"):
        return "jpg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return "pbf" if data.startswith(_GZIP_MAGIC) else None


def _int(text: str | None) -> int | None:
    try:
        return int(float(text)) if text is not None else None
    except ValueError:
        return None


def _bounds(values: list[Any]) -> Bounds | None:
    try:
        west, south, east, north = (float(v) for v in values)
    except (TypeError, ValueError):
        return None
    ok = -180 <= west <= 180 and -180 <= east <= 180 and -90 <= south < north <= 90  # west > east: across 180°
    return (west, south, east, north) if ok else None


def _json(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _layer_ids(layers: Any) -> list[str]:
    if not isinstance(layers, list):
        return []
    return [str(layer["id"]) for layer in layers if isinstance(layer, dict) and "id" in layer]
