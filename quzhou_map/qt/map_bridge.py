"""The only object the page can reach: one slot, taking the events that resources/web/protocol.json declares."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal, Slot

from quzhou_map.core.protocol import ProtocolError, parse_event


class MapBridge(QObject):
    """Checks each event from the page against the protocol and re-emits it as ``event(name, payload)``."""

    event = Signal(str, dict)

    @Slot(str, str)
    def send(self, name: str, payload_json: str) -> None:
        """The page's one way in; a message the protocol does not declare is dropped with a note in the log."""
        try:
            payload = parse_event(str(name), str(payload_json))
        except ProtocolError as error:
            logging.getLogger("quzhou_map.page").error("%s", error)
            return
        self.event.emit(str(name), payload)
