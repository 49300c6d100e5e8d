"""A problem found in the user's or the shipped data, worded for the person who has to fix it."""

from __future__ import annotations

import os
import json
from pathlib import Path
from typing import Any, NamedTuple

#: A problem is printed on one line of at most about this many characters.
MAX_REASON_CHARS = 300


def one_line(text: str, limit: int = MAX_REASON_CHARS) -> str:
    """``text`` with line breaks and other control characters made visible, cut to ``limit``."""
    shown = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


#: A path is shown with at most this many characters (its start and its end, the middle elided).
MAX_PATH_CHARS = 400


def shown_path(path: os.PathLike[str] | str | bytes) -> str:
    """``path`` as every message shows it: bytes that are not UTF-8 as ``\\xff``, control characters (a
    newline, an escape) as ``\\n``/``\\x1b``, never raw; a name longer than the terminal needs is elided."""
    try:
        raw = os.fsencode(path)
    except (TypeError, UnicodeError):  # not a path at all, or a str that cannot be encoded
        raw = str(path).encode("utf-8", "backslashreplace")
    text = raw.decode("utf-8", "backslashreplace")
    shown = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
    if len(shown) <= MAX_PATH_CHARS:
        return shown
    half = MAX_PATH_CHARS // 2
    return shown[:half] + "…" + shown[-half:]


class Problem(NamedTuple):
    """One problem: the file, the feature (when there is one) and what is wrong."""

    file: Path
    reason: str
    feature_id: str | None = None

    def __str__(self) -> str:
        where = shown_path(self.file)
        if self.feature_id is not None:
            where += f": feature {one_line(repr(self.feature_id), 80)}"
        return f"{where}: {one_line(self.reason)}"


def json_value(value: Any, limit: int = 40) -> str:
    """A value read from a JSON file, named as the file's author knows it (never Python's type names):
    null, true, false, the number 5, the text "abc", empty text, a list of 3 items, an object."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int | float):
        return f"the number {one_line(json.dumps(value), limit)}"
    if isinstance(value, str):
        if not value.strip():
            return "empty text" if not value else "blank text"
        return f"the text {one_line(json.dumps(value, ensure_ascii=False), limit)}"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'' if len(value) == 1 else 's'}" if value else "an empty list"
    if isinstance(value, dict):
        return "an object" if value else "an empty object"
    return one_line(repr(value), limit)  # not from JSON
