#!/usr/bin/env bash
# The README's screenshots, taken with the app's own --screenshot command (offscreen).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs
# Away from the developer's own settings (window layout, language), so the pictures are reproducible.
XDG_CONFIG_HOME=$(mktemp -d)
samples=$(mktemp -d)
export XDG_CONFIG_HOME
trap 'rm -rf "$XDG_CONFIG_HOME" "$samples"' EXIT
shot() { QT_QPA_PLATFORM=offscreen .venv/bin/quzhou-map --overwrite --size 1400x860 --screenshot "docs/$1" "${@:2}" 2>/dev/null; }
# The same at a laptop's and a projector's size (a later --size wins): the panels share one column of tabs.
small() { QT_QPA_PLATFORM=offscreen .venv/bin/quzhou-map --overwrite --screenshot "docs/$1" --size "$2" "${@:3}" 2>/dev/null; }
# Two clearly synthetic user layers (a 10 km grid, random points in a CSV with 经度/纬度): see the script.
.venv/bin/python scripts/make_sample_layers.py "$samples"
for lang in zh en; do
  shot "screenshot-map-$lang.png" --lang "$lang"
  shot "screenshot-selected-$lang.png" --lang "$lang" --select village-yudong
  shot "screenshot-filtered-$lang.png" --lang "$lang" --hide-theme landmark --select gov-gaojia-town
  shot "screenshot-layers-$lang.png" --lang "$lang" --select village-yudong "$samples"/*.gpkg "$samples"/*.csv
  small "screenshot-1024x700-$lang.png" 1024x700 --lang "$lang" --select landmark-xinan-lake --site-labels
  small "screenshot-800x600-$lang.png" 800x600 --lang "$lang"
  shot "screenshot-article-tour-$lang.png" --lang "$lang" --panel article --tour-step 5
  shot "screenshot-figures-$lang.png" --lang "$lang" --panel figures
done
