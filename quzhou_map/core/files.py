"""Writing files so that a crash or a full disk never leaves half a file where a whole one was."""

from __future__ import annotations

import os
from pathlib import Path


def write_text_atomically(path: Path, text: str, private: bool = False) -> None:
    """Write ``text`` (UTF-8) to a temporary file beside ``path``, then rename it into place.

    The file gets the usual permissions for a new file (0666 less the umask), not mkstemp's 0600,
    unless it is ``private`` (a key): then only its owner may read it. Text that cannot be UTF-8 (a lone
    surrogate) raises UnicodeEncodeError before anything is created.
    """
    write_bytes_atomically(path, text.encode("utf-8"), private)


def write_bytes_atomically(path: Path, data: bytes, private: bool = False) -> None:
    """``write_text_atomically`` for bytes. On any failure (a full disk, the file-size limit) the temporary file
    is removed and the error raised: whatever was at ``path`` before is still there, whole."""
    import tempfile  # only when writing: not on the warm start path

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name[:40], suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o600 if private else 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
