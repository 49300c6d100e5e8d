"""The start-up floor: a bare PySide6 window whose QWebEngineView shows an empty Leaflet map.

Run by bench_startup.py as a child process::

    startup_floor.py PAGE.html {title|channel} [--phases]

It prints ``drawn <epoch seconds> 0`` (the same line ``quzhou-map --exit-when-drawn`` prints) once the
page's ``L.map`` exists and its ``load`` handler has run, then quits. The page reports either by
setting ``document.title`` (``title``, the cheapest signal) or by calling a Python slot over a
QWebChannel (``channel``, the way the app's page reports). Only PySide6 is imported: no project code.
With ``--phases`` it first prints ``phase <epoch seconds> <step>`` lines for its steps and the page's
own ``performance.timing`` (not for timed runs: the extra round trip comes after "drawn" anyway).
"""

from __future__ import annotations

_T_START = __import__("time").time()

import json
import sys
import time
from pathlib import Path

#: The title the page sets once the map's load handler has run.
DRAWN_TITLE = "floor-drawn"


def page_html(leaflet_dir: Path, signal: str) -> str:
    """The empty Leaflet page: leaflet.js/leaflet.css from ``leaflet_dir``, a map, a load handler."""
    channel_script = '<script src="qrc:///qtwebchannel/qwebchannel.js"></script>' if signal == "channel" else ""
    if signal == "channel":
        report = "new QWebChannel(qt.webChannelTransport, function (c) { c.objects.floor.drawn(); });"
    else:
        report = f"document.title = {DRAWN_TITLE!r};"
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>floor</title>
<link rel="stylesheet" href="{(leaflet_dir / 'leaflet.css').as_uri()}">
<script src="{(leaflet_dir / 'leaflet.js').as_uri()}"></script>
{channel_script}
<style>html, body, #map {{ height: 100%; margin: 0; }}</style>
</head><body><div id="map"></div>
<script>
var map = L.map("map");
map.on("load", function () {{ {report} }});
map.setView([28.9, 118.7], 9);
</script>
</body></html>
"""


#: The page's own milestones, read from performance.timing (epoch milliseconds, the same clock).
PAGE_TIMING_JS = ("JSON.stringify((function () { var t = performance.timing; return [t.navigationStart, "
                  "t.responseEnd, t.domInteractive, t.domContentLoadedEventEnd, t.loadEventEnd]; })())")
PAGE_TIMING_NAMES = ("page: navigationStart", "page: file read (responseEnd)", "page: domInteractive (scripts run)",
                     "page: DOMContentLoaded done", "page: load event done")


def print_phases(marks: list[tuple[str, float]], page_timing: object) -> None:
    """Print ``phase <epoch> <name>`` lines, in time order, with the page's timings merged in."""
    values = json.loads(page_timing) if isinstance(page_timing, str) and page_timing else []
    merged = marks + [(name, ms / 1000) for name, ms in zip(PAGE_TIMING_NAMES, values, strict=False) if ms]
    for name, at in sorted(merged, key=lambda mark: mark[1]):
        print(f"phase {at:.6f} {name}", flush=True)


def main(argv: list[str]) -> int:
    page, signal, phases = Path(argv[0]), argv[1], "--phases" in argv
    marks: list[tuple[str, float]] = [("python started, floor script running", _T_START)]

    def mark(name: str) -> None:
        marks.append((name, time.time()))

    from PySide6 import QtWebEngineWidgets  # before the QApplication exists
    from PySide6.QtCore import QObject, QUrl, Slot
    from PySide6.QtWebChannel import QWebChannel
    from PySide6.QtWidgets import QApplication, QMainWindow

    mark("import PySide6 QtWebEngineWidgets")
    app = QApplication([sys.argv[0]])
    mark("QApplication()")
    window = QMainWindow()
    view = QtWebEngineWidgets.QWebEngineView(window)
    window.setCentralWidget(view)
    mark("QMainWindow + QWebEngineView")
    done = {"drawn": False}

    def finish(page_timing: object = None) -> None:
        if phases:
            print_phases(marks, page_timing)
        print(f"drawn {drawn_at[0]:.6f} 0", flush=True)
        window.close()
        app.quit()

    drawn_at = [0.0]

    def drawn() -> None:
        if done["drawn"]:
            return
        done["drawn"] = True
        drawn_at[0] = time.time()
        if phases:
            mark("drawn (the page's load handler ran)")
            view.page().runJavaScript(PAGE_TIMING_JS, 0, finish)
        else:
            finish()

    class Floor(QObject):
        @Slot()
        def drawn(self) -> None:
            drawn()

    floor = Floor()
    if signal == "channel":
        channel = QWebChannel(view.page())
        channel.registerObject("floor", floor)
        view.page().setWebChannel(channel)
    else:
        def on_title(title: str) -> None:
            if title == DRAWN_TITLE:
                drawn()

        view.titleChanged.connect(on_title)
    if phases:
        view.loadStarted.connect(lambda: mark("page loadStarted"))
        view.loadFinished.connect(lambda ok: mark(f"page loadFinished ({ok})"))
    view.load(QUrl.fromLocalFile(str(page)))
    window.show()
    mark("window.show()")
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
