"""Fixtures for the Qt-free core tests: the shipped data, validated once, and writable copies of it to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core_support import ARTICLE, GEODATA, DataCopy, file_ids


@pytest.fixture
def data_copy(tmp_path: Path) -> DataCopy:
    target = tmp_path / "geodata"
    shutil.copytree(GEODATA, target)
    return DataCopy(target)


@pytest.fixture(scope="session")
def article_text() -> str:
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shipped_report():
    """The validator's report on the shipped geodata/ (validated once per session)."""
    from quzhou_map.core.validation import validate

    return validate([GEODATA])


@pytest.fixture(scope="session")
def shipped_catalog(shipped_report):
    from quzhou_map.core.catalog import SiteCatalog

    return SiteCatalog(tuple(shipped_report.sites), shipped_report.city,
                       tuple(str(p) for p in shipped_report.problems))


@pytest.fixture(scope="session")
def all_site_ids() -> set[str]:
    """Every site id in the shipped theme files (not the city record), read as plain JSON."""
    from quzhou_map.core.themes import THEMES

    ids: set[str] = set()
    for theme in THEMES:
        ids |= file_ids(GEODATA / theme.file_name)
    return ids
