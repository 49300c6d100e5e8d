"""Where the shipped data lives, in the source tree and in an installed wheel alike."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _shipped_dir(name: str) -> Path:
    """The wheel puts geodata/ and resources/ inside the package; the source tree has them beside it."""
    installed = _PACKAGE_DIR / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def geodata_dir() -> Path:
    return _shipped_dir("geodata")


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
