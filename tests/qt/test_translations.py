"""The Chinese translation covers every interface string, and the shipped .qm is built from it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.conftest import REPO

I18N = REPO / "resources" / "i18n"
BIN = Path(sys.executable).parent


def test_ts_is_complete_and_up_to_date_with_the_sources(tmp_path: Path) -> None:
    copy = tmp_path / "quzhou_map_zh.ts"
    shutil.copy(I18N / "quzhou_map_zh.ts", copy)
    sources = sorted(str(p) for p in (REPO / "quzhou_map" / "qt").glob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), "-no-obsolete", "-locations", "none", *sources, "-ts", str(copy)],
                   check=True, capture_output=True)
    messages = list(ET.parse(copy).iter("message"))
    assert len(messages) >= 40
    unfinished = [m.findtext("source") for m in messages if m.find("translation").get("type") == "unfinished"]
    assert unfinished == [], f"strings without a Chinese translation: {unfinished}"
    assert copy.read_bytes() == (I18N / "quzhou_map_zh.ts").read_bytes(), "run scripts/update_translations.sh"


def test_qm_is_built_from_the_ts(tmp_path: Path) -> None:
    built = tmp_path / "built.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), str(I18N / "quzhou_map_zh.ts"), "-qm", str(built)],
                   check=True, capture_output=True)
    assert built.read_bytes() == (I18N / "quzhou_map_zh.qm").read_bytes()


def test_the_default_language_follows_the_system_locale() -> None:
    import os

    code = "from quzhou_map.qt.i18n import system_language; print(system_language())"
    for locale, expected in (("zh_CN.UTF-8", "zh"), ("en_GB.UTF-8", "en"), ("C.UTF-8", "en")):
        env = {**os.environ, "LC_ALL": locale, "LANG": locale, "LANGUAGE": ""}
        result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        assert result.stdout.strip() == expected, locale


def test_qts_own_dialogs_speak_chinese_too(qapp) -> None:
    from PySide6.QtCore import QCoreApplication

    from quzhou_map.qt.i18n import LanguageSwitcher

    switcher = LanguageSwitcher()
    try:
        assert switcher.apply("zh")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # a progress dialog's button
    finally:
        switcher.apply("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_names_from_files_show_as_written_where_qt_takes_rich_text() -> None:
    from PySide6.QtGui import QTextDocument

    from quzhou_map.qt.plain_text import as_rich_text

    for text in ("<img src=x>.gpkg", "Bob's & Co", "<b>bold</b>\nsecond line"):
        document = QTextDocument()
        document.setHtml(as_rich_text(text))
        assert document.toPlainText() == text
