"""What the app remembers between starts, in a JSON file in the platform's config directory.

A damaged file never stops the app: it falls back to defaults, says why, and is left untouched
until the next save replaces it atomically.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from quzhou_map.core.themes import THEME_IDS

SETTINGS_FILE = "settings.json"


@dataclass
class Settings:
    geometry: str | None = None  # base64 of QWidget.saveGeometry()
    window_state: str | None = None
    visible_themes: list[str] = field(default_factory=lambda: list(THEME_IDS))
    view: tuple[float, float, int] | None = None  # lat, lng, zoom
    language: str | None = None  # None: follow the system locale
    selected: str | None = None


def default_config_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("quzhou-map", appauthor=False))


def load_settings(folder: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings, or defaults with a message saying what was wrong with the file."""
    path = (folder or default_config_dir()) / SETTINGS_FILE
    if not path.exists():
        return Settings(), None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return _from_dict(data), None
    except (OSError, UnicodeDecodeError) as error:
        return Settings(), f"{path}: cannot be read ({error}); using default settings"
    except RecursionError:
        return Settings(), f"{path}: is damaged (nested too deeply); using default settings"
    except (ValueError, TypeError, KeyError) as error:
        return Settings(), f"{path}: is damaged ({error}); using default settings"


def save_settings(settings: Settings, folder: Path | None = None) -> None:
    folder = folder or default_config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=SETTINGS_FILE, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(asdict(settings), stream, ensure_ascii=False, indent=2)
        os.replace(temporary, folder / SETTINGS_FILE)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _from_dict(data: Any) -> Settings:
    if not isinstance(data, dict):
        raise TypeError("the file does not hold a JSON object")
    settings = Settings()
    for key in ("geometry", "window_state", "language", "selected"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{key!r} must be a string")
        setattr(settings, key, value)
    themes = data.get("visible_themes", settings.visible_themes)
    if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
        raise TypeError("'visible_themes' must be a list of theme ids")
    settings.visible_themes = [t for t in themes if t in THEME_IDS]
    view = data.get("view")
    if view is not None:
        if not (isinstance(view, list) and len(view) == 3
                and all(isinstance(v, int | float) and not isinstance(v, bool) for v in view)):
            raise TypeError("'view' must be [latitude, longitude, zoom]")
        lat, lng, zoom = view
        if not (-90 <= lat <= 90 and -180 <= lng <= 180 and 0 <= zoom <= 20):
            raise ValueError("'view' is out of range")
        settings.view = (float(lat), float(lng), int(zoom))
    if settings.language not in (None, "zh", "en"):
        raise ValueError(f"unknown language {settings.language!r}")
    return settings
