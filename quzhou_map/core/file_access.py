"""Opening a file someone named, without surprises: only regular files are read (a FIFO would block, /dev/zero
never ends), never more than a bound, and every refusal is a short reason ready to follow the path in a message.

Output files follow one rule (``--export-html``, ``--export-image``, ``--screenshot``): a file is written where
there is none, or over one that quzhou-map wrote itself (it carries our mark), or over any regular file with
``--overwrite``; a FIFO, a device, a folder or a link loop is never written to. Writing is atomic (core/files.py).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path


class FileRefused(Exception):
    """The file cannot be used; ``str(error)`` is the reason, to be shown after the path."""


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))
_ERRNO_TEXT = {
    errno.ENOENT: "does not exist",
    errno.ELOOP: "is a symbolic link loop (or too many links deep)",
    errno.ENAMETOOLONG: "has a name longer than the file system allows",
    errno.EACCES: "cannot be read: permission denied",
    errno.EPERM: "cannot be read: operation not permitted",
    errno.ENOTDIR: "does not exist (a part of its path is not a folder)",
    errno.ENXIO: "is not a file (a socket or a device without a driver)",
    errno.EISDIR: "is a folder, not a file",
}


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words ("a FIFO (named pipe)")."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def os_error_text(error: OSError, action: str = "read") -> str:
    """An OSError as a reason ("does not exist", "is a symbolic link loop…"); the errno's text otherwise."""
    text = _ERRNO_TEXT.get(error.errno or 0)
    if text is not None:
        return text.replace("be read", f"be {action}")
    if error.errno == errno.EFBIG:
        return f"cannot be {action}: the file size limit was reached"
    if error.errno == errno.ENOSPC:
        return f"cannot be {action}: no space left on the device"
    return f"cannot be {action}: {error.strerror or error}"


def regular_file_stat(path: Path) -> os.stat_result:
    """``os.stat`` of ``path``, which must be a regular file (symbolic links followed); FileRefused otherwise."""
    try:
        status = os.stat(path)
    except OSError as error:
        raise FileRefused(os_error_text(error)) from None
    except ValueError:  # a NUL byte in the name
        raise FileRefused("has a name no file can have (it holds a NUL character)") from None
    if not stat.S_ISREG(status.st_mode):
        raise FileRefused(f"is {file_kind(status.st_mode)}, not a regular file")
    return status


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of ``path``, a regular file of at most ``max_bytes``; FileRefused (with the reason) otherwise.
    The type is checked before opening and again on the open file, which is opened without blocking."""
    status = regular_file_stat(path)
    if status.st_size > max_bytes:
        raise FileRefused(f"is {_size(status.st_size)}; files over {_size(max_bytes)} are refused")
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as error:
        raise FileRefused(os_error_text(error)) from None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):  # replaced between the two looks
            raise FileRefused("is not a regular file")
        chunks, total = [], 0
        while True:
            chunk = os.read(handle, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise FileRefused(f"grew over {_size(max_bytes)} while being read; refused")
        return b"".join(chunks)
    except OSError as error:
        raise FileRefused(os_error_text(error)) from None
    finally:
        os.close(handle)


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 100_000 else f"{count:,} bytes"


#: How much of an existing output file is looked at for our mark: its start and its end.
MARK_SEARCH_BYTES = 64 * 1024


#: What quzhou-map writes into its outputs, as the image's "Software" text (QImage.setText) or the PDF's creator.
SOFTWARE_MARK = "quzhou-map"
#: The marks quzhou-map's own outputs carry: an exported page's meta tag (export.py), a PNG's tEXt chunk, a JPEG's
#: comment, a PDF's /Creator (as Qt writes them). WebP and BMP carry none: replacing one needs --overwrite.
OUTPUT_MARKS = (
    b'<meta name="generator" content="quzhou-map export">',
    b"tEXtSoftware\x00" + SOFTWARE_MARK.encode(),
    b"Software: " + SOFTWARE_MARK.encode(),
    b"/Creator (\xfe\xff" + SOFTWARE_MARK.encode("utf-16-be") + b")",
)


def is_our_output(ends: bytes) -> bool:
    """Whether the first and last bytes of a file (as ``check_output`` reads them) show that quzhou-map wrote it."""
    return any(mark in ends for mark in OUTPUT_MARKS)


def check_output(path: Path, overwrite: bool = False, is_ours: Callable[[bytes], bool] = is_our_output) -> None:
    """Raise FileRefused unless ``path`` may be written: a new file in an existing folder, or a regular file
    that ``is_ours`` recognises (it is given the file's first and last 64 KB) as written by quzhou-map, or, with
    ``overwrite``, any regular file."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        status = None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise FileRefused("is a symbolic link loop; not written") from None
        raise FileRefused(os_error_text(error, "written")) from None
    except ValueError:
        raise FileRefused("has a name no file can have (it holds a NUL character)") from None
    if status is None:
        _check_new_file(path)
        return
    if not stat.S_ISREG(status.st_mode):
        raise FileRefused(f"is {file_kind(status.st_mode)}, not a regular file; not written")
    if overwrite:
        return
    try:
        ours = is_ours(_ends(path, status.st_size))
    except FileRefused:
        ours = False
    if not ours:
        raise FileRefused("exists and was not written by quzhou-map; not overwritten (give --overwrite to "
                          "replace it)")


def _check_new_file(path: Path) -> None:
    if os.path.islink(path):
        raise FileRefused("is a symbolic link to nothing; not written")
    parent = path.parent
    try:
        if not stat.S_ISDIR(os.stat(parent).st_mode):
            raise FileRefused("cannot be written: its folder is not a folder")
    except OSError as error:
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            raise FileRefused("cannot be written: its folder does not exist") from None
        raise FileRefused(os_error_text(error, "written")) from None
    name_max = _name_max(parent)
    if len(os.fsencode(path.name)) > name_max:
        raise FileRefused(f"has a name longer than the file system allows ({name_max} bytes); not written")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise FileRefused("cannot be written: permission denied in its folder")


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def _ends(path: Path, size: int) -> bytes:
    """The first and the last MARK_SEARCH_BYTES of a regular file (read without blocking)."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as error:
        raise FileRefused(os_error_text(error)) from None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise FileRefused("is not a regular file")
        head = os.read(handle, MARK_SEARCH_BYTES)
        tail = os.pread(handle, MARK_SEARCH_BYTES, max(0, size - MARK_SEARCH_BYTES)) if size > len(head) else b""
        return head + tail
    except OSError as error:
        raise FileRefused(os_error_text(error)) from None
    finally:
        os.close(handle)


def file_size_limit_problem(width: int, height: int) -> str | None:
    """Why the map's page cannot run under the file-size limit (``ulimit -f``, RLIMIT_FSIZE), or None.

    Chromium shares each frame of a ``width`` × ``height`` window through files in memory; a limit below two
    frames stops its processes (measured: a 1400×860 window needs 5–7 MB). The soft limit is first raised to
    the hard one, which any process may do."""
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    need = 2 * 4 * width * height
    if soft == resource.RLIM_INFINITY or soft >= need:
        return None
    if hard == resource.RLIM_INFINITY or hard > soft:
        try:
            resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
            soft = hard
        except (OSError, ValueError):
            pass
    if soft == resource.RLIM_INFINITY or soft >= need:
        return None
    return (f"the file-size limit (ulimit -f) is {_size(soft)}; the map's page needs files of {_size(need)} for a "
            f"{width}×{height} window, so it cannot be drawn: raise the limit (ulimit -f unlimited)")
