"""``--export-html`` and File → Export map as HTML…: the story page (core/story.py), one standalone file with
Leaflet and our scripts inlined, that works offline in any browser."""

from __future__ import annotations

import sys
from pathlib import Path

from quzhou_map.core.file_access import FileRefused, check_output, os_error_text
from quzhou_map.core.files import write_text_atomically
from quzhou_map.core.problems import shown_path
from quzhou_map.core.story import StoryState

EXPORT_MARK = '<meta name="generator" content="quzhou-map export">'
#: The exit code for a state that cannot be shown (an unknown site…), as argparse's usage errors.
BAD_STATE = 2


def export_html(target: Path, allow_overwrite: bool = False, state: StoryState | None = None,
                data_dir: Path | None = None) -> int:
    """Write the page to ``target``, starting as ``state`` (default: Chinese, every theme, Quzhou in view).
    Without ``allow_overwrite`` (the user confirmed in a dialog), an existing file is replaced only when it
    is itself a quzhou-map export."""
    from quzhou_map.core.article import shipped_article
    from quzhou_map.core.paths import geodata_dir
    from quzhou_map.core.story import load_catalog, render_story_page

    try:  # one rule for every output (core/file_access.py); never opens a FIFO or a device
        check_output(target, allow_overwrite)
    except FileRefused as refused:
        print(f"{shown_path(target)}: {refused}", file=sys.stderr)
        return 1
    state = state or StoryState()
    catalog, counties = load_catalog(data_dir or geodata_dir())
    problems = state.problems(catalog)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return BAD_STATE
    page = render_story_page(catalog, counties, shipped_article(), state)
    html = page.replace("<head>", "<head>\n" + EXPORT_MARK, 1)
    try:
        write_text_atomically(target, html)
    except OSError as error:
        print(f"{shown_path(target)}: {os_error_text(error, 'written')}", file=sys.stderr)
        return 1
    print(f"wrote {shown_path(target)} ({len(html.encode()) / 1e6:.1f} MB)")
    return 0
