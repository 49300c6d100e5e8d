"""The article the app quotes: its text, its sections, and where a quote stands in it."""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from quzhou_map.core.paths import article_path

#: Section headings exactly as printed, in order of appearance.
SECTION_HEADINGS: tuple[str, ...] = (
    "衢州:奋力建设四省边际共同富裕示范区",
    "衢州余东村 从农民画到 未来乡村",
    "数说衢州这五年",
    "社会治理中心 探索实践 基层“智”治",
)
ARTICLE_TITLE = "闪亮“浙”五年·迎接省第十五次党代会特别报道·衢州篇"
ARTICLE_PUBLICATION = "浙江日报 Zhejiang Daily, June 2022"
CAPTION_PREFIX = "图为"


class QuoteLocation(NamedTuple):
    """Where a quote stands: 1-based line, the section heading above it, and whether it is a caption."""

    line: int
    section: str
    is_caption: bool


class Article:
    """The article text with line and section look-ups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self._line_starts: list[int] = []
        offset = 0
        for line in self.lines:
            self._line_starts.append(offset)
            offset += len(line) + 1
        self._heading_lines: list[tuple[int, str]] = []
        seen: set[str] = set()
        for number, line in enumerate(self.lines, start=1):
            heading = line.strip()
            if heading in SECTION_HEADINGS and heading not in seen:
                seen.add(heading)
                self._heading_lines.append((number, heading))

    @classmethod
    def from_file(cls, path: Path) -> Article:
        return cls(path.read_text(encoding="utf-8"))

    def section_at(self, line: int) -> str:
        """The heading of the section a line stands in (the last heading at or above it)."""
        section = self._heading_lines[0][1] if self._heading_lines else ""
        for heading_line, heading in self._heading_lines:
            if heading_line <= line:
                section = heading
        return section

    def locate(self, quote: str, section: str | None = None) -> QuoteLocation | None:
        """Find ``quote`` as an exact substring on a single line; None when it is not in the article.

        A quote printed more than once is placed where it stands in ``section`` when given."""
        if not quote or "\n" in quote:
            return None
        found: list[QuoteLocation] = []
        index = self.text.find(quote)
        while index >= 0:
            line = self._line_of(index)
            is_caption = self.lines[line - 1].lstrip().startswith(CAPTION_PREFIX)
            found.append(QuoteLocation(line, self.section_at(line), is_caption))
            index = self.text.find(quote, index + 1)
        return next((f for f in found if f.section == section), found[0] if found else None)

    def _line_of(self, index: int) -> int:
        return bisect_right(self._line_starts, index)

    def missing_headings(self) -> list[str]:
        found = {h for _, h in self._heading_lines}
        return [h for h in SECTION_HEADINGS if h not in found]


@lru_cache(maxsize=1)
def shipped_article() -> Article:
    """The copy of the article the app carries under resources/."""
    return Article.from_file(article_path())
