"""The wheel carries geodata/ and resources/ and works installed, away from the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO


def test_wheel_works_when_installed(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = wheels.glob("quzhou_map-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("quzhou_map/geodata/future_villages.geojson", "quzhou_map/geodata/counties.geojson",
                     "quzhou_map/resources/article_zh.txt", "quzhou_map/resources/web/page.js",
                     "quzhou_map/resources/i18n/quzhou_map_zh.qm", "quzhou_map/qt/main_window.py",
                     "quzhou_map/node_modules/gcoord/dist/gcoord.global.prod.js",  # the page's npm scripts
                     "quzhou_map/node_modules/gcoord/LICENSE",
                     "quzhou_map/node_modules/protomaps-leaflet/dist/protomaps-leaflet.js",  # vector basemaps
                     "quzhou_map/node_modules/protomaps-leaflet/LICENSE",
                     "quzhou_map/resources/web/vector_basemap.js"):
        assert required in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # Only the installed copy is importable: the dependencies come from this venv's site-packages.
    env = {**os.environ, "PYTHONPATH": str(target), "PYTHONSAFEPATH": "1"}
    code = "import quzhou_map.core.paths as p; print(p.geodata_dir()); print(p.article_path())"
    located = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True,
                             text=True, check=True).stdout.split()
    assert all(line.startswith(str(target)) for line in located), located
    result = subprocess.run([sys.executable, "-m", "quzhou_map", "validate"], cwd=elsewhere, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid:" in result.stdout
