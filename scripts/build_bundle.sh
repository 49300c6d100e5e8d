#!/usr/bin/env bash
# Build quzhou-map as one folder with everything inside: dist/quzhou-map/ (run dist/quzhou-map/quzhou-map).
# Installs what is missing first (scripts/bootstrap.sh, then the pinned PyInstaller of the `bundle` extra).
#   bash scripts/build_bundle.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# --x11: the libraries a real X11 display needs (libxcb-cursor0...) are then on this machine and go into the
# bundle, so it needs no more from the user's system than a Linux desktop has.
bash scripts/bootstrap.sh --x11
stamp=.venv/.quzhou-map-bundle-installed
if [[ ! -f $stamp || pyproject.toml -nt $stamp ]]; then
  # Only the extra's own pins: the project itself is already installed (editable) by bootstrap.sh.
  mapfile -t pins < <(.venv/bin/python -c 'import tomllib
for pin in tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["bundle"]: print(pin)')
  .venv/bin/python -m pip install -q "${pins[@]}"
  touch "$stamp"
fi
start=$SECONDS
.venv/bin/python -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
  packaging/quzhou-map.spec
echo "built dist/quzhou-map/ ($(du -sh dist/quzhou-map | cut -f1)) in $((SECONDS - start)) s; run dist/quzhou-map/quzhou-map"
