"""The one-folder program (scripts/build_bundle.sh → dist/quzhou-map/), started as a user would: from its folder,
with no Python on PATH and no PYTHON* variables, away from the source tree."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

from quzhou_map import __version__
from quzhou_map.core import paths
from quzhou_map.core.themes import THEMES
from tests.conftest import REPO

BUNDLE = REPO / "dist" / "quzhou-map"
INTERNAL = BUNDLE / "_internal"  # PyInstaller's folder of libraries and data


@pytest.fixture(scope="module")
def bundle() -> Path:
    """Built once for the module (about a minute, more the first time: it installs PyInstaller)."""
    result = subprocess.run(["bash", str(REPO / "scripts" / "build_bundle.sh")], cwd=REPO, capture_output=True,
                            text=True, timeout=1800)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return BUNDLE


def user_env(home: Path) -> dict[str, str]:
    """A user's environment: no venv, no directory holding a Python on PATH, no PYTHON* variables, their own
    settings and cache, no display (so --screenshot draws offscreen)."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "VIRTUAL_ENV", "LD_", "QT_")) and key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["PATH"] = os.pathsep.join(d for d in env.get("PATH", "").split(os.pathsep)
                                  if d and not any(Path(d).glob("python*")))
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"),
               XDG_DATA_HOME=str(home / "share"))
    return env


def test_paths_find_the_data_in_a_frozen_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a PyInstaller bundle geodata/, resources/ and node_modules/ are under sys._MEIPASS/quzhou_map/."""
    for name in ("geodata", "resources", "node_modules"):
        (tmp_path / "quzhou_map" / name).mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(paths, "_PACKAGE_DIR", paths._package_dir())
    assert paths.geodata_dir() == tmp_path / "quzhou_map" / "geodata"
    assert paths.article_path() == tmp_path / "quzhou_map" / "resources" / "article_zh.txt"
    assert paths.node_modules_dir() == tmp_path / "quzhou_map" / "node_modules"
    assert paths.icon_path() == tmp_path / "quzhou_map" / "resources" / "icons" / "quzhou-map.svg"


def test_the_bundle_holds_everything_it_needs(bundle: Path) -> None:
    assert os.access(bundle / "quzhou-map", os.X_OK)
    data = INTERNAL / "quzhou_map"  # where quzhou_map.core.paths looks in a frozen bundle
    for required in (data / "geodata" / "future_villages.geojson", data / "geodata" / "counties.geojson",
                     data / "resources" / "article_zh.txt", data / "resources" / "web" / "page.js",
                     data / "resources" / "i18n" / "quzhou_map_zh.qm", data / "resources" / "icons" / "quzhou-map.svg",
                     data / "node_modules" / "gcoord" / "dist" / "gcoord.global.prod.js",
                     data / "node_modules" / "protomaps-leaflet" / "dist" / "protomaps-leaflet.js",
                     data / "node_modules" / "gcoord" / "LICENSE",
                     INTERNAL / "xstatic" / "pkg" / "leaflet" / "data" / "leaflet.js",
                     INTERNAL / "PySide6" / "Qt" / "translations" / "qtbase_zh_CN.qm",  # Qt's own dialogs in Chinese
                     INTERNAL / "PySide6" / "Qt" / "libexec" / "QtWebEngineProcess",
                     INTERNAL / "pyogrio" / "gdal_data" / "gdalvrt.xsd",
                     bundle / "quzhou-map.desktop", bundle / "quzhou-map.svg"):
        assert required.is_file(), required
    broken = [str(link) for link in bundle.rglob("*") if link.is_symlink() and not link.exists()]
    assert not broken, broken


def test_the_licences_of_every_bundled_component_are_inside(bundle: Path) -> None:
    licences = bundle / "licenses"
    index = (licences / "INDEX.txt").read_text(encoding="utf-8")
    for component in ("quzhou-map (this program)", "Python 3.", "PySide6 ", "shiboken6 ", "XStatic-Leaflet ",
                      "folium ", "geopandas ", "pyogrio ", "pyarrow ", "pyinstaller ", "gcoord@", "protomaps-leaflet@"):
        assert component in index, component
    assert (licences / "npm" / "gcoord-1.0.7" / "LICENSE").is_file()
    if Path("/usr/share/common-licenses/LGPL-3").is_file():  # Qt's licence text, from Debian's copy
        assert (licences / "python" / f"PySide6-{PySide6.__version__}" / "LGPL-3").is_file()
    # every npm package the page's scripts come from, and every bundled distribution, has its folder
    for manifest in (REPO / "node_modules").glob("*/package.json"):
        assert any((licences / "npm").glob(f"{manifest.parent.name}-*")), manifest.parent.name
    assert all(any(folder.iterdir()) for folder in (licences / "python").iterdir())


def test_the_bundle_draws_the_map_as_the_app_does(bundle: Path, tmp_path: Path) -> None:
    """--screenshot with files of the user's (GeoPackage, GeoParquet: GDAL and pyarrow inside the bundle), then the
    same picture from the venv's app: the bundle draws exactly what the app draws."""
    from PySide6.QtGui import QColor, QImage

    import geopandas
    from shapely.geometry import Point, box

    points = geopandas.GeoDataFrame({"name": ["甲", "乙"]}, geometry=[Point(118.6, 28.9), Point(118.9, 29.1)],
                                    crs="EPSG:4326")
    points.to_file(tmp_path / "points.gpkg", driver="GPKG")
    geopandas.GeoDataFrame({"name": ["方"]}, geometry=[box(118.3, 28.5, 118.5, 28.7)],
                           crs="EPSG:4326").to_parquet(tmp_path / "area.parquet")
    arguments = [str(tmp_path / "points.gpkg"), str(tmp_path / "area.parquet"), "--lang", "zh", "--size", "1200x800"]
    bundled = subprocess.run([str(bundle / "quzhou-map"), "--screenshot", str(tmp_path / "bundle.png"), *arguments],
                             cwd=tmp_path, env=user_env(tmp_path / "user"), capture_output=True, text=True,
                             timeout=180)
    assert bundled.returncode == 0, bundled.stdout + bundled.stderr  # 1 if a file could not be read
    shutil.copyfile(tmp_path / "bundle.png", REPO / "build" / "bundle-screenshot.png")  # to look at
    image = QImage(str(tmp_path / "bundle.png"))
    assert (image.width(), image.height()) == (1200, 800)
    colours = [image.pixelColor(x, y) for x in range(0, 1200, 2) for y in range(0, 800, 2)]

    def near(colour: QColor, hex_colour: str, tolerance: int = 10) -> bool:
        other = QColor(hex_colour)
        return max(abs(colour.red() - other.red()), abs(colour.green() - other.green()),
                   abs(colour.blue() - other.blue())) <= tolerance

    assert sum(near(c, "#f5efe6", 12) for c in colours) > len(colours) * 0.1  # the counties' fill
    for theme in THEMES:  # every theme's symbol colour: the sites, the legend, the panels
        assert sum(near(c, theme.color) for c in colours) > 40, theme.id

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "venv-config"),
           "XDG_CACHE_HOME": str(tmp_path / "venv-cache")}
    from_venv = subprocess.run([sys.executable, "-m", "quzhou_map", "--screenshot", str(tmp_path / "venv.png"),
                                *arguments], cwd=REPO, env=env, capture_output=True, text=True, timeout=180)
    assert from_venv.returncode == 0, from_venv.stderr
    reference = QImage(str(tmp_path / "venv.png"))
    differing = sum(image.pixel(x, y) != reference.pixel(x, y) for x in range(0, 1200, 2) for y in range(0, 800, 2))
    assert differing <= len(colours) * 0.01, f"{differing} of {len(colours)} sampled pixels differ"


def test_the_bundle_validates_the_dataset(bundle: Path, tmp_path: Path) -> None:
    env = user_env(tmp_path / "user")
    ok = subprocess.run([str(bundle / "quzhou-map"), "validate"], cwd=tmp_path, env=env, capture_output=True,
                        text=True, timeout=120)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "valid: 18 sites" in ok.stdout
    broken = tmp_path / "landmarks.geojson"
    broken.write_text("{\"type\": \"FeatureCollection\", \"features\": [", encoding="utf-8")
    bad = subprocess.run([str(bundle / "quzhou-map"), "validate", str(broken)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and f"{broken}: is not valid JSON" in bad.stdout


def test_the_desktop_entry_installs_for_the_user(bundle: Path, tmp_path: Path) -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  (keys are case-sensitive)
    entry.read(bundle / "quzhou-map.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert (desktop["Type"], desktop["Icon"], desktop["Name[zh_CN]"]) == ("Application", "quzhou-map", "衢州地图")
    if shutil.which("desktop-file-validate"):
        checked = subprocess.run(["desktop-file-validate", str(bundle / "quzhou-map.desktop")], capture_output=True,
                                 text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    home = tmp_path / "user"
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "share")}
    subprocess.run(["sh", str(bundle / "install-desktop-entry.sh")], env=env, check=True, capture_output=True)
    installed = (home / "share" / "applications" / "quzhou-map.desktop").read_text(encoding="utf-8")
    assert f'Exec="{bundle}/quzhou-map" %F' in installed
    assert (home / "share" / "icons" / "hicolor" / "scalable" / "apps" / "quzhou-map.svg").is_file()
    command = home / ".local" / "bin" / "quzhou-map"  # a symbolic link to the bundle's program still finds its files
    assert subprocess.run([str(command), "--version"], env=user_env(home), capture_output=True, text=True,
                          timeout=60).stdout.strip() == f"quzhou-map {__version__}"
