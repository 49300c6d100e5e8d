"""Where the shipped data lives, in the source tree and in an installed wheel alike."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _package_dir() -> Path:
    """quzhou_map/; in a PyInstaller bundle (packaging/quzhou-map.spec) the modules are in an archive and the data
    is under the bundle's data folder, sys._MEIPASS, in quzhou_map/ as in the wheel."""
    if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
        return Path(sys._MEIPASS) / "quzhou_map"
    return Path(__file__).resolve().parent.parent


_PACKAGE_DIR = _package_dir()


def _shipped_dir(name: str) -> Path:
    """The wheel puts geodata/ and resources/ inside the package; the source tree has them beside it."""
    installed = _PACKAGE_DIR / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


#: Names another dataset folder for the app, ``validate`` and ``--export-html`` (tests, and trying edits of the data).
GEODATA_VARIABLE = "QUZHOU_MAP_GEODATA"


def geodata_dir() -> Path:
    """The dataset: ``$QUZHOU_MAP_GEODATA`` when set, else the shipped geodata/."""
    other = os.environ.get(GEODATA_VARIABLE)
    return Path(other) if other else _shipped_dir("geodata")


def resources_dir() -> Path:
    return _shipped_dir("resources")


def article_path() -> Path:
    return resources_dir() / "article_zh.txt"


def web_dir() -> Path:
    """Our own page script and style (no third-party code)."""
    return resources_dir() / "web"


def translations_dir() -> Path:
    return resources_dir() / "i18n"


def node_modules_dir() -> Path:
    """Third-party page scripts from npm (scripts/bootstrap.sh installs them; the wheel carries them)."""
    return _shipped_dir("node_modules")


def icon_path() -> Path:
    """The app's icon (the window's, and the desktop entry's in a bundle)."""
    return resources_dir() / "icons" / "quzhou-map.svg"
