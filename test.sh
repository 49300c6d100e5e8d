#!/usr/bin/env bash
# Set up what the tests need (first time only) and run them all, offscreen: bash test.sh [pytest options]
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/bootstrap.sh
# A local PostgreSQL + PostGIS for the PostGIS layer tests (they skip without it, and fail in CI).
bash scripts/start_postgis.sh || echo "test.sh: PostGIS could not be started; its tests will skip" >&2
QT_QPA_PLATFORM=offscreen exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
