"""Find sites by Chinese name, by pinyin with or without tones and spaces, or by English name."""

from __future__ import annotations

from collections.abc import Iterable

from quzhou_map.core.model import Site
from quzhou_map.core.pinyin_text import fold_latin


def _rank(needle: str, keys: Iterable[str]) -> int | None:
    """0 exact, 1 prefix, 2 anywhere; None when no key contains the needle."""
    ranks = [0 if key == needle else 1 if key.startswith(needle) else 2 for key in keys if needle in key]
    return min(ranks) if ranks else None


def search(query: str, sites: Iterable[Site]) -> list[Site]:
    """Sites matching ``query``, best first (exact, prefix, anywhere), ties in catalogue order.

    Latin queries are folded like the names ("Yú Dōng" → "yudong") and matched against pinyin and
    English; any other query is matched against the Chinese name as typed.
    """
    raw = query.strip()
    sites = list(sites)
    if not raw:
        return sites
    folded = fold_latin(raw)
    latin = bool(folded) and folded.isascii()
    ranked = []
    for order, site in enumerate(sites):
        if latin:
            rank = _rank(folded, (fold_latin(site.name_pinyin), fold_latin(site.name_en)))
        else:
            rank = _rank(raw, (site.name_zh,))
        if rank is not None:
            ranked.append((rank, order, site))
    return [site for _rank_, _order, site in sorted(ranked, key=lambda item: item[:2])]
