"""The story page's data (core/story.py): the whole article with its mentions, every site's facts, the tour,
the state it starts in, and the checks on that state. The page itself is tested in a browser
(tests/test_story_page.py)."""

from __future__ import annotations

import pytest

from quzhou_map.core.story import STORY_LABELS, StoryState, story_data, story_state


@pytest.fixture(scope="module")
def reading(shipped_catalog):
    from quzhou_map.core.article import shipped_article
    from quzhou_map.core.article_layout import build_reading

    return build_reading(shipped_article(), shipped_catalog.sites, shipped_catalog.city)


@pytest.fixture(scope="module")
def data(shipped_catalog, reading):
    from quzhou_map.core.tour import tour_order

    return story_data(shipped_catalog, reading, tour_order(reading.mentions, shipped_catalog.sites),
                      StoryState(language="en", hidden_themes=("landmark",), selected="village-yudong"))


def test_the_article_is_all_there_and_each_mention_a_link(data, reading):
    from quzhou_map.core.article import shipped_article

    lines = shipped_article().lines
    links = 0
    for block in data["article"]["blocks"]:
        for piece in block["pieces"]:
            text = "".join(part if isinstance(part, str) else part["text"] for part in piece["parts"])
            assert text in lines[piece["line"] - 1]  # as printed, nothing lost or doubled
            links += sum(1 for part in piece["parts"] if not isinstance(part, str))
    assert links == len(reading.mentions)
    texts = [b for b in data["article"]["blocks"] if b["kind"] == "text"]
    assert texts and all("english" in b for b in texts) and any(b["english"] for b in texts)


def test_every_site_with_its_facts_and_the_tour(data, shipped_catalog):
    assert list(data["sites"]) == [site.id for site in shipped_catalog.sites]
    assert sorted(data["tour"]) == sorted(data["sites"])
    yudong = data["sites"]["village-yudong"]
    site = shipped_catalog.get("village-yudong")
    assert [f["quote"] for f in yudong["facts"]] == [f.quote for f in site.facts]
    assert yudong["mentions"] > 0 and yudong["estimate"] and yudong["radius"] == "6 km"
    assert data["city"]["facts"] and data["initial"] == {
        "language": "en", "hidden": ["landmark"], "selected": "village-yudong", "view": None, "siteLabels": False}
    assert set(STORY_LABELS["zh"]) == set(STORY_LABELS["en"])


def test_a_state_that_cannot_be_shown_is_refused(shipped_catalog):
    assert StoryState().problems(shipped_catalog) == []
    assert StoryState(selected="village-yudong", tour_step=3).problems(shipped_catalog) == []
    problems = StoryState(language="fr", hidden_themes=("nope", "future_village"), selected="village-yudong",
                          tour_step=0).problems(shipped_catalog)
    assert [p.split()[0] for p in problems] == ["unknown", "unknown", "site", "--tour-step"]
    assert StoryState(selected="nowhere").problems(shipped_catalog)[0].startswith("unknown site 'nowhere'")


def test_the_apps_state_is_what_the_page_starts_with(shipped_catalog):
    from quzhou_map.core.state import AppState

    state = AppState(shipped_catalog, "en")
    state.set_theme_visible("governance", False)
    state.select_site("village-yudong")
    state.set_view((29.0, 118.9, 11.5))
    state.set_site_labels(True)
    assert story_state(state) == StoryState(language="en", hidden_themes=("governance",), selected="village-yudong",
                                            view=(29.0, 118.9, 11.5), site_labels=True)


def test_the_panel_is_only_for_an_exported_page(shipped_catalog, shipped_report, data):
    from quzhou_map.core.map_page import render_page

    with pytest.raises(ValueError):
        render_page(shipped_catalog.sites, shipped_report.counties, "files", story=data)
