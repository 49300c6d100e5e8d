#!/usr/bin/env bash
# Install what a fresh Debian 12 lacks for quzhou-map, then the project itself into .venv/.
# Idempotent and quick when everything is already there.
#   bash scripts/bootstrap.sh          # libraries for tests (offscreen) and the app
#   bash scripts/bootstrap.sh --x11    # also the libraries for a real X11 display (xcb)
set -euo pipefail
cd "$(dirname "$0")/.."

# QtWebEngine + the offscreen platform, a CJK font (else every Chinese glyph is a box), Python venv.
DEBS=(libasound2 libbrotli1 libdbus-1-3 libegl1 libfontconfig1 libfreetype6 libgbm1 libgl1 libglib2.0-0
      libnspr4 libnss3 libx11-6 libxcb-dri3-0 libxcb1 libxcomposite1 libxdamage1 libxext6 libxfixes3
      libxkbcommon0 libxkbfile1 libxrandr2 libxtst6 fonts-wqy-microhei python3-venv)
X11_DEBS=(libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
          libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1
          libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0)
# PyInstaller (scripts/build_bundle.sh, which the tests run) reads libraries' dependencies with objdump.
DEBS+=(binutils)
# A real browser for the exported page's tests (tests/test_story_page.py drives it headless, offline).
DEBS+=(chromium)
[[ "${1:-}" == "--x11" ]] && DEBS+=("${X11_DEBS[@]}")

missing=()
for deb in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$deb" 2>/dev/null | grep -q "install ok installed" || missing+=("$deb")
done
if ((${#missing[@]})); then
  echo "installing Debian packages: ${missing[*]}"
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The page's third-party scripts (gcoord for GCJ-02), from npm by the committed lockfile.
if ! command -v npm >/dev/null; then
  echo "installing Debian packages: npm"
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends npm >/dev/null
fi
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --omit=dev --no-audit --no-fund --loglevel=error
fi

PYTHON=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.quzhou-map-installed
if [[ ! -f $stamp || pyproject.toml -nt $stamp ]]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  touch "$stamp"
fi
# Bytecode for the project's own modules, as pip makes for any installed wheel: an editable install
# runs from the sources, and where PYTHONDONTWRITEBYTECODE is set every start would compile them
# again (~15 ms of a ~240 ms start-up floor). Stale files are simply ignored by Python.
.venv/bin/python -m compileall -q quzhou_map >/dev/null
