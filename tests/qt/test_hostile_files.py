"""The hostile corpus through the path a user takes: the window's loader (as for files named on the
command line or dropped), with the real map. Every bad file is named in a message, the app keeps
running and drawing, the layers that loaded are on the map, and no file is changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.core.user_data.test_hostile import _snapshot
from tests.core.user_data.hostile_corpus import write_hostile_corpus
from tests.qt.conftest import status

#: Files of the corpus holding several layers: without a question, the loader opens the first one.
SEVERAL_LAYERS = {"shp_two", "gp_two.gpkg"}


def test_every_hostile_file_is_named_and_the_app_keeps_working(open_window: Any, qtbot: Any, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    cases = write_hostile_corpus(folder)
    before = _snapshot(folder)
    window = open_window()
    loader = window.loader
    with qtbot.waitSignal(loader.all_done, timeout=300_000):
        loader.open_files([path for path, _expected in cases], interactive=False)
    assert _snapshot(folder) == before  # nothing the user owns was changed
    failed = {message.split(": ")[0] for message in loader.failures}
    problems = []
    for path, expected in cases:
        if path.name in SEVERAL_LAYERS:
            expected = "load"  # the core asks the caller to pick; from the command line the first is opened
        opened = any(layer.source.path == str(path.resolve()) for layer in window.state.layers)
        if expected == "error" and (opened or str(path) not in failed):
            problems.append(f"{path.name}: expected a message naming it, opened={opened}")
        if expected in ("load", "warn") and not opened:
            problems.append(f"{path.name}: expected to open")
        if not opened and str(path) not in failed:
            problems.append(f"{path.name}: neither opened nor reported")
    assert all("\n" not in message for message in loader.failures)
    assert not problems, "\n".join(problems)
    drawn = status(qtbot, window)  # the page is alive and has every layer that loaded
    user_layers = [layer.id for layer in window.state.layers if not layer.is_theme]
    assert user_layers and set(user_layers) <= set(drawn["order"])
    assert drawn["visible"] == drawn["sites"]  # the article's sites untouched
