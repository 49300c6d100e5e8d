"""The layer list between starts: order, visibility and style kept; a file gone is kept as unavailable."""

from __future__ import annotations

from quzhou_map.core.layers import Layer, LayerSource, LayerStyle
from quzhou_map.core.saved_layers import check_saved_layer, restore_layers, saved_layer
from quzhou_map.core.state import AppState
from quzhou_map.core.themes import THEME_IDS


def test_saved_then_restored_in_a_new_state(shipped_catalog, tmp_path):
    present, gone = tmp_path / "wells.gpkg", tmp_path / "gone.csv"
    present.write_bytes(b"not read here")
    before = AppState(shipped_catalog)
    for number, path in enumerate((present, gone), start=1):
        before.add_layer(Layer(f"layer-{number}", path.stem, LayerSource("file", str(path), format="GeoPackage"),
                               "Point", LayerStyle("#00838f", 9, 0.5), feature_count=4))
    before.move_layer("landmark", 0)
    before.set_theme_visible("governance", False)
    before.set_layer_style("future_village", LayerStyle("#2e7d32", 18, 0.6))
    before.set_layer_visible("layer-2", False)
    saved = [check_saved_layer(saved_layer(layer)) for layer in before.layers]

    after = AppState(shipped_catalog)
    to_read = restore_layers(after, saved)
    assert [layer.id for layer in after.layers] == [layer.id for layer in before.layers]
    assert after.visible_themes == frozenset(THEME_IDS) - {"governance"}
    assert after.layer("future_village").style.opacity == 0.6
    assert [layer.id for layer in to_read] == ["layer-1"]
    assert after.layer("layer-1").status == "loading" and after.layer("layer-1").style == LayerStyle("#00838f", 9, 0.5)
    missing = after.layer("layer-2")
    assert missing.status == "unavailable" and str(gone) in missing.message  # kept, and says why
    assert not missing.visible and missing.source.path == str(gone)


def test_nothing_saved_keeps_the_defaults(shipped_catalog):
    state = AppState(shipped_catalog)
    assert restore_layers(state, []) == []
    assert [layer.id for layer in state.layers] == list(THEME_IDS)
