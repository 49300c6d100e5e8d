#!/usr/bin/env bash
# Refresh the translation source (.ts) from the Qt layer's tr() calls, then build the .qm the app loads.
# Translate new strings in resources/i18n/*.ts (pyside6-linguist) between the two steps.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PYTHON_BIN:-.venv/bin}
"$bin/pyside6-lupdate" -no-obsolete -locations none quzhou_map/qt/*.py -ts resources/i18n/quzhou_map_zh.ts
"$bin/pyside6-lrelease" resources/i18n/quzhou_map_zh.ts -qm resources/i18n/quzhou_map_zh.qm
# Qt's own strings that its Chinese catalogue lacks (edited by hand: no tr() of ours produces them)
"$bin/pyside6-lrelease" resources/i18n/qt_supplement_zh.ts -qm resources/i18n/qt_supplement_zh.qm
