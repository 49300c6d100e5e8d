"""A bounded disk cache of online basemap tiles, so a place seen once online still has its basemap offline.

One SQLite file of rows (key, content_type, size, last_used, data). Past ``max_bytes`` of tile data the
least recently used rows go, down to 90% so that not every put evicts. The cache is a convenience: a
corrupt file is moved aside and started afresh, and a cache that cannot be made at all does nothing;
either way ``problem`` says why, and no call raises.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

from quzhou_map.core.problems import shown_path

_SCHEMA = """CREATE TABLE IF NOT EXISTS tiles (
    key TEXT PRIMARY KEY, content_type TEXT NOT NULL, size INTEGER NOT NULL, last_used INTEGER NOT NULL,
    data BLOB NOT NULL)"""  # the small columns first: summing sizes then never reads the blobs' pages
_INDEX = "CREATE INDEX IF NOT EXISTS tiles_last_used ON tiles (last_used)"
_BROKEN_FILE = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM}
LOW_WATER = 0.9


class TileCache:
    """get/put tiles by key (e.g. the tile URL). Safe to call from several threads."""

    def __init__(self, path: Path, max_bytes: int) -> None:
        self.path = Path(path)
        self.max_bytes = max_bytes
        self.problem: str | None = None
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._total = 0
        self._clock = 0
        self._open()

    def get(self, key: str) -> tuple[bytes, str] | None:
        """The tile's bytes and content type, or None; a hit counts as a use for eviction."""
        with self._lock:
            if self._db is None:
                return None
            try:
                row = self._db.execute("SELECT data, content_type FROM tiles WHERE key=?", (key,)).fetchone()
                if row is None:
                    return None
                self._db.execute("UPDATE tiles SET last_used=? WHERE key=?", (self._tick(), key))
                return bytes(row[0]), row[1]
            except sqlite3.Error as error:
                self._failed(error)
                return None

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Store a tile (replacing one of the same key), then evict if the total is over max_bytes."""
        with self._lock:
            if self._db is None or len(data) > self.max_bytes:
                return
            total = self._total
            try:
                self._db.execute("BEGIN IMMEDIATE")  # one transaction: the replace and any eviction
                old = self._db.execute("SELECT size FROM tiles WHERE key=?", (key,)).fetchone()
                self._db.execute("INSERT OR REPLACE INTO tiles VALUES (?, ?, ?, ?, ?)",
                                 (key, content_type, len(data), self._tick(), data))
                self._total += len(data) - (old[0] if old else 0)
                if self._total > self.max_bytes:
                    self._evict(self._db, int(self.max_bytes * LOW_WATER))
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                self._total = total
                if self._db.in_transaction:
                    self._db.rollback()
                self._failed(error)

    def total_bytes(self) -> int:
        """Bytes of tile data held (the file itself is somewhat larger)."""
        with self._lock:
            return self._total if self._db is not None else 0

    def clear(self) -> None:
        """Drop every tile and give the space back to the disk."""
        with self._lock:
            if self._db is None:
                return
            try:
                self._db.execute("DELETE FROM tiles")
                self._total = 0
                self._db.execute("VACUUM")
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error as error:
                self._failed(error)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _evict(self, db: sqlite3.Connection, target: int) -> None:
        """Delete least recently used rows until the total is at most ``target``."""
        doomed: list[tuple[str]] = []
        freed = 0
        for key, size in db.execute("SELECT key, size FROM tiles ORDER BY last_used"):
            if self._total - freed <= target:
                break
            doomed.append((key,))
            freed += size
        db.executemany("DELETE FROM tiles WHERE key=?", doomed)
        self._total -= freed

    def _tick(self) -> int:
        """A use time in nanoseconds that never repeats, so equal clock readings still order uses."""
        self._clock = max(time.time_ns(), self._clock + 1)
        return self._clock

    def _open(self, retry: bool = True) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=0.5, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as error:
            self.problem = f"{shown_path(self.path)}: the tile cache cannot be created ({error}); tiles are not cached"
            return
        try:
            db.execute("PRAGMA journal_mode=WAL")  # commits without waiting for the disk: quick puts
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(_SCHEMA)
            db.execute(_INDEX)
            self._total, clock = db.execute("SELECT COALESCE(SUM(size), 0), COALESCE(MAX(last_used), 0) "
                                            "FROM tiles").fetchone()
            self._clock = int(clock)
            self._db = db
        except sqlite3.Error as error:
            db.close()
            if retry and self._is_broken(error) and self._move_aside(error):
                self._open(retry=False)
            elif self.problem is None:
                self.problem = f"{shown_path(self.path)}: the tile cache cannot be used ({error}); tiles are not cached"

    def _failed(self, error: sqlite3.Error) -> None:
        """A cache that broke while in use: start afresh if the file is bad, else skip this call."""
        if self._is_broken(error) and self._db is not None:
            self._db.close()
            self._db = None
            self._total = 0
            if self._move_aside(error):
                self._open(retry=False)
        elif self.problem is None:
            self.problem = f"{shown_path(self.path)}: the tile cache failed ({error})"

    def _is_broken(self, error: sqlite3.Error) -> bool:
        """Whether an existing file is bad or unreadable (as opposed to busy with another copy of the app)."""
        code = getattr(error, "sqlite_errorcode", None)
        return code is not None and code & 0xFF in _BROKEN_FILE and self.path.is_file()

    def _move_aside(self, error: sqlite3.Error) -> bool:
        """Keep the bad file as <name>.corrupt (for a look, replacing an older one) and drop its journals."""
        aside = self.path.with_name(self.path.name + ".corrupt")
        try:
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError as move_error:
            self.problem = (f"{shown_path(self.path)}: the tile cache is unusable ({error}) and cannot be moved "
                            f"aside ({move_error})")
            return False
        self.problem = (f"{shown_path(self.path)}: the tile cache was unusable ({error}); moved to {aside.name}, "
                        "started afresh")
        return True
