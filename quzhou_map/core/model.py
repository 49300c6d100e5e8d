"""Typed site records: what the rest of the app uses instead of raw GeoJSON.

Named tuples rather than dataclasses: they are as typed and immutable, and importing
``dataclasses`` (with ``inspect``) cost ~8 ms of a start-up measured against a 250 ms floor.
"""

from __future__ import annotations

from typing import Any, NamedTuple

#: A position whose source is a text description, not a coordinate.
ESTIMATE_METHOD = "estimate"
POSITION_METHODS = ("gazetteer", "converted", ESTIMATE_METHOD)
DATUMS = ("WGS-84", "GCJ-02", "BD-09")


class Figure(NamedTuple):
    """A number in a quote: ``text`` as printed, ``value`` the number it denotes."""

    text: str
    value: float
    unit: str
    period: str | None


class Fact(NamedTuple):
    """A verbatim quote from the article, where it stands, its translation and its figures."""

    quote: str
    translation: str
    section: str
    figures: tuple[Figure, ...] = ()
    line: int = 0  # 1-based line of the article file; 0 when not located
    is_caption: bool = False


class Position(NamedTuple):
    """A WGS-84 point and the honest story of where it came from."""

    lat: float
    lon: float
    source: str
    datum: str  # datum of the source; the stored lat/lon are always WGS-84
    method: str
    precision_m: float

    @property
    def is_estimate(self) -> bool:
        """An estimate was placed from a description: it must look approximate on the map."""
        return self.method == ESTIMATE_METHOD


class Site(NamedTuple):
    """A place the article names, with everything the viewer shows about it."""

    id: str
    theme: str
    name_zh: str
    name_en: str
    name_pinyin: str
    county: str
    township: str | None
    position: Position
    facts: tuple[Fact, ...] = ()

    def name(self, language: str) -> str:
        """The display name in ``language`` ('zh' or 'en')."""
        return self.name_zh if language == "zh" else self.name_en

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (nested records as dicts)."""
        facts = [{**fact._asdict(), "figures": [figure._asdict() for figure in fact.figures]} for fact in self.facts]
        return {**self._asdict(), "position": self.position._asdict(), "facts": facts}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Site:
        facts = tuple(
            Fact(**{**f, "figures": tuple(Figure(**g) for g in f["figures"])}) for f in data["facts"]
        )
        return cls(**{**data, "position": Position(**data["position"]), "facts": facts})
