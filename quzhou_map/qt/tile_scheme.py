"""Basemap tiles for the page, through one URL scheme the app answers: ``qztile:<token>/<layer>/z/x/y``.

The page itself can reach no network (its settings and its Content-Security-Policy forbid it); every
tile goes through here, so only tile requests ever leave the machine, each with an identifying
User-Agent and a Referer (OSM refuses tiles without one; a file:// page sends none). Tiles seen online
are kept in a bounded disk cache and served from it first, so a place looked at once still has its
basemap offline. A tile file (MBTiles/PMTiles) is read from disk. A failed tile is just missing: the
overlays and the offline base stay, and ``status_changed`` says the tiles are unavailable.
"""

from __future__ import annotations

import gzip
from typing import Any, NamedTuple

from PySide6.QtCore import QBuffer, QByteArray, QObject, QUrl, Signal
from PySide6.QtWebEngineCore import QWebEngineUrlRequestJob, QWebEngineUrlScheme, QWebEngineUrlSchemeHandler

from quzhou_map import __version__
from quzhou_map.core.basemaps import TILE_SCHEME, BasemapDefinition, tile_address

USER_AGENT = f"quzhou-map/{__version__} (desktop map viewer; Qt WebEngine)"
#: Sent as the Referer of tile requests: it names the app (there is no web page to name).
REFERER = "https://quzhou-map.invalid/"
TIMEOUT_MS = 10_000
MAX_ZOOM_LEVEL = 24
GZIP_MAGIC = b"\x1f\x8b"
Error = QWebEngineUrlRequestJob.Error


def register_tile_scheme() -> None:
    """Declare the scheme before the QApplication exists; local, so a file:// page may load its images, and
    allowed to fetch() (Qt 6.6+), which the vector tile renderer reads its tiles with."""
    if QWebEngineUrlScheme.schemeByName(TILE_SCHEME.encode()).name():
        return
    scheme = QWebEngineUrlScheme(TILE_SCHEME.encode())
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Path)
    flags = QWebEngineUrlScheme.Flag
    scheme.setFlags(flags.LocalScheme | flags.CorsEnabled | flags.FetchApiAllowed)
    QWebEngineUrlScheme.registerScheme(scheme)


class TileSource(NamedTuple):
    """One registered basemap: where its tiles come from."""

    definition: BasemapDefinition
    key: str = ""  # the user's key for this server (never logged, never in a URL the page sees)
    tile_file: Any = None  # core.tile_files.TileFile for a file basemap


class TileRequest(NamedTuple):
    token: str
    layer: str  # "base" or "labels"
    z: int
    x: int
    y: int


def parse_tile_path(path: str) -> TileRequest | None:
    """``<token>/<layer>/z/x/y`` (a ``.png``-like suffix allowed), or None if it is anything else."""
    parts = path.strip("/").split("/")
    if len(parts) != 5 or parts[1] not in ("base", "labels"):
        return None
    last = parts[4].split(".", 1)[0]
    numbers = (parts[2], parts[3], last)
    if not all(n.isascii() and n.isdigit() and len(n) <= 8 for n in numbers):
        return None
    z, x, y = (int(n) for n in numbers)
    if z > MAX_ZOOM_LEVEL or x >= 1 << z or y >= 1 << z:
        return None
    return TileRequest(parts[0], parts[1], z, x, y)


class TileSchemeHandler(QWebEngineUrlSchemeHandler):
    """Answers the page's tile requests from a tile file, the cache, or the tile server."""

    status_changed = Signal(str)  # "ok" once tiles arrive, "unavailable" when the server cannot be reached

    def __init__(self, cache: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache = cache  # core.tile_cache.TileCache, or None
        self.sources: dict[str, TileSource] = {}
        self._network: Any = None  # QNetworkAccessManager, made on the first tile fetched (off the start path)
        self.redirect_host: str | None = None  # tests: every server's host replaced by a local one
        self.status = ""
        # Why the last tile failed: an HTTP status or Qt's error name, never the error's text (that holds the
        # URL, and with it the user's key).
        self.problem = ""
        self.counts = {"served": 0, "cached": 0, "fetched": 0, "failed": 0}
        self._pending: dict[Any, tuple[QWebEngineUrlRequestJob | None, str]] = {}  # QNetworkReply -> job, key

    def add_source(self, source: TileSource) -> str:
        """Register a basemap; returns the token its tile URLs use."""
        token = source.definition.token
        self.sources[token] = source
        return token

    def page_url(self, token: str, layer: str = "base") -> str:
        return f"{TILE_SCHEME}:{token}/{layer}/{{z}}/{{x}}/{{y}}"

    # --- answering the page -------------------------------------------------------------------
    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802
        request = parse_tile_path(job.requestUrl().path())
        if job.requestMethod() != b"GET" or request is None:
            job.fail(Error.RequestDenied)
            return
        source = self.sources.get(request.token)
        if source is None:
            job.fail(Error.UrlNotFound)
            return
        if source.tile_file is not None:
            self._from_file(job, source.tile_file, request)
            return
        definition = source.definition
        template = definition.labels_url if request.layer == "labels" else definition.url
        if not template:
            job.fail(Error.UrlNotFound)
            return
        cache_key = f"{request.token}/{request.layer}/{request.z}/{request.x}/{request.y}"
        cached = self.cache.get(cache_key) if self.cache is not None else None
        if cached is not None:
            self.counts["cached"] += 1
            self._reply(job, cached[0], cached[1])
            return
        address = tile_address(template, request.z, request.x, request.y, definition.subdomains, source.key)
        self._fetch(job, address, cache_key)

    def _from_file(self, job: QWebEngineUrlRequestJob, tile_file: Any, request: TileRequest) -> None:
        try:
            data = tile_file.tile(request.z, request.x, request.y)
        except Exception:  # noqa: BLE001 - a damaged archive: that tile is missing, the map goes on
            data = None
        vector = tile_file.kind == "vector"
        if data is None:
            if vector:  # a vector archive leaves out empty tiles: "nothing here" is an empty tile
                self._reply(job, b"", tile_file.content_type)
            else:
                job.fail(Error.UrlNotFound)
            return
        if data.startswith(GZIP_MAGIC):  # stored gzipped (as MBTiles' vector tiles are), tile by tile
            try:  # the page gets the tile itself: no Content-Encoding for it to undo
                data = gzip.decompress(data)
            except (OSError, EOFError):
                job.fail(Error.RequestFailed)
                return
        self._reply(job, data, tile_file.content_type)

    def _reply(self, job: QWebEngineUrlRequestJob, data: bytes, content_type: str) -> None:
        buffer = QBuffer(job)  # owned by the job: lives until the page has read it
        buffer.setData(QByteArray(data))
        job.reply(content_type.encode("ascii", "replace"), buffer)
        self.counts["served"] += 1

    # --- the network --------------------------------------------------------------------------
    def _fetch(self, job: QWebEngineUrlRequestJob, address: str, cache_key: str) -> None:
        from PySide6.QtNetwork import QNetworkAccessManager, QNetworkRequest

        if self._network is None:
            self._network = QNetworkAccessManager(self)
        url = QUrl(address)
        if self.redirect_host:
            host, _, port = self.redirect_host.partition(":")
            url.setScheme("http")
            url.setHost(host)
            url.setPort(int(port) if port else -1)
        request = QNetworkRequest(url)
        request.setHeader(QNetworkRequest.KnownHeaders.UserAgentHeader, USER_AGENT)
        request.setRawHeader(b"Referer", REFERER.encode())
        request.setTransferTimeout(TIMEOUT_MS)
        reply = self._network.get(request)
        self._pending[reply] = (job, cache_key)
        reply.finished.connect(lambda: self._on_fetched(reply))
        job.destroyed.connect(lambda: self._on_job_gone(reply))

    def _on_job_gone(self, reply: Any) -> None:
        """The page no longer wants the tile (it left the view): stop downloading it."""
        if reply in self._pending:
            self._pending[reply] = (None, self._pending[reply][1])
            try:
                reply.abort()
            except RuntimeError:  # the window (and its network) went first
                self._pending.pop(reply, None)

    def _on_fetched(self, reply: Any) -> None:
        from PySide6.QtNetwork import QNetworkReply, QNetworkRequest

        job, cache_key = self._pending.pop(reply, (None, ""))
        reply.deleteLater()
        if reply.error() == QNetworkReply.NetworkError.OperationCanceledError and job is None:
            return  # aborted because the page stopped asking
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        content_type = str(reply.header(QNetworkRequest.KnownHeaders.ContentTypeHeader) or "")
        data = bytes(reply.readAll().data())
        ok = reply.error() == QNetworkReply.NetworkError.NoError and status == 200 and bool(data)
        ok = ok and content_type.split(";")[0].strip().lower().startswith(("image/", "application/"))
        if not ok:
            self.counts["failed"] += 1
            if status and status != 200:
                self.problem = f"HTTP {status}"
            elif reply.error() != QNetworkReply.NetworkError.NoError:
                self.problem = str(getattr(reply.error(), "name", reply.error()))
            else:
                self.problem = f"not a tile ({content_type or 'no type'})"
            self._set_status("unavailable")
            if job is not None:
                _fail_quietly(job, Error.RequestFailed)
            return
        self.counts["fetched"] += 1
        self._set_status("ok")
        if self.cache is not None:
            self.cache.put(cache_key, data, content_type)
        if job is not None:
            try:
                self._reply(job, data, content_type)
            except RuntimeError:  # the job went away while the tile arrived
                pass

    def _set_status(self, status: str) -> None:
        if status != self.status:
            self.status = status
            self.status_changed.emit(status)


def _fail_quietly(job: QWebEngineUrlRequestJob, error: Any) -> None:
    try:
        job.fail(error)
    except RuntimeError:  # already gone
        pass
