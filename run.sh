#!/usr/bin/env bash
# Set up what the app needs (first time only) and start it: bash run.sh [quzhou-map options]
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/bootstrap.sh --x11
exec .venv/bin/quzhou-map "$@"
