"""A guard on the Qt bindings themselves: PySide6 6.12.0 on Python 3.11 drops a reference to None on
every void call and to True on every signal emit, and the process aborts once a count reaches zero
(about a thousand mouse moves over the map). The pinned version must not."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

CALLS = 20_000


class _Emitter(QObject):
    moved = Signal(float, float)


def test_void_calls_and_signal_emits_keep_none_and_true_alive(qtbot: Any) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    emitter = _Emitter()
    emitter.moved.connect(lambda _lat, _lng: None)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(CALLS):
        label.setText("x")
        emitter.moved.emit(29.0, 118.9)
    assert none_before - sys.getrefcount(None) < CALLS // 100
    assert true_before - sys.getrefcount(True) < CALLS // 100
