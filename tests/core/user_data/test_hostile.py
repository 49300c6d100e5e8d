"""Every bad file gives a one-line UserDataError naming it (or loads with warnings by design); none is changed."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from quzhou_map.core.user_data import OpenRequest, UserDataError, inspect, read_layer
from tests.core.user_data.hostile_corpus import write_hostile_corpus


def _snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` with its sha256 (regular files) or its kind."""
    seen = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode):
                seen[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest() if info.st_size < 1 << 29 else \
                    f"{info.st_size}:{info.st_mtime_ns}"
            else:
                seen[str(path)] = stat.filemode(info.st_mode)[0]
    return seen


def _outcome(path: Path) -> tuple[str, str]:
    try:
        inspect(path)
    except UserDataError as error:
        return "error", str(error)
    try:
        loaded = read_layer(OpenRequest(path))
    except UserDataError as error:
        return "error", str(error)
    assert len(loaded.gdf) > 0 and loaded.gdf.crs.to_epsg() == 4326
    return ("warn" if loaded.warnings else "load"), "; ".join(loaded.warnings)


def test_hostile_corpus(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    cases = write_hostile_corpus(folder)
    assert len(cases) >= 100 and len({p for p, _ in cases}) == len(cases)
    before = _snapshot(folder)
    failures = []
    for path, expected in cases:
        got, message = _outcome(path)
        if got == "error":
            if path.name not in message or "\n" in message:
                failures.append(f"{path.name}: message does not name the file on one line: {message!r}")
        if expected == "any":
            continue
        if expected == "warn" and got != "warn" or expected == "error" and got != "error" or \
                expected == "load" and got == "error":
            failures.append(f"{path.name}: expected {expected}, got {got}: {message}")
    assert _snapshot(folder) == before
    assert not failures, "\n".join(failures)
