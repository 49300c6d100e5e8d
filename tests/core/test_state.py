"""AppState: layers, selection, view and language, and the rules and signals that tie them."""

from __future__ import annotations

import pytest

from quzhou_map.core.layers import Layer, LayerSource, LayerStyle
from quzhou_map.core.state import AppState, Selection, View
from quzhou_map.core.themes import THEME_IDS

YUDONG = "village-yudong"
LAKE = "landmark-xinan-lake"


@pytest.fixture
def state(shipped_catalog):
    return AppState(shipped_catalog)


@pytest.fixture
def log(state):
    """Every signal emitted, in order, as (name, value)."""
    events: list[tuple[str, object]] = []
    state.layers_changed.connect(lambda v: events.append(("layers", tuple(layer.id for layer in v))))
    state.layer_changed.connect(lambda v: events.append(("layer", (v.id, v.visible))))
    state.selection_changed.connect(lambda v: events.append(("selection", v)))
    state.view_changed.connect(lambda v: events.append(("view", v)))
    state.language_changed.connect(lambda v: events.append(("language", v)))
    return events


def user_layer(layer_id: str = "layer-1", count: int = 3) -> Layer:
    return Layer(layer_id, "wells", LayerSource("file", "/data/wells.gpkg"), "Point", LayerStyle("#ef6c00"),
                 feature_count=count)


def test_initial_state(state, shipped_catalog):
    assert [layer.id for layer in state.layers] == list(THEME_IDS)  # the article's themes are the first layers
    assert all(layer.is_theme and layer.visible for layer in state.layers)
    assert [layer.feature_count for layer in state.layers] == [shipped_catalog.count(t) for t in THEME_IDS]
    assert state.visible_themes == frozenset(THEME_IDS)
    assert state.selection is None and state.selected_id is None
    assert state.view is None
    assert state.language == "zh"
    assert [s.id for s in state.visible_sites()] == [s.id for s in shipped_catalog.sites]
    assert AppState(shipped_catalog, language="en").language == "en"
    assert AppState(shipped_catalog, language="fr").language == "zh"


def test_select_emits_once_and_not_when_unchanged(state, log):
    state.select_site(YUDONG)
    assert state.selected_id == YUDONG
    assert state.selection == Selection("future_village", YUDONG)
    assert log == [("selection", Selection("future_village", YUDONG))]
    state.select(Selection("future_village", YUDONG))
    assert len(log) == 1
    state.select(None)
    state.select(None)
    assert state.selected_id is None
    assert log[-1] == ("selection", None) and len(log) == 2


def test_a_site_is_selected_only_in_its_own_theme_layer(state):
    state.select(Selection("landmark", YUDONG))  # Yudong is a village
    assert state.selection is None
    state.select(Selection("no-such-layer", YUDONG))
    assert state.selection is None


def test_hiding_the_selected_sites_theme_clears_the_selection(state, log):
    state.select_site(YUDONG)
    log.clear()
    state.set_theme_visible("future_village", False)
    assert state.selected_id is None
    assert "future_village" not in state.visible_themes
    assert log == [("layer", ("future_village", False)), ("selection", None)]


def test_hiding_another_theme_keeps_the_selection(state, log):
    state.select_site(YUDONG)
    log.clear()
    state.set_theme_visible("landmark", False)
    assert state.selected_id == YUDONG
    assert log == [("layer", ("landmark", False))]
    assert all(s.theme != "landmark" for s in state.visible_sites())


def test_set_visible_themes_without_the_selected_theme_clears_it(state, log):
    state.select_site(LAKE)
    log.clear()
    state.set_visible_themes(["future_village", "governance"])
    assert state.selected_id is None
    assert log == [("layer", ("industrial_park", False)), ("layer", ("landmark", False)), ("selection", None)]


def test_selecting_a_site_of_a_hidden_theme_shows_the_theme(state, log):
    state.set_theme_visible("landmark", False)
    log.clear()
    state.select_site(LAKE)
    assert state.selected_id == LAKE
    assert state.visible_themes == frozenset(THEME_IDS)
    # the layer is shown before the selection is announced, once each
    assert log == [("layer", ("landmark", True)), ("selection", Selection("landmark", LAKE))]


def test_visible_themes_unchanged_emits_nothing(state, log):
    state.set_visible_themes(THEME_IDS)
    state.set_visible_themes(list(THEME_IDS) + ["no-such-theme", "city"])
    state.set_theme_visible("landmark", True)
    assert log == []
    state.set_theme_visible("landmark", False)
    state.set_theme_visible("landmark", False)
    state.set_visible_themes(set(THEME_IDS) - {"landmark"})
    assert log == [("layer", ("landmark", False))]


def test_unknown_themes_are_ignored(state):
    state.set_visible_themes(["landmark", "no-such-theme"])
    assert state.visible_themes == frozenset({"landmark"})
    state.set_theme_visible("no-such-theme", True)
    assert state.visible_themes == frozenset({"landmark"})


def test_state_is_consistent_inside_the_handlers(state):
    seen = []
    state.selection_changed.connect(lambda selection: seen.append((selection, state.selected_id, state.visible_themes)))
    state.set_theme_visible("landmark", False)
    state.select_site(LAKE)
    assert seen == [(Selection("landmark", LAKE), LAKE, frozenset(THEME_IDS))]


def test_language(state, log):
    state.set_language("en")
    state.set_language("en")
    state.set_language("fr")
    assert state.language == "en"
    state.set_language("zh")
    assert log == [("language", "en"), ("language", "zh")]


def test_hiding_everything_then_selecting(state, log):
    state.select_site(YUDONG)
    state.set_visible_themes([])
    assert state.selected_id is None and state.visible_themes == frozenset()
    assert state.visible_sites() == []
    log.clear()
    state.select_site("gov-gaojia-town")
    assert state.visible_themes == frozenset({"governance"})
    assert log == [("layer", ("governance", True)), ("selection", Selection("governance", "gov-gaojia-town"))]


def test_user_layers_are_added_on_top_reordered_restyled_and_removed(state, log):
    state.add_layer(user_layer("layer-1"), data=object())
    state.add_layer(user_layer("layer-2"), index=2)
    assert [layer.id for layer in state.layers][:3] == ["layer-1", "future_village", "layer-2"]
    with pytest.raises(ValueError):
        state.add_layer(user_layer("layer-1"))
    state.move_layer("layer-1", 99)
    assert state.layers[-1].id == "layer-1"
    state.set_layer_order(["landmark", "layer-1"])
    assert [layer.id for layer in state.layers][:2] == ["landmark", "layer-1"]
    state.set_layer_style("layer-1", LayerStyle("#00FF00", 500, -1))
    assert state.layer("layer-1").style == LayerStyle("#00ff00", 40.0, 0.05)  # kept in range
    state.set_layer_style("layer-1", LayerStyle("red; x: url(javascript:1)", 5, 0.5))
    assert state.layer("layer-1").style.color == "#757575"  # never a string the page would have to trust
    state.remove_layer("landmark")  # the article's layers are not removable
    assert state.layer("landmark") is not None
    state.remove_layer("layer-1")
    assert state.layer("layer-1") is None and state.layer_data("layer-1") is None
    kinds = [name for name, _value in log]
    assert kinds.count("layers") == 5 and kinds.count("layer") == 2  # add, add, move, order, remove


def test_selecting_a_user_feature_and_the_rules_for_it(state, log):
    state.add_layer(user_layer("layer-1", count=3))
    state.select(Selection("layer-1", 2))
    assert state.selection == Selection("layer-1", 2) and state.selected_site is None
    for bad in (3, -1, "2", True, 1.5):
        state.select(Selection("layer-1", bad))
        assert state.selection is None
        state.select(Selection("layer-1", 2))
    state.set_layer_visible("layer-1", False)
    assert state.selection is None  # hiding the layer clears it
    state.select(Selection("layer-1", 0))
    assert state.layer("layer-1").visible  # selecting shows it
    state.remove_layer("layer-1")
    assert state.selection is None


def test_a_layer_still_loading_or_unavailable_has_nothing_to_select(state):
    state.add_layer(user_layer("layer-1")._replace(status="loading"))
    state.select(Selection("layer-1", 0))
    assert state.selection is None
    state.update_layer("layer-1", status="ok")
    state.select(Selection("layer-1", 0))
    assert state.selection == Selection("layer-1", 0)


def test_view_says_who_set_it_and_emits_only_on_change(state, log):
    state.set_view((29.0, 118.8, 10), origin="page")
    state.set_view(View(29.0, 118.8, 10.0), origin="tool")
    assert state.view == View(29.0, 118.8, 10.0)
    assert [value.origin for name, value in log if name == "view"] == ["page"]


def test_a_style_of_nan_or_infinity_becomes_a_usable_one(state):
    state.add_layer(user_layer("layer-1"))
    state.set_layer_style("layer-1", LayerStyle("#00ff00", float("nan"), float("inf")))
    style = state.layer("layer-1").style
    assert style.size == 6.0 and style.opacity == 0.85  # the defaults: the page gets numbers it can use


def test_a_selected_feature_whose_layer_becomes_unavailable_is_deselected(state):
    state.add_layer(user_layer("layer-1"))
    state.select(Selection("layer-1", 1))
    state.update_layer("layer-1", status="unavailable", message="gone")
    assert state.selection is None


def test_site_labels_are_off_by_default_and_emit_only_on_change(state):
    seen: list[bool] = []
    state.site_labels_changed.connect(seen.append)
    assert state.site_labels is False
    state.set_site_labels(True)
    state.set_site_labels(True)
    state.set_site_labels(False)
    state.set_site_labels(False)
    assert seen == [True, False] and state.site_labels is False
