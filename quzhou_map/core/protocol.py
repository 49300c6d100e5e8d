"""The declared protocol between the app and its map page (resources/web/protocol.json).

Python checks every command before it is sent and every event when it arrives; the page checks the
same file (it is handed the table when the page is built). A message that is not in the table, or
whose payload has other fields or types, is refused on both sides instead of half-working.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Any

from quzhou_map.core.paths import web_dir

PROTOCOL_FILE = "protocol.json"
_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "number": (int, float), "boolean": (bool,), "object": (dict,), "array": (list, tuple),
    "null": (type(None),),
}


class ProtocolError(ValueError):
    """A message that the protocol does not allow."""


@lru_cache(maxsize=1)
def protocol() -> dict[str, dict[str, dict[str, str]]]:
    """{"commands": {name: {field: type}}, "events": {...}} as declared."""
    data = json.loads((web_dir() / PROTOCOL_FILE).read_text(encoding="utf-8"))
    return {"commands": data["commands"], "events": data["events"]}


def _type_ok(value: Any, declared: str) -> bool:
    for name in declared.split("|"):
        kinds = _TYPES[name]
        if name == "number":
            if isinstance(value, kinds) and not isinstance(value, bool) and math.isfinite(value):
                return True
        elif isinstance(value, kinds):
            return True
    return False


def check(kind: str, name: str, payload: dict[str, Any]) -> dict[str, Any]:
    """``payload`` if message ``name`` of ``kind`` ("commands" or "events") is declared with exactly its fields."""
    fields = protocol()[kind].get(name)
    if fields is None:
        raise ProtocolError(f"{kind[:-1]} {name!r} is not in the protocol")
    if not isinstance(payload, dict) or set(payload) != set(fields):
        got = sorted(payload) if isinstance(payload, dict) else type(payload).__name__
        raise ProtocolError(f"{kind[:-1]} {name!r} takes fields {sorted(fields)}, got {got}")
    for field, declared in fields.items():
        if not _type_ok(payload[field], declared):
            raise ProtocolError(f"{kind[:-1]} {name!r}: {field} must be {declared}, got {payload[field]!r:.80}")
    return payload


def command_script(name: str, payload: dict[str, Any]) -> str:
    """The page call for a checked command: its arguments are JSON data, never code built from data."""
    check("commands", name, payload)
    return f"QuzhouMap.receive({json.dumps(name)}, {json.dumps(payload, ensure_ascii=False, allow_nan=False)})"


def parse_event(name: str, payload_json: str) -> dict[str, Any]:
    """An event's payload from the page, checked; ProtocolError for anything else."""
    try:
        payload = json.loads(payload_json)
    except (ValueError, TypeError, RecursionError) as error:
        raise ProtocolError(f"event {name!r}: payload is not JSON ({error})") from None
    return check("events", name, payload)
