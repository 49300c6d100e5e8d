"""The one source of truth for what the user sees: visible themes, the selected site, the language.

Widgets and the map page only write through these methods and redraw on the signals, so a check
box, the View menu, the list and the page can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable

from quzhou_map.core.catalog import SiteCatalog
from quzhou_map.core.model import Site
from quzhou_map.core.observable import Signal
from quzhou_map.core.themes import THEME_IDS

LANGUAGES = ("zh", "en")


class AppState:
    """Observable state with the rules that tie its parts together."""

    def __init__(self, catalog: SiteCatalog, language: str = "zh") -> None:
        self.visible_themes_changed: Signal[frozenset[str]] = Signal()
        self.selection_changed: Signal[str | None] = Signal()
        self.language_changed: Signal[str] = Signal()
        self.catalog = catalog
        self._visible: frozenset[str] = frozenset(THEME_IDS)
        self._selected: str | None = None
        self._language = language if language in LANGUAGES else "zh"

    @property
    def visible_themes(self) -> frozenset[str]:
        return self._visible

    @property
    def selected_id(self) -> str | None:
        return self._selected

    @property
    def language(self) -> str:
        return self._language

    def set_visible_themes(self, themes: Iterable[str]) -> None:
        """Show exactly ``themes``; a selected site whose theme is hidden is deselected."""
        visible = frozenset(t for t in themes if t in THEME_IDS)
        if visible == self._visible:
            return
        self._visible = visible
        self.visible_themes_changed.emit(visible)
        selected = self.catalog.get(self._selected)
        if selected is not None and selected.theme not in visible:
            self.select(None)

    def set_theme_visible(self, theme: str, visible: bool) -> None:
        self.set_visible_themes(self._visible | {theme} if visible else self._visible - {theme})

    def select(self, site_id: str | None) -> None:
        """Select a site (None clears); selecting a site of a hidden theme shows that theme."""
        site = self.catalog.get(site_id)
        new = site.id if site else None
        if site is not None and site.theme not in self._visible:
            self.set_visible_themes(self._visible | {site.theme})
        if new != self._selected:
            self._selected = new
            self.selection_changed.emit(new)

    def set_language(self, language: str) -> None:
        if language in LANGUAGES and language != self._language:
            self._language = language
            self.language_changed.emit(language)

    def visible_sites(self) -> list[Site]:
        return self.catalog.in_themes(self._visible)
