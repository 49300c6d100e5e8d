"""The article laid out for reading: headline, headings, paragraphs and photo captions as printed, with the
dataset's translations beside the paragraphs its quotes cover and every mention of a site a link.

The text file keeps the newspaper's page breaks: a photo caption can stand between the two halves of
a sentence (line 27 "…人均可", caption on line 31, line 35 "支配收入…"). A paragraph that does not end a
sentence therefore goes on in the next one, and the captions met on the way follow it, set apart.
Every piece keeps its line number, so "line N" in the details panel finds it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, NamedTuple

from quzhou_map.core.article import ARTICLE_TITLE, CAPTION_PREFIX, SECTION_HEADINGS, Article
from quzhou_map.core.model import Site

if TYPE_CHECKING:
    from quzhou_map.core.mentions import Mention

#: What a paragraph that ends a sentence ends with.
SENTENCE_ENDS = "。！？!?…”’」』)）"
#: Marks of a photo's or a chart's credit line.
CREDIT_MARKS = ("供图", "制图", "摄")
#: Label keys the caller must translate.
LABEL_KEYS = ("no_translation", "partial_translation")
#: The anchor before each line's first character, for scrolling to "line N".
LINE_ANCHOR = "line-{line}"
#: The link of a mention: its index in the list of mentions.
MENTION_SCHEME = "mention"


class Piece(NamedTuple):
    """Text as printed on one line of the file, from ``column`` on."""

    line: int
    column: int
    text: str


class Block(NamedTuple):
    """One thing to show: "headline", "heading", "byline", "text", "caption" or "credit"."""

    kind: str
    pieces: tuple[Piece, ...]

    @property
    def lines(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(piece.line for piece in self.pieces))

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)


class BlockTranslation(NamedTuple):
    """The dataset's translations of the sentences a block's quotes cover, in reading order, and whether
    they cover all of it (``sentences`` empty: the facts quote none of it)."""

    sentences: tuple[str, ...]
    complete: bool


def _kind(text: str) -> str:
    if text == ARTICLE_TITLE:
        return "headline"
    if text in SECTION_HEADINGS:
        return "heading"
    if text.startswith(CAPTION_PREFIX):
        return "caption"
    if text.startswith("数据来源") or any(text.endswith(mark) for mark in CREDIT_MARKS):
        return "credit"
    if "记者" in text and (text.startswith("本报记者") or text.startswith("(")):
        return "byline"
    return "text"


def _line_blocks(article: Article) -> list[Block]:
    """One block per printed line; a caption with its credit on the same line becomes two."""
    blocks: list[Block] = []
    for number, line in enumerate(article.lines, start=1):
        text = line.strip()
        if not text:
            continue
        column = line.index(text)
        kind = _kind(text)
        end = text.find("。") + 1
        if kind == "caption" and 0 < end < len(text) and _kind(text[end:]) == "credit":
            blocks.append(Block("caption", (Piece(number, column, text[:end]),)))
            blocks.append(Block("credit", (Piece(number, column + end, text[end:]),)))
        else:
            blocks.append(Block(kind, (Piece(number, column, text),)))
    return blocks


def _ends_sentence(block: Block) -> bool:
    return block.kind != "text" or block.text.endswith(tuple(SENTENCE_ENDS))


def article_blocks(article: Article) -> list[Block]:
    """The article in reading order: a paragraph broken by a page break or a caption is joined again, and
    the captions and credits that stood inside it follow it."""
    blocks: list[Block] = []
    unfinished: Block | None = None  # a paragraph whose sentence goes on
    aside: list[Block] = []  # captions and credits met inside that sentence
    for block in _line_blocks(article):
        if unfinished is not None:
            if block.kind in ("caption", "credit"):
                aside.append(block)
                continue
            if block.kind == "text":
                block = Block("text", unfinished.pieces + block.pieces)
            else:  # a heading: the paragraph ends unfinished
                blocks.append(unfinished)
            unfinished = None
            if not _ends_sentence(block):
                unfinished = block
                continue
            blocks.append(block)
            blocks += aside
            aside = []
            continue
        if not _ends_sentence(block):
            unfinished = block
            continue
        blocks.append(block)
    if unfinished is not None:
        blocks.append(unfinished)
    return blocks + aside


def _passages(article: Article, sites: Iterable[Site]) -> list[tuple[int, int, int, str]]:
    """(line, start, end, translation) of every fact's quote, where it stands in the article."""
    found = []
    for site in sites:
        for fact in site.facts:
            line = fact.line
            if not (line and fact.quote in article.lines[line - 1]):
                location = article.locate(fact.quote, fact.section)
                line = location.line if location else 0
            if line and fact.translation:
                start = article.lines[line - 1].find(fact.quote)
                found.append((line, start, start + len(fact.quote), fact.translation))
    return found


def _covered(piece: Piece, start: int, end: int) -> bool:
    return piece.column <= start and end <= piece.column + len(piece.text)


def block_translations(article: Article, blocks: Sequence[Block], sites: Iterable[Site]) -> list[BlockTranslation]:
    """For each block, what the facts (of ``sites``, the city record among them) translate of it."""
    passages = sorted(_passages(article, sites), key=lambda p: (p[0], p[1], -p[2]))
    result = []
    for block in blocks:
        sentences: list[str] = []
        untranslated = 0
        for piece in block.pieces:
            taken: list[tuple[int, int]] = []
            for line, start, end, translation in passages:
                if line == piece.line and _covered(piece, start, end) and \
                        not any(s <= start and end <= e for s, e in taken):  # the same sentence, quoted again
                    taken.append((start, end))
                    sentences.append(translation)
            covered = {i for s, e in taken for i in range(s, e)}
            untranslated += sum(1 for i, char in enumerate(piece.text, start=piece.column)
                                if i not in covered and char.isalnum())
        result.append(BlockTranslation(tuple(sentences), untranslated == 0))
    return result


def _piece_html(piece: Piece, mentions: Sequence[tuple[int, Mention]]) -> str:
    """The piece's text, escaped, each mention in it a link named by its index."""
    out, at = [], piece.column
    end = piece.column + len(piece.text)
    for index, mention in mentions:
        if mention.line == piece.line and at <= mention.column and mention.column + len(mention.text) <= end:
            out.append(escape(piece.text[at - piece.column:mention.column - piece.column]))
            out.append(f'<a class="mention" href="{MENTION_SCHEME}:{index}">{escape(mention.text)}</a>')
            at = mention.column + len(mention.text)
    out.append(escape(piece.text[at - piece.column:]))
    return "".join(out)


def _translation_html(translation: BlockTranslation | None, labels: Mapping[str, str]) -> str:
    if translation is None:
        return ""
    if not translation.sentences:
        return f'<span class="none">{escape(labels["no_translation"])}</span>'
    text = " ".join(escape(sentence) for sentence in translation.sentences)
    if not translation.complete:
        text += f' <span class="none">{escape(labels["partial_translation"])}</span>'
    return text


def reading_html(blocks: Sequence[Block], mentions: Sequence[Mention],
                 translations: Sequence[BlockTranslation] | None, labels: Mapping[str, str]) -> str:
    """The article as one table: line numbers, the text, and (``translations`` given) the English beside
    each paragraph and caption. Each line starts with the anchor ``line-N``."""
    indexed = list(enumerate(mentions))
    anchored: set[int] = set()
    rows = []
    for number, block in enumerate(blocks):
        parts = []
        for piece in block.pieces:
            if piece.line not in anchored:
                anchored.add(piece.line)
                marker = f'<span class="ln">{piece.line}</span> ' if piece is not block.pieces[0] else ""
                parts.append(f'<a name="{LINE_ANCHOR.format(line=piece.line)}"></a>{marker}')
            parts.append(_piece_html(piece, [m for m in indexed if m[1].line == piece.line]))
        cells = [f'<td class="num" align="right" valign="top">{block.pieces[0].line}</td>',
                 f'<td class="{block.kind}" valign="top" lang="zh-CN">{"".join(parts)}</td>']
        if translations is not None:
            shown = translations[number] if block.kind in ("text", "caption") else None
            cells.append(f'<td class="en" valign="top" lang="en">{_translation_html(shown, labels)}</td>')
        rows.append(f'<tr class="{block.kind}">{"".join(cells)}</tr>')
    widths = '<col width="30"><col width="55%"><col width="45%">' if translations is not None else ""
    return f'<table width="100%" cellspacing="0" cellpadding="4">{widths}{"".join(rows)}</table>'


READING_CSS = """
td.num { color: #9e9e9e; font-size: 10px; }
td.headline { font-size: 17px; font-weight: bold; padding-top: 8px; }
td.heading { font-size: 15px; font-weight: bold; padding-top: 14px; }
td.byline, td.credit { color: #757575; font-size: 11px; }
td.caption { background-color: #eef1f3; color: #37474f; font-size: 12px; }
td.text { font-size: 14px; }
td.en { color: #37474f; font-size: 12px; }
span.none { color: #9e9e9e; font-style: italic; }
span.ln { color: #9e9e9e; font-size: 9px; }
a.mention { color: #0b57a4; text-decoration: none; }
"""


class Reading(NamedTuple):
    """Everything the reading panel and the tour need, computed once from the article and the sites."""

    blocks: tuple[Block, ...]
    mentions: tuple[Mention, ...]
    translations: tuple[BlockTranslation, ...]

    def translated_count(self) -> tuple[int, int, int]:
        """Paragraphs and captions translated whole, translated in part, and all of them."""
        shown = [t for b, t in zip(self.blocks, self.translations, strict=True) if b.kind in ("text", "caption")]
        whole = sum(1 for t in shown if t.sentences and t.complete)
        return whole, sum(1 for t in shown if t.sentences) - whole, len(shown)


def build_reading(article: Article, sites: Sequence[Site], city: Site | None = None) -> Reading:
    """The article's blocks, every mention of ``sites``, and what the facts (the city's too) translate."""
    from quzhou_map.core.mentions import find_mentions

    blocks = article_blocks(article)
    with_city = [*sites, *([city] if city else [])]
    return Reading(tuple(blocks), tuple(find_mentions(article, sites)),
                   tuple(block_translations(article, blocks, with_city)))
