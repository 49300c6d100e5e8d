"""The article itself, as the app carries it, opened at the line a quote stands on."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QTextEdit, QVBoxLayout

from quzhou_map.core.article import ARTICLE_PUBLICATION, ARTICLE_TITLE, shipped_article
from quzhou_map.core.paths import article_path


class ArticleDialog(QDialog):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("article")
        self.resize(760, 640)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setPlainText(shipped_article().text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.setWindowTitle(f"{ARTICLE_TITLE} — {ARTICLE_PUBLICATION}")
        self.setToolTip(str(article_path()))
        self.highlighted = ""

    def show_quote(self, line: int, quote: str = "") -> None:
        """Scroll to ``line`` (1-based) and highlight ``quote`` in it (the whole line without one)."""
        block = self.text.document().findBlockByNumber(max(0, line - 1))
        cursor = QTextCursor(block)
        start = block.text().find(quote) if quote else -1
        if start >= 0:
            cursor.setPosition(block.position() + start)
            cursor.setPosition(block.position() + start + len(quote), QTextCursor.MoveMode.KeepAnchor)
        else:
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format.setBackground(self.palette().highlight().color().lighter(160))
        self.text.setExtraSelections([selection])
        self.text.setTextCursor(QTextCursor(block))
        self.text.centerCursor()
        self.highlighted = cursor.selectedText()
