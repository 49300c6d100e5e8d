"""The app's log: a rotating file in the platform's log folder.

What goes in: the app's own messages, Qt's messages (qt/environment.py routes them here), the page's
console errors, and whatever Chromium and its child processes write to the process's standard error,
which :class:`StderrCapture` redirects at the file-descriptor level. The user-facing lines the app prints
to ``sys.stderr`` still reach the terminal (and the log); ``--verbose`` prints the whole log there too.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import re
import sys
import threading
import time
from pathlib import Path
from typing import TextIO

LOGGER_NAME = "quzhou_map"
LOG_FILE_NAME = "quzhou-map.log"
MAX_LOG_BYTES = 1_000_000
LOG_BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
#: Chromium's own prefix: ``[pid:tid:MMDD/hhmmss.micro:LEVEL:file.cc(line)] message``.
_CHROMIUM_LEVEL = re.compile(r"^\[[\d:/.]+:(VERBOSE\d*|INFO|WARNING|ERROR|FATAL):")
_LEVELS = {"INFO": logging.INFO, "WARNING": logging.WARNING, "ERROR": logging.ERROR, "FATAL": logging.CRITICAL}
#: Lines the app prints for the user: logged under this name, never echoed again by --verbose.
TERMINAL_LOGGER = f"{LOGGER_NAME}.terminal"


def log_dir() -> Path:
    """The platform's log folder for the app (on Linux ``~/.local/state/quzhou-map/log``)."""
    from platformdirs import user_log_dir

    return Path(user_log_dir("quzhou-map", appauthor=False))


def start_logging(verbose: bool = False, terminal: TextIO | None = None, folder: Path | None = None) -> Path | None:
    """Log to ``folder``/quzhou-map.log (1 MB × 3 files); ``verbose``: also to ``terminal``.
    Returns the log file, or None when it cannot be written (then nothing is logged to a file)."""
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False
    path: Path | None = (folder or log_dir()) / LOG_FILE_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    except OSError:
        handler, path = logging.NullHandler(), None
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    if verbose:
        echo = logging.StreamHandler(terminal or sys.stderr)
        echo.setFormatter(logging.Formatter("%(name)s: %(message)s"))
        echo.addFilter(lambda record: record.name != TERMINAL_LOGGER)  # printed there already
        logger.addHandler(echo)
    logger.info("quzhou-map started (pid %d)", os.getpid())
    return path


def stop_logging() -> None:
    """Close the handlers :func:`start_logging` added (tests start it several times in one process)."""
    logger = logging.getLogger(LOGGER_NAME)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    logger.propagate = True


class _TerminalAndLog(io.TextIOBase):
    """``sys.stderr`` while the capture runs: the real terminal, each whole line also logged."""

    def __init__(self, terminal: TextIO) -> None:
        super().__init__()
        self.terminal = terminal
        self._pending = ""
        self._logger = logging.getLogger(TERMINAL_LOGGER)

    def write(self, text: str) -> int:
        self.terminal.write(text)
        *lines, self._pending = (self._pending + text).split("\n")
        for line in lines:
            if line.strip():
                self._logger.warning("%s", line)
        return len(text)

    def flush(self) -> None:
        self.terminal.flush()

    def isatty(self) -> bool:
        return self.terminal.isatty()

    def fileno(self) -> int:
        return self.terminal.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.terminal.encoding


class StderrCapture:
    """Send file descriptor 2 (where Chromium's C++ code and the child processes write) into the log,
    line by line, from a reader thread; ``sys.stderr`` keeps writing to the real terminal."""

    def __init__(self) -> None:
        self.terminal: TextIO | None = None
        self._read_fd = -1
        self._thread: threading.Thread | None = None
        self._logger = logging.getLogger(f"{LOGGER_NAME}.stderr")
        self._saved_stderr: TextIO | None = None
        self._stopping = False

    def start(self) -> TextIO:
        """Redirect; return the stream that reaches the real terminal."""
        sys.stderr.flush()
        real_fd = os.dup(2)
        self.terminal = os.fdopen(real_fd, "w", buffering=1, encoding=sys.stderr.encoding or "utf-8",
                                  errors="backslashreplace")
        self._read_fd, write_fd = os.pipe()
        try:  # room for bursts while the reader waits for the GIL (Linux; 64 KB otherwise)
            import fcntl

            fcntl.fcntl(write_fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
        except (ImportError, OSError):
            pass
        os.dup2(write_fd, 2)
        os.close(write_fd)
        self._thread = threading.Thread(target=self._read, name="stderr-to-log", daemon=True)
        self._thread.start()
        self._saved_stderr = sys.stderr
        sys.stderr = _TerminalAndLog(self.terminal)  # type: ignore[assignment]
        return self.terminal

    def stop(self) -> None:
        """Put standard error back as it was (the reader ends when no process holds the pipe any more)."""
        if self.terminal is None:
            return
        sys.stderr.flush()
        os.dup2(self.terminal.fileno(), 2)
        sys.stderr = self._saved_stderr  # type: ignore[assignment]
        self.terminal = None

    def close(self) -> None:
        """End the reader before the interpreter does: a daemon thread still writing to the log while Python
        shuts down makes it abort (SIGABRT, seen once in ~10 runs of --export-image)."""
        self.stop()
        self._stopping = True
        alive = False
        if self._thread is not None:
            self._thread.join(timeout=1.0)
            alive = self._thread.is_alive()
        if self._read_fd >= 0 and not alive:
            os.close(self._read_fd)
            self._read_fd = -1

    def _read(self) -> None:
        import select

        pending = b""
        while not self._stopping:
            try:
                ready, _, _ = select.select([self._read_fd], [], [], 0.1)  # wakes to see _stopping
                if not ready:
                    continue
                chunk = os.read(self._read_fd, 65536)
            except (OSError, ValueError):
                break
            if not chunk:
                break
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                self._log(line)
        if pending:
            self._log(pending)

    def _log(self, raw: bytes) -> None:
        line = raw.decode("utf-8", "replace").rstrip()
        if line:
            match = _CHROMIUM_LEVEL.match(line)
            level = _LEVELS.get(match.group(1), logging.DEBUG) if match else logging.INFO
            self._logger.log(level, "%s", line)

    def drain(self, timeout: float = 0.5) -> None:
        """Wait (briefly) until what was written so far has been read into the log."""
        try:
            import fcntl
            import termios
        except ImportError:
            return
        deadline = time.monotonic() + timeout
        buffer = bytearray(4)
        while time.monotonic() < deadline:
            try:
                fcntl.ioctl(self._read_fd, termios.FIONREAD, buffer)
            except OSError:
                return
            if int.from_bytes(buffer, sys.byteorder) == 0:
                time.sleep(0.02)  # the line just read is being logged
                return
            time.sleep(0.01)
