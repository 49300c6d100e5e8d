"""PostGIS layers in the real window: the dialog's code path, the loader, Refresh, saving and restoring, and
the command line, against a real server (the "pg" fixture: tests/postgis_support.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from unittest import mock

import geopandas
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from quzhou_map.core.state import Selection
from quzhou_map.core.user_data.postgis import forget_passwords, parse_url
from tests.postgis_support import (DBNAME, HOST, PASSWORD, PORT, USER, Server, _execute, free_port,
                                   no_session_passwords)  # noqa: F401  (autouse)
from tests.qt.conftest import DRAW_TIMEOUT_MS
from tests.qt.layer_support import save_user_layers
from tests.qt.test_command_line import run



def fill(dialog: Any, password: str | None = PASSWORD, port: int = PORT, database: str = DBNAME) -> None:
    dialog.host.setText(HOST)
    dialog.port.setText(str(port))
    dialog.database.setText(database)
    dialog.user.setText(USER)
    dialog.password.setText(password or "")


def listed(qtbot: Any, dialog: Any) -> str:
    """Press "List tables" and wait for the answer; the status line."""
    with qtbot.waitSignal(dialog.tables_listed, timeout=DRAW_TIMEOUT_MS):
        dialog.connect_button.click()
    return dialog.status.text()


def drawn_counts(window: Any) -> dict[str, int]:
    """Layer id → the features the page said it drew, kept up to date from the first call on."""
    if not hasattr(window, "drawn_counts"):
        window.drawn_counts = {}
        window.map_view.layer_drawn.connect(
            lambda layer_id, count, *_rest: window.drawn_counts.__setitem__(layer_id, count))
    return window.drawn_counts


def added_through_the_dialog(qtbot: Any, window: Any, pg: Server, table: str, where: str = "",
                             limit: int = 0) -> Any:
    """File → Add PostGIS Layer…, as a user fills it in; the new layer once the page has drawn it."""
    dialog = window.add_postgis_layer()
    fill(dialog)
    assert "kept in memory" in dialog.password_note.text() and "never saved" in dialog.password_note.text()
    listed(qtbot, dialog)
    assert dialog.select_table(f"{pg.schema}.{table}")
    dialog.filter.setText(where)
    dialog.limit.setValue(limit)
    before = {layer.id for layer in window.state.layers}
    drawn = drawn_counts(window)
    with qtbot.waitSignal(window.loader.all_done, timeout=DRAW_TIMEOUT_MS):
        dialog.ok_button.click()
    [layer] = [layer for layer in window.state.layers if layer.id not in before]
    qtbot.waitUntil(lambda: layer.id in drawn, timeout=DRAW_TIMEOUT_MS)
    return window.state.layer(layer.id)


def test_a_table_chosen_in_the_dialog_is_drawn_and_behaves_like_a_file(open_window: Any, qtbot: Any, pg: Server,
                                                                       tmp_path: Path) -> None:
    window = open_window()
    dialog = window.add_postgis_layer()
    fill(dialog)
    assert "tables and views with a geometry column" in listed(qtbot, dialog)
    rows = {dialog.tables.topLevelItem(r).text(0): [dialog.tables.topLevelItem(r).text(c) for c in range(5)]
            for r in range(dialog.tables.topLevelItemCount())}
    assert rows[f"{pg.schema}.cafes"] == [f"{pg.schema}.cafes", "geom", "point", "4326", "view"]
    assert rows[f"{pg.schema}.mercator"][3] == "3857" and f"{pg.schema}.plain" not in rows
    dialog.reject()
    layer = added_through_the_dialog(qtbot, window, pg, "shops", where="kind = 'cafe'")
    assert (layer.title, layer.feature_count, layer.geometry_type, layer.status) == (
        f"{pg.schema}.shops", 2, "Point", "ok")
    assert window.loader.failures == [] and PASSWORD not in layer.source.path
    assert drawn_counts(window)[layer.id] == 2
    window.state.select(Selection(layer.id, 1))  # identify
    assert "江山 shop" in window.details_panel.toPlainText()
    window.show_attribute_table(layer.id)
    tab = window.attribute_dock.layer_tabs[layer.id]
    assert tab.model.rowCount() == 2 and tab.model.headerData(1, Qt.Orientation.Horizontal) == "name"
    target = tmp_path / "cafes.gpkg"
    with mock.patch.object(QFileDialog, "getSaveFileName", return_value=(str(target), "GeoPackage (*.gpkg)")):
        tab.export_button.click()
    assert sorted(geopandas.read_file(target)["name"]) == ["江山 shop", "衢州 shop"]
    window.remember_layout()  # saved in the layer list, without the password
    saved = json.dumps(window.settings.layers, ensure_ascii=False)
    assert "postgis" in saved and PASSWORD not in saved
    [entry] = [entry for entry in window.settings.layers if entry["id"] == layer.id]
    assert parse_url(entry["source"]["path"]).where == "kind = 'cafe'"
    again = window.add_postgis_layer()  # the next dialog offers the same server, not the password
    assert (again.host.text(), again.database.text(), again.user.text(), again.password.text()) == (
        HOST, DBNAME, USER, "")
    again.reject()


def test_other_srids_views_and_a_100k_row_table(open_window: Any, qtbot: Any, pg: Server) -> None:
    window = open_window()
    mercator = added_through_the_dialog(qtbot, window, pg, "mercator")
    assert mercator.crs_read == "EPSG:3857" and mercator.extent == pytest.approx((118.62, 28.74, 118.95, 28.97))
    assert added_through_the_dialog(qtbot, window, pg, "cafes").feature_count == 2
    big = added_through_the_dialog(qtbot, window, pg, "big")
    assert big.feature_count == 100_000 and drawn_counts(window)[big.id] == 100_000
    limited = added_through_the_dialog(qtbot, window, pg, "big", where="n % 2 = 0", limit=30_000)
    assert limited.feature_count == 30_000


def test_refresh_reads_the_table_again(open_window: Any, qtbot: Any, pg: Server) -> None:
    from psycopg import sql

    table = sql.Identifier(pg.schema, "refreshed")
    _execute(DBNAME, sql.SQL("CREATE TABLE {} (name text, geom geometry(Point, 4326))").format(table),
             sql.SQL("INSERT INTO {} VALUES ('one', ST_SetSRID(ST_MakePoint(118.87, 28.94), 4326))").format(table))
    window = open_window()
    layer = added_through_the_dialog(qtbot, window, pg, "refreshed")
    assert layer.feature_count == 1
    _execute(DBNAME, sql.SQL("INSERT INTO {} VALUES ('two', ST_SetSRID(ST_MakePoint(118.9, 28.9), 4326))").format(
        table))
    window.layers_panel.set_current(layer.id)
    with qtbot.waitSignal(window.loader.layer_loaded, timeout=DRAW_TIMEOUT_MS):
        window.refresh_layer_action.trigger()  # the password typed in the dialog is kept for the session
    qtbot.waitUntil(lambda: drawn_counts(window).get(layer.id) == 2, timeout=DRAW_TIMEOUT_MS)
    assert window.state.layer(layer.id).feature_count == 2
    _execute(DBNAME, sql.SQL("DROP TABLE {}").format(table))
    with qtbot.waitSignal(window.loader.all_done, timeout=DRAW_TIMEOUT_MS):
        window.layers_panel.refresh_requested.emit(layer.id)  # the layers panel's context action
    gone = window.state.layer(layer.id)
    assert gone.status == "unavailable" and "there is no table or view" in gone.message


def test_the_dialog_says_what_is_wrong_in_one_line(open_window: Any, qtbot: Any, pg: Server) -> None:
    window = open_window()
    dialog = window.add_postgis_layer()
    fill(dialog, password="wrong")
    assert "password authentication failed" in listed(qtbot, dialog)
    assert not dialog.ok_button.isEnabled() and dialog.tables.topLevelItemCount() == 0
    fill(dialog, port=free_port())
    assert "no database server answers" in listed(qtbot, dialog)
    fill(dialog, database=pg.plain_db)
    assert "no PostGIS extension" in listed(qtbot, dialog)
    fill(dialog, password=None)
    assert "asks for a password" in listed(qtbot, dialog)
    assert "\n" not in dialog.status.text()
    fill(dialog)
    listed(qtbot, dialog)
    assert dialog.ok_button.isEnabled()
    dialog.reject()
    assert window.isVisible()


def test_tables_that_cannot_be_read_fail_by_name_and_the_app_keeps_running(open_window: Any, qtbot: Any,
                                                                           pg: Server,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    window = open_window()
    urls = [pg.url("no_such_table"), pg.url("plain"), pg.url("shops", where="kind = = 1"),
            f"postgresql://{USER}@{HOST}:{PORT}/{pg.plain_db}?table=public.places"]
    with qtbot.waitSignal(window.loader.all_done, timeout=DRAW_TIMEOUT_MS):
        window.loader.open_files(urls, interactive=False)
    assert len(window.loader.failures) == 4
    for failure, expected in zip(window.loader.failures, ("there is no table or view", "has no geometry column",
                                                          "the filter", "no PostGIS extension"), strict=True):
        assert failure.startswith("postgresql://") and expected in failure and "\n" not in failure
    assert not any(layer.status == "loading" for layer in window.state.layers)


def test_a_saved_postgis_layer_is_restored_with_the_password_from_libpq(open_window: Any, qtbot: Any, pg: Server,
                                                                        config_dir: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from quzhou_map.core.layers import LayerStyle
    from quzhou_map.core.user_layers import read_user_layer

    layer, _data = read_user_layer(parse_url(pg.url("parks"))._replace(connection=pg.connection()), "layer-1",
                                   LayerStyle("#00838f"), title="Parks")
    forget_passwords()
    save_user_layers(config_dir, [layer])
    saved = [path.read_text(encoding="utf-8") for path in config_dir.rglob("*") if path.is_file()]
    assert saved and all(PASSWORD not in text and "postgresql://" in text for text in saved)
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    window = open_window()
    qtbot.waitUntil(lambda: window.state.layer("layer-1").status == "ok", timeout=DRAW_TIMEOUT_MS)
    restored = window.state.layer("layer-1")
    assert (restored.title, restored.feature_count, restored.geometry_type) == ("Parks", 2, "Polygon")


def test_the_command_line_opens_a_postgis_url(pg: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSWORD", PASSWORD)  # run() passes the environment on
    target = tmp_path / "pg.png"
    result = run(pg.url("parks"), pg.url("big", limit="5000"), "--screenshot", str(target), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert target.exists()
    failed = run(pg.url("plain"), "--screenshot", str(tmp_path / "plain.png"))
    assert failed.returncode == 1 and "has no geometry column" in failed.stderr
    bad = run(f"postgresql://{USER}:{PASSWORD}@{HOST}/{DBNAME}", "--screenshot", str(tmp_path / "bad.png"))
    assert bad.returncode == 2 and "?table=SCHEMA.TABLE" in bad.stderr and PASSWORD not in bad.stderr
