"""Pinyin helpers shared by search and validation: toneless, spaceless, lower-case keys."""

from __future__ import annotations

import unicodedata


def fold_latin(text: str) -> str:
    """'Yú Dōng Cūn' → 'yudongcun': strip tone marks, spaces, apostrophes and hyphens, lower-case."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = (ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in kept if ch.isalnum()).lower().replace("ü", "v")
