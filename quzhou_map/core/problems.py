"""A problem found in the user's or the shipped data, worded for the person who has to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem: the file, the feature (when there is one) and what is wrong."""

    file: Path
    reason: str
    feature_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}"
        if self.feature_id is not None:
            where += f": feature {self.feature_id!r}"
        return f"{where}: {self.reason}"


class DatasetError(Exception):
    """Raised when data cannot be used at all; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
