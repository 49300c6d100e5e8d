"""The sites the app shows, in a form that loads fast (plain JSON) once geopandas has validated them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from quzhou_map.core.model import Site
from quzhou_map.core.themes import THEME_IDS


@dataclass(frozen=True)
class SiteCatalog:
    """Every valid site, the city record, and the problems met while loading (as text for the user)."""

    sites: tuple[Site, ...]
    city: Site | None = None
    problems: tuple[str, ...] = ()
    _by_id: dict[str, Site] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        order = {theme: n for n, theme in enumerate(THEME_IDS)}
        ordered = tuple(sorted(self.sites, key=lambda s: (order.get(s.theme, len(order)), s.id)))
        object.__setattr__(self, "sites", ordered)
        self._by_id.update({site.id: site for site in ordered})

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
