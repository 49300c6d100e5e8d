"""The exported story page in a real headless Chromium, offline: a click on a site shows its quote, the article's
links select sites, the tour steps through them in the article's order, the page starts as the app was, its CSP
blocks every remote request, and a hostile string in the data stays text.

Without Chromium these tests skip; in CI (CI=true) they fail (tests/chromium_support.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from quzhou_map.core.story import StoryState
from tests.chromium_support import Browser, require_chromium

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def shipped() -> tuple[Any, dict[str, Any]]:
    from quzhou_map.core.paths import geodata_dir
    from quzhou_map.core.story import load_catalog

    return load_catalog(geodata_dir())


@pytest.fixture(scope="module")
def tour(shipped) -> tuple[str, ...]:
    from quzhou_map.core.article import shipped_article
    from quzhou_map.core.article_layout import build_reading
    from quzhou_map.core.tour import tour_order

    catalog, _counties = shipped
    return tour_order(build_reading(shipped_article(), catalog.sites, catalog.city).mentions, catalog.sites)


def export(folder: Path, name: str, state: StoryState) -> Path:
    from quzhou_map.export import export_html

    target = folder / name
    assert export_html(target, state=state) == 0
    return target


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("story")
    return {"zh": export(folder, "story-zh.html", StoryState()),
            "en": export(folder, "story-en.html", StoryState(language="en", hidden_themes=("industrial_park",),
                                                              selected="gov-gaojia-town"))}


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    opened = Browser(require_chromium(), tmp_path / "profile")
    try:
        yield opened
    finally:
        opened.close()


def offline_and_quiet(browser: Browser) -> None:
    """Nothing was fetched but the file itself, nothing failed, no dialog opened."""
    fetched = [url for url in browser.requests() if not url.startswith(("file:", "data:", "about:"))]
    assert fetched == []
    errors = [e["params"] for e in browser.events if e["method"] == "Runtime.exceptionThrown"]
    errors += [e["params"]["entry"] for e in browser.events
               if e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error"]
    assert errors == []
    assert browser.evaluate("window.__dialogs.length") == 0


def clickable_site(browser: Browser, site_ids: tuple[str, ...]) -> tuple[str, tuple[float, float]]:
    """The first site whose symbol is on top at its own centre (not under a neighbour), and that centre."""
    for site_id in site_ids:
        marker = f"QuzhouSites.markers[{json.dumps(site_id)}].getElement()"
        at = browser.centre_of(marker)
        if at and browser.evaluate(f"{marker}.contains(document.elementFromPoint({at[0]}, {at[1]}))"):
            return site_id, at
    raise AssertionError("no site's symbol can be clicked")


def panel_text(browser: Browser, selector: str) -> list[str]:
    return browser.evaluate(f"Array.from(document.querySelectorAll({json.dumps(selector)}))"
                            ".map(function (e) { return e.textContent; })")


def test_a_click_on_a_site_shows_its_quote(browser, pages, shipped, tour):
    catalog, _counties = shipped
    browser.open(pages["zh"].as_uri())
    assert panel_text(browser, ".qzs-site-title") == []  # nothing selected: the hint and the city's facts
    site_id, at = clickable_site(browser, tour)
    browser.click(*at)
    browser.next_frame()
    site = catalog.get(site_id)
    assert browser.evaluate("QuzhouStory.state().selected") == site_id
    assert panel_text(browser, ".qzs-site-title") == [site.name_zh]
    assert panel_text(browser, ".qzs-quote") == [fact.quote for fact in site.facts]
    assert panel_text(browser, ".qzs-translation") == [fact.translation for fact in site.facts if fact.translation]
    assert json.loads(browser.evaluate("QuzhouMap.debug.status()"))["selected"] == site_id  # drawn larger
    assert browser.evaluate("document.querySelector('.qz-site.qz-selected') !== null")
    assert f"select={site_id}" in browser.evaluate("location.hash")  # a copied link opens it so
    offline_and_quiet(browser)


def test_the_article_links_and_the_tour_select_sites(browser, pages, shipped, tour):
    catalog, _counties = shipped
    browser.open(pages["zh"].as_uri())
    browser.click(*browser.centre_of("document.querySelector('.qzs-next')"))  # the tour starts
    browser.next_frame()
    assert browser.evaluate("QuzhouStory.state()") == {"selected": tour[0], "language": "zh", "tab": "site",
                                                       "step": 1}
    assert panel_text(browser, ".qzs-step-name") == [catalog.get(tour[0]).name_zh]
    browser.click(*browser.centre_of("document.querySelector('.qzs-next')"))
    browser.next_frame()
    assert browser.evaluate("QuzhouStory.state().selected") == tour[1]
    browser.click(*browser.centre_of("document.querySelector('.qzs-previous')"))
    browser.next_frame()
    assert browser.evaluate("QuzhouStory.state().step") == 1
    zoom = json.loads(browser.evaluate("QuzhouMap.debug.status()"))["zoom"]
    assert zoom > 9  # on the site's precision circle, not the whole city

    browser.click(*browser.centre_of("document.querySelectorAll('.qzs-tab')[1]"))  # the article
    browser.next_frame()
    assert browser.evaluate("QuzhouStory.state().tab") == "article"
    links = browser.evaluate("Array.from(document.querySelectorAll('a.qzs-mention')).map(function (a) {"
                             " return [a.textContent, a.getAttribute('data-sites')]; })")
    assert len(links) >= len(tour)  # every site the tour visits by its mention, some more than once
    one_site = next(i for i, (_text, sites) in enumerate(links) if " " not in sites and sites != tour[0])
    text, wanted = links[one_site]
    assert text in catalog.get(wanted).name_zh or any(text in f.quote for f in catalog.get(wanted).facts)
    link = f"document.querySelectorAll('a.qzs-mention')[{one_site}]"
    browser.evaluate(f"{link}.scrollIntoView({{block: 'center'}})")
    browser.next_frame()
    browser.click(*browser.centre_of(link))
    browser.next_frame()
    assert browser.evaluate("QuzhouStory.state().selected") == wanted
    assert browser.evaluate(f"{link}.classList.contains('qzs-current')")  # its mentions are marked
    browser.click(*browser.centre_of("document.querySelectorAll('.qzs-tab')[0]"))
    assert panel_text(browser, ".qzs-quote") == [fact.quote for fact in catalog.get(wanted).facts]
    offline_and_quiet(browser)


def test_the_page_starts_as_the_app_was(browser, pages, shipped, tour):
    catalog, _counties = shipped
    browser.open(pages["en"].as_uri())
    status = json.loads(browser.evaluate("QuzhouMap.debug.status()"))
    assert status["language"] == "en" and status["selected"] == "gov-gaojia-town"
    assert {layer["id"]: layer["visible"] for layer in status["layers"]}["industrial_park"] is False
    assert not set(status["visible"]) & {s.id for s in catalog.sites if s.theme == "industrial_park"}
    assert status["legendHidden"] == ["industrial_park"]
    assert browser.evaluate("document.querySelector('input[data-theme=industrial_park]').checked") is False
    assert panel_text(browser, ".qzs-step-count") == [f"Step {tour.index('gov-gaojia-town') + 1} of {len(tour)}"]
    assert panel_text(browser, ".qzs-tab") == ["Site", "Article"]
    assert panel_text(browser, ".qzs-site-title") == [catalog.get("gov-gaojia-town").name_zh]
    # the language button switches the panel and the map together
    browser.click(*browser.centre_of("document.querySelector('.qzs-language')"))
    browser.next_frame()
    assert panel_text(browser, ".qzs-tab") == ["地点", "原文"]
    assert json.loads(browser.evaluate("QuzhouMap.debug.status()"))["language"] == "zh"
    # a theme's box shows its layer again
    browser.click(*browser.centre_of("document.querySelector('input[data-theme=industrial_park]')"))
    browser.next_frame()
    status = json.loads(browser.evaluate("QuzhouMap.debug.status()"))
    assert {layer["id"]: layer["visible"] for layer in status["layers"]}["industrial_park"] is True
    offline_and_quiet(browser)


PROBE = """new Promise(function (done) {
  var results = {};
  var pending = 5;
  function settle(name, value) {
    results[name] = value;
    if (--pending === 0) setTimeout(function () { done(results); }, 200);
  }
  fetch("https://example.com/data.json").then(function () { settle("fetch", "loaded"); },
                                              function () { settle("fetch", "refused"); });
  var image = new Image();
  image.onload = function () { settle("image", "loaded"); };
  image.onerror = function () { settle("image", "refused"); };
  image.src = "https://tile.openstreetmap.org/1/1/1.png";
  var script = document.createElement("script");
  script.onload = function () { settle("script", "loaded"); };
  script.onerror = function () { settle("script", "refused"); };
  script.src = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js";
  document.head.appendChild(script);
  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.onload = function () { settle("style", "loaded"); };
  style.onerror = function () { settle("style", "refused"); };
  style.href = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css";
  document.head.appendChild(style);
  var frame = document.createElement("iframe");
  frame.src = "https://example.com/";
  document.body.appendChild(frame);
  setTimeout(function () { settle("frame", "tried"); }, 300);
})"""


def test_the_page_blocks_every_remote_request(browser, pages):
    browser.open(pages["zh"].as_uri())
    offline_and_quiet(browser)  # loading fetched nothing
    results = browser.evaluate(PROBE, await_promise=True)
    assert results == {"fetch": "refused", "image": "refused", "script": "refused", "style": "refused",
                       "frame": "tried"}
    violated = {v["directive"] for v in browser.evaluate("window.__violations")}
    assert {"connect-src", "img-src", "script-src-elem", "style-src-elem", "frame-src"} <= violated
    # each one refused by the page's policy (blocked "csp"), not by the cut-off network
    browser.pump(0.3)
    remote = {e["params"]["requestId"]: e["params"]["request"]["url"] for e in browser.events
              if e["method"] == "Network.requestWillBeSent"
              and e["params"]["request"]["url"].startswith(("http:", "https:"))}
    blocked = {e["params"]["requestId"]: e["params"].get("blockedReason") for e in browser.events
               if e["method"] == "Network.loadingFailed"}
    assert remote and {url: blocked.get(request) for request, url in remote.items()} == {
        url: "csp" for url in remote.values()}


def test_a_hostile_string_in_the_data_stays_text(browser, shipped, tmp_path):
    from quzhou_map.core.article import Article, shipped_article
    from quzhou_map.core.catalog import SiteCatalog
    from quzhou_map.core.story import render_story_page

    catalog, counties = shipped
    victim = next(site for site in catalog.sites if site.theme == "governance")
    fact = victim.facts[0]._replace(quote=HOSTILE + " quote", translation=HOSTILE + " translation")
    hostile_site = victim._replace(name_zh=HOSTILE, name_en=HOSTILE, township=HOSTILE,
                                   facts=(fact, *victim.facts[1:]),
                                   position=victim.position._replace(source=HOSTILE))
    sites = [hostile_site if site.id == victim.id else site for site in catalog.sites]
    article = Article(shipped_article().text + "\n" + HOSTILE + "\n")
    page = render_story_page(SiteCatalog(sites, catalog.city), counties, article, StoryState(language="en"))
    assert HOSTILE not in page and "<img" not in page  # in the page's data only as escaped JSON
    target = tmp_path / "hostile.html"
    target.write_text(page, encoding="utf-8")

    browser.open(target.as_uri())
    marker = f"QuzhouSites.markers[{json.dumps(victim.id)}].getElement()"
    view = {"lat": victim.position.lat, "lng": victim.position.lon, "zoom": 14}
    browser.evaluate(f"QuzhouMap.receive('setView', {json.dumps(view)})")  # the site alone under the mouse
    browser.next_frame()
    at = browser.centre_of(marker)
    assert at and browser.evaluate(f"{marker}.contains(document.elementFromPoint({at[0]}, {at[1]}))")
    browser.click(*at)
    browser.next_frame()
    assert panel_text(browser, ".qzs-site-title") == [HOSTILE]
    assert panel_text(browser, ".qzs-quote")[0] == HOSTILE + " quote"
    assert panel_text(browser, ".qzs-translation")[0] == HOSTILE + " translation"
    assert any(HOSTILE in text for text in panel_text(browser, ".qzs-rows td"))  # township, source
    assert any(HOSTILE in text for text in panel_text(browser, ".leaflet-tooltip"))  # the hover's tooltip
    assert HOSTILE in browser.evaluate("document.querySelector('.qzs-article').textContent")
    assert browser.evaluate("document.querySelectorAll('img').length") == 0  # never parsed as HTML
    browser.pump(0.3)
    offline_and_quiet(browser)  # no alert: nothing ran


def test_the_command_line_export_takes_the_apps_options(tmp_path, capsys):
    from quzhou_map.cli import main

    target = tmp_path / "page.html"
    assert main(["--export-html", str(target), "--lang", "en", "--hide-theme", "landmark",
                 "--select", "village-yudong", "--site-labels"]) == 0
    html = target.read_text(encoding="utf-8")
    marker = "QuzhouStory.init("
    start = html.index(marker) + len(marker)
    data, _end = json.JSONDecoder().raw_decode(html[start:])
    assert data["initial"] == {"language": "en", "hidden": ["landmark"], "selected": "village-yudong",
                               "view": None, "siteLabels": True}
    assert main(["--export-html", str(target), "--tour-step", "2"]) == 0
    html = target.read_text(encoding="utf-8")
    data, _end = json.JSONDecoder().raw_decode(html[html.index(marker) + len(marker):])
    assert data["initial"]["selected"] == data["tour"][1]
    for args, words in ((["--select", "nowhere"], "unknown site 'nowhere'"),
                        (["--select", "village-yudong", "--hide-theme", "future_village"], "hidden theme"),
                        (["--tour-step", "99"], "--tour-step 99")):
        capsys.readouterr()
        assert main(["--export-html", str(tmp_path / "bad.html"), *args]) == 2
        assert words in capsys.readouterr().err
    assert not (tmp_path / "bad.html").exists()
