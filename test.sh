#!/usr/bin/env bash
# Set up what the tests need (first time only) and run them all, offscreen: bash test.sh [pytest options]
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/bootstrap.sh
QT_QPA_PLATFORM=offscreen exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
