"""Where the article names each site, found by code from the dataset, never from hand-kept offsets.

A site is named by its ``name_zh``, by that name without a bracketed note (衢江站(预留)), without the
city it is about in front (衢州智慧新城 → 智慧新城), or without its generic suffix (余东村 → 余东,
大陈未来乡村 → 大陈), and by the places its quotes name: a place its record's ``position_source``
names that a quote of it contains (杭衢高铁, for the stations), or, when its quotes name it in none of
these ways, the words all its quotes share (南孔, for 孔氏南宗家庙). The names of the city, the counties
and the site's own township are never a site's mention, and a name one site goes by is no other's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from quzhou_map.core.article import Article
from quzhou_map.core.model import Site
from quzhou_map.core.themes import COUNTIES_ZH

#: Generic words a site's name ends with, longest first: the article often leaves them out.
GENERIC_SUFFIXES: tuple[str, ...] = ("未来乡村", "新城", "村", "镇", "乡", "站")
#: The city the article is about, as a name's first words (longest first).
CITY_PREFIXES: tuple[str, ...] = ("衢州市", "衢州")
#: A name shorter than this is too ambiguous to link (芳 of 芳村).
MIN_NAME_CHARS = 2

_HAN = re.compile(r"[\u3400-\u9fff]+")
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")


class Mention(NamedTuple):
    """One place in the article where a name stands: 1-based line, the column in that line, the text as
    printed, and the sites it names (several when they go by one name, like the stations' 杭衢高铁)."""

    line: int
    column: int
    text: str
    site_ids: tuple[str, ...]


def _administrative_names() -> frozenset[str]:
    """The city and the six counties, with and without 市/区/县: places, but no site's."""
    names = {"衢州", "衢州市", *COUNTIES_ZH}
    names |= {name[:-1] for name in COUNTIES_ZH if name[-1] in "市区县"}
    return frozenset(names)


def _strip_suffix(name: str) -> str:
    return next((name[: -len(s)] for s in GENERIC_SUFFIXES if name.endswith(s)), name)


def _strip_city(name: str) -> str:
    return next((name[len(p):] for p in CITY_PREFIXES if name.startswith(p)), name)


def own_names(site: Site) -> list[str]:
    """The forms of a site's own name: as written, without a bracketed note, without the city in front,
    without the generic suffix. Each is stripped once, from the full name (衢州智慧新城 does not become 智慧)."""
    full = [site.name_zh]
    bare = _BRACKETED.sub("", site.name_zh).strip()
    if bare != site.name_zh:
        full.append(bare)
    forms = list(full)
    for name in full:
        forms.append(_strip_suffix(name))
        local = _strip_city(name)
        if len(_strip_suffix(local)) >= MIN_NAME_CHARS:  # 智慧新城, but not 西站 of 衢州西站
            forms.append(local)
    return list(dict.fromkeys(f for f in forms if len(f) >= MIN_NAME_CHARS))


def _source_places(site: Site) -> list[str]:
    """The Chinese place names in a site's ``position_source``, outside the bracketed citations."""
    return [run for run in _HAN.findall(_BRACKETED.sub(" ", site.position.source)) if len(run) >= MIN_NAME_CHARS]


def _shared_run(quotes: Sequence[str]) -> str | None:
    """The longest run of Chinese characters every quote contains (None for fewer than two quotes)."""
    if len(set(quotes)) < 2:
        return None
    first, others = quotes[0], quotes[1:]
    for size in range(max(map(len, quotes)), MIN_NAME_CHARS - 1, -1):
        for run in _HAN.findall(first):
            for start in range(len(run) - size + 1):
                piece = run[start:start + size]
                if all(piece in other for other in others):
                    return piece
    return None


def site_names(sites: Iterable[Site]) -> dict[str, list[str]]:
    """Every name each site goes by in the article (site id → names, its own name first)."""
    sites = list(sites)
    excluded = _administrative_names()
    own = {site.id: [n for n in own_names(site) if n not in excluded] for site in sites}
    taken = {name: site_id for site_id, names in own.items() for name in names}
    result: dict[str, list[str]] = {}
    for site in sites:
        quotes = [fact.quote for fact in site.facts]
        not_this = excluded | {site.township or ""} | {n for n, owner in taken.items() if owner != site.id}
        names = list(own[site.id])
        names += [p for p in _source_places(site) if p not in not_this and any(p in q for q in quotes)]
        if not any(name in quote for name in names for quote in quotes):
            shared = _shared_run(quotes)
            if shared and shared not in not_this:
                names.append(shared)
        result[site.id] = list(dict.fromkeys(names))
    return result


def find_mentions(article: Article, sites: Iterable[Site]) -> list[Mention]:
    """Every mention of a site in the article, in reading order; at each place the longest name wins."""
    by_name: dict[str, list[str]] = {}
    for site_id, names in site_names(sites).items():
        for name in names:
            by_name.setdefault(name, []).append(site_id)
    if not by_name:
        return []
    pattern = re.compile("|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True)))
    mentions = []
    for number, line in enumerate(article.lines, start=1):
        for match in pattern.finditer(line):
            mentions.append(Mention(number, match.start(), match.group(), tuple(by_name[match.group()])))
    return mentions


def mentions_of(mentions: Iterable[Mention], site_id: str) -> list[Mention]:
    return [m for m in mentions if site_id in m.site_ids]
