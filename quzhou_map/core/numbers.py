"""Reading the number a figure's printed text denotes ("1.1万" → 11000), to check figures against quotes."""

from __future__ import annotations

import re

_ARABIC = re.compile(r"^(\d+(?:\.\d+)?)\s*(万|亿)?\s*(%|％)?$")
_CHINESE_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_MULTIPLIERS = {None: 1, "万": 10_000, "亿": 100_000_000}


def _chinese_numeral(text: str) -> float | None:
    """Chinese numerals up to 99 (七, 十, 十二, 三十二), the range the article uses in prose."""
    if not text or any(ch not in _CHINESE_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return float(_CHINESE_DIGITS[text]) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return float((_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[ones] if ones else 0))


def number_in_text(text: str) -> float | None:
    """The value printed as ``text`` ("12.6万" → 126000, "11.9%" → 11.9, "七" → 7), or None."""
    text = text.strip()
    match = _ARABIC.match(text)
    if match:
        return float(match.group(1)) * _MULTIPLIERS[match.group(2)]
    return _chinese_numeral(text)


def printed_multiplier(text: str) -> tuple[str, int]:
    """The multiplier a printed number carries ("亿", 100000000 for "1230亿"; "", 1 for "32" or "11.9%")."""
    match = _ARABIC.match(text.strip())
    suffix = match.group(2) if match else None
    return suffix or "", _MULTIPLIERS[suffix]


_CHINESE_NUMBER_CHARS = set(_CHINESE_DIGITS) | {"十", "百", "千", "万", "亿"}


def _continues_number(text: str, before: str, after: str, after_next: str) -> bool:
    """Whether the characters around a match make it part of a longer number ("1.1" in "1.1万")."""
    if text[0].isdigit() and (before.isdigit() or before == "."):
        return True
    if text[-1].isdigit() and (after.isdigit() or after in "万亿" or (after == "." and after_next.isdigit())):
        return True
    if text[0] in _CHINESE_NUMBER_CHARS and before in _CHINESE_NUMBER_CHARS:
        return True
    return text[-1] in _CHINESE_NUMBER_CHARS and after in _CHINESE_NUMBER_CHARS


def occurs_as_number(text: str, quote: str) -> bool:
    """True when ``text`` stands in ``quote`` and is not part of a longer number."""
    if not text:
        return False
    for match in re.finditer(re.escape(text), quote):
        before = quote[match.start() - 1] if match.start() > 0 else ""
        after = quote[match.end()] if match.end() < len(quote) else ""
        after_next = quote[match.end() + 1] if match.end() + 1 < len(quote) else ""
        if not _continues_number(text, before, after, after_next):
            return True
    return False


def values_agree(printed: float, stated: float) -> bool:
    return abs(printed - stated) <= 1e-9 * max(1.0, abs(printed))
