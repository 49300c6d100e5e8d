"""Right panel: the selected site's names, verbatim quotes, translations, figures and provenance.

With nothing selected it shows the city record: the facts that belong to no single site.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QUrl, Signal
from PySide6.QtWidgets import QTextBrowser

from quzhou_map.core.details import DETAILS_CSS, site_details_html
from quzhou_map.core.state import AppState

ARTICLE_LINK_SCHEME = "article"


def details_labels() -> dict[str, str]:
    """The panel's labels in the current UI language."""
    def tr(text: str) -> str:
        return QCoreApplication.translate("DetailsPanel", text)

    return {
        "theme": tr("Theme"), "county": tr("County"), "township": tr("Township"), "unknown": tr("not known"),
        "facts": tr("What the article says"), "figures": tr("Figures"), "position": tr("Position"),
        "source": tr("Source"), "datum": tr("Datum of the source"), "method": tr("Method"),
        "precision": tr("Precision"), "line": tr("line {line}"), "caption": tr("photo caption"),
        "estimate_warning": tr("Approximate: placed from a description, not surveyed; "
                               "the place lies within about {radius} of this point."),
        "city_record": tr("City-wide facts"), "methods.gazetteer": tr("gazetteer point"),
        "methods.converted": tr("converted from a Chinese web-map datum"),
        "methods.estimate": tr("estimate from a text description"), "period": tr("Period"),
        "stored_wgs84": tr("WGS-84"),
    }


class DetailsPanel(QTextBrowser):
    """Read-only view of one site; links to the article open it at the quoted line."""

    article_line_requested = Signal(int)

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

    def shown_site_id(self) -> str | None:
        site = self.state.catalog.get(self.state.selected_id) or self.state.catalog.city
        return site.id if site else None

    def refresh(self) -> None:
        site = self.state.catalog.get(self.state.selected_id) or self.state.catalog.city
        if site is None:
            self.setHtml("")
            return
        self.setHtml(site_details_html(site, details_labels(), self.state.language,
                                       line_link=f"{ARTICLE_LINK_SCHEME}:{{line}}"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)

    def _on_link(self, url: QUrl) -> None:
        if url.scheme() == ARTICLE_LINK_SCHEME and url.path().isdigit():
            self.article_line_requested.emit(int(url.path()))
