"""A tile server on 127.0.0.1 for the basemap tests: PNG tiles made here, every request recorded.

Each tile is one flat colour that encodes where it is (z, x, y), so a test can read back from the
screen which tile is drawn where. The server answers only loopback and stops when told.
"""

from __future__ import annotations

import struct
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

TILE_PX = 256


def tile_colour(z: int, x: int, y: int) -> tuple[int, int, int]:
    """A colour unique enough per tile near Quzhou at one zoom (x and y modulo 16)."""
    return (40 + 13 * (x % 16), 40 + 13 * (y % 16), 40 + 20 * (z % 10))


def png(rgb: tuple[int, int, int], size: int = TILE_PX) -> bytes:
    """A flat-colour PNG, written by hand (zlib + struct) so the tests need no imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * size, 6))
            + chunk(b"IEND", b""))


class TileServer:
    """``http://127.0.0.1:<port>/…``: any path whose query or path names z, x and y gets a tile."""

    def __init__(self, refuse_with: int | None = None) -> None:
        """``refuse_with``: answer every request with this HTTP status (e.g. 403, as OSM does without a Referer)."""
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                tile = _tile_of(self.path)
                with server.lock:
                    server.requests.append({"path": self.path, "headers": dict(self.headers.items()), "tile": tile})
                if tile is None or refuse_with:
                    self.send_error(refuse_with or 404)
                    return
                body = png(tile_colour(*tile))
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.host = f"127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def tiles_served(self) -> list[tuple[int, int, int]]:
        with self.lock:
            return [r["tile"] for r in self.requests if r["tile"] is not None]


def _tile_of(path: str) -> tuple[int, int, int] | None:
    """z, x, y from the URL shapes of the catalogue: /z/x/y.png, /…/tile/z/y/x, Gaode's and Tianditu's queries."""
    parts = urlsplit(path)
    query = {k.lower(): v[0] for k, v in parse_qs(parts.query).items()}
    try:
        if "tilematrix" in query:  # Tianditu WMTS
            return int(query["tilematrix"]), int(query["tilecol"]), int(query["tilerow"])
        if {"x", "y", "z"} <= query.keys():  # Gaode
            return int(query["z"]), int(query["x"]), int(query["y"])
        numbers = [p.split(".")[0] for p in parts.path.strip("/").split("/")][-3:]
        if "/tile/" in parts.path:  # Esri: /tile/z/y/x
            z, y, x = (int(n) for n in numbers)
            return z, x, y
        z, x, y = (int(n) for n in numbers)
        return z, x, y
    except (KeyError, ValueError):
        return None
