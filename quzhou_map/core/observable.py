"""The smallest observer the state needs: connect a callable, emit to every one connected.

Not psygnal, which was the first choice: importing it costs ~45 ms (it reads its own package
metadata through importlib.metadata), about a fifth of the whole start-up floor, for three
signals that need nothing but connect and emit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Signal(Generic[T]):
    """Callbacks called in the order connected, each with the emitted value."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[[T], Any]] = []

    def connect(self, callback: Callable[[T], Any]) -> Callable[[T], Any]:
        self._callbacks.append(callback)
        return callback

    def disconnect(self, callback: Callable[[T], Any]) -> None:
        self._callbacks.remove(callback)

    def emit(self, value: T) -> None:
        for callback in tuple(self._callbacks):  # a callback may connect or disconnect others
            callback(value)
