"""The guided tour: the sites in the order the article first names them, and the view each step shows.

Each step's view fits the site's precision circle (``precision_m``, the radius that should hold the
place) into the map with a margin, so an estimate is never shown closer than it is known.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from quzhou_map.core.model import Site
from quzhou_map.core.observable import Signal
from quzhou_map.core.state import View

if TYPE_CHECKING:
    from quzhou_map.core.mentions import Mention

#: Web Mercator: the equator's length in metres, and one tile's side in pixels (Leaflet's default).
EQUATOR_M = 40_075_016.686
TILE_PX = 256
#: The share of the map's smaller side left free around the circle (half of it on each side).
VIEW_MARGIN = 0.2
#: The map's zoom limits and steps (core/map_page.py builds it with these: min_zoom, max_zoom, zoom_snap).
MIN_ZOOM, MAX_ZOOM, ZOOM_SNAP = 6.0, 18.0, 0.25


def metres_per_pixel(lat: float, zoom: float) -> float:
    """Ground metres one screen pixel spans at ``lat`` and ``zoom`` (Web Mercator)."""
    return EQUATOR_M * math.cos(math.radians(lat)) / (TILE_PX * 2 ** zoom)


def zoom_to_fit(radius_m: float, lat: float, size_px: tuple[int, int], margin: float = VIEW_MARGIN) -> float:
    """The largest zoom (in the map's steps) at which a circle of ``radius_m`` fits a map of ``size_px``
    (width, height) with ``margin`` of its smaller side to spare."""
    usable_px = max(1.0, min(size_px) * (1 - margin))
    exact = math.log2(EQUATOR_M * math.cos(math.radians(lat)) * usable_px / (TILE_PX * 2 * max(radius_m, 1.0)))
    snapped = math.floor(exact / ZOOM_SNAP) * ZOOM_SNAP  # down: the whole circle stays in view
    return min(MAX_ZOOM, max(MIN_ZOOM, snapped))


def step_view(site: Site, size_px: tuple[int, int]) -> View:
    """Where a tour step puts the map: on the site, its precision circle in view."""
    position = site.position
    return View(position.lat, position.lon, zoom_to_fit(position.precision_m, position.lat, size_px))


def tour_order(mentions: Iterable[Mention], sites: Iterable[Site]) -> tuple[str, ...]:
    """Site ids by where the article first names them; ties (one name for several) and sites it names in
    no way that was found, by their first quote's line, then in the catalog's order."""
    first: dict[str, tuple[int, int]] = {}
    for mention in mentions:
        for site_id in mention.site_ids:
            first.setdefault(site_id, (mention.line, mention.column))
    sites = list(sites)
    never = (1 << 30, 0)

    def key(indexed: tuple[int, Site]) -> tuple[tuple[int, int], int, int]:
        index, site = indexed
        quoted = min((fact.line for fact in site.facts if fact.line), default=never[0])
        return first.get(site.id, never), quoted, index

    return tuple(site.id for _index, site in sorted(enumerate(sites), key=key))


class Tour:
    """Which step of the tour the reader is at: 1…len(order), or None when not touring."""

    def __init__(self, order: Iterable[str] = ()) -> None:
        self.step_changed: Signal[int | None] = Signal()
        self.order: tuple[str, ...] = tuple(order)
        self._step: int | None = None

    @property
    def step(self) -> int | None:
        return self._step

    @property
    def site_id(self) -> str | None:
        return self.order[self._step - 1] if self._step else None

    def restore(self, step: int | None) -> None:
        """Take a remembered step back without applying it (its selection and view come back by themselves)."""
        self._step = step if isinstance(step, int) and not isinstance(step, bool) and step >= 1 else None

    def go(self, step: int | None) -> None:
        """Go to ``step`` (clamped to the tour), or end it with None."""
        if step is not None:
            step = min(max(1, int(step)), len(self.order)) if self.order else None
        if step != self._step:
            self._step = step
            self.step_changed.emit(step)

    def next(self) -> None:
        self.go(1 if self._step is None else self._step + 1)

    def previous(self) -> None:
        self.go(1 if self._step is None else self._step - 1)

    def end(self) -> None:
        self.go(None)
