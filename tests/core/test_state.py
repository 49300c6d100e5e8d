"""AppState: visible themes, selection and language, and the rules and signals that tie them."""

from __future__ import annotations

import pytest

from quzhou_map.core.state import AppState
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
    state.visible_themes_changed.connect(lambda v: events.append(("visible", v)))
    state.selection_changed.connect(lambda v: events.append(("selection", v)))
    state.language_changed.connect(lambda v: events.append(("language", v)))
    return events


def test_initial_state(state, shipped_catalog):
    assert state.visible_themes == frozenset(THEME_IDS)
    assert state.selected_id is None
    assert state.language == "zh"
    assert [s.id for s in state.visible_sites()] == [s.id for s in shipped_catalog.sites]
    assert AppState(shipped_catalog, language="en").language == "en"
    assert AppState(shipped_catalog, language="fr").language == "zh"


def test_select_emits_once_and_not_when_unchanged(state, log):
    state.select(YUDONG)
    assert state.selected_id == YUDONG
    assert log == [("selection", YUDONG)]
    state.select(YUDONG)
    assert log == [("selection", YUDONG)]
    state.select(None)
    state.select(None)
    assert state.selected_id is None
    assert log == [("selection", YUDONG), ("selection", None)]


def test_hiding_the_selected_sites_theme_clears_the_selection(state, log):
    state.select(YUDONG)
    log.clear()
    state.set_theme_visible("future_village", False)
    assert state.selected_id is None
    assert "future_village" not in state.visible_themes
    assert log == [("visible", frozenset(THEME_IDS) - {"future_village"}), ("selection", None)]


def test_hiding_another_theme_keeps_the_selection(state, log):
    state.select(YUDONG)
    log.clear()
    state.set_theme_visible("landmark", False)
    assert state.selected_id == YUDONG
    assert log == [("visible", frozenset(THEME_IDS) - {"landmark"})]
    assert all(s.theme != "landmark" for s in state.visible_sites())


def test_set_visible_themes_without_the_selected_theme_clears_it(state, log):
    state.select(LAKE)
    log.clear()
    state.set_visible_themes(["future_village", "governance"])
    assert state.selected_id is None
    assert log == [("visible", frozenset({"future_village", "governance"})), ("selection", None)]


def test_selecting_a_site_of_a_hidden_theme_shows_the_theme(state, log):
    state.set_theme_visible("landmark", False)
    log.clear()
    state.select(LAKE)
    assert state.selected_id == LAKE
    assert "landmark" in state.visible_themes
    assert state.visible_themes == frozenset(THEME_IDS)
    # the layer is shown before the selection is announced, once each
    assert log == [("visible", frozenset(THEME_IDS)), ("selection", LAKE)]


def test_visible_themes_unchanged_emits_nothing(state, log):
    state.set_visible_themes(THEME_IDS)
    state.set_visible_themes(list(THEME_IDS) + ["no-such-theme", "city"])
    state.set_theme_visible("landmark", True)
    assert log == []
    state.set_theme_visible("landmark", False)
    state.set_theme_visible("landmark", False)
    state.set_visible_themes(set(THEME_IDS) - {"landmark"})
    assert log == [("visible", frozenset(THEME_IDS) - {"landmark"})]


def test_unknown_themes_are_ignored(state):
    state.set_visible_themes(["landmark", "no-such-theme"])
    assert state.visible_themes == frozenset({"landmark"})


def test_state_is_consistent_inside_the_handlers(state):
    seen = []
    state.selection_changed.connect(lambda site_id: seen.append((site_id, state.selected_id, state.visible_themes)))
    state.set_theme_visible("landmark", False)
    state.select(LAKE)
    assert seen == [(LAKE, LAKE, frozenset(THEME_IDS))]


def test_language(state, log):
    state.set_language("en")
    state.set_language("en")
    state.set_language("fr")
    assert state.language == "en"
    state.set_language("zh")
    assert log == [("language", "en"), ("language", "zh")]


def test_hiding_everything_then_selecting(state, log):
    state.select(YUDONG)
    state.set_visible_themes([])
    assert state.selected_id is None and state.visible_themes == frozenset()
    assert state.visible_sites() == []
    log.clear()
    state.select("gov-gaojia-town")
    assert state.visible_themes == frozenset({"governance"})
    assert log == [("visible", frozenset({"governance"})), ("selection", "gov-gaojia-town")]
