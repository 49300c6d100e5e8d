"""Right panel: the selected site's names, verbatim quotes, translations, figures and provenance.

With nothing selected it shows the city record: the facts that belong to no single site.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QUrl, Signal
from PySide6.QtWidgets import QTextBrowser

from quzhou_map.core.details import DETAILS_CSS, site_details_html
from quzhou_map.core.model import Site
from quzhou_map.core.state import AppState

ARTICLE_LINK_SCHEME = "article"


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
    }


class DetailsPanel(QTextBrowser):
    """Read-only view of one site; links to the article open it at the quoted line."""

    article_quote_requested = Signal(int, str)  # line, quote

    def __init__(self, state: AppState, parent: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("details")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDefaultStyleSheet(DETAILS_CSS)
        self.anchorClicked.connect(self._on_link)
        state.selection_changed.connect(lambda _id: self.refresh())
        state.language_changed.connect(lambda _lang: self.refresh())
        self.refresh()

    def shown_site(self) -> Site | None:
        """The selected site, or the city record when nothing is selected."""
        return self.state.catalog.get(self.state.selected_id) or self.state.catalog.city

    def shown_site_id(self) -> str | None:
        site = self.shown_site()
        return site.id if site else None

    def refresh(self) -> None:
        site = self.shown_site()
        if site is None:
            self.setHtml("")
            return
        self.setHtml(site_details_html(site, details_labels(), self.state.language,
                                       line_link=f"{ARTICLE_LINK_SCHEME}:{{line}}/{{fact}}"))

    def _on_link(self, url: QUrl) -> None:
        """``article:LINE/FACT`` opens the article at that fact's quote."""
        site = self.shown_site()
        line, _, fact = url.path().partition("/")
        if url.scheme() != ARTICLE_LINK_SCHEME or site is None or not (line.isdigit() and fact.isdigit()):
            return
        if int(fact) < len(site.facts):
            self.article_quote_requested.emit(int(line), site.facts[int(fact)].quote)
