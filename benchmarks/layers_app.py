"""bench_layers.py's child on the real app: the main window opens a user's file, then pans, zooms, toggles, identifies.

Run by ``bench_layers.py --child app …`` in a fresh process; prints one line ``result {json}``. The window is the
app's own (``create_main_window`` with temporary config dir and the parent's prebuilt page cache), 1200×800,
offscreen. "Opening the file" is what File → Add Layer does after the file dialog: ``window.loader.open_files(
[path], interactive=True)`` (inspect, read and encode in the loader's worker thread, then
``state.add_layer`` on the UI thread, which makes MapView write the payload and send ``addLayer``); the clock
stops at ``MapView.layer_drawn`` for the new layer. Meanwhile the UI thread runs a real (nested) event loop with
a 10 ms precise QTimer: the longest gap between its ticks is the "longest UI stall". The app's own functions are
wrapped (never edited) to time where the time goes.
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
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
for folder in (str(REPO), str(BENCH_DIR)):
    if folder not in sys.path:
        sys.path.insert(0, folder)

#: Flush every feature canvas (Chromium records canvas drawing and rasterises later; reading a pixel forces it).
FLUSH = ("Array.prototype.forEach.call(document.querySelectorAll('canvas.qz-feature-canvas'),"
         " function (c) { c.getContext('2d').getImageData(0, 0, 1, 1); })")
#: The FeatureCanvas of a layer, found through Leaflet's map (for its own redraw time only; read, never changed).
FEATURE_CANVAS = ("(function (id) { var m = null; Object.keys(window).some(function (k) {"
                  " try { if (window[k] instanceof L.Map) { m = window[k]; return true; } } catch (e) {} return false; });"
                  " if (!m) return null; var found = null; m.eachLayer(function (l) { if (l.id === id && l.kind &&"
                  " l.lastDrawMs !== undefined) found = l; }); return found; })")
EDGE_MARGIN = 0.2


def tree_memory_kib(root: int, private: bool) -> tuple[int, int]:
    """PSS (or private memory) in KiB of ``root`` and all its descendants, and of ``root`` alone."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as file:
                stat = file.read()
        except OSError:
            continue
        children.setdefault(int(stat[stat.rindex(")") + 2:].split()[1]), []).append(int(entry))
    keys = ("Private_Clean:", "Private_Dirty:") if private else ("Pss:",)

    def one(pid: int) -> int:
        total = 0
        try:
            with open(f"/proc/{pid}/smaps_rollup") as file:
                for line in file:
                    if line.startswith(keys):
                        total += int(line.split()[1])
        except OSError:
            pass
        return total

    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += one(pid)
        stack.extend(children.get(pid, []))
    return total, one(root)


class AppBench:
    def __init__(self, cache_dir: Path, size: tuple[int, int], timeout: float, private: bool = False) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from quzhou_map.qt.environment import prepare_qt_environment

        prepare_qt_environment()
        from PySide6 import QtWebEngineWidgets  # noqa: F401  (before the QApplication)
        from PySide6.QtCore import QEventLoop
        from PySide6.QtWidgets import QApplication

        from bench_interaction import RefcountGuard, painted
        from quzhou_map.qt.application import create_main_window

        self.home = Path(tempfile.mkdtemp(prefix="bench-layers-app-"))
        self.timeout = timeout
        self.guard = RefcountGuard()
        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        namespace = argparse.Namespace(select=None, lang="zh", hide_theme=[], screenshot=None, files=[])
        window, messages = create_main_window(namespace, self.home / "config", cache_dir)
        if window is None:
            raise SystemExit("\n".join(messages))
        self.window, self.state, self.view = window, window.state, window.map_view
        self.loop = QEventLoop()
        drawn: list[int] = []
        self.view.map_drawn.connect(drawn.append)
        self.guard.top_up()
        window.resize(*size)
        window.fit_docks(size[0])
        window.show()
        self.spin_until(lambda: bool(drawn) and self.view.connected and window.files_started,
                        "the map to be drawn and connected")
        previous, deadline = None, time.perf_counter() + timeout
        while True:  # painted, and two frames in a row the same
            image = self.view.grab().toImage()
            if painted(image) and image == previous:
                break
            previous = image
            if time.perf_counter() > deadline:
                raise TimeoutError("the map was drawn but never painted")
            self.wait(0.1)
        self.wait(0.3)
        # As a user finds the app by the time the file dialog has closed: the map up, and the reading
        # libraries imported in the background (MainWindow starts that 0.3 s after the map is up).
        self.pss_before_warm_up = tree_memory_kib(os.getpid(), private)[0]
        self.spin_until(window.loader.warmed.is_set, "the reading libraries to be imported")
        self.wait(0.3)
        self.guard.top_up()

    # --- event loop helpers (QEventLoop.processEvents: no PySide6 6.12 refcount leak) -------------------------
    def spin_until(self, condition: Any, what: str, timeout: float | None = None) -> None:
        deadline = time.perf_counter() + (timeout or self.timeout)
        while not condition():
            self.loop.processEvents()
            if time.perf_counter() > deadline:
                raise TimeoutError(f"timed out waiting for {what}")

    def wait(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.loop.processEvents()
            time.sleep(0.003)

    def js(self, code: str) -> Any:
        box: list[Any] = []
        self.view.run_json(code, box.append)
        self.spin_until(lambda: bool(box), code[:80])
        return box[0]

    def status_flushed(self) -> dict[str, Any]:
        """A status round trip that first makes every feature canvas rasterise what it drew."""
        return self.js(f"(function () {{ {FLUSH}; return QuzhouMap.debug.status(); }})()")

    def layer_draw_ms(self, layer_id: str) -> float | None:
        return self.js(f"JSON.stringify((function () {{ var l = {FEATURE_CANVAS}({json.dumps(layer_id)});"
                       " return l ? l.lastDrawMs : null; })())")

    def close(self) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent

        self.guard.top_up()
        self.window.close()
        self.view.page().deleteLater()
        self.window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.wait(0.2)
        shutil.rmtree(self.home, ignore_errors=True)

    # --- open → drawn ------------------------------------------------------------------------------------------
    def open_layer(self, path: Path, result: dict[str, Any]) -> str:
        """Open ``path`` as the user would; fills ``result`` with the timings; returns the new layer's id."""
        from PySide6.QtCore import QEventLoop, Qt, QTimer

        marks: dict[str, float] = {}
        questions: list[str] = []
        imports: list[tuple[str, str, float, float]] = []  # module, thread, start, end (first imports only)

        def wrap(module: Any, name: str, before: str, after: str) -> None:
            original = getattr(module, name)

            def timed(*args: Any, **kwargs: Any) -> Any:
                marks.setdefault(before, time.perf_counter())
                try:
                    return original(*args, **kwargs)
                finally:
                    marks.setdefault(after, time.perf_counter())
            setattr(module, name, timed)

        def instrument(name: str, module: Any) -> None:
            # user_layers / layer_loading / map_view import these at call time: wrapping the attribute is enough.
            if name == "quzhou_map.core.user_data":
                wrap(module, "inspect", "inspect_start", "inspect_end")
                wrap(module, "read_layer", "read_start", "read_end")
            elif name == "quzhou_map.core.layer_payload":
                wrap(module, "encode_geometries", "encode_start", "encode_end")
                wrap(module, "write_payload", "write_start", "write_end")

        # Not imported here if the app has not imported them yet: a user's first file pays for those imports,
        # and where (UI thread or worker) matters. An import hook times them and instruments them once loaded.
        watched = ("quzhou_map.core.user_data", "quzhou_map.core.layer_payload", "numpy", "pandas", "pyogrio",
                   "pyarrow", "shapely", "geopandas", "pyproj")
        result["imported_before_open"] = [m for m in watched if m in sys.modules]
        for name in ("quzhou_map.core.user_data", "quzhou_map.core.layer_payload"):
            if name in sys.modules:
                instrument(name, sys.modules[name])
        hook = _ImportTimer([m for m in watched if m not in sys.modules], imports, instrument)
        sys.meta_path.insert(0, hook)
        add_original = self.state.add_layer

        def add_layer(*args: Any, **kwargs: Any) -> Any:
            marks["add_start"] = time.perf_counter()
            try:
                return add_original(*args, **kwargs)
            finally:
                marks["add_end"] = time.perf_counter()
        self.state.add_layer = add_layer  # type: ignore[method-assign]  (the loader calls state.add_layer)
        loader = self.window.loader
        loader.choose = lambda title, label, items, current=0: (questions.append(title), items[current])[1]
        loader.warn = lambda message: questions.append(f"warning: {message}")

        ticks: list[float] = []
        done: dict[str, Any] = {}
        loop = QEventLoop()

        def on_drawn(layer_id: str, count: int, load_ms: float, draw_ms: float) -> None:
            if "layer" in done:
                return
            done.update(layer=layer_id, count=count, load_ms=load_ms, draw_ms=draw_ms, t=time.perf_counter())
            loop.quit()

        def on_failed(layer_id: str, message: str) -> None:
            done.update(layer=layer_id, failed=message, t=time.perf_counter())
            loop.quit()

        def on_all_done() -> None:
            if loader.failures:
                done.update(layer=None, failed="; ".join(loader.failures), t=time.perf_counter())
                loop.quit()

        self.view.layer_drawn.connect(on_drawn)
        self.view.layer_failed.connect(on_failed)
        loader.all_done.connect(on_all_done)
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(10)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        give_up = QTimer()
        give_up.setSingleShot(True)
        give_up.timeout.connect(loop.quit)
        give_up.start(int(self.timeout * 1000))
        self.guard.top_up()
        timer.start()
        t0 = time.perf_counter()
        ticks.append(t0)
        loader.open_files([path], interactive=True)
        marks["open_files_returned"] = time.perf_counter()
        if "layer" not in done:
            loop.exec()
        timer.stop()
        give_up.stop()
        sys.meta_path.remove(hook)
        self.guard.top_up()
        if "t" not in done:
            raise TimeoutError(f"{path}: not drawn within {self.timeout} s (questions: {questions})")
        if "failed" in done:
            raise RuntimeError(f"{path}: {done['failed']}")
        t_end = done["t"]
        ticks.append(t_end)
        gaps = [(b - a, a) for a, b in zip(ticks, ticks[1:], strict=False)]
        longest, at = max(gaps)
        rel = {name: (value - t0) * 1000 for name, value in marks.items()}
        # What ran on the UI thread during the longest stall (the spans overlapping it, longest first).
        stall_a, stall_b = (at - t0) * 1000, (at - t0 + longest) * 1000
        spans = [(name, rel[a], rel[b]) for name, a, b in (("inspect", "inspect_start", "inspect_end"),
                                                            ("state.add_layer", "add_start", "add_end"))
                 if a in rel and b in rel]
        spans += [(f"import {m}", (a - t0) * 1000, (b - t0) * 1000) for m, thread, a, b in imports
                  if thread == "MainThread"]
        inside = sorted(((min(b, stall_b) - max(a, stall_a), name) for name, a, b in spans
                         if min(b, stall_b) - max(a, stall_a) > 1), reverse=True)
        phase = (f"{stall_a:.0f}–{stall_b:.0f} ms: "
                 + (", ".join(f"{name} {ms:.0f} ms" for ms, name in inside[:4]) or "nothing instrumented"))
        layer = self.state.layer(done["layer"])
        over_50 = sum(1 for g, _ in gaps if g > 0.05)
        result.update(
            layer_id=done["layer"], count=done["count"], kind=layer.geometry_type if layer else None,
            open_drawn_ms=(t_end - t0) * 1000, page_load_ms=done["load_ms"], page_draw_ms=done["draw_ms"],
            stall_ms=longest * 1000, stall_where=phase, stalls_over_50=over_50, ticks=len(ticks),
            marks=rel, questions=questions,
            imports=[(m, thread, (a - t0) * 1000, (b - a) * 1000) for m, thread, a, b in imports],
            ui_imports_ms=_union_ms([(a, b) for _m, thread, a, b in imports if thread == "MainThread"]),
            inspect_ms=_span(rel, "inspect_start", "inspect_end"), read_ms=_span(rel, "read_start", "read_end"),
            encode_ms=_span(rel, "encode_start", "encode_end"), add_ms=_span(rel, "add_start", "add_end"),
            write_ms=_span(rel, "write_start", "write_end"),
            # read finished (worker) → add_layer starts (UI thread, queued signal)
            handoff_ms=(rel["add_start"] - rel["encode_end"]) if "add_start" in rel and "encode_end" in rel else None,
            page_ms=(t_end - t0) * 1000 - rel["add_end"] if "add_end" in rel else None,
        )
        return done["layer"]

    # --- frames, toggles, identify ----------------------------------------------------------------------------
    def view_now(self) -> tuple[float, float, float]:
        status = self.js("QuzhouMap.debug.status()")
        return status["center"][0], status["center"][1], status["zoom"]

    def set_view_timed(self, lat: float, lng: float, zoom: float, layer_id: str) -> tuple[float, float | None]:
        """(ms from state.set_view to the page's status after the redraw, rasterised; the layer's own draw ms)."""
        from quzhou_map.core.state import View

        self.guard.top_up()
        start = time.perf_counter()
        self.state.set_view(View(lat, lng, zoom))
        status = self.status_flushed()
        elapsed = (time.perf_counter() - start) * 1000
        if abs(status["zoom"] - zoom) > 1e-6 or abs(status["center"][0] - lat) > 1e-3:
            raise RuntimeError(f"the page is at {status['center']} z{status['zoom']}, not {lat, lng} z{zoom}")
        return elapsed, self.layer_draw_ms(layer_id)

    def frames(self, layer_id: str, result: dict[str, Any]) -> None:
        lat0, lng0, zoom0 = self.view_now()
        self.wait(0.2)

        def shift(lat: float, lng: float, zoom: float, dx: float, dy: float) -> tuple[float, float]:
            per_px = 360 / (256 * 2 ** zoom)
            return lat - dy * per_px * math.cos(math.radians(lat)), lng + dx * per_px

        pans, pan_js, zooms, zoom_js = [], [], [], []
        lat, lng = lat0, lng0
        for dx, dy in ((200, 120), (-200, -120), (-300, 50), (300, -50), (150, 150), (-150, -150)):
            lat, lng = shift(lat, lng, zoom0, dx, dy)
            ms, draw = self.set_view_timed(lat, lng, zoom0, layer_id)
            pans.append(ms)
            pan_js.append(draw)
        lat, lng = lat0, lng0
        for dz in (1, -1, 1, -1, 1, -1):
            zoom = self.view_now()[2] + dz
            ms, draw = self.set_view_timed(lat, lng, zoom, layer_id)
            zooms.append(ms)
            zoom_js.append(draw)
        result.update(pan_ms=statistics.median(pans), zoom_ms=statistics.median(zooms), pan_all=pans, zoom_all=zooms,
                      pan_js_ms=_median(pan_js), zoom_js_ms=_median(zoom_js))

    def toggles(self, layer_id: str, result: dict[str, Any]) -> None:
        def toggle(visible: bool) -> float:
            self.guard.top_up()
            start = time.perf_counter()
            self.state.set_layer_visible(layer_id, visible)
            status = self.status_flushed()
            elapsed = (time.perf_counter() - start) * 1000
            shown = next(entry["visible"] for entry in status["layers"] if entry["id"] == layer_id)
            if shown != visible:
                raise RuntimeError(f"{layer_id} visible={shown} on the page after set_layer_visible({visible})")
            return elapsed

        hides, shows, moved = [], [], []
        for _ in range(5):
            hides.append(toggle(False))
            shows.append(toggle(True))
        lat, lng, zoom = self.view_now()
        for k in range(3):
            toggle(False)
            from quzhou_map.core.state import View

            self.state.set_view(View(lat + 0.01 * (k + 1), lng, zoom))
            self.status_flushed()
            moved.append(toggle(True))
        self.state.set_view(View(lat, lng, zoom))
        self.status_flushed()
        result.update(hide_ms=statistics.median(hides), show_ms=statistics.median(shows),
                      show_moved_ms=statistics.median(moved), toggle_ms=statistics.median(hides + shows))

    def identify(self, layer_id: str, count: int, kind: str, home_zoom: float, clicks: int,
                 result: dict[str, Any]) -> None:
        """Real clicks on features (zoomed in so one feature is under the pointer) → state.selection."""
        import numpy as np
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest

        from quzhou_map.core.state import Selection, View

        lat, lng, _zoom = self.view_now()
        zoom = home_zoom + (4 if kind == "Point" else 3 if count > 1000 else 0)
        self.state.set_view(View(lat, lng, zoom))
        self.status_flushed()
        width, height = self.view.width(), self.view.height()
        target = self.view.focusProxy()
        rng = np.random.default_rng(7)
        times, to_page, right, tried = [], [], 0, 0
        for index in (int(i) for i in rng.integers(0, count, 20000)):
            if len(times) >= clicks:
                break
            point = self.js(f"QuzhouMap.debug.featureContainerPoint({json.dumps(layer_id)}, {index})")
            if not isinstance(point, dict):
                continue
            x, y = round(point["x"]), round(point["y"])
            if not (EDGE_MARGIN * width < x < (1 - EDGE_MARGIN) * width
                    and EDGE_MARGIN * height < y < (1 - EDGE_MARGIN) * height):
                continue
            tried += 1
            position = QPoint(x, y)
            QTest.mouseMove(target, position)
            self.js("1")
            self.guard.top_up()
            before = self.state.selection
            start = time.perf_counter()
            QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, position)
            self.spin_until(lambda before=before: self.state.selection != before, f"a selection after clicking {index}")
            elapsed = (time.perf_counter() - start) * 1000
            status = self.status_flushed()  # the page has applied the selection (its highlight is drawn)
            page_done = (time.perf_counter() - start) * 1000
            selection = self.state.selection
            if selection == Selection(layer_id, index):
                right += 1
            elif selection is None or selection.layer != layer_id or status.get("selectedLayer") != layer_id:
                raise RuntimeError(f"clicking feature {index} at {(x, y)} selected {selection}")
            times.append(elapsed)
            to_page.append(page_done)
            self.state.select(None)
            self.spin_until(lambda: self.js("QuzhouMap.debug.status()")["selected"] is None, "deselection")
        self.state.set_view(View(lat, lng, home_zoom))
        self.status_flushed()
        result.update(identify_ms=_median(times), identify_page_ms=_median(to_page), identify_all=times,
                      identify_right=right, identify_n=len(times), identify_zoom=zoom)


class _ImportTimer:
    """A meta-path finder that times the first import of some modules (and in which thread), then calls
    ``loaded(name, module)``; it finds nothing itself."""

    def __init__(self, names: list[str], out: list[tuple[str, str, float, float]], loaded: Any) -> None:
        self.names, self.out, self.loaded = set(names), out, loaded

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name not in self.names:
            return None
        self.names.discard(name)
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        original, out, loaded = loader.exec_module, self.out, self.loaded

        def exec_module(module: Any) -> None:
            import threading

            start = time.perf_counter()
            try:
                original(module)
            finally:
                out.append((name, threading.current_thread().name, start, time.perf_counter()))
            loaded(name, module)
        loader.exec_module = exec_module
        return spec


def _union_ms(spans: list[tuple[float, float]]) -> float:
    """Milliseconds covered by the union of possibly nested spans."""
    total, end = 0.0, -math.inf
    for a, b in sorted(spans):
        if b > end:
            total += b - max(a, end)
            end = b
    return total * 1000


def _span(marks: dict[str, float], start: str, end: str) -> float | None:
    return marks[end] - marks[start] if start in marks and end in marks else None


def _median(values: list[Any]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def app_child(kind: str, path: str | None, cache_dir: Path, size: tuple[int, int], timeout: float,
              private: bool, clicks: int) -> dict[str, Any]:
    bench = AppBench(cache_dir, size, timeout, private)
    result: dict[str, Any] = {"map_size": [bench.view.width(), bench.view.height()]}
    try:
        if kind == "app-layer":
            home_zoom = bench.view_now()[2]
            layer_id = bench.open_layer(Path(path or ""), result)
            bench.wait(0.3)
            bench.frames(layer_id, result)
            bench.toggles(layer_id, result)
            bench.identify(layer_id, result["count"], result["kind"] or "", home_zoom, clicks, result)
        bench.wait(1.5)
        result["pss_kib"], result["pss_main_kib"] = tree_memory_kib(os.getpid(), private)
        result["pss_before_warm_up_kib"] = bench.pss_before_warm_up
        result["loaded_modules"] = sorted(m for m in ("geopandas", "pyogrio", "pyarrow", "shapely", "pandas")
                                          if m in sys.modules)
    finally:
        bench.close()
    return result
