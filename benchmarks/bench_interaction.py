"""Interaction benchmark: click on a marker → details panel filled, and theme toggle → map updated.

Everything runs in one process on the real main window (``create_main_window`` with a temporary
config and cache dir), offscreen, once the page reported every site drawn and the view is painted.

* click: the marker's place from ``QuzhouMap.debug.markerContainerPoint(id)``; the mouse is moved there
  (as a user's would be), then the clock starts just before ``QTest.mouseClick`` on the view's
  focus proxy and stops when ``details_panel.shown_site_id() == id``, polled with
  ``processEvents()`` in a tight loop (see below). Several sites, taken in turn; between clicks the site is
  deselected and a page round trip makes sure the page has applied both the selection and the
  deselection.
* toggle: from ``state.set_theme_visible(theme, on)`` until a ``QuzhouMap.debug.status()`` round trip issued
  right after it returns (scripts run in order, so it returns after the page applied the toggle);
  its visible list is checked against the catalog.
* baseline: a no-op ``runJavaScript("1")`` round trip timed the same way, after each click and each
  toggle; each figure is also given as a multiple of its baseline.

Also measured, to show where the time goes: when the click reaches Python (the bridge's
``featureClicked`` event), and what ``state.select`` / ``set_theme_visible`` / ``details_panel.refresh`` cost
in Python alone. Targets: click and toggle medians ≤ 50 ms. Measurements only: exits 0.

PySide6 6.12.0 on Python 3.11 drops a reference to ``None`` on every call of a method returning
void (``app.processEvents()`` included) and to ``True`` on every ``Signal.emit()`` from Python; when
a count reaches zero Python aborts ("deallocating None"/"True or False"). So the loops here poll
with ``QEventLoop().processEvents()`` (the same event-dispatcher call, returning a bool, no leak),
and :class:`RefcountGuard` tops the counts up between measurements. It also reports how many
references the app loses per click and per toggle.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
TARGET_MS = 50.0
#: A site nearer the view's edge than this share of its size would make the page pan on selection.
EDGE_MARGIN = 0.18


@dataclass
class Sample:
    """Timings of one kind, in milliseconds."""

    name: str
    values: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def p90(self) -> float:
        ordered = sorted(self.values)
        return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


class RefcountGuard:
    """Keeps ``None``/``True``/``False`` alive although PySide6 6.12.0 drops references to them.

    ``lost()`` gives how many references each lost since the last ``mark()``: what the code run in
    between leaked (the guard's own top-ups are not counted).
    """

    SINGLETONS = (None, True, False)
    LOW, TOP_UP = 200_000, 1_000_000

    def __init__(self) -> None:
        self._kept: list[object] = []
        self._marked = self._counts()

    @staticmethod
    def _counts() -> tuple[int, ...]:
        return tuple(sys.getrefcount(obj) for obj in RefcountGuard.SINGLETONS)

    def top_up(self) -> None:
        for obj in self.SINGLETONS:
            if sys.getrefcount(obj) < self.LOW:
                self._kept.extend([obj] * self.TOP_UP)

    def mark(self) -> None:
        self.top_up()
        self._marked = self._counts()

    def lost(self) -> tuple[int, ...]:
        return tuple(before - now for before, now in zip(self._marked, self._counts(), strict=True))


class Bench:
    """The app's main window, and helpers that run the event loop until something holds."""

    def __init__(self, app: Any, window: Any, timeout: float) -> None:
        from PySide6.QtCore import QEventLoop

        self.app = app
        self.window = window
        self.state = window.state
        self.view = window.map_view
        self.timeout = timeout
        self.loop = QEventLoop()  # its processEvents() is app.processEvents() without the leak
        self.guard = RefcountGuard()

    def spin_until(self, condition: Callable[[], bool], what: str) -> None:
        """Process events in a tight loop until ``condition()``; raises after ``timeout`` seconds."""
        deadline = time.perf_counter() + self.timeout
        while not condition():
            self.loop.processEvents()
            if time.perf_counter() > deadline:
                raise TimeoutError(f"timed out waiting for {what}")

    def wait(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.loop.processEvents()
            time.sleep(0.002)

    def js(self, code: str) -> Any:
        """Run ``code`` (returning JSON text) in the page; the parsed result."""
        box: list[Any] = []
        self.view.run_json(code, box.append)
        self.spin_until(lambda: bool(box), code)
        return box[0]

    def timed_round_trip(self, code: str = "1") -> tuple[float, Any]:
        """(ms, result) of a runJavaScript round trip."""
        box: list[Any] = []
        start = time.perf_counter()
        self.view.page().runJavaScript(code, 0, box.append)
        self.spin_until(lambda: bool(box), code)
        return (time.perf_counter() - start) * 1000, box[0]

    def status(self) -> dict[str, Any]:
        return self.js("QuzhouMap.debug.status()")

    def deselect(self) -> None:
        """Clear the selection and wait until the page has applied it (and everything before it)."""
        self.state.select(None)
        self.spin_until(lambda: self.status()["selected"] is None, "the page to deselect")

    def marker_point(self, site_id: str) -> tuple[int, int] | None:
        point = self.js(f"QuzhouMap.debug.markerContainerPoint({json.dumps(site_id)})")
        return (round(point["x"]), round(point["y"])) if isinstance(point, dict) else None


def painted(image: Any) -> bool:
    """More than a few colours in the view (a blank or grey one is uniform)."""
    if image.isNull() or image.width() < 4:
        return False
    step_x, step_y = max(1, image.width() // 24), max(1, image.height() // 24)
    return len({image.pixel(x, y) for x in range(0, image.width(), step_x)
                for y in range(0, image.height(), step_y)}) > 8


def open_window(args: argparse.Namespace, home: Path) -> Bench:
    """The real main window, shown, with its map drawn and painted."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from quzhou_map.qt.environment import prepare_qt_environment

    prepare_qt_environment()
    from PySide6 import QtWebEngineWidgets  # noqa: F401  (before the QApplication exists)
    from PySide6.QtWidgets import QApplication

    from quzhou_map.qt.application import create_main_window

    app = QApplication.instance() or QApplication([sys.argv[0]])
    namespace = argparse.Namespace(select=None, lang=args.lang, hide_theme=[], screenshot=None)
    cache_dir = Path(args.cache_dir) if args.cache_dir else home / "cache"
    window, messages = create_main_window(namespace, home / "config", cache_dir)
    if window is None:
        raise SystemExit("\n".join(messages))
    drawn: list[int] = []
    window.map_view.map_drawn.connect(drawn.append)
    bench = Bench(app, window, args.timeout)
    bench.guard.top_up()
    window.resize(*args.size)
    window.show()
    bench.spin_until(lambda: bool(drawn) and window.map_view.connected, "the map to be drawn and connected")
    deadline = time.perf_counter() + args.timeout
    previous = None
    while True:  # painted, and two frames in a row the same (Leaflet may still be animating)
        image = window.map_view.grab().toImage()
        if painted(image) and image == previous:
            break
        previous = image
        if time.perf_counter() > deadline:
            raise TimeoutError("the map was drawn but never painted")
        bench.wait(0.1)
    bench.wait(0.2)
    return bench


def pick_sites(bench: Bench, wanted: int) -> list[str]:
    """Sites from every theme whose markers lie well inside the view and are far enough apart."""
    width, height = bench.js("JSON.stringify([window.innerWidth, window.innerHeight])")
    by_theme: dict[str, list[tuple[str, tuple[int, int]]]] = {}
    for site in bench.state.catalog.sites:
        point = bench.marker_point(site.id)
        if point is None:
            continue
        x, y = point
        if EDGE_MARGIN * width < x < (1 - EDGE_MARGIN) * width and EDGE_MARGIN * height < y < (1 - EDGE_MARGIN) * height:
            by_theme.setdefault(site.theme, []).append((site.id, point))
    chosen: list[tuple[str, tuple[int, int]]] = []
    while len(chosen) < wanted and any(by_theme.values()):
        for candidates in by_theme.values():  # round robin over the themes
            while candidates and len(chosen) < wanted:
                site_id, (x, y) = candidates.pop(0)
                if all(abs(x - cx) + abs(y - cy) >= 30 for _id, (cx, cy) in chosen):
                    chosen.append((site_id, (x, y)))
                    break
    return [site_id for site_id, _point in chosen]


def click_once(bench: Bench, site_id: str, arrivals: list[float]) -> tuple[float, float | None, tuple[int, ...]]:
    """(ms from click to the panel showing ``site_id``, ms from click to Python getting the click,
    references to None/True/False lost between the two)."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    point = bench.marker_point(site_id)
    if point is None:
        raise RuntimeError(f"{site_id} is not drawn")
    target = bench.view.focusProxy()
    position = QPoint(*point)
    QTest.mouseMove(target, position)  # the pointer is over the marker before a user clicks
    bench.js("1")
    arrivals.clear()
    bench.guard.mark()
    start = time.perf_counter()
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, position)
    bench.spin_until(lambda: bench.window.details_panel.shown_site_id() == site_id
                     or bench.state.selected_id not in (None, site_id), f"the panel to show {site_id}")
    elapsed = (time.perf_counter() - start) * 1000
    lost = bench.guard.lost()
    if bench.state.selected_id != site_id:
        raise RuntimeError(f"clicking {site_id} at {point} selected {bench.state.selected_id}")
    arrived = (arrivals[0] - start) * 1000 if arrivals else None
    return elapsed, arrived, lost


def hook_click_arrival(bench: Bench, arrivals: list[float]) -> bool:
    """Record when the page's click reaches Python, before the app handles it (rewires, never edits)."""
    bridge = bench.view.bridge
    try:
        bridge.event.disconnect(bench.view._on_event)
    except (RuntimeError, TypeError):
        return False
    bridge.event.connect(lambda name, _payload: arrivals.append(time.perf_counter()) if name == "featureClicked"
                         else None)
    bridge.event.connect(bench.view._on_event)
    return True


def bench_clicks(bench: Bench, sites: list[str], iterations: int,
                 leaks: dict[str, list[tuple[int, ...]]]) -> dict[str, Sample]:
    samples = {name: Sample(name) for name in
               ("click → panel filled", "  click → Python has it", "no-op round trip (clicks)",
                "state.select() in Python", "details_panel.refresh()")}
    arrivals: list[float] = []
    hooked = hook_click_arrival(bench, arrivals)
    for site_id in sites:  # warm-up, and a check that each click selects that very site
        click_once(bench, site_id, arrivals)
        bench.deselect()
    for number in range(iterations):
        site_id = sites[number % len(sites)]
        elapsed, arrived, lost = click_once(bench, site_id, arrivals)
        leaks.setdefault("click", []).append(lost)
        samples["click → panel filled"].values.append(elapsed)
        if hooked and arrived is not None:
            samples["  click → Python has it"].values.append(arrived)
        start = time.perf_counter()
        bench.window.details_panel.refresh()
        samples["details_panel.refresh()"].values.append((time.perf_counter() - start) * 1000)
        bench.deselect()
        samples["no-op round trip (clicks)"].values.append(bench.timed_round_trip()[0])
        start = time.perf_counter()
        bench.state.select_site(site_id)
        samples["state.select() in Python"].values.append((time.perf_counter() - start) * 1000)
        bench.deselect()
    return {name: sample for name, sample in samples.items() if sample.values}


def bench_toggles(bench: Bench, iterations: int, leaks: dict[str, list[tuple[int, ...]]]) -> dict[str, Sample]:
    from quzhou_map.core.themes import THEME_IDS

    samples = {name: Sample(name) for name in
               ("theme toggle → map updated", "  hide", "  show", "no-op round trip (toggles)",
                "set_theme_visible() in Python")}
    catalog = bench.state.catalog
    for number in range(iterations + 2):  # the first hide and show are a warm-up
        theme = THEME_IDS[(number // 2) % len(THEME_IDS)]
        visible = theme not in bench.state.visible_themes
        expected = sorted(s.id for s in catalog.in_themes(
            bench.state.visible_themes | {theme} if visible else bench.state.visible_themes - {theme}))
        box: list[Any] = []
        bench.guard.mark()
        start = time.perf_counter()
        bench.state.set_theme_visible(theme, visible)
        python_done = time.perf_counter()
        lost = bench.guard.lost()
        bench.view.run_json("QuzhouMap.debug.status()", box.append)
        bench.spin_until(lambda box=box: bool(box), "the status after a toggle")  # type: ignore[misc]
        elapsed = (time.perf_counter() - start) * 1000
        if box[0]["visible"] != expected:
            raise RuntimeError(f"after showing={visible} {theme}, the page shows {box[0]['visible']}")
        if number < 2:
            continue
        leaks.setdefault("toggle (set_theme_visible)", []).append(lost)
        samples["theme toggle → map updated"].values.append(elapsed)
        samples["  show" if visible else "  hide"].values.append(elapsed)
        samples["set_theme_visible() in Python"].values.append((python_done - start) * 1000)
        samples["no-op round trip (toggles)"].values.append(bench.timed_round_trip()[0])
    return samples


def print_table(samples: dict[str, Sample], baselines: dict[str, str]) -> None:
    print(f"{'measurement':<32}{'n':>4}{'median ms':>11}{'p90 ms':>9}{'min':>7}{'max':>7}{'÷ no-op':>9}")
    for name, sample in samples.items():
        baseline = samples.get(baselines.get(name.strip().split()[0], ""), None)
        ratio = f"{sample.median / baseline.median:8.1f}×" if baseline and baseline is not sample else ""
        print(f"{name:<32}{len(sample.values):>4}{sample.median:>11.1f}{sample.p90:>9.1f}"
              f"{min(sample.values):>7.1f}{max(sample.values):>7.1f}{ratio:>9}")


def close(bench: Bench) -> None:
    """Close and delete the page before the profile goes away (else a segfault at exit)."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    bench.guard.top_up()
    bench.window.close()
    bench.view.page().deleteLater()
    bench.window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    bench.wait(0.2)
    gc.collect()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--iterations", type=int, default=60, help="clicks and toggles to time (default 60 each)")
    parser.add_argument("--sites", type=int, default=6, help="how many sites the clicks go round (default 6)")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="interface language (default zh)")
    parser.add_argument("--size", type=lambda s: tuple(int(v) for v in s.split("x")), default=(1400, 860),
                        metavar="WxH", help="window size (default 1400x860)")
    parser.add_argument("--cache-dir", help="page cache to use (default: a fresh temporary one)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds before a wait is given up")
    args = parser.parse_args(argv)

    home = Path(tempfile.mkdtemp(prefix="quzhou-bench-interaction-"))
    try:
        bench = open_window(args, home)
        sites = pick_sites(bench, args.sites)
        if not sites:
            raise SystemExit("no site is drawn well inside the view; try a bigger --size")
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}, "
              f"window {args.size[0]}x{args.size[1]}, lang {args.lang}, {len(bench.state.catalog.sites)} sites")
        print(f"clicks go round {len(sites)} sites: {', '.join(sites)}\n")
        leaks: dict[str, list[tuple[int, ...]]] = {}
        samples = bench_clicks(bench, sites, args.iterations, leaks)
        samples.update(bench_toggles(bench, args.iterations, leaks))
        print_table(samples, {"click": "no-op round trip (clicks)", "hide": "no-op round trip (toggles)",
                              "show": "no-op round trip (toggles)", "theme": "no-op round trip (toggles)"})
        print()
        for name in ("click → panel filled", "theme toggle → map updated"):
            sample = samples[name]
            print(f"{name}: median {sample.median:.1f} ms, p90 {sample.p90:.1f} ms; target median ≤ {TARGET_MS:.0f} ms: "
                  + ("MET" if sample.median <= TARGET_MS else "NOT MET")
                  + ("" if sample.p90 <= TARGET_MS else f" (p90 above {TARGET_MS:.0f} ms)"))
        print("\nreferences lost (PySide6 6.12.0 refcount bug; Python aborts when one reaches 0), median per action:")
        for action, counts in leaks.items():
            per = [statistics.median(c[i] for c in counts) for i in range(3)]
            print(f"  {action:<28} None {per[0]:g}, True {per[1]:g}, False {per[2]:g}")
        close(bench)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
