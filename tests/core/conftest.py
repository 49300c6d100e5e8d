"""Shared fixtures for the Qt-free core tests: the shipped data, and writable copies of it to break."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # so plain `pytest` works as well as `python -m pytest`
    sys.path.insert(0, str(REPO))

GEODATA = REPO / "geodata"
ARTICLE = REPO / "resources" / "article_zh.txt"

#: Every site the article names that the issue requires, by theme file.
REQUIRED_SITE_IDS = {
    "village-yudong", "village-lianhua", "village-xikou", "village-dachen", "village-fangcun",
    "village-xiayu", "park-zhejiang-shidai-lithium", "park-zhizao-xincheng",
    "gov-qujiang-social-governance-centre", "gov-gaojia-town", "landmark-xinan-lake",
    "landmark-zhihui-xincheng", "landmark-southern-confucius-temple", "landmark-china-rural-art-museum",
    "landmark-station-quzhou-xi",
}
CITY_ID = "city-quzhou"


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def file_ids(path: Path) -> set[str]:
    """The properties.id of every feature of a shipped data file (read as plain JSON)."""
    return {f["properties"]["id"] for f in read_json(path)["features"]}


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


class DataCopy:
    """A copy of geodata/ in tmp_path that a test breaks one way."""

    def __init__(self, folder: Path) -> None:
        self.dir = folder

    def path(self, name: str) -> Path:
        return self.dir / name

    def load(self, name: str) -> dict[str, Any]:
        return read_json(self.path(name))

    def save(self, name: str, data: Any) -> None:
        write_json(self.path(name), data)

    def feature(self, data: dict[str, Any], site_id: str) -> dict[str, Any]:
        return next(f for f in data["features"] if f["properties"].get("id") == site_id)

    def edit_feature(self, name: str, site_id: str, change) -> None:
        """Load ``name``, apply ``change(feature)`` to the feature ``site_id``, save."""
        data = self.load(name)
        change(self.feature(data, site_id))
        self.save(name, data)


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
