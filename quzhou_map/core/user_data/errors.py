"""The two exceptions the app catches when it opens a user's file, and the warning wording they share."""

from __future__ import annotations

from pathlib import Path

from quzhou_map.core.problems import one_line, shown_path


def problem_line(path: Path | str, problem: str) -> str:
    """``"<path>: <problem>"`` on one line: the person reading it needs to know which file it is about."""
    return f"{shown_path(path)}: {one_line(str(problem))}"


class UserDataError(Exception):
    """The file cannot be shown; ``str(error)`` names the file and says why, on one line."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = one_line(str(problem))
        super().__init__(problem_line(path, problem))

    def __str__(self) -> str:
        return problem_line(self.path, self.problem)


class Cancelled(Exception):
    """The caller's ``cancelled()`` said stop; nothing was kept."""
