"""Opening the user's files (and PostGIS tables) as layers: the questions a file leaves open, then reading
it off the UI thread.

The reading itself (core.user_layers, core.user_data) is Qt-free and slow; this module only asks the
user what the file does not say (layer, columns, CRS, encoding), runs the looking and the reading in a
worker thread (the first look also imports pyogrio and geopandas: most of a second that would freeze
the window on the UI thread), shows progress with a Cancel button, and writes the finished layer into
the state. Nothing here keeps a layer of its own: the state is told once, when the file has been read.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QProgressDialog, QWidget

from quzhou_map.core.layers import Layer, LayerSource, LayerStyle, new_layer_id, next_user_color
from quzhou_map.core.state import AppState
from quzhou_map.core.user_data.errors import Cancelled, UserDataError  # light: the package loads lazily
from quzhou_map.qt.plain_text import as_rich_text

#: What a file without a CRS may be in (OpenRequest.assumed_crs); the first is the default.
CRS_CHOICES = ("EPSG:4326", "GCJ-02", "BD-09")
#: Encodings offered for a Shapefile whose text is not UTF-8 and that has no .cpg; the first is the default.
ENCODINGS = ("GBK", "GB18030", "UTF-8", "Big5", "latin-1")


class _Job(NamedTuple):
    """One file to read: a new layer (``reload_of`` None) or a restored one read again."""

    number: int
    request: Any  # user_data.OpenRequest
    layer_id: str
    style: LayerStyle
    title: str | None
    reload_of: str | None
    interactive: bool
    cancel: threading.Event
    inspected: bool = True  # False: look at the file first (what it leaves open), then ask, then read


class _Relay(QObject):
    """Carries a worker thread's news to the UI thread (queued: the relay lives in the UI thread)."""

    progress = Signal(int, float)  # job number, fraction done
    inspected = Signal(int, object, object)  # job number, Inspection or None, error text or None
    finished = Signal(int, object, object)  # job number, (Layer, LayerData) or None, error text or None


def _message(job: _Job, problem: Exception, verb: str) -> str:
    """One line naming the file: a UserDataError says it already; anything else is wrapped."""
    if isinstance(problem, UserDataError):
        return str(problem)
    return f"{job.request.path}: could not be {verb} ({type(problem).__name__}: {problem})"


def _inspect(job: _Job, relay: _Relay) -> None:
    """Look at one file in a worker thread: what it holds and what it leaves open."""
    inspection: Any = None
    error: str | None = None
    try:  # everything, imports too: a thread that dies without a word would stall the queue for good
        _import_readers()
        from quzhou_map.core.user_data import inspect

        inspection = inspect(Path(job.request.path))
    except Exception as problem:  # noqa: BLE001 - a message naming the file, never a dead thread
        error = _message(job, problem, "opened")
    relay.inspected.emit(job.number, inspection, error)


def _read(job: _Job, relay: _Relay) -> None:
    """Read one file in a worker thread; never touches the state or a widget, only emits the relay's signals.

    A plain Python thread, not a QThreadPool one: a pool thread's Python thread state is dropped after each
    task while the OS thread lives on, and pyproj's per-thread context then crashed the next read (SIGSEGV
    in CRS()); a fresh Python thread per file has none of that.
    """
    result: Any = None
    error: str | None = None
    try:  # everything, imports too (see _inspect)
        _import_readers()
        from quzhou_map.core.user_layers import read_user_layer

        result = read_user_layer(job.request, job.layer_id, job.style, job.title,
                                 progress=lambda fraction: relay.progress.emit(job.number, fraction),
                                 cancelled=job.cancel.is_set)
    except Cancelled:
        pass
    except Exception as problem:  # noqa: BLE001 - a message for the user, never a dead thread
        error = _message(job, problem, "read")
    from quzhou_map.core.memory import release_free_memory

    release_free_memory()  # what reading made and dropped, in this thread's arena
    relay.finished.emit(job.number, result, error)


_READERS_LOCK = threading.Lock()
_readers_imported = threading.Event()


def _import_readers() -> None:
    """What the first file would otherwise wait for: geopandas, pyogrio, pyarrow, and pyproj with its
    database opened (about 0.7 s here; the first inspect() took 0.68 s, the next 0.01 s).

    One thread at a time: the warm-up and a reader importing the same packages side by side ended in
    Python's "deadlock detected by _ModuleLock" (seen: a file failed to open that way)."""
    with _READERS_LOCK:
        if not _readers_imported.is_set():
            _import_reader_modules()
            _readers_imported.set()


def _import_reader_modules() -> None:
    import geopandas.io.arrow  # noqa: F401
    import geopandas.io.file  # noqa: F401
    import pyogrio.raw  # noqa: F401
    import pyproj

    import quzhou_map.core.layer_payload  # noqa: F401
    import quzhou_map.core.user_data.reading  # noqa: F401
    import quzhou_map.core.user_layers  # noqa: F401

    pyproj.CRS("EPSG:4326").to_epsg()


class LayerLoader(QObject):
    """Opens files (asking what they leave open) and reads restored layers, one file at a time."""

    all_done = Signal()  # nothing is being read or waiting to be read
    layer_loaded = Signal(str)  # a layer's features are now in the state (a new or a restored layer)

    def __init__(self, state: AppState, parent: QWidget | None = None,
                 status: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.window = parent
        self.status = status  # the window's status bar
        self.failures: list[str] = []  # every file given to open_files that could not be opened: "<path>: <problem>"
        self.progress_dialog: QProgressDialog | None = None
        self._queue: list[_Job] = []
        self._running: _Job | None = None
        self._numbers = 0
        self._reserved: set[str] = set()  # ids given to jobs not yet in the state
        self._thread: threading.Thread | None = None
        self._warming: threading.Thread | None = None
        self.warmed = threading.Event()
        self._relay = _Relay(self)
        self._relay.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._relay.inspected.connect(self._on_inspected, Qt.ConnectionType.QueuedConnection)
        self._relay.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)

    # --- the public side ----------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._running is not None or bool(self._queue)

    def open_files(self, paths: Sequence[Path | str], interactive: bool) -> None:
        """Look at each file (worker thread), ask (``interactive``) or assume what it leaves open, then read it."""
        from quzhou_map.core.user_data.model import OpenRequest  # no pyogrio or geopandas on the UI thread
        from quzhou_map.core.user_data.postgis import is_postgis_url, parse_url  # psycopg: only when reading

        for raw in paths:
            if is_postgis_url(raw):  # a PostGIS table: nothing to look at first
                try:
                    request = parse_url(str(raw))
                except ValueError as error:  # the URL is not repeated: it may hold a password
                    self._fail(self.tr("Not a usable postgresql:// URL: %1").replace("%1", str(error)), interactive)
                    continue
                self._enqueue(request, self._new_id(), self._next_style(), None, None, interactive)
                continue
            self._enqueue(OpenRequest(Path(raw)), self._new_id(), self._next_style(), None, None, interactive,
                          inspected=False)
        self._next()

    def open_database(self, request: Any, interactive: bool = True) -> None:
        """Read a PostGIS table (a core.user_data.postgis.PostgisRequest) as a new layer."""
        self._enqueue(request, self._new_id(), self._next_style(), None, None, interactive)
        self._next()

    def refresh(self, layer_id: str) -> None:
        """Read a user layer again from its file or database: "loading" until the new features are in."""
        layer = self.state.layer(layer_id)
        if layer is None or layer.is_theme or any(job.layer_id == layer_id for job in self._jobs()):
            return
        self.state.update_layer(layer_id, status="loading", message=None)
        self.reload([self.state.layer(layer_id)])

    def reload(self, layers: Sequence[Layer]) -> None:
        """Read restored layers (status "loading") again; each keeps its id, title, style, visibility, place."""
        from quzhou_map.core.user_layers import request_of

        for layer in layers:
            self._enqueue(request_of(layer.source), layer.id, layer.style, layer.title, layer.id, False)
        self._next()

    def warm_up(self) -> None:
        """Import the reading libraries in the background once the map is up, so that opening the first
        file does not wait most of a second for them. ``warmed`` is set when they are in."""
        if self._warming is None:
            self._warming = threading.Thread(target=lambda: (_import_readers(), self.warmed.set()),
                                             name="quzhou-map-warm-up", daemon=True)
            self._warming.start()

    def cancel_all(self) -> None:
        """Stop the file being read and drop those waiting; nothing of them reaches the state."""
        for job in self._jobs():
            job.cancel.set()

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Cancel everything and wait for the pool thread (the window is closing)."""
        self.cancel_all()
        self._queue.clear()
        if self._thread is not None:
            self._thread.join(timeout_ms / 1000)

    # --- questions ----------------------------------------------------------------------------------------
    def choose(self, title: str, label: str, items: list[str], current: int = 0) -> str | None:
        """One choice from ``items`` (None: the user cancelled). Tests replace this method."""
        # The label names the user's file: shown as written, never as HTML (plain_text.as_rich_text).
        item, ok = QInputDialog.getItem(self.window, title, as_rich_text(label), items, current, False)
        return item if ok else None

    def _request(self, request: Any, inspection: Any, interactive: bool) -> Any:
        """``request`` with the answers to what ``inspection`` leaves open, or None when the user cancelled."""
        name = inspection.path.name
        if len(inspection.layers) > 1:
            if interactive:
                layer = self.choose(self.tr("Choose a layer"),
                                    self.tr("%1 holds several layers. Which one?").replace("%1", name),
                                    list(inspection.layers))
                if layer is None:
                    return None
            else:
                layer = inspection.layers[0]
                self._say(self.tr("%1: holds %2 layers; opened the first, %3")
                          .replace("%1", str(inspection.path)).replace("%2", str(len(inspection.layers)))
                          .replace("%3", layer))
            request = request._replace(layer=layer)
        if inspection.format in ("CSV", "XLSX") and (inspection.x_column is None or inspection.y_column is None):
            if not interactive:
                raise UserDataError(inspection.path, "has no longitude/latitude columns by their usual names (its "
                                                     f"columns: {', '.join(inspection.columns)}): choose them")
            columns = list(inspection.columns)
            x = self.choose(self.tr("Longitude column"),
                            self.tr("Which column of %1 holds the longitude (x)?").replace("%1", name), columns)
            if x is None:
                return None
            y = self.choose(self.tr("Latitude column"),
                            self.tr("Which column of %1 holds the latitude (y)?").replace("%1", name), columns,
                            min(columns.index(x) + 1, len(columns) - 1))
            if y is None:
                return None
            request = request._replace(x_column=x, y_column=y)
        if inspection.declared_crs is None:
            crs = CRS_CHOICES[0]
            if interactive:
                labels = [self._crs_label(value) for value in CRS_CHOICES]
                chosen = self.choose(self.tr("Coordinate system"),
                                     self.tr("%1 does not say which coordinate system it is in. Its coordinates "
                                             "are:").replace("%1", name), labels)
                if chosen is None:
                    return None
                crs = CRS_CHOICES[labels.index(chosen)]
            request = request._replace(assumed_crs=crs)
        if inspection.needs_encoding:
            encoding = ENCODINGS[0]
            if interactive:
                encoding = self.choose(self.tr("Text encoding"),
                                       self.tr("%1 does not say how its text is encoded. Which encoding?")
                                       .replace("%1", name), list(ENCODINGS))
                if encoding is None:
                    return None
            request = request._replace(encoding=encoding)
        return request

    def _crs_label(self, value: str) -> str:
        if value == "GCJ-02":
            return self.tr("GCJ-02 (from Chinese web maps: AMap/Gaode, Tencent)")
        if value == "BD-09":
            return self.tr("BD-09 (from Chinese web maps: Baidu)")
        return self.tr("WGS-84 (EPSG:4326, GPS; the default)")

    # --- the queue ----------------------------------------------------------------------------------------
    def _jobs(self) -> list[_Job]:
        return ([self._running] if self._running else []) + self._queue

    def _next_style(self) -> LayerStyle:
        """The next free colour, counting the files still being read (each new layer gets its own)."""
        pending = tuple(Layer(j.layer_id, "", LayerSource("file"), "Point", j.style)
                        for j in self._jobs() if j.reload_of is None)
        return LayerStyle(next_user_color(self.state.layers + pending))

    def _new_id(self) -> str:
        layer_id = new_layer_id({layer.id for layer in self.state.layers} | self._reserved)
        self._reserved.add(layer_id)
        return layer_id

    def _enqueue(self, request: Any, layer_id: str, style: LayerStyle, title: str | None, reload_of: str | None,
                 interactive: bool, inspected: bool = True) -> None:
        self._numbers += 1
        self._queue.append(_Job(self._numbers, request, layer_id, style, title, reload_of, interactive,
                                threading.Event(), inspected))

    def _next(self) -> None:
        """Start the next job, or say all is done."""
        if self._running is not None:
            return
        while self._queue and self._queue[0].cancel.is_set():
            self._cancelled(self._queue.pop(0))
        if not self._queue:
            self.all_done.emit()
            return
        job = self._running = self._queue.pop(0)
        if job.interactive:
            self._show_progress(job)
        elif job.reload_of is None:
            self._say(self.tr("Reading %1…").replace("%1", str(job.request.path)))
        work = _read if job.inspected else _inspect
        self._thread = threading.Thread(target=work, args=(job, self._relay), name="quzhou-map-read", daemon=True)
        self._thread.start()

    def _show_progress(self, job: _Job) -> None:
        name = job.request.name if isinstance(job.request.path, str) else Path(job.request.path).name
        dialog = QProgressDialog(as_rich_text(self.tr("Reading %1…").replace("%1", name)),
                                 self.tr("Cancel"), 0, 100, self.window)
        dialog.setWindowTitle(self.tr("Add Layer"))
        dialog.setWindowModality(Qt.WindowModality.NonModal)  # the map stays usable while a file is read
        dialog.setMinimumDuration(400)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(job.cancel.set)
        dialog.setValue(0)
        self.progress_dialog = dialog

    def _on_progress(self, number: int, fraction: float) -> None:
        if self.progress_dialog is not None and self._running is not None and self._running.number == number:
            self.progress_dialog.setValue(round(max(0.0, min(fraction, 1.0)) * 100))

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect()
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _take_running(self, number: int) -> _Job | None:
        """The job a worker just reported on (None for a stale report); the queue is free again."""
        job = self._running
        if job is None or job.number != number:
            return None
        self._running = None
        self._close_progress()
        return job

    def _on_inspected(self, number: int, inspection: Any, error: str | None) -> None:
        """A file has been looked at: ask what it leaves open, then read it next (or say why not)."""
        job = self._take_running(number)
        if job is None:
            return
        request = None
        if job.cancel.is_set():
            self._cancelled(job)
        elif error is not None:
            self._fail(error, job.interactive)
        else:
            request = self._asked(job, inspection)
        if request is None:
            self._forget(job)
        else:
            self._queue.insert(0, job._replace(request=request, inspected=True))
        self._next()

    def _asked(self, job: _Job, inspection: Any) -> Any:
        """The job's request with the answers, or None (not opened: cancelled or impossible, and said so)."""
        try:
            request = self._request(job.request, inspection, job.interactive)
        except UserDataError as error:
            self._fail(str(error), job.interactive)
            return None
        if request is None:
            self._say(self.tr("Not opened: %1").replace("%1", str(job.request.path)))
        return request

    def _on_finished(self, number: int, result: Any, error: str | None) -> None:
        job = self._take_running(number)
        if job is None:
            return
        if job.cancel.is_set():
            self._cancelled(job)
        elif error is not None and job.reload_of is not None:
            # A restored layer that cannot be read again stays in the list, greyed, saying why.
            self.state.update_layer(job.reload_of, status="unavailable", message=error)
            print(error, file=sys.stderr)
            self._say(error)
        elif error is not None:
            self._fail(error, job.interactive)
        elif result is not None:
            self._accept(job, *result)
        self._forget(job)
        self._next()

    def _accept(self, job: _Job, layer: Layer, data: Any) -> None:
        if job.reload_of is None:
            self.state.add_layer(layer, data, index=0)
            self._say(self.tr("Added %1 (%2 features)").replace("%1", layer.title)
                      .replace("%2", str(layer.feature_count)))
        else:
            self.state.update_layer(job.reload_of, data=data, status="ok", geometry_type=layer.geometry_type,
                                    feature_count=layer.feature_count, columns=layer.columns, extent=layer.extent,
                                    crs_read=layer.crs_read, crs_assumed=layer.crs_assumed, message=layer.message)
        self.layer_loaded.emit(layer.id)

    def _cancelled(self, job: _Job) -> None:
        """Nothing of a cancelled file reaches the state; a restored layer says it was not read (not "loading")."""
        self._say(self.tr("Cancelled: %1").replace("%1", str(job.request.path)))
        if job.reload_of is not None:
            self.state.update_layer(job.reload_of, status="unavailable",
                                    message=f"{job.request.path}: reading was cancelled")
        self._forget(job)

    def _forget(self, job: _Job) -> None:
        self._reserved.discard(job.layer_id)

    # --- telling the user ----------------------------------------------------------------------------------
    def _fail(self, message: str, interactive: bool) -> None:
        """A file that cannot be opened: kept in ``failures``, on stderr, in the status bar, and asked (interactive)."""
        self.failures.append(message)
        print(message, file=sys.stderr)
        self._say(message)
        if interactive:
            self.warn(message)

    def warn(self, message: str) -> None:
        """The message box of an interactive failure (plain text: the message names a file). Tests replace it."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Cannot open the file"), message,
                          QMessageBox.StandardButton.Ok, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    def _say(self, message: str) -> None:
        if self.status is not None:
            self.status(message)
