"""A problem found in the user's or the shipped data, worded for the person who has to fix it."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

#: A problem is printed on one line of at most about this many characters.
MAX_REASON_CHARS = 300


def one_line(text: str, limit: int = MAX_REASON_CHARS) -> str:
    """``text`` with line breaks and other control characters made visible, cut to ``limit``."""
    shown = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


class Problem(NamedTuple):
    """One problem: the file, the feature (when there is one) and what is wrong."""

    file: Path
    reason: str
    feature_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}"
        if self.feature_id is not None:
            where += f": feature {one_line(repr(self.feature_id), 80)}"
        return f"{where}: {one_line(self.reason)}"
