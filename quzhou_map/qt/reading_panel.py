"""The reading panel: the whole article in a dock beside the map, each mention of a site a link.

It only writes the selection (a click on a mention) and follows it: the selected site's mentions are
highlighted and the first is scrolled to. The layout, the mentions and the translations come from
the core (core/article_layout.py, core/mentions.py); this is their view.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QLabel, QLineEdit, QTextBrowser, QTextEdit,
                               QToolButton, QVBoxLayout, QWidget)

from quzhou_map.core.article_layout import (LINE_ANCHOR, MENTION_SCHEME, READING_CSS, Reading,
                                            reading_html)
from quzhou_map.core.state import AppState

if TYPE_CHECKING:
    from quzhou_map.core.mentions import Mention

MENTION_COLOUR = QColor("#ffe082")
QUOTE_COLOUR = QColor("#c8e6c9")
# Pixels left above a passage scrolled to, so the reader sees what leads to it.
SCROLL_CONTEXT_PX = 48


def reading_labels() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "no_translation": translate("ReadingPanel", "No translation: no fact in the dataset quotes this."),
        "partial_translation": translate("ReadingPanel", "(Only the quoted sentences are translated.)"),
    }


class ReadingPanel(QWidget):
    """The article, find, and the translation beside it; built the first time it is needed."""

    def __init__(self, state: AppState, reading: Callable[[], Reading], parent: Any = None) -> None:
        """``reading``: gives the laid-out article (called once, when the panel is first filled)."""
        super().__init__(parent)
        self.setObjectName("reading")
        self.state = state
        self._reading_source = reading
        self.reading: Reading | None = None
        self._mention_spans: dict[int, tuple[int, int]] = {}  # mention index -> (position, length)
        self._line_positions: dict[int, int] = {}
        self._quote: tuple[int, str] | None = None  # line and quote asked for from the details panel
        self._scroll_target: int | None = None  # the document position last scrolled to
        self.find_box = QLineEdit(self)
        self.find_box.setObjectName("find")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.returnPressed.connect(self.find_next)
        self.find_box.textChanged.connect(lambda _text: self.find_next(restart=True))
        QShortcut(QKeySequence("Shift+Return"), self.find_box, self.find_previous,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.previous_button = QToolButton(self)
        self.previous_button.setArrowType(Qt.ArrowType.UpArrow)
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button = QToolButton(self)
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.next_button.clicked.connect(self.find_next)
        self.find_status = QLabel(self)
        self.translation_box = QCheckBox(self)
        self.translation_box.setObjectName("show-translation")
        self.translation_box.toggled.connect(lambda _on: self.render())
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setVisible(False)
        self.text = QTextBrowser(self)
        self.text.setObjectName("article-text")
        self.text.setOpenLinks(False)
        self.text.document().setDefaultStyleSheet(READING_CSS)
        self.text.anchorClicked.connect(self._on_link)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.find_box, 1)
        for widget in (self.previous_button, self.next_button, self.find_status, self.translation_box):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.text, 1)
        state.selection_changed.connect(lambda _selection: self.show_selection())
        state.language_changed.connect(lambda _language: self.retranslate())
        self.retranslate()

    def retranslate(self) -> None:
        self.find_box.setPlaceholderText(self.tr("Find in the article (Ctrl+F)"))
        self.previous_button.setToolTip(self.tr("Previous match (Shift+Enter)"))
        self.next_button.setToolTip(self.tr("Next match (Enter)"))
        self.translation_box.setText(self.tr("English beside"))
        self.translation_box.setToolTip(self.tr("The dataset's translations of the sentences its facts quote"))
        self.text.setToolTip("")
        if self.reading is not None:
            self._show_summary()
            if self.translation_box.isChecked():
                self.render()

    # --- filling -----------------------------------------------------------------------------------
    def ensure_filled(self) -> None:
        if self.reading is None:
            self.reading = self._reading_source()
            self.render()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if self.reading is None:
            QTimer.singleShot(0, self.ensure_filled)  # after the dock is on screen

    def render(self) -> None:
        """Lay the article out again (the translation shown or not), keeping the reader's place."""
        if self.reading is None:
            return
        top = self.top_line()
        reading = self.reading
        translations = reading.translations if self.translation_box.isChecked() else None
        self.text.setHtml(reading_html(reading.blocks, reading.mentions, translations, reading_labels()))
        self._index_document()
        self._show_summary()
        self._highlight()
        if self._quote is not None:
            self.show_quote(*self._quote)
        elif self.state.selected_id and self.mentions_of(self.state.selected_id):
            self.show_selection()
        elif top:
            self.scroll_to_line(top)

    def _show_summary(self) -> None:
        shown = self.translation_box.isChecked() and self.reading is not None
        self.summary.setVisible(shown)
        if shown:
            whole, part, total = self.reading.translated_count()
            self.summary.setText(self.tr("Translations of the sentences the dataset's facts quote: %1 of the %2 "
                                         "paragraphs and captions whole, %3 in part; the rest have none.")
                                 .replace("%1", str(whole)).replace("%2", str(total)).replace("%3", str(part)))

    def _index_document(self) -> None:
        """Where each mention link and each line's anchor ended up in the document."""
        self._mention_spans, self._line_positions = {}, {}
        prefix, line_prefix = f"{MENTION_SCHEME}:", LINE_ANCHOR.partition("{")[0]
        block = self.text.document().begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                fmt = fragment.charFormat()
                for name in fmt.anchorNames():
                    number = name.removeprefix(line_prefix)
                    if name.startswith(line_prefix) and number.isdigit():
                        self._line_positions.setdefault(int(number), fragment.position())
                href = fmt.anchorHref()
                if href.startswith(prefix) and href[len(prefix):].isdigit():
                    index = int(href[len(prefix):])
                    start, length = self._mention_spans.get(index, (fragment.position(), 0))
                    self._mention_spans[index] = (start, length + fragment.length())
                fragments += 1
            block = block.next()

    # --- mentions and selection ----------------------------------------------------------------------
    def mentions_of(self, site_id: str) -> list[int]:
        """Indexes of the mentions of ``site_id``, in reading order."""
        if self.reading is None:
            return []
        return [i for i, m in enumerate(self.reading.mentions) if site_id in m.site_ids]

    def mention(self, index: int) -> Mention | None:
        return self.reading.mentions[index] if self.reading and 0 <= index < len(self.reading.mentions) else None

    def _on_link(self, url: QUrl) -> None:
        """A click on a mention selects its site; again on a name several sites share, the next of them."""
        if url.scheme() != MENTION_SCHEME or not url.path().isdigit():
            return
        mention = self.mention(int(url.path()))
        if mention is None:
            return
        current = self.state.selected_id
        ids = mention.site_ids
        chosen = ids[(ids.index(current) + 1) % len(ids)] if current in ids else ids[0]
        self._quote = None
        self.state.select_site(chosen)

    def show_selection(self) -> None:
        """Highlight the selected site's mentions and scroll to the first (or to its first quote's line)."""
        if self.reading is None:
            return
        self._quote = None
        self._highlight()
        site = self.state.selected_site
        if site is None:
            return
        indexes = self.mentions_of(site.id)
        if indexes and indexes[0] in self._mention_spans:
            start, length = self._mention_spans[indexes[0]]
            self._scroll_to(self.line_position(self.reading.mentions[indexes[0]].line))  # its paragraph's start,
            if not self.is_visible_in_view(start + length):  # unless the mention is then out of view
                self._scroll_to(start)
        else:
            lines = [fact.line for fact in site.facts if fact.line]
            if lines:
                self.scroll_to_line(min(lines))

    def highlighted(self) -> list[tuple[int, str]]:
        """(line, text) of each mention highlighted now: for the tests and for the curious."""
        site_id = self.state.selected_id
        return [(self.reading.mentions[i].line, self.reading.mentions[i].text)
                for i in (self.mentions_of(site_id) if site_id else []) if i in self._mention_spans]

    def _highlight(self) -> None:
        selections = []
        site_id = self.state.selected_id
        for index in self.mentions_of(site_id) if site_id else []:
            if index in self._mention_spans:
                selections.append(self._selection(*self._mention_spans[index], MENTION_COLOUR))
        if self._quote is not None:
            found = self._find_quote(*self._quote)
            if found is not None:
                selections.append(self._selection(found[0], found[1] - found[0], QUOTE_COLOUR))
        self.text.setExtraSelections(selections)

    def _selection(self, position: int, length: int, colour: QColor) -> QTextEdit.ExtraSelection:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format.setBackground(colour)
        return selection

    # --- lines and quotes ------------------------------------------------------------------------------
    def line_position(self, line: int) -> int | None:
        """Where ``line`` of the file starts in the panel (the nearest shown line before it for a blank one)."""
        shown = [n for n in self._line_positions if n <= line]
        return self._line_positions[max(shown)] if shown else None

    def scroll_to_line(self, line: int) -> None:
        position = self.line_position(line)
        if position is not None:
            self._scroll_to(position)

    def _find_quote(self, line: int, quote: str) -> tuple[int, int] | None:
        start = self.line_position(line)
        if start is None:
            return None
        if not quote:
            block_end = self.text.document().findBlock(start)
            end = block_end.position() + block_end.length() - 1
            later = [at for at in self._line_positions.values() if start < at < end]
            return (start, min(later, default=end))
        found = self.text.document().find(quote, start)
        return (start, start) if found.isNull() else (found.selectionStart(), found.selectionEnd())

    def show_quote(self, line: int, quote: str = "") -> None:
        """Scroll to ``line`` and highlight ``quote`` there (the details panel's "line N" links)."""
        self.ensure_filled()
        self._quote = (line, quote)
        self._highlight()
        found = self._find_quote(line, quote)
        if found is not None:
            self._scroll_to(self.line_position(line))  # the line's start, unless its quote is then out of view
            if not self.is_visible_in_view(found[1]):
                self._scroll_to(found[0])

    def show_line(self, line: int) -> None:
        """The dock at ``line``, that line highlighted (for other panels that cite a line)."""
        dock = self.parentWidget()
        if dock is not None and hasattr(dock, "show_panel"):
            dock.show_panel()
        self.show_quote(line)

    def top_line(self) -> int | None:
        """The line shown at the top of the panel now."""
        if not self._line_positions:
            return None
        position = self.text.cursorForPosition(self.text.viewport().rect().topLeft()).position()
        before = [line for line, at in self._line_positions.items() if at <= position]
        return max(before) if before else min(self._line_positions)

    def _scroll_to(self, position: int) -> None:
        """Put ``position`` near the top of the view (and the find's starting point there)."""
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(position)
        self.text.setTextCursor(cursor)
        self._scroll_target = position
        self._apply_scroll()

    def _apply_scroll(self) -> None:
        position = self._scroll_target
        if position is None or self.reading is None:
            return
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(position)
        bar = self.text.verticalScrollBar()
        bar.setValue(bar.value() + self.text.cursorRect(cursor).top() - SCROLL_CONTEXT_PX)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        QTimer.singleShot(0, self._apply_scroll)  # the layout changed under the passage scrolled to

    def is_visible_in_view(self, position: int) -> bool:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(position)
        return self.text.viewport().rect().contains(self.text.cursorRect(cursor).center())

    # --- find -------------------------------------------------------------------------------------------
    def focus_find(self) -> None:
        self.ensure_filled()
        self.find_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_box.selectAll()

    def find_next(self, restart: bool = False) -> bool:
        return self._find(backward=False, restart=restart)

    def find_previous(self) -> bool:
        return self._find(backward=True)

    def _find(self, backward: bool, restart: bool = False) -> bool:
        """The next (or previous) match of the find box's text, wrapping round at the end."""
        self.ensure_filled()
        self._scroll_target = None
        needle = self.find_box.text()
        document = self.text.document()
        if not needle:
            self.find_status.setText("")
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        cursor = self.text.textCursor()
        if restart:
            cursor.setPosition(cursor.selectionStart())
        found = document.find(needle, cursor, flags)
        if found.isNull():  # wrap round
            edge = QTextCursor(document)
            edge.movePosition(QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start)
            found = document.find(needle, edge, flags)
        if found.isNull():
            self.find_status.setText(self.tr("not found"))
            return False
        self.text.setTextCursor(found)
        self.text.ensureCursorVisible()
        matches = self._match_starts(needle)
        self.find_status.setText(self.tr("%1 of %2").replace("%1", str(matches.index(found.selectionStart()) + 1))
                                 .replace("%2", str(len(matches))))
        return True

    def _match_starts(self, needle: str) -> list[int]:
        starts, cursor = [], QTextCursor(self.text.document())
        while True:
            cursor = self.text.document().find(needle, cursor)
            if cursor.isNull():
                return starts
            starts.append(cursor.selectionStart())
