"""What the app remembers between starts, in a JSON file in the platform's config directory.

A damaged file never stops the app: it falls back to defaults, says why, and is left untouched
until the next save replaces it atomically.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from quzhou_map.core.basemaps import BasemapChoice, choice_from_dict
from quzhou_map.core.file_access import FileRefused, read_regular_file
from quzhou_map.core.files import write_text_atomically
from quzhou_map.core.problems import one_line, shown_path
from quzhou_map.core.saved_layers import check_saved_layer
from quzhou_map.core.themes import THEME_IDS

SETTINGS_FILE = "settings.json"
DAMAGED_FILE = "settings.json.damaged"  # a damaged settings file, kept rather than overwritten


class Settings:
    """The remembered state; every field has a default, so a partial file still loads."""

    FIELDS = ("geometry", "window_state", "layers", "view", "language", "selection", "site_labels", "basemap",
              "tour_step")

    def __init__(self, geometry: str | None = None, window_state: str | None = None,
                 layers: list[dict[str, Any]] | None = None, view: tuple[float, float, float] | None = None,
                 language: str | None = None, selection: tuple[str, str | int] | None = None,
                 site_labels: bool = False, basemap: BasemapChoice | None = None,
                 tour_step: int | None = None) -> None:
        self.geometry = geometry  # base64 of QWidget.saveGeometry()
        self.window_state = window_state  # base64 of QMainWindow.saveState()
        self.layers = [] if layers is None else layers  # saved_layer() dicts, top first; [] = the defaults
        self.view = view  # lat, lng, zoom
        self.language = language  # None: follow the system locale
        self.selection = selection  # (layer id, feature)
        self.site_labels = site_labels  # the View menu's "Site labels"
        self.basemap = basemap or BasemapChoice()
        self.tour_step = tour_step  # the guided tour's step (1-based), None when not touring

    def to_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.FIELDS}
        data["selection"] = list(self.selection) if self.selection else None
        data["basemap"] = self.basemap.to_dict()
        return data

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Settings) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Settings({self.to_dict()!r})"


def default_config_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("quzhou-map", appauthor=False))


#: A settings file is a few kilobytes; anything much larger is not ours.
MAX_SETTINGS_BYTES = 4 * 1024 * 1024


def load_settings(folder: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings, or defaults with a message saying what was wrong with the file (one line, the path
    shown safely). Only a regular file is read: a FIFO, a folder, a device or a link loop is named as such."""
    path = (folder or default_config_dir()) / SETTINGS_FILE
    if not os.path.lexists(path):
        return Settings(), None
    try:
        text = read_regular_file(path, MAX_SETTINGS_BYTES).decode("utf-8")
        return _from_dict(json.loads(text)), None
    except FileRefused as refused:
        return Settings(), f"{shown_path(path)}: {refused}; using default settings"
    except UnicodeDecodeError as error:
        return Settings(), f"{shown_path(path)}: is not UTF-8 text ({error.reason}); using default settings"
    except RecursionError:
        return Settings(), f"{shown_path(path)}: is damaged (nested too deeply); using default settings"
    except (ValueError, TypeError, KeyError) as error:
        return Settings(), f"{shown_path(path)}: is damaged ({one_line(str(error), 200)}); using default settings"


def save_settings(settings: Settings, folder: Path | None = None) -> None:
    """Save atomically. A damaged file found there is first kept as ``settings.json.damaged``. Raises OSError
    when it cannot be written (nothing half-written is left)."""
    folder = folder or default_config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SETTINGS_FILE
    if os.path.lexists(path) and load_settings(folder)[1] is not None:
        os.replace(path, path.with_name(DAMAGED_FILE))
    data = settings.to_dict()
    try:
        text = json.dumps(data, ensure_ascii=False, indent=2)
        text.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8 (kept as lone surrogates): \\udcff in JSON
        text = json.dumps(data, ensure_ascii=True, indent=2)
    write_text_atomically(path, text)


def _from_dict(data: Any) -> Settings:
    if not isinstance(data, dict):
        raise TypeError("the file does not hold a JSON object")
    settings = Settings()
    for key in ("geometry", "window_state", "language"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{key!r} must be a string")
        setattr(settings, key, value)
    layers = data.get("layers", [])
    if not isinstance(layers, list):
        raise TypeError("'layers' must be a list")
    settings.layers = [check_saved_layer(entry) for entry in layers]
    if "visible_themes" in data and not layers:  # written by version 0.1, before layers
        themes = data["visible_themes"]
        if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
            raise TypeError("'visible_themes' must be a list of theme ids")
        settings.layers = [{"id": t, "visible": t in themes} for t in THEME_IDS]
    selection = data.get("selection")
    if selection is None and isinstance(data.get("selected"), str):  # version 0.1: a site id
        selection = ["", data["selected"]]
    if selection is not None:
        if not (isinstance(selection, list) and len(selection) == 2 and isinstance(selection[0], str)
                and isinstance(selection[1], str | int) and not isinstance(selection[1], bool)):
            raise TypeError("'selection' must be [layer id, feature]")
        settings.selection = (selection[0], selection[1])
    view = data.get("view")
    if view is not None:
        if not (isinstance(view, list) and len(view) == 3
                and all(isinstance(v, int | float) and not isinstance(v, bool) for v in view)):
            raise TypeError("'view' must be [latitude, longitude, zoom]")
        lat, lng, zoom = view
        if not (-90 <= lat <= 90 and -180 <= lng <= 180 and 0 <= zoom <= 20):
            raise ValueError("'view' is out of range")
        settings.view = (float(lat), float(lng), float(zoom))
    site_labels = data.get("site_labels", False)  # absent in files written before it existed
    if not isinstance(site_labels, bool):
        raise TypeError("'site_labels' must be true or false")
    settings.site_labels = site_labels
    settings.basemap = choice_from_dict(data.get("basemap"))  # a bad one is the offline base, not an error
    tour_step = data.get("tour_step")  # absent in files written before the tour
    if tour_step is not None and (not isinstance(tour_step, int) or isinstance(tour_step, bool) or tour_step < 1):
        raise TypeError("'tour_step' must be a step number from 1")
    settings.tour_step = tour_step
    if settings.language not in (None, "zh", "en"):
        raise ValueError(f"unknown language {settings.language!r}")
    return settings
