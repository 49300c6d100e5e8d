"""A fact as a citation to paste elsewhere: the quote as printed, its translation, and where it stands."""

from __future__ import annotations

from collections.abc import Mapping

from quzhou_map.core.article import ARTICLE_PUBLICATION, ARTICLE_TITLE
from quzhou_map.core.model import Fact, Site

#: Label keys the caller must translate ("line" has {line}).
LABEL_KEYS = ("line", "caption")


def fact_citation(site: Site, fact: Fact, labels: Mapping[str, str]) -> str:
    """Plain text: the site, the quote, its translation, then the article, its date, section and line."""
    where = [ARTICLE_TITLE, ARTICLE_PUBLICATION, fact.section]
    if fact.line:
        where.append(labels["line"].format(line=fact.line))
    if fact.is_caption:
        where.append(labels["caption"])
    return "\n".join([
        f"{site.name_zh} ({site.name_en})",
        f"「{fact.quote}」",
        fact.translation,
        "— " + ", ".join(where),
    ])
