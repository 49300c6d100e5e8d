"""Start-up benchmark: process start → map drawn with every site, against a bare-Leaflet floor.

Each measurement is one child process, timed from just before it is spawned to the wall-clock time
(``time.time()``) the child prints in its ``drawn <epoch seconds> <n sites>`` line:

* ``app``: ``python -m quzhou_map --exit-when-drawn`` on a warm page cache (a normal start);
* ``floor (title)`` / ``floor (channel)``: benchmarks/startup_floor.py, a bare PySide6 window whose
  QWebEngineView loads an empty Leaflet page (leaflet.js/css from ``xstatic.pkg.leaflet``, file://)
  and reports the map's ``load`` handler through ``document.title`` or a QWebChannel call.

The three run in turn, N times each, after one untimed warm-up of each (that also builds the app's
page cache). The target is app ≤ 1.5 × floor (medians), judged against the lower of the two floors
(the stricter; they differ by little more than noise). One first-ever start (empty cache and config
dirs) is timed separately; a ``-X importtime`` run checks that a warm start imports no heavy module;
and instrumented starts of the floor and the app show where the time goes.

Children get ``XDG_CONFIG_HOME``/``XDG_CACHE_HOME``/``XDG_DATA_HOME`` in a temporary directory, so the
user's settings and cache are neither read nor touched. Measurements only: the exit code is 0 unless
a child fails.
"""

from __future__ import annotations

_T_CHILD_START = __import__("time").time()  # --phases-child: the first moment Python runs our code

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_T_CHILD_IMPORTED = time.time()  # --phases-child: this script's own imports are done

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
TARGET_RATIO = 1.5
#: The same switches quzhou_map.qt.environment adds, given to every child so the floor gets them too.
CHROMIUM_FLAGS = "--disable-background-networking --disable-component-update"
#: The modules a start on a warm cache should never import (they only build the page and catalog).
HEAVY_MODULES = ("folium", "geopandas", "pandas", "pyogrio", "shapely", "branca", "jinja2", "numpy")


@dataclass
class Series:
    """The timings of one kind of start, in seconds."""

    name: str
    drawn: list[float] = field(default_factory=list)  # spawn → "drawn" line
    exited: list[float] = field(default_factory=list)  # spawn → process exit

    @property
    def median(self) -> float:
        return statistics.median(self.drawn)

    def add(self, run: Run) -> None:
        self.drawn.append(run.drawn)
        self.exited.append(run.exited)


def child_env(home: Path) -> dict[str, str]:
    """The environment for a child: offscreen, no sandbox as root, user dirs under ``home``."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    flags = env.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    env["QTWEBENGINE_CHROMIUM_FLAGS"] = f"{flags} {CHROMIUM_FLAGS}".strip()
    for variable, folder in (("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data")):
        env[variable] = str(home / folder)
        (home / folder).mkdir(parents=True, exist_ok=True)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    return env


@dataclass(frozen=True)
class Run:
    """One child process: when it was spawned, and what it printed."""

    spawned: float  # epoch seconds, just before the spawn
    drawn: float  # seconds from spawn to the moment the child printed in its "drawn" line
    exited: float  # seconds from spawn to the process's exit
    sites: int
    stdout: str


def run_child(command: Sequence[str], env: dict[str, str], timeout: float) -> Run:
    """Spawn ``command`` and wait for it; raises if it never printed a "drawn" line."""
    spawned = time.time()
    result = subprocess.run(list(command), env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout,
                            check=False)
    exited = time.time() - spawned
    for line in result.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "drawn":
            return Run(spawned, float(parts[1]) - spawned, exited, int(parts[2]), result.stdout)
    raise RuntimeError(f"{' '.join(command)} exited {result.returncode} without a 'drawn' line\n"
                       f"stdout:\n{result.stdout}\nstderr (last lines):\n" + "\n".join(result.stderr.splitlines()[-15:]))


def app_command(*extra: str) -> list[str]:
    return [sys.executable, "-m", "quzhou_map", "--exit-when-drawn", *extra]


def floor_command(page: Path, signal: str) -> list[str]:
    return [sys.executable, str(BENCH_DIR / "startup_floor.py"), str(page), signal]


def write_floor_pages(folder: Path) -> dict[str, Path]:
    """The empty Leaflet page, once per way of reporting, in a temporary folder."""
    sys.path.insert(0, str(BENCH_DIR))
    from startup_floor import page_html
    from xstatic.pkg import leaflet

    pages = {}
    for signal in ("title", "channel"):
        pages[signal] = folder / f"floor_{signal}.html"
        pages[signal].write_text(page_html(Path(leaflet.BASE_DIR), signal), encoding="utf-8")
    return pages


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f}"


def print_series_table(series: list[Series], floor: Series) -> None:
    print(f"{'start':<22}{'median ms':>10}{'min':>8}{'max':>8}{'→exit med':>11}{'÷ floor':>9}   (floor: {floor.name})")
    for s in series:
        print(f"{s.name:<22}{ms(s.median):>10}{ms(min(s.drawn)):>8}{ms(max(s.drawn)):>8}"
              f"{ms(statistics.median(s.exited)):>11}{s.median / floor.median:>8.2f}×")


# --phases-child: the app's start, step by step (mirrors quzhou_map.qt.application.run_app).

class HeavyImportTracer:
    """An import hook that prints which line of quzhou_map first imports each of HEAVY_MODULES."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        top = name.split(".")[0]
        if top in HEAVY_MODULES and top not in self.seen:
            import traceback

            self.seen.add(top)
            ours = [f for f in traceback.extract_stack()[:-1] if "quzhou_map" in f.filename]
            where = f"{Path(ours[-1].filename).relative_to(REPO)}:{ours[-1].lineno}" if ours else "outside quzhou_map"
            print(f"heavy {top} imported by {where}", flush=True)
        # returning None lets the real finders find it


def phases_child() -> int:
    """Run a normal start with timestamps between its steps; print them as ``phase <epoch> <step>``."""
    sys.path.insert(0, str(BENCH_DIR))
    from startup_floor import PAGE_TIMING_JS, print_phases

    marks: list[tuple[str, float]] = [("python started, benchmark script running", _T_CHILD_START),
                                      ("the benchmark script's own imports (not the app's)", _T_CHILD_IMPORTED)]

    def mark(name: str) -> None:
        marks.append((name, time.time()))

    sys.meta_path.insert(0, HeavyImportTracer())  # type: ignore[arg-type]
    from quzhou_map.cli import app_parser

    mark("import quzhou_map.cli")
    args, qt_args = app_parser().parse_known_args(["--exit-when-drawn"])
    from quzhou_map.qt.environment import prepare_qt_environment

    prepare_qt_environment()
    from PySide6 import QtWebEngineWidgets  # noqa: F401
    from PySide6.QtWidgets import QApplication

    mark("import PySide6 QtWebEngineWidgets")
    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("quzhou-map")
    app.setOrganizationName("quzhou-map")
    mark("QApplication()")
    import quzhou_map.core.settings
    import quzhou_map.core.state
    import quzhou_map.qt.i18n  # noqa: F401  (all that create_main_window imports)
    from quzhou_map.core import page_cache
    from quzhou_map.qt import main_window, map_view  # noqa: F401
    from quzhou_map.qt.application import create_main_window

    mark("import the app's modules (create_main_window's imports)")
    real_load_or_build, real_map_view = page_cache.load_or_build, map_view.MapView

    def timed_load_or_build(*a: Any, **k: Any) -> Any:
        mark("load_settings")
        built = real_load_or_build(*a, **k)
        mark(f"load_or_build (from cache: {built.from_cache})")
        return built

    def timed_map_view(*a: Any, **k: Any) -> Any:
        mark("AppState, translator, MainWindow() up to the map")
        view = real_map_view(*a, **k)
        mark("MapView() (creates the QWebEnginePage, starts the load)")
        return view

    page_cache.load_or_build = timed_load_or_build  # type: ignore[assignment]
    map_view.MapView = timed_map_view  # type: ignore[misc,assignment]
    window, messages = create_main_window(args)
    mark("the rest of MainWindow() (panels, docks, menus)")
    if window is None:
        print("\n".join(messages), file=sys.stderr)
        return 2
    view = window.map_view
    view.loadStarted.connect(lambda: mark("page loadStarted"))
    view.loadFinished.connect(lambda ok: mark(f"page loadFinished ({ok})"))
    drawn: dict[str, object] = {}

    def finish(page_timing: object) -> None:
        print_phases(marks, page_timing)
        print(f"drawn {drawn['at']:.6f} {drawn['count']}", flush=True)
        window.close()
        app.quit()

    def on_drawn(count: int) -> None:
        drawn.update(at=time.time(), count=count)
        mark("map_drawn (the page reported every site)")
        view.page().runJavaScript(PAGE_TIMING_JS, 0, finish)

    view.map_drawn.connect(on_drawn)
    window.show()
    mark("window.show()")
    return app.exec()


def show_phases(title: str, runs: list[Run]) -> None:
    """The steps of the run with the median drawn time: when each ended (from the spawn) and took."""
    run = sorted(runs, key=lambda r: r.drawn)[len(runs) // 2]
    print(f"\n{title} (median of {len(runs)} instrumented runs, {run.drawn * 1000:.0f} ms to drawn):")
    for line in run.stdout.splitlines():
        if line.startswith("heavy "):
            print("  HEAVY IMPORT: " + line.removeprefix("heavy "))
    print(f"  {'at ms':>6} {'+ms':>5}  step")
    previous = run.spawned
    for line in run.stdout.splitlines():
        if line.startswith("phase "):
            _word, at, name = line.split(" ", 2)
            moment = float(at)
            print(f"  {(moment - run.spawned) * 1000:6.0f} {(moment - previous) * 1000:5.0f}  {name}")
            previous = moment


def importer_chain(rows: list[tuple[int, int, str]], index: int) -> list[str]:
    """The module at ``rows[index]`` and the modules that imported it, from -X importtime's post-order rows."""
    def depth(name: str) -> int:
        return (len(name) - len(name.lstrip(" ")) - 1) // 2

    chain, level = [rows[index][2].strip()], depth(rows[index][2])
    for _s, _c, name in rows[index + 1:]:
        if depth(name) < level:
            chain.append(name.strip())
            level = depth(name)
    return chain


def heavy_imports(env: dict[str, str]) -> tuple[list[str], str]:
    """Which of HEAVY_MODULES a warm start imports, and ``python -X importtime``'s biggest entries."""
    result = subprocess.run([sys.executable, "-X", "importtime", *app_command()[1:]], env=env, cwd=REPO,
                            capture_output=True, text=True, timeout=120, check=False)
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        parts = line[len("import time:"):].split("|")
        if len(parts) == 3 and parts[0].strip().isdigit():
            rows.append((int(parts[0]), int(parts[1]), parts[2].rstrip()))
    heavy = []
    for index, (_s, _c, name) in enumerate(rows):
        if name.strip().split(".")[0] in HEAVY_MODULES and name.strip().split(".")[0] == name.strip():
            heavy.append(" ← ".join(importer_chain(rows, index)))
    top_level = [(c, name.strip()) for _s, c, name in rows if not name.startswith("  ")]
    total = sum(c for c, _n in top_level)
    biggest = sorted(top_level, reverse=True)[:8]
    summary = f"all imports: {total / 1000:.0f} ms (under -X importtime, which inflates them); largest top-level:\n"
    summary += "\n".join(f"  {c / 1000:6.1f} ms  {name}" for c, name in biggest)
    return heavy, summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--runs", type=int, default=7, help="timed starts of each kind (default 7)")
    parser.add_argument("--first-ever", type=int, default=1, metavar="N", help="first-ever starts to time (default 1)")
    parser.add_argument("--phase-runs", type=int, default=3, metavar="N",
                        help="instrumented starts of the floor and the app, to show where the time goes (default 3)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a child is given up")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--phases-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phases_child:
        return phases_child()

    root = Path(tempfile.mkdtemp(prefix="quzhou-bench-startup-"))
    try:
        pages = write_floor_pages(root)
        env = child_env(root / "home")
        kinds = {
            "floor (title)": floor_command(pages["title"], "title"),
            "floor (channel)": floor_command(pages["channel"], "channel"),
            "app (warm cache)": app_command(),
        }
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, QT_QPA_PLATFORM={env['QT_QPA_PLATFORM']}, "
              f"{args.runs} timed runs of each, in turn, after one warm-up each")
        sites = 0
        for command in kinds.values():  # warm-up: the OS file cache, and the app's page cache
            sites = max(sites, run_child(command, env, args.timeout).sites)
        series = {name: Series(name) for name in kinds}
        for _round in range(args.runs):
            for name, command in kinds.items():
                run = run_child(command, env, args.timeout)
                if name.startswith("app") and run.sites != sites:
                    raise RuntimeError(f"the app drew {run.sites} sites, the warm-up {sites}")
                series[name].add(run)
        first = Series("app (first-ever)")
        for number in range(args.first_ever):
            first.add(run_child(app_command(), child_env(root / f"first-{number}"), args.timeout))
        floor = min(series["floor (title)"], series["floor (channel)"], key=lambda f: f.median)  # the stricter
        app = series["app (warm cache)"]
        shown = [*series.values(), *([first] if first.drawn else [])]
        print()
        print_series_table(shown, floor)
        print("\nevery run, ms (spawn → drawn):")
        for s in shown:
            print(f"  {s.name:<20}" + " ".join(f"{d * 1000:.0f}" for d in s.drawn))
        ratio = app.median / floor.median
        other = series["floor (channel)" if floor is series["floor (title)"] else "floor (title)"]
        print(f"\nthe app drew {sites} sites")
        print(f"normal start: app {app.median * 1000:.0f} ms / {floor.name} {floor.median * 1000:.0f} ms = {ratio:.2f}× "
              f"(÷ {other.name}: {app.median / other.median:.2f}×); target ≤ {TARGET_RATIO}×: "
              + ("MET" if ratio <= TARGET_RATIO else "NOT MET"))
        if first.drawn:
            print(f"first-ever start: {first.median * 1000:.0f} ms = {first.median / floor.median:.2f}× the floor "
                  "(no target; it validates the data and builds the page)")

        heavy, summary = heavy_imports(env)
        print("\nimports on a warm start: " + (f"HEAVY MODULES IMPORTED: {'; '.join(heavy)}" if heavy
                                                 else f"none of {', '.join(HEAVY_MODULES)}"))
        print(summary)
        if args.phase_runs > 0:
            phase_kinds = {
                "floor (title), step by step": [*kinds["floor (title)"], "--phases"],
                "app (warm cache), step by step": [sys.executable, str(Path(__file__).resolve()), "--phases-child"],
            }
            for title, command in phase_kinds.items():
                show_phases(title, [run_child(command, env, args.timeout) for _ in range(args.phase_runs)])
    finally:
        if args.keep:
            print(f"\nkept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
