"""A real PostGIS server for the PostGIS layer tests (started by scripts/start_postgis.sh, which test.sh runs).

The tables live in a schema of this test session's own (its name needs quoting), dropped at the end, so runs
side by side on one server do not meet. Without a server the tests skip, saying why; in CI (CI=true) they fail.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from typing import Any, NamedTuple

import pytest

HOST = os.environ.get("QUZHOU_PG_HOST", "localhost")
PORT = int(os.environ.get("QUZHOU_PG_PORT", "5432"))
USER = os.environ.get("QUZHOU_PG_USER", "quzhou")
PASSWORD = os.environ.get("QUZHOU_PG_PASSWORD", "quzhou-test")
DBNAME = os.environ.get("QUZHOU_PG_DB", "quzhou_test")
BIG_ROWS = 100_000
#: Points inside Quzhou, lon/lat WGS-84.
SHOPS = [("衢州 shop", "cafe", 1, 12.5, 118.87, 28.94), ("柯城 shop", "bakery", 2, 3.25, 118.95, 28.97),
         ("江山 shop", "cafe", 3, None, 118.62, 28.74)]


class Server(NamedTuple):
    """Where the test server is, and this session's schema and PostGIS-less database on it."""

    schema: str
    plain_db: str

    def url(self, table: str, user: str = USER, **query: str) -> str:
        from urllib.parse import quote, urlencode

        extra = "".join(f"&{urlencode({k: v}, quote_via=quote)}" for k, v in query.items())
        return f"postgresql://{user}@{HOST}:{PORT}/{DBNAME}?table={quote(self.schema)}.{quote(table)}{extra}"

    def connection(self, password: str | None = PASSWORD, **changes: Any) -> Any:
        from quzhou_map.core.user_data.postgis import Connection

        return Connection(HOST, PORT, DBNAME, USER, password)._replace(**changes)


def _unreachable() -> str | None:
    """Why the server cannot be used (None: it can)."""
    import psycopg

    try:
        with psycopg.connect(host=HOST, port=PORT, dbname=DBNAME, user=USER, password=PASSWORD, connect_timeout=5):
            return None
    except psycopg.Error as error:
        return f"no PostGIS test server at {USER}@{HOST}:{PORT}/{DBNAME} ({str(error).strip().splitlines()[-1]}); " \
               "start it with: bash scripts/start_postgis.sh"


def free_port() -> int:
    """A local port nothing listens on (a server that is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _execute(dbname: str, *statements: Any, autocommit: bool = True) -> None:
    import psycopg

    with psycopg.connect(host=HOST, port=PORT, dbname=dbname, user=USER, password=PASSWORD,
                         autocommit=autocommit) as conn:
        for statement in statements:
            conn.execute(*statement) if isinstance(statement, tuple) else conn.execute(statement)


def _create_tables(schema: str) -> None:
    from psycopg import sql

    s = sql.Identifier(schema)
    shops = [(name, kind, n, price, f"POINT({x} {y})") for name, kind, n, price, x, y in SHOPS]
    _execute(
        DBNAME,
        sql.SQL("CREATE SCHEMA {}").format(s),
        sql.SQL("CREATE TABLE {}.shops (id serial PRIMARY KEY, name text, kind varchar(20), n integer, "
                "price numeric(8, 2), opened date DEFAULT '2022-06-01', tags text[] DEFAULT '{{a,b}}', "
                "geom geometry(Point, 4326))").format(s),
        *[(sql.SQL("INSERT INTO {}.shops (name, kind, n, price, geom) "
                   "VALUES (%s, %s, %s, %s, ST_GeomFromText(%s, 4326))").format(s), row) for row in shops],
        sql.SQL("CREATE TABLE {}.parks (name text, geom geometry(MultiPolygon, 4326))").format(s),
        sql.SQL("INSERT INTO {}.parks VALUES ('Kecheng park', ST_Multi(ST_MakeEnvelope(118.86, 28.93, 118.88, "
                "28.95, 4326))), ('Qujiang park', ST_Multi(ST_MakeEnvelope(118.90, 28.96, 118.93, 28.99, 4326)))"
                ).format(s),
        sql.SQL("CREATE TABLE {}.big (n integer, name text, geom geometry(Point, 4326))").format(s),
        (sql.SQL("INSERT INTO {}.big SELECT i, 'point ' || i, ST_SetSRID(ST_MakePoint(118.6 + (i %% 1000) * 0.0005, "
                 "28.7 + (i / 1000) * 0.005), 4326) FROM generate_series(0, %s - 1) AS i").format(s), (BIG_ROWS,)),
        sql.SQL("ANALYZE {}.big").format(s),
        sql.SQL("CREATE TABLE {}.mercator (name text, geom geometry(Point, 3857))").format(s),
        sql.SQL("INSERT INTO {}.mercator SELECT name, ST_Transform(geom, 3857) FROM {}.shops").format(s, s),
        sql.SQL("CREATE TABLE {}.cgcs (name text, geom geometry(Point, 4549))").format(s),
        sql.SQL("INSERT INTO {}.cgcs SELECT name, ST_Transform(geom, 4549) FROM {}.shops").format(s, s),
        sql.SQL("CREATE TABLE {}.plain (id integer, name text)").format(s),
        sql.SQL("INSERT INTO {}.plain VALUES (1, 'no geometry here')").format(s),
        sql.SQL("CREATE VIEW {}.cafes AS SELECT id, name, geom FROM {}.shops WHERE kind = 'cafe'").format(s, s),
        sql.SQL("CREATE TABLE {}.{} (label text, geom geometry(Point, 4326))").format(s, sql.Identifier('Odd "Name"')),
        sql.SQL("INSERT INTO {}.{} VALUES ('quoted', ST_SetSRID(ST_MakePoint(118.87, 28.94), 4326))").format(
            s, sql.Identifier('Odd "Name"')),
    )


@pytest.fixture(scope="session", name="pg")
def postgis_server() -> Iterator[Server]:
    """The test server with this session's tables; skips without one (fails in CI, where it must be there)."""
    reason = _unreachable()
    if reason is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: the PostGIS tests must run here)")
        pytest.skip(reason)
    from psycopg import sql

    schema = f"quzhou tests {os.getpid()}"
    plain_db = f"quzhou_plain_{os.getpid()}"
    _execute(DBNAME, sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
    _create_tables(schema)
    _execute(DBNAME, sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(plain_db)),
             sql.SQL("CREATE DATABASE {}").format(sql.Identifier(plain_db)))
    _execute(plain_db, "CREATE TABLE places (name text)")
    try:
        yield Server(schema, plain_db)
    finally:
        _execute(DBNAME, sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)),
                 sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(plain_db)))


@pytest.fixture(autouse=True)
def no_session_passwords(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test says where its password comes from: none kept from another, none in the environment.
    (Autouse in the modules that import it.)"""
    from quzhou_map.core.user_data.postgis import forget_passwords

    monkeypatch.delenv("PGPASSWORD", raising=False)
    forget_passwords()
    yield
    forget_passwords()
