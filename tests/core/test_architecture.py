"""The boundaries the design rests on: the core never imports Qt, and a warm start never pays for
geopandas or folium (about a second of imports between them)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

CORE = REPO / "quzhou_map" / "core"


def _run(code: str, env_extra: dict[str, str] | None = None) -> str:
    env = {**os.environ, **(env_extra or {})}
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_core_modules_do_not_import_qt() -> None:
    modules = sorted(".".join(p.relative_to(REPO).with_suffix("").parts) for p in CORE.rglob("*.py")
                     if p.stem != "__init__" and "__pycache__" not in p.parts)
    assert "quzhou_map.core.user_data.reading" in modules  # subpackages too
    code = ("import importlib, sys\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))")
    assert _run(code).strip() == "[]"


def test_a_warm_start_loads_without_geopandas_or_folium(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    code = ("import sys\nfrom pathlib import Path\nfrom quzhou_map.core.page_cache import load_or_build\n"
            f"built = load_or_build(Path({str(cache)!r}))\n"
            "heavy = sorted(m for m in ('geopandas', 'folium', 'pandas', 'shapely', 'pyogrio') if m in sys.modules)\n"
            "print(built.from_cache, len(built.catalog.sites), heavy)")
    first = _run(code).split(maxsplit=2)
    assert first[0] == "False"  # built: the slow path ran
    warm = _run(code).split(maxsplit=2)
    assert warm[0] == "True" and warm[1] == first[1]
    assert warm[2].strip() == "[]"
