"""The user's own keys for tile services (Tianditu's ``tk``), kept apart from the settings.

They live in the platform's config folder in a file only the user may read, not in settings.json
(which people attach to bug reports); they are never logged, and shown only masked.
"""

from __future__ import annotations

import json
from pathlib import Path

from quzhou_map.core.files import write_text_atomically

KEYS_FILE = "keys.json"
SERVICES = ("tianditu",)


def load_key(folder: Path, service: str) -> str:
    """The saved key, or "" when there is none or the file cannot be read."""
    try:
        data = json.loads((folder / KEYS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return ""
    key = data.get(service, "") if isinstance(data, dict) else ""
    return key if isinstance(key, str) and is_plausible_key(key) else ""


def save_key(folder: Path, service: str, key: str) -> None:
    """Save (or with "" forget) a key; raises OSError when the folder cannot be written."""
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}")
    path = folder / KEYS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        data = data if isinstance(data, dict) else {}
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        data = {}
    if key:
        data[service] = key
    else:
        data.pop(service, None)
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomically(path, json.dumps(data), private=True)


def is_plausible_key(key: str) -> bool:
    """Tianditu's keys are 32 hex digits; anything printable without spaces is accepted (other services)."""
    return 8 <= len(key) <= 128 and key.isascii() and key.isprintable() and " " not in key
