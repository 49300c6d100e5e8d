"""Interface language: Qt translation files (.qm) built from resources/i18n/*.ts, switched live.

Qt's own strings (the file and colour dialogs, a progress dialog's Cancel, the text fields' context menus)
come from the ``qtbase_zh_CN.qm`` and ``qtwebengine_zh_CN.qm`` that the PySide6 wheel ships, loaded beside
ours, and from ``qt_supplement_zh.qm``: the few of Qt 6's strings that Qt's own Chinese lacks.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from quzhou_map.core.paths import translations_dir


def system_language() -> str:
    """'zh' when the system locale is Chinese, else 'en'."""
    return "zh" if QLocale.system().language() == QLocale.Language.Chinese else "en"


#: Qt's own catalogues, from the PySide6 installation, and ours for what they lack ("zh" → "qtbase_zh_CN").
QT_CATALOGUES = ("qtbase", "qtwebengine")
QT_SUPPLEMENT = "qt_supplement"


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
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        catalogues = [(f"{name}_{language}_CN", qt_dir) for name in QT_CATALOGUES]
        catalogues.append((f"{QT_SUPPLEMENT}_{language}", str(translations_dir())))
        for name, folder in catalogues:  # optional: a missing one leaves those strings in English
            qt_own = QTranslator(app)
            if qt_own.load(name, folder):
                app.installTranslator(qt_own)
                self._translators.append(qt_own)
        app.installTranslator(ours)
        self._translators.append(ours)
        return True
