"""Pinyin helpers shared by search and validation: toneless, spaceless, lower-case keys."""

from __future__ import annotations

import unicodedata


def fold_latin(text: str) -> str:
    """'Yú Dōng Cūn' → 'yudongcun': strip tone marks, spaces, apostrophes and hyphens, lower-case."""
    # ü is a letter of its own in pinyin (spelt v in plain keyboards): keep it before tones go.
    text = unicodedata.normalize("NFC", text)
    for vowel in "üǖǘǚǜ":
        text = text.replace(vowel, "v").replace(vowel.upper(), "V")
    decomposed = unicodedata.normalize("NFKD", text)
    kept = (ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in kept if ch.isalnum()).lower()
