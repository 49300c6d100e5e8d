#!/usr/bin/env bash
# The README's screenshots, taken with the app's own --screenshot command (offscreen).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs
# Away from the developer's own settings (window layout, language), so the pictures are reproducible.
XDG_CONFIG_HOME=$(mktemp -d)
export XDG_CONFIG_HOME
trap 'rm -rf "$XDG_CONFIG_HOME"' EXIT
shot() { QT_QPA_PLATFORM=offscreen .venv/bin/quzhou-map --size 1400x860 --screenshot "docs/$1" "${@:2}" 2>/dev/null; }
for lang in zh en; do
  shot "screenshot-map-$lang.png" --lang "$lang"
  shot "screenshot-selected-$lang.png" --lang "$lang" --select village-yudong
  shot "screenshot-filtered-$lang.png" --lang "$lang" --hide-theme landmark --select gov-gaojia-town
done
