"""The declared protocol: each side sends and handles exactly what resources/web/protocol.json names."""

from __future__ import annotations

import json
import re

import pytest

from quzhou_map.core.paths import web_dir
from quzhou_map.core.protocol import ProtocolError, command_script, parse_event, protocol
from tests.conftest import REPO

PAGE_SCRIPTS = sorted(web_dir().glob("*.js"))


def _js_sources() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in PAGE_SCRIPTS)


def test_the_page_sends_only_declared_events_and_every_one_of_them() -> None:
    sent = set(re.findall(r"""\bsend\(\s*["'](\w+)["']""", _js_sources()))
    assert sent == set(protocol()["events"])


def test_the_page_handles_exactly_the_declared_commands() -> None:
    page = (web_dir() / "page.js").read_text(encoding="utf-8")
    table = page[page.index("var commands = {"):page.index("\n  };", page.index("var commands = {"))]
    handled = set(re.findall(r"^    (\w+): function", table, flags=re.M))
    assert handled == set(protocol()["commands"])  # also checked on the live page (tests/qt/test_map_view.py)


def test_python_sends_only_declared_commands_and_handles_every_event() -> None:
    source = (REPO / "quzhou_map" / "qt" / "map_view.py").read_text(encoding="utf-8")
    sent = set(re.findall(r"""_send\(\s*"(\w+)\"""", source))
    assert sent <= set(protocol()["commands"]) and sent
    handled = set(re.findall(r"""name == "(\w+)\"""", source))
    assert handled == set(protocol()["events"])


def test_a_command_becomes_a_call_with_json_arguments_only() -> None:
    script = command_script("setLayerVisible", {"id": "x'); alert(1); ('", "visible": False})
    assert script.startswith('QuzhouMap.receive("setLayerVisible", ')
    payload = json.loads(script[len('QuzhouMap.receive("setLayerVisible", '):-1])
    assert payload == {"id": "x'); alert(1); ('", "visible": False}


BAD_COMMANDS = {
    "unknown name": ("dropTable", {}),
    "missing field": ("setLayerVisible", {"id": "a"}),
    "extra field": ("setLayerVisible", {"id": "a", "visible": True, "code": "x"}),
    "wrong type": ("setLayerVisible", {"id": "a", "visible": "yes"}),
    "a number for a string": ("removeLayer", {"id": 3}),
    "NaN": ("setView", {"lat": float("nan"), "lng": 1, "zoom": 3}),
    "a bool for a number": ("setView", {"lat": True, "lng": 1, "zoom": 3}),
}


@pytest.mark.parametrize(("name", "payload"), BAD_COMMANDS.values(), ids=BAD_COMMANDS.keys())
def test_commands_outside_the_protocol_are_refused(name, payload) -> None:
    with pytest.raises(ProtocolError):
        command_script(name, payload)


def test_events_are_checked_when_they_arrive() -> None:
    assert parse_event("featureClicked", '{"layer": "layer-1", "feature": 3}') == {"layer": "layer-1", "feature": 3}
    assert parse_event("featureClicked", '{"layer": "", "feature": null}')["feature"] is None
    for name, text in (("featureClicked", '{"layer": 1, "feature": 3}'), ("siteClicked", "{}"),
                       ("cursorMoved", '{"lat": "1", "lng": 2}'), ("cursorLeft", "not json"),
                       ("cursorLeft", "[]"), ("cursorLeft", "[" * 100_000)):
        with pytest.raises(ProtocolError):
            parse_event(name, text)


def test_every_declared_type_is_known() -> None:
    for kind in ("commands", "events"):
        for fields in protocol()[kind].values():
            for declared in fields.values():
                for name in declared.split("|"):
                    assert name in ("string", "number", "boolean", "object", "array", "null")
