"""Tile archives the user brings: MBTiles and PMTiles made here, read back, and every way one can be unusable."""

from __future__ import annotations

import gzip
import json
import os
import random
import sqlite3
import struct
import threading
import zlib
from pathlib import Path

import pytest
from pmtiles.tile import Compression, TileType, serialize_directory, serialize_header, zxy_to_tileid
from pmtiles.writer import Writer

from quzhou_map.core import tile_files
from quzhou_map.core.tile_files import TileFileError, open_tile_file


def png(shade: int) -> bytes:
    """A valid 1×1 grey PNG, a different one for each shade."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes([0, shade]))) + chunk(b"IEND", b""))


def make_mbtiles(path: Path, tiles: dict[tuple[int, int, int], bytes], metadata: dict[str, str]) -> Path:
    """An MBTiles file; ``tiles`` are keyed by XYZ address and stored at their TMS row, as the spec says."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        db.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
        db.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)")  # as the spec has
        db.executemany("INSERT INTO metadata VALUES (?, ?)", metadata.items())
        db.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)",
                       [(z, x, (1 << z) - 1 - y, data) for (z, x, y), data in tiles.items()])
    db.close()
    return path


def make_pmtiles(path: Path, tiles: dict[tuple[int, int, int], bytes], tile_type: TileType = TileType.PNG,
                 compression: Compression = Compression.NONE, metadata: dict | None = None) -> Path:
    with path.open("wb") as stream:
        writer = Writer(stream)
        for tile_id, data in sorted((zxy_to_tileid(*zxy), data) for zxy, data in tiles.items()):
            writer.write_tile(tile_id, data)
        writer.finalize({"tile_type": tile_type, "tile_compression": compression,
                         "min_lon_e7": 1180000000, "min_lat_e7": 280000000,
                         "max_lon_e7": 1190000000, "max_lat_e7": 290000000},
                        metadata or {})
    return path


PYRAMID = {(z, x, y): png(16 * z + 4 * x + y) for z in range(3) for x in range(1 << z) for y in range(1 << z)}


@pytest.fixture
def raster_mbtiles(tmp_path: Path) -> Path:
    return make_mbtiles(tmp_path / "shade.mbtiles", PYRAMID, {
        "name": "Shade", "format": "png", "minzoom": "0", "maxzoom": "2", "bounds": "118.0,28.0,119.5,29.5",
        "attribution": "© test"})


def test_mbtiles_raster_is_described_and_read_at_xyz_addresses(raster_mbtiles: Path) -> None:
    with open_tile_file(raster_mbtiles) as tiles:
        assert (tiles.name, tiles.format, tiles.kind, tiles.content_type) == ("Shade", "png", "raster", "image/png")
        assert (tiles.min_zoom, tiles.max_zoom, tiles.bounds) == (0, 2, (118.0, 28.0, 119.5, 29.5))
        assert (tiles.attribution, tiles.vector_layers, tiles.content_encoding) == ("© test", [], None)
        for (z, x, y), data in PYRAMID.items():  # XYZ in, TMS row in the file: y is flipped
            assert tiles.tile(z, x, y) == data
        assert tiles.tile(1, 0, 0) != tiles.tile(1, 0, 1)
        assert tiles.tile(3, 0, 0) is None  # not in the archive
        assert tiles.tile(1, 2, 0) is None and tiles.tile(-1, 0, 0) is None and tiles.tile(2, 0, -1) is None


def test_mbtiles_without_zoom_or_format_metadata_is_described_from_its_tiles(tmp_path: Path) -> None:
    path = make_mbtiles(tmp_path / "bare.mbtiles", {k: v for k, v in PYRAMID.items() if k[0] >= 1}, {})
    with open_tile_file(path) as tiles:
        assert (tiles.name, tiles.format, tiles.min_zoom, tiles.max_zoom, tiles.bounds) == ("bare", "png", 1, 2, None)
        assert tiles.attribution == ""


def test_mbtiles_vector_tiles_keep_their_gzip_and_name_their_layers(tmp_path: Path) -> None:
    data = gzip.compress(b"\x1a\x05 not really a vector tile")
    layers = {"vector_layers": [{"id": "water", "fields": {}}, {"id": "roads", "fields": {}}]}
    path = make_mbtiles(tmp_path / "vector.mbtiles", {(0, 0, 0): data},
                        {"name": "Streets", "format": "pbf", "json": json.dumps(layers)})
    with open_tile_file(path) as tiles:
        assert (tiles.kind, tiles.format, tiles.content_type) == ("vector", "pbf", "application/x-protobuf")
        assert tiles.content_encoding == "gzip" and tiles.vector_layers == ["water", "roads"]
        assert tiles.tile(0, 0, 0) == data  # served as stored, with Content-Encoding: gzip


def test_pmtiles_raster_is_described_and_read_at_xyz_addresses(tmp_path: Path) -> None:
    path = make_pmtiles(tmp_path / "shade.pmtiles", PYRAMID, metadata={"name": "Shade P", "attribution": "© p"})
    with open_tile_file(path) as tiles:
        assert (tiles.name, tiles.format, tiles.kind) == ("Shade P", "png", "raster")
        assert (tiles.min_zoom, tiles.max_zoom) == (0, 2)
        assert tiles.bounds == (118.0, 28.0, 119.0, 29.0)
        assert (tiles.attribution, tiles.content_encoding) == ("© p", None)
        for (z, x, y), data in PYRAMID.items():  # PMTiles is XYZ already: no flip
            assert tiles.tile(z, x, y) == data
        assert tiles.tile(3, 0, 0) is None


def test_pmtiles_vector_tiles_are_gzip_encoded(tmp_path: Path) -> None:
    data = gzip.compress(b"pretend mvt")
    path = make_pmtiles(tmp_path / "v.pmtiles", {(0, 0, 0): data}, TileType.MVT, Compression.GZIP,
                        {"vector_layers": [{"id": "places"}]})
    with open_tile_file(path) as tiles:
        assert (tiles.kind, tiles.format, tiles.content_encoding) == ("vector", "pbf", "gzip")
        assert (tiles.name, tiles.vector_layers, tiles.tile(0, 0, 0)) == ("v", ["places"], data)


def test_pmtiles_with_leaf_directories_reads_every_tile(tmp_path: Path) -> None:
    rng = random.Random(7)  # sparse tiles of random lengths: a root directory too big to stay alone
    tiles_in = {(z, x, y): f"{z}/{x}/{y}".encode() + b"." * rng.randrange(500)
                for z in range(8) for x in range(1 << z) for y in range(1 << z) if z < 2 or rng.random() < 0.5}
    path = make_pmtiles(tmp_path / "deep.pmtiles", tiles_in, TileType.WEBP)
    with open_tile_file(path) as tiles:
        assert tiles.format == "webp" and tiles.max_zoom == 7
        for zxy, data in rng.sample(sorted(tiles_in.items()), 300):
            assert tiles.tile(*zxy) == data
        missing = [zxy for zxy in ((7, x, y) for x in range(128) for y in range(128)) if zxy not in tiles_in]
        assert all(tiles.tile(*zxy) is None for zxy in missing[:300])
    header = path.read_bytes()[:127]
    assert int.from_bytes(header[48:56], "little") > 0  # the archive does have leaf directories


def test_tiles_can_be_read_from_several_threads_at_once(raster_mbtiles: Path, tmp_path: Path) -> None:
    pm = make_pmtiles(tmp_path / "shade.pmtiles", PYRAMID)
    for path in (raster_mbtiles, pm):
        wrong: list[tuple] = []
        with open_tile_file(path) as tiles:
            def read_all(tiles=tiles, wrong=wrong) -> None:
                for _ in range(20):
                    wrong.extend(zxy for zxy, data in PYRAMID.items() if tiles.tile(*zxy) != data)

            threads = [threading.Thread(target=read_all) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        assert wrong == []


def test_reading_leaves_the_users_file_and_folder_untouched(raster_mbtiles: Path, tmp_path: Path) -> None:
    pm = make_pmtiles(tmp_path / "shade.pmtiles", PYRAMID)
    for path in (raster_mbtiles, pm):
        before = path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(tmp_path))
        with open_tile_file(path) as tiles:
            assert all(tiles.tile(*zxy) == data for zxy, data in PYRAMID.items())
        assert (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(tmp_path))) == before


def test_a_closed_archive_has_no_tiles(raster_mbtiles: Path) -> None:
    tiles = open_tile_file(raster_mbtiles)
    tiles.close()
    tiles.close()
    assert tiles.tile(0, 0, 0) is None


def problem(path: Path) -> str:
    with pytest.raises(TileFileError) as caught:
        open_tile_file(path)
    message = str(caught.value)
    assert str(path) in message and "\n" not in message
    return message


def test_a_missing_file_or_a_folder_is_named(tmp_path: Path) -> None:
    assert "no such file" in problem(tmp_path / "gone.mbtiles")
    (tmp_path / "dir.pmtiles").mkdir()
    assert "folder" in problem(tmp_path / "dir.pmtiles")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.mbtiles"
    os.mkfifo(fifo)
    outcome: list[str] = []
    worker = threading.Thread(target=lambda: outcome.append(problem(fifo)), daemon=True)
    worker.start()
    worker.join(timeout=5)
    assert not worker.is_alive(), "opening a FIFO blocked"
    assert "not a regular file" in outcome[0]


def test_an_unreadable_file_is_named(raster_mbtiles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if Path(path) == raster_mbtiles:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(tile_files.os, "open", refuse)
    assert "cannot be read (Permission denied)" in problem(raster_mbtiles)


def test_files_that_are_not_tile_archives_are_named(tmp_path: Path) -> None:
    (tmp_path / "text.mbtiles").write_text("hello, not a database")
    assert "is not an SQLite database (MBTiles)" in problem(tmp_path / "text.mbtiles")
    (tmp_path / "noise.pmtiles").write_bytes(os.urandom(300))
    assert "is not a PMTiles archive" in problem(tmp_path / "noise.pmtiles")
    (tmp_path / "empty.tiles").write_bytes(b"")
    assert "is not an MBTiles or PMTiles archive (the file is empty)" in problem(tmp_path / "empty.tiles")
    (tmp_path / "v2.pmtiles").write_bytes(b"PMTiles\x02" + bytes(200))
    assert "version 02, only version 3" in problem(tmp_path / "v2.pmtiles")
    (tmp_path / "short.pmtiles").write_bytes(b"PMTiles\x03" + bytes(20))
    assert "damaged PMTiles archive" in problem(tmp_path / "short.pmtiles")


def test_sqlite_files_that_are_not_mbtiles_are_named(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "other.mbtiles") as db:
        db.execute("CREATE TABLE things (a)")
    db.close()
    assert "no tiles or metadata table" in problem(tmp_path / "other.mbtiles")
    with sqlite3.connect(tmp_path / "half.mbtiles") as db:
        db.execute("CREATE TABLE tiles (zoom_level, tile_column, tile_row, tile_data)")
    db.close()
    assert "no metadata table" in problem(tmp_path / "half.mbtiles")


def test_unknown_formats_and_empty_archives_are_named(tmp_path: Path) -> None:
    tiff = make_mbtiles(tmp_path / "tiff.mbtiles", {(0, 0, 0): b"II*\x00"}, {"format": "tiff"})
    assert "unknown tile format 'tiff'" in problem(tiff)
    odd = make_mbtiles(tmp_path / "odd.mbtiles", {(0, 0, 0): b"????"}, {})
    assert "unknown tile format" in problem(odd)
    assert "empty archive" in problem(make_mbtiles(tmp_path / "none.mbtiles", {}, {"format": "png"}))
    avif = make_pmtiles(tmp_path / "a.pmtiles", {(0, 0, 0): b"avif"}, TileType.AVIF)
    assert "unknown tile format (AVIF)" in problem(avif)
    zstd = make_pmtiles(tmp_path / "z.pmtiles", {(0, 0, 0): b"zz"}, TileType.MVT, Compression.ZSTD)
    assert "only gzip is supported" in problem(zstd)
    root = serialize_directory([])
    header = serialize_header({"root_offset": 127, "root_length": len(root), "metadata_offset": 127 + len(root),
                               "metadata_length": 0, "tile_data_offset": 127 + len(root), "tile_data_length": 0,
                               "clustered": True, "internal_compression": Compression.GZIP,
                               "tile_compression": Compression.NONE, "tile_type": TileType.PNG,
                               "min_zoom": 0, "max_zoom": 0})
    (tmp_path / "e.pmtiles").write_bytes(header + root)
    assert "empty archive" in problem(tmp_path / "e.pmtiles")
