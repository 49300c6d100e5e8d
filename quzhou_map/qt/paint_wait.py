"""Wait until the map is not only loaded but painted: loadFinished comes before the first frame."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer


def is_painted(view: Any) -> bool:
    """The web area shows more than one colour (a blank or grey view is uniform)."""
    image = view.grab().toImage()
    if image.isNull() or image.width() < 4:
        return False
    step_x, step_y = max(1, image.width() // 24), max(1, image.height() // 24)
    colours = {image.pixel(x, y) for x in range(0, image.width(), step_x) for y in range(0, image.height(), step_y)}
    return len(colours) > 8


def wait_for_painted_map(view: Any, done: Callable[[bool], None], timeout_ms: int) -> None:
    """Call ``done(True)`` once the page reported its sites drawn and the view shows them."""
    state = {"elapsed": 0, "finished": False}
    interval = 50

    def poll() -> None:
        if state["finished"]:
            return
        if view.ready and is_painted(view):
            state["finished"] = True
            QTimer.singleShot(100, lambda: done(True))  # one more frame for tooltips and labels
            return
        state["elapsed"] += interval
        if state["elapsed"] >= timeout_ms:
            state["finished"] = True
            done(False)
            return
        QTimer.singleShot(interval, poll)

    poll()
