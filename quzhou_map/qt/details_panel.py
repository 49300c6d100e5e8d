"""Right panel: the selected site's names, verbatim quotes, translations, figures and provenance.

With nothing selected it shows the city record: the facts that belong to no single site. A selected
feature of a user's layer shows that layer's title and the feature's attributes instead.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QUrl, Signal
from PySide6.QtWidgets import QTextBrowser

from quzhou_map.core.details import DETAILS_CSS, feature_details_html, site_details_html
from quzhou_map.core.model import Site
from quzhou_map.core.state import AppState

ARTICLE_LINK_SCHEME = "article"
COPY_LINK_SCHEME = "copy"
MORE_LINK_SCHEME = "copyall"  # a text cut in the panel (core/details.py LONG_TEXT_CHARS): all of it to the clipboard


def details_labels() -> dict[str, str]:
    """The panel's labels in the current UI language."""
    translate = QCoreApplication.translate
    return {
        "theme": translate("DetailsPanel", "Theme"),
        "county": translate("DetailsPanel", "County"),
        "township": translate("DetailsPanel", "Township"),
        "unknown": translate("DetailsPanel", "not known"),
        "facts": translate("DetailsPanel", "What the article says"),
        "position": translate("DetailsPanel", "Position"),
        "source": translate("DetailsPanel", "Source"),
        "datum": translate("DetailsPanel", "Datum of the source"),
        "method": translate("DetailsPanel", "Method"),
        "precision": translate("DetailsPanel", "Precision"),
        "line": translate("DetailsPanel", "line {line}"),
        "caption": translate("DetailsPanel", "photo caption"),
        "estimate_warning": translate("DetailsPanel", "Approximate: placed from a description, not surveyed; "
                                      "the place lies within about {radius} of this point."),
        "city_record": translate("DetailsPanel", "City-wide facts"),
        "methods.gazetteer": translate("DetailsPanel", "gazetteer point"),
        "methods.converted": translate("DetailsPanel", "converted from a Chinese web-map datum"),
        "methods.estimate": translate("DetailsPanel", "estimate from a text description"),
        "stored_wgs84": translate("DetailsPanel", "WGS-84"),
        "copy_citation": translate("DetailsPanel", "copy as citation"),
        "copy_all": translate("DetailsPanel", "copy all"),
        "source_in_english": translate("DetailsPanel", "(English in the source data)"),
    }


def feature_labels() -> dict[str, str]:
    """The labels of a user feature's view in the current UI language."""
    translate = QCoreApplication.translate
    return {
        "feature": translate("DetailsPanel", "Feature %1 of %2").replace("%1", "{number}").replace("%2", "{count}"),
        "attributes": translate("DetailsPanel", "Attributes"),
        "geometry": translate("DetailsPanel", "Geometry"),
        "coordinates": translate("DetailsPanel", "Coordinates"),
        "no_geometry": translate("DetailsPanel", "none"),
        "stored_wgs84": translate("DetailsPanel", "WGS-84"),
        "copy_all": translate("DetailsPanel", "copy all"),
        # shapely's geometry type names, as a person reads them
        "geom:Point": translate("DetailsPanel", "point"),
        "geom:MultiPoint": translate("DetailsPanel", "multipoint"),
        "geom:LineString": translate("DetailsPanel", "line"),
        "geom:MultiLineString": translate("DetailsPanel", "multiline"),
        "geom:Polygon": translate("DetailsPanel", "polygon"),
        "geom:MultiPolygon": translate("DetailsPanel", "multipolygon"),
    }


class DetailsPanel(QTextBrowser):
    """Read-only view of one site; links to the article open it at the quoted line."""

    article_quote_requested = Signal(int, str)  # line, quote
    citation_copied = Signal(str)  # the text put on the clipboard
    text_copied = Signal(str)  # the whole of a text the panel shows cut

    def __init__(self, state: AppState, parent: Any = None, fill_now: bool = True) -> None:
        """``fill_now=False``: the first fill is left to the caller (the window does it once the map is
        drawn: the ~15 ms of the city's facts would otherwise delay the map, which shares this thread)."""
        super().__init__(parent)
        self.state = state
        self.setObjectName("details")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDefaultStyleSheet(DETAILS_CSS)
        self.anchorClicked.connect(self._on_link)
        state.selection_changed.connect(lambda _id: self.refresh())
        state.language_changed.connect(lambda _lang: self.refresh())
        state.layer_changed.connect(self._on_layer_changed)
        if fill_now:
            self.refresh()

    def shown_feature(self) -> tuple[str, int] | None:
        """(layer id, row) when the selection is a feature of a user layer whose data is loaded."""
        selection = self.state.selection
        layer = self.state.layer(selection.layer) if selection is not None else None
        if layer is None or layer.is_theme or not isinstance(selection.feature, int):
            return None
        data = self.state.layer_data(layer.id)
        return (layer.id, selection.feature) if data is not None and selection.feature < len(data.frame) else None

    def shown_site(self) -> Site | None:
        """The selected site, or the city record when nothing (no site, no user feature) is selected."""
        if self.shown_feature() is not None:
            return None
        return self.state.selected_site or self.state.catalog.city

    def shown_site_id(self) -> str | None:
        site = self.shown_site()
        return site.id if site else None

    def _on_layer_changed(self, layer: Any) -> None:
        shown = self.shown_feature()
        if shown is not None and shown[0] == layer.id:
            self.refresh()  # retitled, or its data read again

    def refresh(self) -> None:
        feature = self.shown_feature()
        if feature is not None:
            layer = self.state.layer(feature[0])
            data = self.state.layer_data(layer.id)
            self.setHtml(feature_details_html(layer.display_title(self.state.language), data.frame, feature[1],
                                              feature_labels(), data.geometry.shape(feature[1]),
                                              more_link=f"{MORE_LINK_SCHEME}:{{key}}"))
            return
        site = self.shown_site()
        if site is None:
            self.setHtml("")
            return
        self.setHtml(site_details_html(site, details_labels(), self.state.language,
                                       line_link=f"{ARTICLE_LINK_SCHEME}:{{line}}/{{fact}}",
                                       copy_link=f"{COPY_LINK_SCHEME}:{{fact}}",
                                       more_link=f"{MORE_LINK_SCHEME}:{{key}}"))

    def _on_link(self, url: QUrl) -> None:
        """``article:LINE/FACT`` shows that fact's quote in the article; ``copy:FACT`` copies it as a citation."""
        if url.scheme() == MORE_LINK_SCHEME:
            self.copy_full_text(url.path())
            return
        site = self.shown_site()
        if url.scheme() == COPY_LINK_SCHEME and site is not None and url.path().isdigit():
            self.copy_citation(site, int(url.path()))
            return
        line, _, fact = url.path().partition("/")
        if url.scheme() != ARTICLE_LINK_SCHEME or site is None or not (line.isdigit() and fact.isdigit()):
            return
        if int(fact) < len(site.facts):
            self.article_quote_requested.emit(int(line), site.facts[int(fact)].quote)

    def copy_full_text(self, key: str) -> None:
        """The whole of a text the panel cut (its ``key``, core/details.py), on the clipboard."""
        from quzhou_map.core.details import feature_full_text, full_text

        from PySide6.QtGui import QGuiApplication

        feature, site = self.shown_feature(), self.shown_site()
        if feature is not None:
            text = feature_full_text(self.state.layer_data(feature[0]).frame, feature[1], key)
        else:
            text = full_text(site, key) if site is not None else None
        if text is not None:
            QGuiApplication.clipboard().setText(text)
            self.text_copied.emit(text)

    def copy_citation(self, site: Site, fact: int) -> None:
        """The fact as plain text on the clipboard: quote, translation, the article, its date and line."""
        from quzhou_map.core.citation import fact_citation

        from PySide6.QtGui import QGuiApplication

        if 0 <= fact < len(site.facts):
            text = fact_citation(site, site.facts[fact], details_labels())
            QGuiApplication.clipboard().setText(text)
            self.citation_copied.emit(text)
