"""Text from users' files and names shown where Qt may read it as HTML (tool tips, dialog labels).

Qt shows a string as rich text when it merely looks like HTML (``Qt.mightBeRichText``), so a value
such as ``<img src=…>`` would be rendered; escaped but unwrapped, ``Bob's & Co`` would show as
``Bob&#x27;s &amp; Co``. Escaped *and* wrapped in a paragraph it always reads as written.
"""

from __future__ import annotations

import html


def as_rich_text(text: str) -> str:
    """``text`` exactly as written, line breaks kept, for a place that takes rich text."""
    return "<p style='white-space:pre-wrap'>" + html.escape(text, quote=False) + "</p>"  # quotes stay quotes
