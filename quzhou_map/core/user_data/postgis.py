"""Layers from a PostGIS database: where it is, which tables it offers, and one table read as a layer.

Qt-free; psycopg (3) is imported when first used. Only what the user typed is passed to libpq, so PGPASSWORD,
~/.pgpass, PGSERVICE and the other libpq conventions fill in the rest. A password typed in the app is kept in
this process for the session (``remember_password``), never in a URL, a saved layer or a message.

Every name (schema, table, column) is quoted by ``psycopg.sql.Identifier`` and the feature limit is a query
parameter; the one piece of SQL the user writes, the attribute filter, is put in as written, in a read-only
transaction, so it can narrow what is read but change nothing. Rows come through a server-side cursor in
batches (progress and cancel between them), geometries as WKB (``ST_AsBinary``) into shapely, then the same
cleaning and reprojection to WGS-84 as a file's (:func:`.geometry.to_map_geometry`). Every failure becomes a
one-line :class:`DatabaseError` naming the database and table.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, NamedTuple
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from quzhou_map.core.problems import one_line
from quzhou_map.core.user_data.errors import Cancelled, UserDataError, problem_line
from quzhou_map.core.user_data.model import LoadedData

SCHEMES = ("postgresql", "postgres")
FORMAT = "PostGIS"
#: Seconds to wait for the server to answer before saying it does not.
CONNECT_TIMEOUT = 10
_BATCH = 25_000  # rows fetched at a time: progress and cancel are heard between batches

Progress = Callable[[float], None] | None
Cancel = Callable[[], bool] | None


class DatabaseError(UserDataError):
    """The database or table cannot be shown; ``str(error)`` is ``"<postgresql://…>: <problem>"`` on one line."""

    def __init__(self, source: str, problem: str) -> None:
        Exception.__init__(self, problem_line(source, problem))
        self.path = source  # type: ignore[assignment]  # a URL: Path() would fold its "//"
        self.problem = one_line(str(problem))


class Connection(NamedTuple):
    """Where the database is; empty fields are left to libpq (environment, service file, defaults)."""

    host: str = ""
    port: int | None = None
    dbname: str = ""
    user: str = ""
    password: str | None = None  # typed by the user: in memory for this session only

    def __repr__(self) -> str:  # never the password, wherever a connection is printed
        return f"Connection({self.url()!r})"

    def params(self) -> dict[str, Any]:
        """The keywords for ``psycopg.connect``: only what was given, the password from this session if typed."""
        password = self.password if self.password is not None else _passwords.get(self.key())
        values = {"host": self.host, "port": self.port, "dbname": self.dbname, "user": self.user,
                  "password": password}
        return {name: value for name, value in values.items() if value not in (None, "")}

    def key(self) -> tuple[str, int | None, str, str]:
        return (self.host, self.port, self.dbname, self.user)

    def url(self) -> str:
        """``postgresql://user@host:port/dbname``, never with the password."""
        user = f"{quote(self.user, safe='')}@" if self.user else ""
        host = f"[{self.host}]" if ":" in self.host else quote(self.host, safe="")
        port = f":{self.port}" if self.port else ""
        return f"postgresql://{user}{host}{port}/{quote(self.dbname, safe='')}"


class GeometryTable(NamedTuple):
    """A table or view with a geometry (or geography) column, as ``geometry_columns`` lists it."""

    schema: str
    table: str
    column: str
    srid: int
    geometry_type: str  # "POINT", "MULTIPOLYGON", "GEOMETRY", …
    kind: str  # "table", "view", "materialized view", "foreign table"

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.table}"


class PostgisRequest(NamedTuple):
    """One table (and geometry column) to read, optionally filtered and limited."""

    connection: Connection
    schema: str
    table: str
    column: str | None = None  # None: the table's first geometry column
    where: str | None = None  # the user's own SQL condition, without WHERE
    limit: int | None = None  # None: every row

    @property
    def path(self) -> str:
        """The source as a URL without the password: what messages name and what is saved."""
        query = {"table": f"{self.schema}.{self.table}"}
        if self.column:
            query["column"] = self.column
        if self.where:
            query["where"] = self.where
        if self.limit:
            query["limit"] = str(self.limit)
        return f"{self.connection.url()}?{urlencode(query, quote_via=quote, safe='.')}"

    @property
    def name(self) -> str:
        """A short name for the user: the table, with its schema when that is not ``public``."""
        return self.table if self.schema == "public" else f"{self.schema}.{self.table}"


_passwords: dict[tuple[str, int | None, str, str], str] = {}
_passwords_lock = threading.Lock()


def remember_password(connection: Connection) -> None:
    """Keep a typed password for this session (Refresh and other tables of the same database use it)."""
    if connection.password:
        with _passwords_lock:
            _passwords[connection.key()] = connection.password


def forget_passwords() -> None:
    """Forget every password kept for the session."""
    with _passwords_lock:
        _passwords.clear()


def is_postgis_url(text: object) -> bool:
    return isinstance(text, str) and text.split("://", 1)[0].lower() in SCHEMES and "://" in text


def parse_url(text: str) -> PostgisRequest:
    """``postgresql://USER@HOST:PORT/DB?table=SCHEMA.TABLE[&column=…][&where=…][&limit=N]``; ValueError if not.

    A password in the URL is kept for the session (``remember_password``) and dropped from the request's URL."""
    parts = urlsplit(text)
    if parts.scheme.lower() not in SCHEMES:
        raise ValueError(f"{text[:80]!r} is not a postgresql:// URL")
    query = {name: values[-1] for name, values in parse_qs(parts.query, keep_blank_values=True).items()}
    unknown = set(query) - {"table", "column", "where", "limit"}
    if unknown:
        raise ValueError(f"unknown URL parameter {sorted(unknown)[0]!r} (known: table, column, where, limit)")
    table = query.get("table", "").strip()
    if not table:
        raise ValueError("the URL must name the table: ?table=SCHEMA.TABLE")
    schema, _, name = table.partition(".") if "." in table else ("public", "", table)
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"bad port in {parts.netloc!r}") from None
    limit = query.get("limit", "").strip()
    if limit and (not limit.isdigit() or int(limit) < 1):
        raise ValueError(f"limit must be a positive whole number, not {limit!r}")
    connection = Connection(unquote(parts.hostname or ""), port, unquote(parts.path.lstrip("/")),
                            unquote(parts.username or ""), unquote(parts.password) if parts.password else None)
    remember_password(connection)
    return PostgisRequest(connection._replace(password=None), schema, name, query.get("column") or None,
                          query.get("where") or None, int(limit) if limit else None)


# --- talking to the server -------------------------------------------------------------------------------------
def _connection_problem(error: Exception, connection: Connection) -> str:
    """libpq's several lines about a failed connection, as the one thing the user should do something about."""
    text = str(error)
    where = f"{connection.host or 'localhost'}:{connection.port or 5432}"
    user = connection.user or "(default)"
    if "password authentication failed" in text:
        return f"password authentication failed for user {user}: wrong password?"
    if "no password supplied" in text:
        return "the server asks for a password: type it, or give it in PGPASSWORD or ~/.pgpass"
    if "Connection refused" in text or "No such file or directory" in text:
        return f"no database server answers at {where} (is PostgreSQL running there?)"
    if "timeout expired" in text:
        return f"the server at {where} did not answer within {CONNECT_TIMEOUT} s"
    if "could not translate host name" in text:
        return f"unknown host {connection.host!r}"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    last = lines[-1] if lines else type(error).__name__
    return f"cannot connect: {last.rsplit('failed: ', 1)[-1].replace('FATAL:  ', '')}"


def connect(connection: Connection, source: str | None = None) -> Any:
    """An open, read-only psycopg connection; DatabaseError (one line) when there is none to be had."""
    import psycopg

    try:
        conn = psycopg.connect(**connection.params(), connect_timeout=CONNECT_TIMEOUT, application_name="quzhou-map")
    except psycopg.Error as error:
        raise DatabaseError(source or connection.url(), _connection_problem(error, connection)) from None
    remember_password(connection)  # it worked: Refresh and the next table of this database need it again
    conn.read_only = True
    return conn


def _check_postgis(cursor: Any, source: str) -> None:
    cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")
    if cursor.fetchone() is None:
        raise DatabaseError(source, "the database has no PostGIS extension (CREATE EXTENSION postgis adds it)")


_TABLES = """
SELECT g.f_table_schema::text, g.f_table_name::text, g.f_geometry_column::text, g.srid, g.type, c.relkind::text
  FROM geometry_columns g
  JOIN pg_namespace n ON n.nspname = g.f_table_schema
  JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = g.f_table_name
UNION ALL
SELECT g.f_table_schema::text, g.f_table_name::text, g.f_geography_column::text, g.srid, g.type, c.relkind::text
  FROM geography_columns g
  JOIN pg_namespace n ON n.nspname = g.f_table_schema
  JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = g.f_table_name
"""
_KINDS = {"r": "table", "p": "table", "v": "view", "m": "materialized view", "f": "foreign table"}


def _geometry_tables(cursor: Any, schema: str | None = None, table: str | None = None) -> list[GeometryTable]:
    query = f"SELECT * FROM ({_TABLES}) t"
    if schema is not None:
        query += " WHERE f_table_schema = %s AND f_table_name = %s"
    cursor.execute(query + " ORDER BY 1, 2, 3", (schema, table) if schema is not None else None)
    return [GeometryTable(s, t, c, int(srid or 0), str(kind or "GEOMETRY").upper(), _KINDS.get(rel, rel))
            for s, t, c, srid, kind, rel in cursor.fetchall()]


def list_tables(connection: Connection) -> list[GeometryTable]:
    """The tables and views with a geometry column the user may read; DatabaseError when there are none to list."""
    source = connection.url()
    with _guarded(source), connect(connection) as conn, conn.cursor() as cursor:
        _check_postgis(cursor, source)
        return _geometry_tables(cursor)


class _guarded:
    """Turns any failure but ours into a one-line DatabaseError naming ``source``."""

    def __init__(self, source: str, where: str | None = None) -> None:
        self.source, self.where = source, where

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, error: BaseException | None, _trace: Any) -> bool:
        if error is None or isinstance(error, DatabaseError | Cancelled):
            return False
        if isinstance(error, UserDataError):  # from the shared geometry cleaning: same problem, this source
            raise DatabaseError(self.source, error.problem) from None
        if isinstance(error, MemoryError):
            raise DatabaseError(self.source, "is too big for the memory available") from None
        if isinstance(error, Exception):
            raise DatabaseError(self.source, _query_problem(error, self.where)) from None
        return False


def _query_problem(error: Exception, where: str | None) -> str:
    import psycopg

    if isinstance(error, psycopg.Error):
        diag = getattr(error, "diag", None)
        primary = (diag.message_primary if diag is not None else None) or str(error).strip() or type(error).__name__
        state = getattr(error, "sqlstate", None) or ""
        if where and state[:2] in ("42", "22", "2F", "25", "P0") and state != "42501":  # not "permission denied"
            return f"the filter {one_line(where, 120)!r} cannot be used: {primary}"
        if isinstance(error, psycopg.OperationalError):
            return f"the connection to the server failed: {primary}"
        return f"could not be read: {primary}"
    return f"could not be read: {type(error).__name__}: {error}"


# --- reading one table -------------------------------------------------------------------------------------------
def read_table(request: PostgisRequest, progress: Progress = None, cancelled: Cancel = None) -> LoadedData:
    """The table's features, cleaned and in WGS-84, as a file's would be; DatabaseError or Cancelled otherwise."""
    source = request.path
    sink: list[str] = []
    with _guarded(source, request.where), connect(request.connection, source) as conn:
        with conn.cursor() as cursor:
            _check_postgis(cursor, source)
            target, oid = _target(cursor, request, sink)
            source_crs, crs_read, crs_assumed = _crs(cursor, request, target, sink)
            columns = _attribute_columns(cursor, oid, target.column)
            total = request.limit or _estimated_rows(cursor, oid)
        gdf = _fetch(conn, request, target, columns, source_crs, total, progress, cancelled)
    if cancelled is not None and cancelled():
        raise Cancelled()
    if gdf.empty:
        raise DatabaseError(source, "no rows match the filter" if request.where else "the table has no rows")
    from quzhou_map.core.user_data import geometry

    with _guarded(source):
        gdf, kind = geometry.to_map_geometry(source, gdf, source_crs, sink, cancelled)  # type: ignore[arg-type]
    if progress is not None:
        progress(1.0)
    west, south, east, north = (float(v) for v in gdf.total_bounds)
    return LoadedData(gdf, kind, FORMAT, f"{request.schema}.{request.table}", crs_read, crs_assumed, tuple(sink),
                      (west, south, east, north))


def _target(cursor: Any, request: PostgisRequest, sink: list[str]) -> tuple[GeometryTable, int]:
    """The geometry column to read and the relation's oid; DatabaseError when there is no such table or column."""
    source, qualified = request.path, f"{request.schema}.{request.table}"
    cursor.execute("SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE n.nspname = %s AND c.relname = %s", (request.schema, request.table))
    row = cursor.fetchone()
    if row is None:
        raise DatabaseError(source, f"there is no table or view {qualified!r} (or you may not see it)")
    found = _geometry_tables(cursor, request.schema, request.table)
    if not found:
        raise DatabaseError(source, f"{qualified} has no geometry column: nothing to draw")
    if request.column is None:
        if len(found) > 1:
            sink.append(problem_line(source, f"has {len(found)} geometry columns; read {found[0].column!r} "
                                             "(add &column=NAME to read another)"))
        return found[0], int(row[0])
    chosen = [t for t in found if t.column == request.column]
    if not chosen:
        raise DatabaseError(source, f"{qualified} has no geometry column {request.column!r} (its geometry columns: "
                                    f"{', '.join(t.column for t in found)})")
    return chosen[0], int(row[0])


def _crs(cursor: Any, request: PostgisRequest, target: GeometryTable,
         sink: list[str]) -> tuple[Any, str | None, str | None]:
    """The column's CRS from its SRID (declared, or that of its first geometry); EPSG:4326 assumed without one."""
    from pyproj import CRS
    from psycopg import sql

    from quzhou_map.core.user_data.geometry import crs_label

    srid = target.srid
    if srid == 0:
        cursor.execute(sql.SQL("SELECT ST_SRID({c}) FROM {s}.{t} WHERE {c} IS NOT NULL LIMIT 1").format(
            c=sql.Identifier(target.column), s=sql.Identifier(target.schema), t=sql.Identifier(target.table)))
        row = cursor.fetchone()
        srid = int(row[0]) if row and row[0] else 0
    if srid == 0:
        sink.append(problem_line(request.path, "the geometry column has no SRID: read as WGS-84 (EPSG:4326)"))
        return CRS.from_epsg(4326), None, "EPSG:4326"
    cursor.execute("SELECT auth_name, auth_srid, srtext FROM spatial_ref_sys WHERE srid = %s", (srid,))
    row = cursor.fetchone()
    if row is None:
        raise DatabaseError(request.path, f"SRID {srid} is not in the database's spatial_ref_sys")
    auth, code, wkt = row
    crs = CRS.from_epsg(int(code)) if str(auth).upper() == "EPSG" and code else CRS.from_wkt(wkt)
    return crs, crs_label(crs), None


def _attribute_columns(cursor: Any, oid: int, geometry_column: str) -> list[tuple[str, str]]:
    """Every other column with how to read it: (name, "as is" | "date" | "float" | "text" | "wkt")."""
    cursor.execute("SELECT a.attname::text, t.typname::text, t.typcategory::text FROM pg_attribute a "
                   "JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = %s AND a.attnum > 0 "
                   "AND NOT a.attisdropped ORDER BY a.attnum", (oid,))
    columns = []
    for name, type_name, category in cursor.fetchall():
        if name == geometry_column:
            continue
        if type_name in ("int2", "int4", "int8", "float4", "float8", "bool", "text", "varchar", "bpchar", "name",
                         "timestamp", "timestamptz"):
            how = "as is"
        elif type_name == "date":
            how = "date"  # datetime64, as a file's dates are read
        elif category == "N":
            how = "float"  # numeric and money: Decimal objects would not export
        elif type_name in ("geometry", "geography"):
            how = "wkt"
        else:
            how = "text"  # uuid, json, arrays, times, enums…: as PostgreSQL writes them
        columns.append((name, how))
    return columns


def _estimated_rows(cursor: Any, oid: int) -> int:
    """The planner's row estimate (free; -1 when never analysed or a view): only for the progress bar."""
    cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s", (oid,))
    row = cursor.fetchone()
    return int(row[0]) if row and row[0] and row[0] > 0 else -1


def _select(request: PostgisRequest, target: GeometryTable, columns: list[tuple[str, str]]) -> Any:
    from psycopg import sql

    expressions = [sql.SQL("ST_AsBinary({})").format(sql.Identifier(target.column))]
    for name, how in columns:
        column = sql.Identifier(name)
        if how == "float":
            expressions.append(sql.SQL("{}::numeric::float8").format(column))
        elif how == "wkt":
            expressions.append(sql.SQL("ST_AsText({})").format(column))
        elif how == "text":
            expressions.append(sql.SQL("{}::text").format(column))
        else:
            expressions.append(column)
    query = sql.SQL("SELECT {} FROM {}.{}").format(sql.SQL(", ").join(expressions), sql.Identifier(target.schema),
                                                   sql.Identifier(target.table))
    if request.where and request.where.strip():
        # The user's own condition, on lines of its own (a trailing "--" comment ends there); "%" is not a
        # placeholder in it. The transaction is read-only, and one statement is all the protocol takes.
        query += sql.SQL(" WHERE (\n{}\n)").format(sql.SQL(request.where.replace("%", "%%")))
    return query + sql.SQL(" LIMIT %s")


def _fetch(conn: Any, request: PostgisRequest, target: GeometryTable, columns: list[tuple[str, str]],
           source_crs: Any, total: int, progress: Progress, cancelled: Cancel) -> Any:
    """The rows as a GeoDataFrame in the column's CRS: geometries parsed a batch at a time."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import shapely

    names = [name for name, _how in columns]
    geoms: list[Any] = []
    values: list[list[Any]] = [[] for _ in names]
    done = 0
    with conn.cursor(name="quzhou_map_layer", binary=True) as cursor:
        cursor.itersize = _BATCH
        cursor.execute(_select(request, target, columns), (request.limit,))
        while True:
            rows = cursor.fetchmany(_BATCH)
            if not rows:
                break
            batch = list(zip(*rows, strict=True))
            wkb = np.array(batch[0], dtype=object)
            parsed = shapely.from_wkb(wkb, on_invalid="ignore")
            if shapely.has_z(parsed).any():
                parsed = shapely.force_2d(parsed)
            geoms.append(parsed)
            for store, column in zip(values, batch[1:], strict=True):
                store.extend(column)
            done += len(rows)
            if progress is not None and total > 0:
                progress(min(done / total, 1.0) * 0.8)
            if cancelled is not None and cancelled():
                raise Cancelled()
    frame = pd.DataFrame({name: pd.Series(store, dtype=None if store else object)
                          for name, store in zip(names, values, strict=True)}, columns=names)
    for name, how in columns:
        if how == "date":
            frame[name] = pd.to_datetime(frame[name], errors="coerce")
    if "geometry" in frame.columns:
        frame = frame.rename(columns={"geometry": "geometry_text"})
    shapes = np.concatenate(geoms) if geoms else np.array([], dtype=object)
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(shapes, index=frame.index), crs=source_crs)
