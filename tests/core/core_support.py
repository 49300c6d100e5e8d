"""Helpers shared by the core tests: paths of the shipped data, JSON I/O, digests, and a breakable copy."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

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
    "landmark-station-quzhou-xi", "landmark-station-longyou-bei", "landmark-station-qujiang",
    "landmark-station-jiangshan",
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


