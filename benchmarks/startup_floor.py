"""The start-up floor: a bare PySide6 window whose QWebEngineView shows an empty Leaflet map.

Run by bench_startup.py as a child process::

    startup_floor.py PAGE.html {title|channel}

It prints ``drawn <epoch seconds> 0`` (the same line ``quzhou-map --exit-when-drawn`` prints) once the
page's ``L.map`` exists and its ``load`` handler has run, then quits. The page reports either by
setting ``document.title`` (``title``, the cheapest signal) or by calling a Python slot over a
QWebChannel (``channel``, the way the app's page reports). Only PySide6 is imported: no project code.
"""

from __future__ import annotations

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


def main(argv: list[str]) -> int:
    page, signal = Path(argv[0]), argv[1]
    from PySide6 import QtWebEngineWidgets  # before the QApplication exists
    from PySide6.QtCore import QObject, QUrl, Slot
    from PySide6.QtWebChannel import QWebChannel
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    view = QtWebEngineWidgets.QWebEngineView(window)
    window.setCentralWidget(view)
    done = {"drawn": False}

    def drawn() -> None:
        if done["drawn"]:
            return
        done["drawn"] = True
        print(f"drawn {time.time():.6f} 0", flush=True)
        window.close()
        app.quit()

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
        view.titleChanged.connect(lambda title: title == DRAWN_TITLE and drawn())
    view.load(QUrl.fromLocalFile(str(page)))
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
