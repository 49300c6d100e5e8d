"""Interface language: Qt translation files (.qm) built from resources/i18n/*.ts, switched live.

Qt's own strings (the file and colour dialogs, a progress dialog's Cancel) come from the
``qtbase_zh_CN.qm`` that the PySide6 wheel ships, loaded beside ours.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from quzhou_map.core.paths import translations_dir


def system_language() -> str:
    """'zh' when the system locale is Chinese, else 'en'."""
    return "zh" if QLocale.system().language() == QLocale.Language.Chinese else "en"


class LanguageSwitcher:
    """Installs the translators for a language; Qt then sends LanguageChange to every widget."""

    def __init__(self) -> None:
        self._translators: list[QTranslator] = []

    def apply(self, language: str) -> bool:
        """True when the app's own translation for ``language`` was found (Qt's is optional)."""
        app = QCoreApplication.instance()
        for translator in self._translators:
            app.removeTranslator(translator)
        self._translators = []
        if language == "en":  # the sources are in English
            return True
        ours = QTranslator(app)
        if not ours.load(str(translations_dir() / f"quzhou_map_{language}.qm")):
            return False
        qt_own = QTranslator(app)
        if qt_own.load(f"qtbase_{language}_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt_own)
            self._translators.append(qt_own)
        app.installTranslator(ours)
        self._translators.append(ours)
        return True
