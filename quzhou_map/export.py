"""``--export-html``: a standalone page with Leaflet and our script inlined, for use anywhere offline."""

from __future__ import annotations

import sys
from pathlib import Path

from quzhou_map.core.files import write_text_atomically

EXPORT_MARK = '<meta name="generator" content="quzhou-map export">'


def export_html(target: Path, allow_overwrite: bool = False) -> int:
    """Write the page to ``target``. Without ``allow_overwrite`` (the user confirmed in a dialog),
    an existing file is replaced only when it is itself a quzhou-map export."""
    from quzhou_map.core.page_cache import build
    from quzhou_map.core.paths import geodata_dir

    if target.exists() and not allow_overwrite and not _is_our_export(target):
        print(f"{target}: exists and is not a quzhou-map export; not overwritten", file=sys.stderr)
        return 1
    _catalog, page = build(geodata_dir(), assets="inline")
    html = page.replace("<head>", "<head>\n" + EXPORT_MARK, 1)
    try:
        write_text_atomically(target, html)
    except OSError as error:
        print(f"{target}: cannot be written ({error.strerror or error})", file=sys.stderr)
        return 1
    print(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB)")
    return 0


def _is_our_export(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return EXPORT_MARK.encode() in stream.read(4096)
    except OSError:
        return False
