"""Find sites by Chinese name, by pinyin with or without tones and spaces, or by English name; and
features of the user's layers by the text of their attributes (vectorised: layers can be large)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

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


class FeatureMatches(NamedTuple):
    """Features of one user layer whose text contains the query, in file order, cut at a limit."""

    rows: list[int]  # frame row numbers (at most ``limit``)
    columns: list[str]  # the first column each row matched in
    values: list[str]  # that column's value, shortened around the match
    total: int  # how many rows match in all (more than len(rows) when capped)

    @property
    def capped(self) -> bool:
        return self.total > len(self.rows)


#: Results listed per layer: enough to pick from; the attribute table's filter shows them all.
FEATURE_LIMIT = 200
SNIPPET_CHARS = 80


def snippet(text: str, needle: str, width: int = SNIPPET_CHARS) -> str:
    """``text`` cut to about ``width`` characters around the first (case-insensitive) ``needle``."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    at = max(0, text.lower().find(needle.lower()) - width // 3)
    cut = text[at:at + width]
    return ("…" if at > 0 else "") + cut + ("…" if at + width < len(text) else "")


def search_features(query: str, frame: Any, limit: int = FEATURE_LIMIT,
                    lowered: dict[str, Any] | None = None) -> FeatureMatches:
    """Rows of ``frame`` where a text column contains ``query`` (case-insensitive), one vectorised pass
    per column. ``lowered`` caches each column lower-cased, so the next keystroke does not redo that."""
    needle = " ".join(query.split()).lower()
    if not needle or frame is None or len(frame) == 0:
        return FeatureMatches([], [], [], 0)
    import numpy as np

    from quzhou_map.core.feature_table import attribute_columns, format_value, is_text_column, lowered_text

    lowered = {} if lowered is None else lowered
    columns = [c for c in attribute_columns(frame) if is_text_column(frame[c])]
    if not columns:
        return FeatureMatches([], [], [], 0)
    masks = []
    for column in columns:
        if column not in lowered:
            lowered[column] = lowered_text(frame[column])
        masks.append(lowered[column].str.contains(needle, regex=False).to_numpy(dtype=bool))
    hits = np.logical_or.reduce(masks)
    total = int(hits.sum())
    rows = np.flatnonzero(hits)[:limit]
    first = np.argmax(np.stack([mask[rows] for mask in masks]), axis=0) if rows.size else np.array([], int)
    found = [columns[i] for i in first]
    values = [snippet(format_value(frame[c].iloc[int(r)]), needle) for c, r in zip(found, rows, strict=True)]
    return FeatureMatches([int(r) for r in rows], found, values, total)
