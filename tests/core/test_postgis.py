"""PostGIS tables made into layers, against a real server (the "pg" fixture: tests/postgis_support.py)."""

from __future__ import annotations

import time

import pytest

from quzhou_map.core.layers import LayerStyle
from quzhou_map.core.saved_layers import check_saved_layer, restore_layers, saved_layer
from quzhou_map.core.state import AppState
from quzhou_map.core.user_data.postgis import (
    Connection, DatabaseError, PostgisRequest, forget_passwords, list_tables, parse_url, read_table,
)
from quzhou_map.core.user_layers import read_user_layer, request_of
from tests.postgis_support import (BIG_ROWS, DBNAME, HOST, PASSWORD, PORT, SHOPS, USER, Server, free_port,
                                   no_session_passwords)  # noqa: F401  (autouse)



def _request(pg: Server, table: str, **changes: object) -> PostgisRequest:
    return PostgisRequest(pg.connection(), pg.schema, table)._replace(**changes)


def _problem(request: PostgisRequest) -> str:
    with pytest.raises(DatabaseError) as caught:
        read_table(request)
    message = str(caught.value)
    assert "\n" not in message and PASSWORD not in message
    return message


def test_the_tables_and_views_with_a_geometry_column_are_listed(pg: Server) -> None:
    found = {t.table: t for t in list_tables(pg.connection()) if t.schema == pg.schema}
    assert set(found) == {"shops", "parks", "big", "mercator", "cgcs", "cafes", 'Odd "Name"'}  # not "plain"
    assert (found["shops"].srid, found["shops"].geometry_type, found["shops"].kind) == (4326, "POINT", "table")
    assert (found["parks"].geometry_type, found["mercator"].srid, found["cgcs"].srid) == ("MULTIPOLYGON", 3857, 4549)
    assert found["cafes"].kind == "view" and found["cafes"].column == "geom"


def test_a_table_becomes_a_layer_saved_without_its_password(pg: Server, shipped_catalog) -> None:
    layer, data = read_user_layer(_request(pg, "shops"), "layer-1", LayerStyle("#ef6c00"))
    assert (layer.title, layer.geometry_type, layer.feature_count, layer.crs_read) == (
        f"{pg.schema}.shops", "Point", 3, "EPSG:4326")
    assert layer.columns == ("id", "name", "kind", "n", "price", "opened", "tags")
    assert list(data.frame["name"]) == [name for name, *_rest in SHOPS]
    assert data.frame["price"].tolist()[:2] == [12.5, 3.25]  # numeric as float, not Decimal
    assert str(data.frame["opened"].dtype).startswith("datetime64") and data.frame["tags"][0] == "{a,b}"
    assert layer.extent == (118.62, 28.74, 118.95, 28.97)
    assert layer.source.kind == "postgis" and layer.source.format == "PostGIS"
    assert PASSWORD not in layer.source.path and layer.source.path.startswith(f"postgresql://{USER}@{HOST}:{PORT}/")
    again = request_of(layer.source)
    assert again == _request(pg, "shops", connection=pg.connection(None))
    entry = check_saved_layer(saved_layer(layer))
    assert PASSWORD not in repr(entry)
    state = AppState(shipped_catalog, "en")
    (restored,) = restore_layers(state, [entry])
    assert restored.status == "loading" and restored.source == layer.source
    # the password that worked is kept for the session: the layer can be read again (Refresh) without it
    layer_again, _data = read_user_layer(again, "layer-1", LayerStyle("#ef6c00"))
    assert layer_again.feature_count == 3
    assert PASSWORD not in repr(pg.connection())


def test_other_srids_are_reprojected_to_wgs84(pg: Server) -> None:
    for table in ("mercator", "cgcs"):
        loaded = read_table(_request(pg, table))
        assert loaded.crs_read == {"mercator": "EPSG:3857", "cgcs": "EPSG:4549"}[table]
        assert loaded.extent == pytest.approx((118.62, 28.74, 118.95, 28.97), abs=1e-6)
    parks = read_table(_request(pg, "parks"))
    assert parks.geometry_type == "Polygon" and len(parks.gdf) == 2


def test_views_and_names_that_need_quoting_are_read(pg: Server) -> None:
    assert len(read_table(_request(pg, "cafes")).gdf) == 2
    odd = read_table(_request(pg, 'Odd "Name"'))
    assert odd.gdf["label"].tolist() == ["quoted"]
    url = _request(pg, 'Odd "Name"').path
    assert parse_url(url).table == 'Odd "Name"' and parse_url(url).schema == pg.schema


def test_the_filter_and_the_limit_narrow_what_is_read(pg: Server) -> None:
    assert len(read_table(_request(pg, "shops", where="kind = 'cafe'")).gdf) == 2
    assert len(read_table(_request(pg, "shops", where="name LIKE '%shop' -- a comment")).gdf) == 3  # % is no param
    assert len(read_table(_request(pg, "shops", limit=2)).gdf) == 2
    assert len(read_table(_request(pg, "big", where="n < 5000", limit=1000)).gdf) == 1000
    assert "no rows match the filter" in _problem(_request(pg, "shops", where="n > 100"))


def test_the_filter_cannot_change_the_database(pg: Server) -> None:
    message = _problem(_request(pg, "shops", where="true; DELETE FROM shops"))
    assert "the filter" in message
    sequence = f"'\"{pg.schema}\".shops_id_seq'"
    assert "read-only transaction" in _problem(_request(pg, "shops", where=f"nextval({sequence}) > 0"))
    assert "syntax error" in _problem(_request(pg, "shops", where="kind = = 'cafe'"))
    assert "no_such_column" in _problem(_request(pg, "shops", where="no_such_column = 1"))
    assert len(read_table(_request(pg, "shops")).gdf) == 3  # nothing was deleted


def test_each_failure_is_one_line_naming_the_source(pg: Server) -> None:
    wrong = _problem(_request(pg, "shops", connection=pg.connection("not-the-password")))
    assert "password authentication failed" in wrong and wrong.startswith("postgresql://")
    assert "asks for a password" in _problem(_request(pg, "shops", connection=pg.connection(None)))
    down = _problem(_request(pg, "shops", connection=pg.connection(port=free_port())))
    assert "no database server answers" in down
    assert "there is no table or view" in _problem(_request(pg, "no_such_table"))
    assert "has no geometry column" in _problem(_request(pg, "plain"))
    assert "has no geometry column 'shape'" in _problem(_request(pg, "shops", column="shape"))
    no_postgis = _problem(PostgisRequest(pg.connection(dbname=pg.plain_db), "public", "places"))
    assert "no PostGIS extension" in no_postgis
    with pytest.raises(DatabaseError, match="no PostGIS extension"):
        list_tables(pg.connection(dbname=pg.plain_db))
    assert "does not exist" in _problem(_request(pg, "shops", connection=pg.connection(dbname="no_such_db")))


def test_libpq_finds_the_password_itself(pg: Server, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    assert len(read_table(_request(pg, "shops", connection=pg.connection(None))).gdf) == 3
    monkeypatch.delenv("PGPASSWORD")
    forget_passwords()
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"{HOST}:{PORT}:{DBNAME}:{USER}:{PASSWORD}\n", encoding="utf-8")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    assert len(read_table(parse_url(pg.url("parks"))).gdf) == 2


def test_a_100k_row_table_is_read_in_seconds(pg: Server) -> None:
    start = time.perf_counter()
    layer, data = read_user_layer(_request(pg, "big"), "layer-1", LayerStyle("#ef6c00"))
    elapsed = time.perf_counter() - start
    print(f"100k rows read in {elapsed:.2f} s")
    assert layer.feature_count == BIG_ROWS and data.geometry.is_points and layer.columns == ("n", "name")
    assert elapsed < 15


def test_progress_is_told_and_cancel_is_heard(pg: Server) -> None:
    from quzhou_map.core.user_data.errors import Cancelled

    seen: list[float] = []
    read_table(_request(pg, "big"), progress=seen.append)
    assert seen[-1] == 1.0 and 0 < seen[0] < 0.8 and seen == sorted(seen)
    with pytest.raises(Cancelled):
        read_table(_request(pg, "big"), progress=seen.append, cancelled=lambda: len(seen) > 8)


def test_urls_are_parsed_and_written_without_the_password() -> None:
    request = parse_url("postgresql://ann:s%40cret@db.example:6543/gis?table=roads.main&where=kind%20%3D%20%27a%26b%27"
                        "&limit=50&column=shape")
    assert request == PostgisRequest(Connection("db.example", 6543, "gis", "ann"), "roads", "main", "shape",
                                     "kind = 'a&b'", 50)
    assert "s%40cret" not in request.path and "secret" not in repr(request) and "s@cret" not in repr(request)
    assert parse_url(request.path) == request
    assert request.connection.params()["password"] == "s@cret"  # kept for the session, not in the request
    assert parse_url("postgres:///gis?table=shops") == PostgisRequest(Connection(dbname="gis"), "public", "shops")
    for bad in ("postgresql://h/db", "postgresql://h/db?table=", "postgresql://h/db?table=t&limit=-3",
                "postgresql://h/db?table=t&color=red", "http://h/db?table=t", "postgresql://h:99999/db?table=t"):
        with pytest.raises(ValueError):
            parse_url(bad)
