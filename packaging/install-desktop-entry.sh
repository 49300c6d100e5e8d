#!/bin/sh
# Put quzhou-map in your desktop's application menu (for you only): the .desktop entry, its icon, and a
# `quzhou-map` command in ~/.local/bin, all pointing at this folder. Run it again after moving the folder.
# Undo: rm ~/.local/share/applications/quzhou-map.desktop ~/.local/share/icons/hicolor/scalable/apps/quzhou-map.svg ~/.local/bin/quzhou-map
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$data/applications" "$data/icons/hicolor/scalable/apps" "$HOME/.local/bin"
cp "$here/quzhou-map.svg" "$data/icons/hicolor/scalable/apps/quzhou-map.svg"
sed -e "s|^Exec=quzhou-map|Exec=\"$here/quzhou-map\"|" -e "s|^TryExec=quzhou-map|TryExec=$here/quzhou-map|" \
  "$here/quzhou-map.desktop" > "$data/applications/quzhou-map.desktop"
ln -sf "$here/quzhou-map" "$HOME/.local/bin/quzhou-map"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$data/applications" || true
echo "installed: $data/applications/quzhou-map.desktop, the icon, and ~/.local/bin/quzhou-map -> $here/quzhou-map"
