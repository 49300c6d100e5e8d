"""The sites the app shows, in a form that loads fast (plain JSON) once geopandas has validated them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from quzhou_map.core.model import Site
from quzhou_map.core.pinyin_text import fold_latin
from quzhou_map.core.themes import THEME_IDS


class SiteCatalog:
    """Every valid site (by theme, then alphabetically by pinyin), the city record, and the problems met while
    loading (as text for the user). Not to be changed once made."""

    def __init__(self, sites: Iterable[Site], city: Site | None = None, problems: Iterable[str] = ()) -> None:
        order = {theme: n for n, theme in enumerate(THEME_IDS)}
        self.sites: tuple[Site, ...] = tuple(sorted(
            sites, key=lambda s: (order.get(s.theme, len(order)), fold_latin(s.name_pinyin), s.id)))
        self.city = city
        self.problems: tuple[str, ...] = tuple(problems)
        self._by_id = {site.id: site for site in self.sites}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SiteCatalog) and \
            (self.sites, self.city, self.problems) == (other.sites, other.city, other.problems)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SiteCatalog({len(self.sites)} sites, city={self.city is not None}, {len(self.problems)} problems)"

    def get(self, site_id: str | None) -> Site | None:
        return self._by_id.get(site_id) if site_id else None

    def in_themes(self, themes: frozenset[str] | set[str]) -> list[Site]:
        return [site for site in self.sites if site.theme in themes]

    def count(self, theme: str) -> int:
        return sum(1 for site in self.sites if site.theme == theme)

    def to_json(self) -> str:
        return json.dumps({
            "sites": [s.to_dict() for s in self.sites],
            "city": self.city.to_dict() if self.city else None,
            "problems": list(self.problems),
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SiteCatalog:
        data: dict[str, Any] = json.loads(text)
        return cls(
            sites=tuple(Site.from_dict(s) for s in data["sites"]),
            city=Site.from_dict(data["city"]) if data["city"] else None,
            problems=tuple(data["problems"]),
        )
