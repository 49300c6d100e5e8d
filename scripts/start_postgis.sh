#!/usr/bin/env bash
# Install (first time only) and start a local PostgreSQL 15 + PostGIS 3 for the PostGIS layer tests, and make
# their role and database. Idempotent and quick (< 1 s) when all is there already. Debian 12; root or sudo.
#   bash scripts/start_postgis.sh
# The server listens on localhost only (Debian's default listen_addresses); the tests connect over TCP as
#   role quzhou, password quzhou-test, database quzhou_test (PostGIS enabled): a throw-away test database.
# Override with QUZHOU_PG_PORT / QUZHOU_PG_USER / QUZHOU_PG_PASSWORD / QUZHOU_PG_DB (the tests read them too).
set -euo pipefail

PORT=${QUZHOU_PG_PORT:-5432}
ROLE=${QUZHOU_PG_USER:-quzhou}
PASSWORD=${QUZHOU_PG_PASSWORD:-quzhou-test}
DB=${QUZHOU_PG_DB:-quzhou_test}
sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"

missing=()
for deb in postgresql-15 postgresql-15-postgis-3; do
  dpkg-query -W -f='${Status}' "$deb" 2>/dev/null | grep -q "install ok installed" || missing+=("$deb")
done
if ((${#missing[@]})); then
  echo "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  # policy-rc.d-less containers: the package's own start attempt may fail; the cluster is started below.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! pg_lsclusters -h 2>/dev/null | awk '$1 == 15 && $2 == "main"' | grep -q .; then
  $sudo pg_createcluster 15 main >/dev/null
fi
if ! pg_lsclusters -h | awk '$1 == 15 && $2 == "main" {print $4}' | grep -q online; then
  $sudo pg_ctlcluster 15 main start
fi

as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
psql_super() { as_postgres psql -p "$PORT" -X -q -v ON_ERROR_STOP=1 "$@"; }

if [[ $(psql_super -tA -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'") != 1 ]]; then
  psql_super -c "CREATE ROLE \"$ROLE\" LOGIN CREATEDB PASSWORD '$PASSWORD'"
fi
if [[ $(psql_super -tA -c "SELECT 1 FROM pg_database WHERE datname = '$DB'") != 1 ]]; then
  psql_super -c "CREATE DATABASE \"$DB\" OWNER \"$ROLE\""
fi
psql_super -d "$DB" -c "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS postgis"
echo "PostGIS ready: postgresql://$ROLE@localhost:$PORT/$DB"
