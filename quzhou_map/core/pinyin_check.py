"""Check a site's pinyin against its Chinese name with pypinyin, allowing every reading of a heteronym."""

from __future__ import annotations

from functools import lru_cache

from quzhou_map.core.pinyin_text import fold_latin


@lru_cache(maxsize=None)
def _readings(character: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin  # imported lazily: loading its dictionaries is slow

    readings = pinyin(character, style=Style.NORMAL, heteronym=True, errors="default")[0]
    return tuple(sorted({fold_latin(r) for r in readings if r}, key=len, reverse=True))


def pinyin_mismatch(name_zh: str, name_pinyin: str) -> str | None:
    """None when ``name_pinyin`` spells a reading of ``name_zh``; else a reason naming the first misfit."""
    target = fold_latin(name_pinyin)
    characters = [ch for ch in name_zh if not ch.isspace()]

    @lru_cache(maxsize=None)
    def fits(index: int, position: int) -> bool:
        if index == len(characters):
            return position == len(target)
        return any(target.startswith(reading, position) and fits(index + 1, position + len(reading))
                   for reading in _readings(characters[index]))

    if fits(0, 0):
        return None
    return f"name_pinyin {name_pinyin!r} does not spell a reading of {name_zh!r}"
