"""Interface language: Qt translation files (.qm) built from resources/i18n/*.ts, switched live."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from quzhou_map.core.paths import translations_dir


def system_language() -> str:
    """'zh' when the system locale is Chinese, else 'en'."""
    return "zh" if QLocale.system().language() == QLocale.Language.Chinese else "en"


class LanguageSwitcher:
    """Installs the translator for a language; Qt then sends LanguageChange to every widget."""

    def __init__(self) -> None:
        self._translator: QTranslator | None = None

    def apply(self, language: str) -> bool:
        app = QCoreApplication.instance()
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        if language == "en":  # the sources are in English
            return True
        translator = QTranslator(app)
        if not translator.load(str(translations_dir() / f"quzhou_map_{language}.qm")):
            return False
        app.installTranslator(translator)
        self._translator = translator
        return True
