"""A long session: random user operations through the real window, with a fixed seed.

Select (in the state, in the list, by a click), hover over the map, show and hide themes and layers, search,
zoom and pan, switch the language, add and remove a user layer, open the article, take tour steps. It fails
on any Python exception, any error on the page's console, or the process tree (Python + QtWebEngine's
processes, PSS) growing by more than 100 MB after the warm-up. Halfway through, the page's renderer process
is killed: the map must come back within 3 s with the layers, selection and view it had.

2,000 operations by default; ``SOAK=full`` runs the issue's 10,000. Measured on the 2-core development
machine, offscreen (``-s`` prints the figures): 2,000 operations in 35-45 s, +60 MB after the warm-up; 10,000 in
228 s (23 ms each), +38 MB (624 → 662 MB before the kill, 566 MB at the end); the renderer back in 0.3 s.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import random
import signal
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from pytestqt.exceptions import TimeoutError as WaitTimeout
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from quzhou_map.core.memory import release_free_memory
from quzhou_map.core.state import View
from quzhou_map.core.themes import QUZHOU_EXTENT
from tests.qt.conftest import status

OPERATIONS = 10_000 if os.environ.get("SOAK") == "full" else 2_000
WARM_UP = OPERATIONS // 10
SEED = 20220609
MAX_GROWTH_MB = 100
RECOVERY_S = 3.0
#: Every this many operations the test waits for the page to answer (a user is no faster than that).
SYNC_EVERY = 25
SEARCHES = ("", "村", "Yu", "衢", "lithium", "xyz", "下淤", "centre", "a")


def process_tree(root: int) -> list[int]:
    """``root`` and every process descended from it (QtWebEngine's zygotes, renderer, GPU process)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    tree, frontier = [root], [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier]
        tree += children
        frontier = children
    return tree


def tree_pss_mb(root: int) -> float:
    """Proportional set size of the whole process tree, in MB (/proc/<pid>/smaps_rollup)."""
    total_kb = 0
    for pid in process_tree(root):
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kb += int(line.split()[1])
        except OSError:
            pass  # gone meanwhile
    return total_kb / 1024


class PageErrors(logging.Handler):
    """The page's console errors (qt/map_view.py logs them as "quzhou_map.page")."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def write_layer(path: Path, seed: int) -> Path:
    rng = random.Random(seed)
    west, south, east, north = QUZHOU_EXTENT
    features = [{"type": "Feature", "properties": {"name": f"p{i}", "value": i},
                 "geometry": {"type": "Point", "coordinates": [rng.uniform(west, east), rng.uniform(south, north)]}}
                for i in range(20)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


class Session:
    """The random user: one operation a call, chosen with the weights in ``OPERATIONS``."""

    def __init__(self, window: Any, qtbot: Any, files: list[Path], rng: random.Random) -> None:
        self.window, self.qtbot, self.files, self.rng = window, qtbot, files, rng
        self.state = window.state
        self.site_ids = [site.id for site in self.state.catalog.sites]
        self.operations: list[tuple[int, Callable[[], str]]] = [
            (20, self.select), (15, self.hover), (10, self.toggle_theme), (8, self.toggle_user_layer),
            (10, self.search), (12, self.zoom_or_pan), (3, self.switch_language), (3, self.add_layer),
            (3, self.remove_layer), (4, self.open_article), (6, self.tour_step), (3, self.click_map),
            (3, self.zoom_to_all),
        ]
        self.counts: dict[str, int] = {}

    def step(self) -> str:
        operation = self.rng.choices([op for _w, op in self.operations], [w for w, _op in self.operations])[0]
        self.counts[operation.__name__] = self.counts.get(operation.__name__, 0) + 1
        return operation()

    def _map_point(self) -> QPoint:
        view = self.window.map_view.focusProxy()
        return QPoint(self.rng.randrange(10, max(11, view.width() - 10)),
                      self.rng.randrange(10, max(11, view.height() - 10)))

    def select(self) -> str:
        how = self.rng.random()
        if how < 0.1:
            self.state.select(None)
            return "select none"
        site_id = self.rng.choice(self.site_ids)
        if how < 0.6:
            self.state.select_site(site_id)
        else:
            panel = self.window.sites_panel
            rows = panel.site_list.count()
            if rows:
                panel.site_list.setCurrentRow(self.rng.randrange(rows))
        return f"select {site_id}"

    def hover(self) -> str:
        point = self._map_point()
        QTest.mouseMove(self.window.map_view.focusProxy(), point)
        return f"hover {point.x()},{point.y()}"

    def click_map(self) -> str:
        point = self._map_point()
        QTest.mouseClick(self.window.map_view.focusProxy(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         point)
        return f"click {point.x()},{point.y()}"

    def toggle_theme(self) -> str:
        theme = self.rng.choice([layer for layer in self.state.layers if layer.is_theme])
        self.state.set_layer_visible(theme.id, not theme.visible)
        return f"theme {theme.id} {'off' if theme.visible else 'on'}"

    def _user_layers(self) -> list[Any]:
        return [layer for layer in self.state.layers if not layer.is_theme]

    def toggle_user_layer(self) -> str:
        layers = self._user_layers()
        if not layers:
            return self.add_layer()
        layer = self.rng.choice(layers)
        self.state.set_layer_visible(layer.id, not layer.visible)
        return f"layer {layer.id} {'off' if layer.visible else 'on'}"

    def search(self) -> str:
        text = self.rng.choice(SEARCHES)
        self.window.sites_panel.search_box.setText(text)
        if text and self.rng.random() < 0.3:
            self.window.sites_panel.select_first_match()
        return f"search {text!r}"

    def zoom_or_pan(self) -> str:
        west, south, east, north = QUZHOU_EXTENT
        view = View(self.rng.uniform(south, north), self.rng.uniform(west, east), self.rng.randint(8, 16))
        self.state.set_view(view)
        return f"view {view.lat:.3f},{view.lng:.3f} z{view.zoom}"

    def zoom_to_all(self) -> str:
        self.window.zoom_to_all()
        return "zoom to all"

    def switch_language(self) -> str:
        language = "zh" if self.state.language == "en" else "en"
        self.state.set_language(language)
        return f"language {language}"

    def add_layer(self) -> str:
        if len(self._user_layers()) >= 2 or self.window.loader.busy:
            return self.remove_layer()
        path = self.rng.choice(self.files)
        self.window.loader.open_files([path], interactive=False)
        return f"add {path.name}"

    def remove_layer(self) -> str:
        layers = [layer for layer in self._user_layers() if layer.status != "loading"]
        if not layers:
            return "remove (none)"
        layer = self.rng.choice(layers)
        self.state.remove_layer(layer.id)
        return f"remove {layer.id}"

    def open_article(self) -> str:
        if not hasattr(self.window, "show_article"):
            return "article (none)"
        line = self.rng.choice([None, self.rng.randint(1, 60)])
        self.window.show_article(line)
        return f"article line {line}"

    def tour_step(self) -> str:
        tour = getattr(self.window, "tour", None) or getattr(self.window, "tour_controls", None)
        if tour is None:
            return "tour (none)"
        move = self.rng.choice(("next", "previous", "go", "end"))
        if move == "go":
            tour.go(self.rng.randint(1, len(self.site_ids)))
        else:
            getattr(tour, move)()
        return f"tour {move}"


def _settle(qtbot: Any, window: Any) -> dict[str, Any]:
    """Wait until nothing is being read and the page has answered: what it shows then."""
    qtbot.waitUntil(lambda: not window.loader.busy, timeout=30_000)
    return status(qtbot, window)


def _page_matches_state(page: dict[str, Any], window: Any, view: View | None) -> str | None:
    """Why the page does not show what the state holds, or None."""
    state = window.state
    selection = state.selection
    wanted_selection = (selection.layer, selection.feature) if selection else (None, None)
    if (page["selectedLayer"], page["selected"]) != wanted_selection:
        return f"selection {page['selectedLayer']}/{page['selected']} != {selection}"
    if sorted(page["visible"]) != sorted(site.id for site in state.visible_sites()):
        return "visible sites differ"
    wanted = {layer.id: layer.visible for layer in state.layers if not layer.is_theme and layer.status == "ok"}
    shown = {entry["id"]: entry["visible"] for entry in page["layers"] if entry["kind"] != "sites"}
    if {k: v for k, v in shown.items() if k in wanted or k not in {t.id for t in state.layers}} != wanted:
        return f"user layers {shown} != {wanted}"
    pixel = 360 / (256 * 2 ** view.zoom) if view is not None else 0  # degrees of longitude a pixel spans
    if view is not None and (page["zoom"] != view.zoom or abs(page["center"][0] - view.lat) > 2 * pixel
                             or abs(page["center"][1] - view.lng) > 2 * pixel):  # Leaflet rounds to pixels
        return f"view {page['center']} z{page['zoom']} != {view}"
    return None


def test_a_long_random_session(open_window: Any, qtbot: Any, tmp_path: Path) -> None:
    window = open_window(size=(1300, 820))
    files = [write_layer(tmp_path / f"points-{n}.geojson", n) for n in range(2)]
    errors = PageErrors()
    page_log = logging.getLogger("quzhou_map.page")
    page_log.addHandler(errors)
    rng = random.Random(SEED)
    session = Session(window, qtbot, files, rng)
    recent: deque[str] = deque(maxlen=15)
    memory: dict[str, float] = {}
    started = time.monotonic()

    def measure(name: str) -> None:
        _settle(qtbot, window)
        gc.collect()
        release_free_memory()
        qtbot.wait(200)
        memory[name] = tree_pss_mb(os.getpid())

    try:
        with qtbot.captureExceptions() as exceptions:
            for number in range(1, OPERATIONS + 1):
                recent.append(f"{number}: {session.step()}")
                QApplication.processEvents()
                if exceptions or errors.messages:
                    break
                if number % SYNC_EVERY == 0:
                    _settle(qtbot, window)
                if number == WARM_UP:
                    measure("after warm-up")
                if number == OPERATIONS // 2:
                    measure("before the renderer is killed")
                    recovery = _kill_renderer(qtbot, window, files[0])
                    recent.append(f"renderer killed: back in {recovery:.2f} s")
                    print(f"soak: renderer killed after {number} operations, back in {recovery:.2f} s")
            page = _settle(qtbot, window)
        assert not exceptions, f"{exceptions[0]}\nlast operations:\n" + "\n".join(recent)
        assert not errors.messages, f"page errors: {errors.messages[:5]}\nlast operations:\n" + "\n".join(recent)
        assert page["ready"] and len(page["sites"]) == len(window.state.catalog.sites)
        measure("at the end")
    finally:
        page_log.removeHandler(errors)
    elapsed = time.monotonic() - started
    growth = max(memory["before the renderer is killed"], memory["at the end"]) - memory["after warm-up"]
    print(f"soak: {OPERATIONS} operations in {elapsed:.1f} s ({1000 * elapsed / OPERATIONS:.1f} ms each); "
          + "; ".join(f"{name}: {mb:.0f} MB" for name, mb in memory.items())
          + f"; growth {growth:+.0f} MB; operations: {dict(sorted(session.counts.items()))}")
    assert growth < MAX_GROWTH_MB, memory


def _kill_renderer(qtbot: Any, window: Any, layer_file: Path) -> float:
    """Kill the page's process; the seconds until the map shows again what the state holds."""
    view = window.map_view
    if not any(not layer.is_theme and layer.status == "ok" for layer in window.state.layers):
        with qtbot.waitSignal(view.layer_drawn, timeout=30_000):  # something of the user's to come back
            window.loader.open_files([layer_file], interactive=False)
    if window.state.selection is None:
        window.state.select_site(window.state.catalog.sites[0].id)
    before = _settle(qtbot, window)
    expected_view = window.state.view
    assert _page_matches_state(before, window, expected_view) is None, _page_matches_state(before, window,
                                                                                            expected_view)
    pid = view.page().renderProcessPid()
    assert pid > 0
    killed = time.monotonic()
    with qtbot.waitSignals([view.renderer_crashed, view.map_drawn, view.interactive],
                           timeout=int(RECOVERY_S * 1000)):
        os.kill(pid, signal.SIGKILL)
    why: dict[str, str | None] = {"": "not checked"}

    def restored() -> None:
        why[""] = _page_matches_state(status(qtbot, window), window, expected_view)
        assert why[""] is None, why[""]

    remaining = RECOVERY_S - (time.monotonic() - killed)
    try:
        qtbot.waitUntil(restored, timeout=max(1, int(remaining * 1000)))
    except WaitTimeout as error:  # it hides the last reason
        raise AssertionError(f"not restored in {RECOVERY_S} s: {why['']}") from error
    recovery = time.monotonic() - killed
    assert recovery <= RECOVERY_S, f"{recovery:.2f} s"
    assert view.page().renderProcessPid() not in (0, pid)
    assert window.state.view == expected_view  # the page's first view after the reload was the state's own
    return recovery
