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
    # Punctuation and spaces have no reading: "衢江站(预留)" is spelt "Qújiāng Zhàn (yùliú)".
    characters = [ch for ch in name_zh if fold_latin(ch) or "\u3400" <= ch <= "\u9fff"]
    # reachable[i]: the positions in target that the first i characters can spell (iterative: no
    # recursion limit on long names).
    reachable = {0}
    for character in characters:
        readings = _readings(character) or (fold_latin(character),)
        reachable = {p + len(r) for p in reachable for r in readings if target.startswith(r, p)}
        if not reachable:
            break
    if len(target) in reachable:
        return None
    return f"name_pinyin {name_pinyin!r} does not spell a reading of {name_zh!r}"
