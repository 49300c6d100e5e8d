"""Wait until the map is not only loaded but painted and still: loadFinished comes before the first
frame, and Leaflet may still be animating a zoom when the page reports its sites drawn."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage

POLL_MS = 100


def is_painted(image: QImage) -> bool:
    """The web area shows more than a few colours (a blank or grey view is uniform)."""
    if image.isNull() or image.width() < 4:
        return False
    step_x, step_y = max(1, image.width() // 24), max(1, image.height() // 24)
    colours = {image.pixel(x, y) for x in range(0, image.width(), step_x) for y in range(0, image.height(), step_y)}
    return len(colours) > 8


def wait_for_painted_map(view: Any, done: Callable[[bool], None], timeout_ms: int) -> None:
    """Call ``done(True)`` once the page reported its sites drawn and two frames in a row are the same."""
    state: dict[str, Any] = {"elapsed": 0, "finished": False, "previous": None}

    def poll() -> None:
        if state["finished"]:
            return
        if view.ready and view.connected:
            image = view.grab().toImage()
            if is_painted(image) and image == state["previous"]:
                state["finished"] = True
                done(True)
                return
            state["previous"] = image
        state["elapsed"] += POLL_MS
        if state["elapsed"] >= timeout_ms:
            state["finished"] = True
            done(False)
            return
        QTimer.singleShot(POLL_MS, poll)

    poll()
