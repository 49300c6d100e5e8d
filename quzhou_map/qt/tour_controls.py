"""The guided tour's toolbar and keys: each step selects a site and shows it at a zoom that fits its
precision circle; the reading panel follows the selection to its passage.

The keys (←/→, PageUp/PageDown, Home) step the tour only while it is on and only when the map or the
reading panel has the focus: a text field or a list keeps its arrow keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QToolBar, QWidget

from quzhou_map.core.state import AppState
from quzhou_map.core.tour import Tour, step_view



class TourControls(QObject):
    """Writes each step's selection and view into the state; the toolbar shows where the tour is."""

    step_shown = Signal(object)  # the step (1-based) just applied, or None when the tour ended

    def __init__(self, state: AppState, map_view: Any, order: Callable[[], tuple[str, ...]],
                 parent: QWidget) -> None:
        """``order``: gives the sites in the tour's order (called when the tour is first used)."""
        super().__init__(parent)
        self.state = state
        self.map_view = map_view
        self._order = order
        self.tour = Tour()
        self._view_pending = False  # a step taken before the map was drawn: its view follows then
        self.toolbar = QToolBar(parent)
        self.toolbar.setObjectName("tour-toolbar")
        self.previous_action = self.toolbar.addAction("", self.previous)  # text, no icon: QStyle costs 10 ms at start
        self.label = QLabel(self.toolbar)
        self.label.setObjectName("tour-step")
        self.label.setContentsMargins(6, 0, 6, 0)
        self.toolbar.addWidget(self.label)
        self.next_action = self.toolbar.addAction("", self.next)
        self.end_action = self.toolbar.addAction("", self.end)
        self.tour.step_changed.connect(self._apply)
        map_view.map_drawn.connect(lambda _count: self._map_drawn())
        state.language_changed.connect(lambda _language: self.retranslate())
        self.retranslate()

    @property
    def order(self) -> tuple[str, ...]:
        if not self.tour.order:
            self.tour.order = tuple(self._order())
        return self.tour.order

    def retranslate(self) -> None:
        self.toolbar.setWindowTitle(self.tr("Guided tour"))
        self.previous_action.setText("◀ " + self.tr("Previous site"))
        self.previous_action.setToolTip(self.tr("Previous site of the tour (← or PageUp on the map or the article)"))
        self.next_action.setText(self.tr("Next site") + " ▶")
        self.next_action.setToolTip(self.tr("Next site, in the order the article names them "
                                            "(→ or PageDown on the map or the article)"))
        self.end_action.setText(self.tr("End the tour"))
        self.end_action.setToolTip(self.tr("End the tour (Home)"))
        self._show_step()

    def _show_step(self) -> None:
        step = self.tour.step
        self.end_action.setEnabled(step is not None)
        if step is None or not self.tour.order:
            self.label.setText(self.tr("Tour of the article"))
            return
        site = self.state.catalog.get(self.tour.site_id)
        name = site.name(self.state.language) if site else ""
        self.label.setText(self.tr("Step %1 of %2: %3").replace("%1", str(step))
                           .replace("%2", str(len(self.order))).replace("%3", name))

    # --- stepping ----------------------------------------------------------------------------------
    def go(self, step: int) -> None:
        """Go to ``step`` (1-based); taken again when it is the current one (the user may have moved)."""
        self.order  # noqa: B018  (made before the step is clamped to it)
        if step == self.tour.step:
            self._apply(step)
        else:
            self.tour.go(step)

    def next(self) -> None:
        self.go(1 if self.tour.step is None else self.tour.step + 1)

    def previous(self) -> None:
        self.go(1 if self.tour.step is None else self.tour.step - 1)

    def end(self) -> None:
        self.tour.end()

    def restore(self, step: int | None) -> None:
        """The step remembered from last time, not applied: its selection and view come back themselves.
        It is shown once the map is drawn (the tour's order is worked out then, off the start-up path)."""
        self.tour.restore(step)

    def _apply(self, step: int | None) -> None:
        site = self.state.catalog.get(self.tour.site_id) if step else None
        if site is not None:
            self._view_pending = not self.map_view.ready
            if not self._view_pending:
                self.state.set_view(self.view_for(site), origin="tour")
            self.state.select_site(site.id)  # after the view: the map need not pan to it first
        self._show_step()
        self.step_shown.emit(step)

    def view_for(self, site: Any) -> Any:
        return step_view(site, (self.map_view.width(), self.map_view.height()))

    def _map_drawn(self) -> None:
        """The view of a step taken before the map was drawn, at the map's size now."""
        self._watch_keys(self.map_view.focusProxy())
        if self.tour.step is not None and not self.tour.order:  # a remembered step
            if self.tour.step > len(self.order):
                self.tour.restore(None)
            self._show_step()
        if self._view_pending and self.tour.site_id:
            self._view_pending = False
            site = self.state.catalog.get(self.tour.site_id)
            if site is not None:
                self.state.set_view(self.view_for(site), origin="tour")

    # --- keys ----------------------------------------------------------------------------------------
    def _watch_keys(self, widget: QWidget | None) -> None:
        if widget is not None and not widget.property("quzhou-tour-keys"):
            widget.setProperty("quzhou-tour-keys", True)
            widget.installEventFilter(self)

    def watch_keys(self, widget: QWidget) -> None:
        """Let the tour's keys work while ``widget`` (the reading panel's text) has the focus."""
        self._watch_keys(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.KeyPress or self.tour.step is None \
                or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return super().eventFilter(watched, event)
        key = event.key()  # Qt.Key's members are looked up here, not at import (PySide makes them slowly)
        if key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown):
            self.next()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp):
            self.previous()
        elif key == Qt.Key.Key_Home:
            self.end()
        else:
            return super().eventFilter(watched, event)
        return True
