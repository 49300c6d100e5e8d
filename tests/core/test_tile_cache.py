"""The disk cache of online basemap tiles: bounded, least recently used out first, and never the cause of a crash."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from quzhou_map.core.tile_cache import TileCache


def stored_sizes(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        sizes = dict(db.execute("SELECT key, size FROM tiles"))
    db.close()
    return sizes


def test_a_tile_comes_back_with_its_content_type_and_after_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "tiles.sqlite"
    cache = TileCache(path, 1_000_000)
    assert cache.problem is None and cache.get("a") is None
    cache.put("https://t/1/0/0.png", b"\x89PNG tile", "image/png")
    assert cache.get("https://t/1/0/0.png") == (b"\x89PNG tile", "image/png")
    cache.put("https://t/1/0/0.png", b"newer", "image/webp")  # replaced, not counted twice
    assert cache.get("https://t/1/0/0.png") == (b"newer", "image/webp") and cache.total_bytes() == 5
    cache.close()
    again = TileCache(path, 1_000_000)
    assert again.get("https://t/1/0/0.png") == (b"newer", "image/webp") and again.total_bytes() == 5


def test_the_total_stays_under_the_bound_and_eviction_goes_down_to_ninety_percent(tmp_path: Path) -> None:
    path = tmp_path / "tiles.sqlite"
    cache = TileCache(path, 10_000)
    for i in range(100):
        cache.put(f"k{i}", bytes(1000), "image/png")
        assert cache.total_bytes() <= 10_000
    # past 10,000 it drops to 9,000, so it evicts on every other put here, not on each
    assert cache.total_bytes() == sum(stored_sizes(path).values()) == 10_000
    assert sorted(stored_sizes(path)) == sorted(f"k{i}" for i in range(90, 100))  # the newest stay
    cache.put("k100", bytes(1000), "image/png")
    assert cache.total_bytes() == 9000
    cache.put("huge", bytes(10_001), "image/png")  # bigger than the whole cache: not kept
    assert cache.get("huge") is None and cache.total_bytes() == 9000


def test_the_least_recently_used_tile_goes_first(tmp_path: Path) -> None:
    cache = TileCache(tmp_path / "tiles.sqlite", 1000)
    cache.put("a", bytes(400), "image/png")
    cache.put("b", bytes(400), "image/png")
    assert cache.get("a") is not None  # a is now used more recently than b
    cache.put("c", bytes(400), "image/png")  # 1200 > 1000: evict down to 900
    assert cache.get("b") is None
    assert cache.get("a") is not None and cache.get("c") is not None and cache.total_bytes() == 800


def test_clear_empties_the_cache(tmp_path: Path) -> None:
    cache = TileCache(tmp_path / "tiles.sqlite", 10_000)
    cache.put("a", b"1234", "image/png")
    cache.clear()
    assert cache.get("a") is None and cache.total_bytes() == 0
    cache.put("b", b"12", "image/png")
    assert cache.total_bytes() == 2


def test_a_corrupt_cache_file_is_moved_aside_and_the_cache_works(tmp_path: Path) -> None:
    path = tmp_path / "tiles.sqlite"
    path.write_bytes(b"this is no database" * 100)
    cache = TileCache(path, 10_000)
    assert cache.problem is not None and "moved to tiles.sqlite.corrupt" in cache.problem
    assert (tmp_path / "tiles.sqlite.corrupt").read_bytes() == b"this is no database" * 100
    cache.put("a", b"tile", "image/png")
    assert cache.get("a") == (b"tile", "image/png")


def test_a_cache_damaged_while_in_use_starts_afresh(tmp_path: Path) -> None:
    path = tmp_path / "tiles.sqlite"
    cache = TileCache(path, 10_000_000)
    for i in range(50):
        cache.put(f"k{i}", bytes([i]) * 20_000, "image/png")
    cache.close()
    cache = TileCache(path, 10_000_000)
    assert cache.problem is None and cache.total_bytes() == 1_000_000
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # every page but the first is garbage, under the open cache
    path.write_bytes(bytes(data))
    for i in range(50):
        assert cache.get(f"k{i}") is None  # must not raise
    assert cache.problem is not None and "malformed" in cache.problem
    assert (tmp_path / "tiles.sqlite.corrupt").exists() and cache.total_bytes() == 0
    cache.put("fresh", b"tile", "image/png")
    assert cache.get("fresh") == (b"tile", "image/png")


def test_a_cache_that_cannot_be_created_does_nothing_and_says_why(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("a file where the cache folder should be")
    cache = TileCache(tmp_path / "file" / "cache" / "tiles.sqlite", 10_000)
    assert cache.problem is not None and "cannot be created" in cache.problem
    cache.put("a", b"tile", "image/png")
    assert cache.get("a") is None and cache.total_bytes() == 0
    cache.clear()
    cache.close()
