"""The one source of truth for what the user sees: the layers, the selection, the view, the language.

Widgets, tools and the map page only write through these methods and redraw on the signals, so a
check box, the View menu, the layers panel and the page can never disagree. A drag of the map, a
restore and a "zoom to layer" all set the view through ``set_view``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from quzhou_map.core.basemaps import BasemapChoice
from quzhou_map.core.catalog import SiteCatalog
from quzhou_map.core.layers import Layer, LayerStyle, theme_layers
from quzhou_map.core.model import Site
from quzhou_map.core.observable import Signal

LANGUAGES = ("zh", "en")


class Selection(NamedTuple):
    """One feature of one layer: a site id for a theme layer, a row number for a user layer."""

    layer: str
    feature: str | int


class View(NamedTuple):
    lat: float
    lng: float
    zoom: float


class ViewChange(NamedTuple):
    """The new view and who set it ("page" for a drag or zoom on the map, else a tool's name)."""

    view: View
    origin: str


class AppState:
    """Observable state with the rules that tie its parts together."""

    def __init__(self, catalog: SiteCatalog, language: str = "zh") -> None:
        self.layers_changed: Signal[tuple[Layer, ...]] = Signal()  # added, removed or reordered
        self.layer_changed: Signal[Layer] = Signal()  # one layer's style, visibility, status…
        self.selection_changed: Signal[Selection | None] = Signal()
        self.view_changed: Signal[ViewChange] = Signal()
        self.language_changed: Signal[str] = Signal()
        self.site_labels_changed: Signal[bool] = Signal()  # every site's name shown next to its symbol
        self.basemap_changed: Signal[BasemapChoice] = Signal()
        self.catalog = catalog
        self._layers: tuple[Layer, ...] = theme_layers(catalog.sites)  # top of the drawing first
        self._data: dict[str, Any] = {}  # layer id -> its features (a GeoDataFrame for user layers)
        self._selection: Selection | None = None
        self._view: View | None = None
        self._language = language if language in LANGUAGES else "zh"
        self._site_labels = False
        self._basemap = BasemapChoice()

    # --- layers -------------------------------------------------------------------------------
    @property
    def layers(self) -> tuple[Layer, ...]:
        return self._layers

    def layer(self, layer_id: str | None) -> Layer | None:
        return next((layer for layer in self._layers if layer.id == layer_id), None)

    def layer_data(self, layer_id: str) -> Any:
        """The features of a user layer (None for a theme layer or one not loaded)."""
        return self._data.get(layer_id)

    def add_layer(self, layer: Layer, data: Any = None, index: int = 0) -> None:
        """Insert ``layer`` at ``index`` (0: on top). Its id must be new."""
        if self.layer(layer.id) is not None:
            raise ValueError(f"a layer {layer.id!r} exists already")
        if data is not None:
            self._data[layer.id] = data
        layers = list(self._layers)
        layers.insert(max(0, min(index, len(layers))), layer._replace(style=layer.style.checked()))
        self._layers = tuple(layers)
        self.layers_changed.emit(self._layers)

    def remove_layer(self, layer_id: str) -> None:
        """Remove a user layer; the article's theme layers can only be hidden."""
        layer = self.layer(layer_id)
        if layer is None or layer.is_theme:
            return
        if self._selection is not None and self._selection.layer == layer_id:
            self.select(None)
        self._data.pop(layer_id, None)
        self._layers = tuple(other for other in self._layers if other.id != layer_id)
        self.layers_changed.emit(self._layers)

    def move_layer(self, layer_id: str, index: int) -> None:
        layer = self.layer(layer_id)
        if layer is None:
            return
        others = [other for other in self._layers if other.id != layer_id]
        others.insert(max(0, min(index, len(others))), layer)
        if tuple(others) != self._layers:
            self._layers = tuple(others)
            self.layers_changed.emit(self._layers)

    def set_layer_order(self, layer_ids: Iterable[str]) -> None:
        """Reorder to ``layer_ids`` (top first); layers not named keep their place after them."""
        wanted = [self.layer(i) for i in dict.fromkeys(layer_ids)]
        ordered = [layer for layer in wanted if layer is not None]
        ordered += [layer for layer in self._layers if layer not in ordered]
        if tuple(ordered) != self._layers:
            self._layers = tuple(ordered)
            self.layers_changed.emit(self._layers)

    def update_layer(self, layer_id: str, data: Any = None, **changes: Any) -> None:
        """Change fields of a layer (and its features, when ``data`` is given); one signal."""
        layer = self.layer(layer_id)
        if layer is None:
            return
        if "style" in changes:
            changes["style"] = LayerStyle(*changes["style"]).checked()
        new = layer._replace(**changes)
        if data is not None:
            self._data[layer_id] = data
        if new == layer and data is None:
            return
        self._layers = tuple(new if other.id == layer_id else other for other in self._layers)
        self.layer_changed.emit(new)
        if self._selection is not None and self._selection.layer == layer_id and (
                not new.visible or self._valid(self._selection) is None):  # hidden, or no longer there
            self.select(None)

    def set_layer_visible(self, layer_id: str, visible: bool) -> None:
        self.update_layer(layer_id, visible=bool(visible))

    def set_layer_style(self, layer_id: str, style: LayerStyle) -> None:
        self.update_layer(layer_id, style=style)

    # --- the article's themes: their layers' visibility, for the theme check boxes and Ctrl+1…4 -------
    @property
    def visible_themes(self) -> frozenset[str]:
        return frozenset(layer.theme for layer in self._layers if layer.theme and layer.visible)

    def set_theme_visible(self, theme: str, visible: bool) -> None:
        self.set_layer_visible(theme, visible)  # a theme's layer has the theme's id

    def set_visible_themes(self, themes: Iterable[str]) -> None:
        """Show exactly these themes' layers (user layers are left as they are)."""
        wanted = frozenset(themes)
        for layer in self._layers:
            if layer.theme:
                self.set_layer_visible(layer.id, layer.theme in wanted)

    def visible_sites(self) -> list[Site]:
        return self.catalog.in_themes(self.visible_themes)

    # --- selection ------------------------------------------------------------------------------
    @property
    def selection(self) -> Selection | None:
        return self._selection

    @property
    def selected_site(self) -> Site | None:
        """The selected site of a theme layer, if the selection is one."""
        if self._selection is None or self.layer(self._selection.layer) is None:
            return None
        return self.catalog.get(str(self._selection.feature)) if self.layer(self._selection.layer).is_theme else None

    @property
    def selected_id(self) -> str | None:
        """The selected site's id (None when nothing, or a user layer's feature, is selected)."""
        site = self.selected_site
        return site.id if site else None

    def select(self, selection: Selection | None) -> None:
        """Select a feature (None clears); one of a hidden layer shows that layer. Unknown ones clear."""
        selection = self._valid(selection)
        if selection is not None:
            layer = self.layer(selection.layer)
            if layer is not None and not layer.visible:
                self.set_layer_visible(layer.id, True)
        if selection != self._selection:
            self._selection = selection
            self.selection_changed.emit(selection)

    def selection_extent(self) -> tuple[float, float, float, float] | None:
        """West, south, east, north of the selected feature (a point's is that point), for "zoom to selection"."""
        site = self.selected_site
        if site is not None:
            return (site.position.lon, site.position.lat, site.position.lon, site.position.lat)
        data = self._data.get(self._selection.layer) if self._selection is not None else None
        if data is None or not hasattr(data, "geometry"):
            return None
        return data.geometry.bounds([self._selection.feature])

    def select_site(self, site_id: str | None) -> None:
        site = self.catalog.get(site_id)
        self.select(Selection(site.theme, site.id) if site else None)

    def _valid(self, selection: Selection | None) -> Selection | None:
        if selection is None:
            return None
        layer = self.layer(selection.layer)
        if layer is None or layer.status != "ok":
            return None
        if layer.is_theme:
            site = self.catalog.get(str(selection.feature))
            return Selection(layer.id, site.id) if site is not None and site.theme == layer.theme else None
        feature = selection.feature
        if isinstance(feature, bool) or not isinstance(feature, int) or not 0 <= feature < layer.feature_count:
            return None
        return Selection(layer.id, feature)

    # --- view and language ------------------------------------------------------------------------
    @property
    def view(self) -> View | None:
        return self._view

    def set_view(self, view: View | tuple[float, float, float], origin: str = "app") -> None:
        view = View(*(float(v) for v in view))
        if view != self._view:
            self._view = view
            self.view_changed.emit(ViewChange(view, origin))

    @property
    def language(self) -> str:
        return self._language

    def set_language(self, language: str) -> None:
        if language in LANGUAGES and language != self._language:
            self._language = language
            self.language_changed.emit(language)

    @property
    def site_labels(self) -> bool:
        """Whether the map writes each visible site's name next to its symbol (off by default)."""
        return self._site_labels

    def set_site_labels(self, visible: bool) -> None:
        visible = bool(visible)
        if visible != self._site_labels:
            self._site_labels = visible
            self.site_labels_changed.emit(visible)

    # --- basemap --------------------------------------------------------------------------------
    @property
    def basemap(self) -> BasemapChoice:
        """The basemap chosen (the offline base by default); its datum decides how overlays are drawn."""
        return self._basemap

    def set_basemap(self, choice: BasemapChoice) -> None:
        if choice != self._basemap:
            self._basemap = choice
            self.basemap_changed.emit(choice)
