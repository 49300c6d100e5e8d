/* The exported page's story panel (core/story.py builds its data): what the article says about the site
 * clicked, the article with every mention of a site a link, and the tour through the sites in the order
 * the article names them. It plays the app's part: it listens to the page's events (QuzhouMap.listen)
 * and answers with the protocol's commands (QuzhouMap.receive); the map itself owns nothing.
 *
 * Every string from the data goes into the DOM as text (textContent, setAttribute), never as HTML.
 */
"use strict";

var QuzhouStory = (function () {
  var data = null;
  var map = null;
  var language = "zh";
  var visible = {};          // theme id -> shown
  var selected = null;       // site id
  var tab = "site";          // "site" | "article"
  var english = false;       // the article's translations shown under its paragraphs
  var dom = {};              // the panel's parts that change
  var mentionLinks = [];     // {element, sites}
  var lineElements = {};     // article line -> its first element

  /* --- small helpers -------------------------------------------------------------------------------- */
  function make(tag, className, text, parent) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined && text !== null) element.textContent = String(text);
    if (parent) parent.appendChild(element);
    return element;
  }

  function label(key, values) {
    var text = data.labels[language][key] || key;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function receive(name, payload) { QuzhouMap.receive(name, payload); }

  function siteOf(id) {
    return typeof id === "string" && Object.prototype.hasOwnProperty.call(data.sites, id) ? data.sites[id] : null;
  }

  function themeName(themeId) {
    var theme = data.themes.filter(function (t) { return t.id === themeId; })[0];
    return theme ? theme.name[language] : themeId;
  }

  function button(text, className, parent, onClick) {
    var element = make("button", className, text, parent);
    element.type = "button";
    element.addEventListener("click", onClick);
    return element;
  }

  /* --- the panel's frame ------------------------------------------------------------------------------ */
  function buildPanel() {
    var panel = make("aside");
    panel.id = "qzs-story";
    var head = make("header", "qzs-story-head", null, panel);
    var titles = make("div", "qzs-story-titles", null, head);
    dom.title = make("h1", "", null, titles);
    dom.source = make("div", "qzs-story-source", null, titles);
    dom.languageButton = button("", "qzs-language", head, function () {
      setLanguage(language === "zh" ? "en" : "zh");
    });
    dom.layers = make("div", "qzs-layers", null, panel);
    dom.layerTitle = make("span", "qzs-layers-title", null, dom.layers);
    dom.themeBoxes = {};
    data.themes.forEach(function (theme) {
      var row = make("label", "qzs-layer", null, dom.layers);
      var box = make("input", "", null, row);
      box.type = "checkbox";
      box.setAttribute("data-theme", theme.id);
      box.addEventListener("change", function () { setThemeVisible(theme.id, box.checked); });
      var swatch = make("span", "qzs-swatch", null, row);
      if (/^#[0-9a-fA-F]{3,8}$/.test(theme.color)) swatch.style.backgroundColor = theme.color;
      dom.themeBoxes[theme.id] = {box: box, name: make("span", "", null, row)};
    });
    var tour = make("div", "qzs-tour", null, panel);
    dom.previous = button("", "qzs-previous", tour, function () { go(currentStep() ? currentStep() - 1 : 1); });
    dom.step = make("div", "qzs-step", null, tour);
    dom.next = button("", "qzs-next", tour, function () { go(currentStep() + 1); });
    var tabs = make("nav", "qzs-tabs", null, panel);
    dom.tabs = {
      site: button("", "qzs-tab", tabs, function () { showTab("site"); }),
      article: button("", "qzs-tab", tabs, function () { showTab("article"); })
    };
    dom.englishBox = make("label", "qzs-english", null, tabs);
    var box = make("input", "", null, dom.englishBox);
    box.type = "checkbox";
    box.addEventListener("change", function () { english = box.checked; showEnglish(); });
    dom.englishCheck = box;
    dom.englishText = make("span", "", null, dom.englishBox);
    dom.details = make("section", "qzs-pane qzs-details", null, panel);
    dom.article = make("section", "qzs-pane qzs-article", null, panel);
    dom.details.tabIndex = -1;
    dom.article.tabIndex = -1;
    return panel;
  }

  /* --- a site's facts ---------------------------------------------------------------------------------- */
  function factsOf(site, parent) {
    site.facts.forEach(function (fact) {
      var box = make("div", "qzs-fact", null, parent);
      make("p", "qzs-quote", fact.quote, box).lang = "zh-CN";
      if (fact.translation) make("p", "qzs-translation", fact.translation, box).lang = "en";
      var where = make("p", "qzs-where", null, box);
      where.appendChild(document.createTextNode(fact.section));
      if (fact.line) {
        where.appendChild(document.createTextNode(" · "));
        var link = make("a", "qzs-line-link", label("line", {line: fact.line}), where);
        link.href = "#line-" + Number(fact.line);
        link.addEventListener("click", function (event) {
          event.preventDefault();
          showTab("article");
          scrollArticleTo(lineElements[fact.line], true);
        });
      }
      if (fact.caption) where.appendChild(document.createTextNode(" · " + label("caption")));
      var rows = fact.figures[language] || [];
      if (rows.length) {
        var table = make("table", "qzs-figures", null, box);
        rows.forEach(function (row) {  // value, what it equals, unit, period
          var tr = make("tr", "", null, table);
          make("td", "qzs-figure-value", row[0], tr);
          if (language !== "zh") make("td", "", row[1], tr);
          make("td", "", row[2], tr);
          make("td", "qzs-figure-period", row[3], tr);
        });
      }
    });
  }

  function table(rows, parent) {
    var element = make("table", "qzs-rows", null, parent);
    rows.forEach(function (row) {
      var tr = make("tr", "", null, element);
      make("th", "", row[0], tr);
      make("td", "", row[1], tr);
    });
    return element;
  }

  function renderDetails() {
    var pane = dom.details;
    pane.textContent = "";
    var site = siteOf(selected);
    if (!site) {
      make("p", "qzs-hint", label("hint"), pane);
      if (data.city) {
        make("h2", "", label("city_record"), pane);
        make("h3", "", label("facts") + " (" + data.city.facts.length + ")", pane);
        factsOf(data.city, pane);
      }
      return;
    }
    var name = make("h2", "qzs-site-title", site.name.zh, pane);
    name.lang = "zh-CN";
    var names = make("p", "qzs-names", null, pane);
    make("span", "", site.name.en, names).lang = "en";
    names.appendChild(document.createTextNode(" · "));
    make("i", "", site.pinyin, names).lang = "zh-Latn-pinyin";
    if (site.estimate) make("p", "qzs-estimate", label("estimate_warning", {radius: site.radius}), pane);
    table([[label("theme"), themeName(site.theme)],
           [label("county"), site.county[language]],
           [label("township"), site.township || label("unknown")]], pane);
    var mentions = make("p", "qzs-mentions", null, pane);
    if (site.mentions) {
      var link = make("a", "", label("mentions", {count: site.mentions}), mentions);
      link.href = "#select=" + encodeURIComponent(site.id);
      link.addEventListener("click", function (event) {
        event.preventDefault();
        showTab("article");
        scrollToMention(site.id);
      });
    } else {
      mentions.textContent = label("no_mentions");
    }
    make("h3", "", label("facts") + " (" + site.facts.length + ")", pane);
    factsOf(site, pane);
    make("h3", "", label("position"), pane);
    table([[label("position"), site.coordinates + " (" + label("stored_wgs84") + ")"],
           [label("precision"), "± " + site.radius],
           [label("method"), label("methods." + site.method)],
           [label("datum"), site.datum],
           [label("source"), site.source]], pane);
  }

  /* --- the article ------------------------------------------------------------------------------------ */
  function renderArticle() {
    var pane = dom.article;
    pane.textContent = "";
    mentionLinks = [];
    lineElements = {};
    var head = make("div", "qzs-article-head", null, pane);
    make("div", "qzs-publication", data.article.publication, head);
    data.article.blocks.forEach(function (block) {
      var row = make("div", "qzs-block qzs-kind-" + block.kind, null, pane);
      make("span", "qzs-ln", block.pieces.length ? block.pieces[0].line : "", row);
      var text = make("div", "qzs-text", null, row);
      text.lang = "zh-CN";
      block.pieces.forEach(function (piece) {
        var span = make("span", "qzs-piece", null, text);
        if (!lineElements[piece.line]) lineElements[piece.line] = row;
        piece.parts.forEach(function (part) {
          if (typeof part === "string") { span.appendChild(document.createTextNode(part)); return; }
          var sites = part.sites.filter(function (id) { return !!siteOf(id); });
          if (!sites.length) { span.appendChild(document.createTextNode(part.text)); return; }
          var link = make("a", "qzs-mention", part.text, span);
          link.href = "#select=" + encodeURIComponent(sites[0]);
          link.setAttribute("data-sites", sites.join(" "));
          link.addEventListener("click", function (event) {
            event.preventDefault();
            // one name for several sites (杭衢高铁, the stations): each click selects the next of them
            var at = sites.indexOf(selected);
            select(sites[(at + 1) % sites.length], {pan: true});
          });
          mentionLinks.push({element: link, sites: sites});
        });
      });
      if (block.english) {
        var en = make("div", "qzs-en", null, row);
        en.lang = "en";
        if (!block.english.length) {
          make("span", "qzs-none", label("no_translation"), en);
        } else {
          en.appendChild(document.createTextNode(block.english.join(" ")));
          if (!block.complete) make("span", "qzs-none", " " + label("partial_translation"), en);
        }
      }
    });
    showEnglish();
    highlightMentions();
  }

  function showEnglish() {
    dom.article.classList.toggle("qzs-show-english", english);
    dom.englishCheck.checked = english;
  }

  function highlightMentions() {
    mentionLinks.forEach(function (m) {
      m.element.classList.toggle("qzs-current", selected !== null && m.sites.indexOf(selected) >= 0);
    });
  }

  /* The article scrolled to ``element``, a third down the pane; a line asked for flashes once (a site's
   * mentions need not: they stay marked). */
  function scrollArticleTo(element, flash) {
    if (!element) return;
    var pane = dom.article;
    var top = element.getBoundingClientRect().top - pane.getBoundingClientRect().top + pane.scrollTop;
    pane.scrollTop = Math.max(0, top - pane.clientHeight / 3);
    if (!flash) return;
    element.classList.remove("qzs-flash");
    void element.offsetWidth;  // restart the animation
    element.classList.add("qzs-flash");
  }

  function scrollToMention(siteId) {
    var first = mentionLinks.filter(function (m) { return m.sites.indexOf(siteId) >= 0; })[0];
    if (first) scrollArticleTo(first.element);
  }

  /* --- the tour ---------------------------------------------------------------------------------------- */
  function currentStep() { return selected ? data.tour.indexOf(selected) + 1 : 0; }

  /* Step ``n`` (1-based, clamped): its site selected, and the map on its precision circle, which takes about
   * half the map (never closer than the place is known; the page has no basemap, so the counties around
   * it are what says where it is). */
  function go(n) {
    if (!data.tour.length) return;
    n = Math.min(Math.max(1, n), data.tour.length);
    var site = siteOf(data.tour[n - 1]);
    if (!site) return;
    select(site.id, {pan: false});
    var dLat = 2 * site.precisionM / 111320, dLng = dLat / Math.max(0.01, Math.cos(site.lat * Math.PI / 180));
    receive("fitBounds", {bounds: [[site.lat - dLat, site.lng - dLng], [site.lat + dLat, site.lng + dLng]],
                          maxZoom: data.maxZoom});
    if (tab === "article") scrollToMention(site.id);
  }

  function renderTour() {
    var step = currentStep(), site = siteOf(selected);
    dom.previous.textContent = "◀ " + label("previous");
    dom.next.textContent = label("next") + " ▶";
    dom.previous.disabled = step <= 1;
    dom.next.disabled = step >= data.tour.length;
    dom.step.textContent = "";
    if (!site) {
      make("span", "qzs-step-count", label("tour"), dom.step);
      return;
    }
    if (step) make("span", "qzs-step-count", label("step", {step: step, count: data.tour.length}), dom.step);
    make("span", "qzs-step-name", site.name[language], dom.step);
  }

  /* --- what the reader does ---------------------------------------------------------------------------- */
  function select(id, options) {
    var site = siteOf(id);
    if (!site) {
      selected = null;
      receive("select", {layer: null, feature: null, pan: false});
    } else {
      if (!visible[site.theme]) setThemeVisible(site.theme, true);  // as the app: selecting shows its layer
      selected = id;
      receive("select", {layer: site.theme, feature: id, pan: !!(options && options.pan)});
    }
    renderDetails();
    renderTour();
    highlightMentions();
    dom.details.scrollTop = 0;
    remember();
  }

  function setThemeVisible(themeId, show) {
    visible[themeId] = !!show;
    dom.themeBoxes[themeId].box.checked = !!show;
    receive("setLayerVisible", {id: themeId, visible: !!show});
    var site = siteOf(selected);
    if (!show && site && site.theme === themeId) select(null);
  }

  function setLanguage(lang) {
    language = lang === "en" ? "en" : "zh";
    receive("setLanguage", {language: language});
    renderText();
    remember();
  }

  function showTab(name) {
    tab = name;
    Object.keys(dom.tabs).forEach(function (key) {
      dom.tabs[key].classList.toggle("qzs-active", key === name);
      dom.tabs[key].setAttribute("aria-selected", key === name ? "true" : "false");
    });
    dom.details.hidden = name !== "site";
    dom.article.hidden = name !== "article";
    dom.englishBox.hidden = name !== "article";
  }

  /* Every word of the panel in the current language. */
  function renderText() {
    document.getElementById("qzs-story").lang = language === "zh" ? "zh-CN" : "en";
    dom.title.textContent = label("title");
    dom.source.textContent = data.article.title;
    dom.languageButton.textContent = label("other_language");
    dom.layerTitle.textContent = label("layers");
    data.themes.forEach(function (theme) { dom.themeBoxes[theme.id].name.textContent = theme.name[language]; });
    dom.tabs.site.textContent = label("tab_site");
    dom.tabs.article.textContent = label("tab_article");
    dom.englishText.textContent = label("english_beside");
    renderDetails();
    renderTour();
    renderArticle();
  }

  /* The selection and language in the address, so a copied link opens the page as it is now. */
  function remember() {
    var params = new URLSearchParams();
    if (selected) params.set("select", selected);
    params.set("lang", language);
    try { history.replaceState(null, "", "#" + params.toString()); } catch (error) { /* not allowed here */ }
  }

  function onEvent(name, payload) {
    if (name === "featureClicked" && payload.layer && typeof payload.feature === "string") {
      select(payload.feature, {pan: false});
      showTab("site");
    }
  }

  function onKey(event) {
    var target = event.target, tag = target && target.tagName;
    if (event.altKey || event.ctrlKey || event.metaKey || tag === "INPUT" || tag === "TEXTAREA") return;
    if (map && map.getContainer().contains(target)) return;  // the map's own arrow keys pan it
    if (event.key === "ArrowRight") { go(currentStep() + 1); event.preventDefault(); }
    if (event.key === "ArrowLeft") { go(currentStep() ? currentStep() - 1 : 1); event.preventDefault(); }
  }

  /* --- start-up: after QuzhouMap.init; the address (#select=…&lang=…) has the last word ------------- */
  function init(config) {
    data = config;
    map = window[config.map] || null;
    var hash = new URLSearchParams(window.location.hash.slice(1));
    var hashLang = hash.get("lang");
    language = hashLang === "en" || hashLang === "zh" ? hashLang : config.initial.language;
    english = language === "en";
    document.body.classList.add("qzs-story-page");
    document.body.appendChild(buildPanel());
    if (map) map.invalidateSize();  // the map is narrower now: same centre
    var hidden = hash.get("hidden") !== null ? hash.get("hidden").split(",") : config.initial.hidden;
    data.themes.forEach(function (theme) {
      visible[theme.id] = hidden.indexOf(theme.id) < 0;
      dom.themeBoxes[theme.id].box.checked = visible[theme.id];
      if (!visible[theme.id]) receive("setLayerVisible", {id: theme.id, visible: false});
    });
    if (language !== (hashLang === "en" ? "en" : "zh")) receive("setLanguage", {language: language});
    if (config.initial.siteLabels) receive("setSiteLabels", {visible: true});
    var view = config.initial.view;
    if (hash.get("lat") !== null && hash.get("zoom") !== null) {
      /* the address's view, set by page.js, stays */
    } else if (view && view.length === 3) {
      receive("setView", {lat: view[0], lng: view[1], zoom: view[2]});
    } else if (map) {  // at once, not animated (the page draws only in WGS-84: it has no other basemap)
      map.fitBounds(config.bounds, {padding: [12, 12], animate: false});
    }
    QuzhouMap.listen(onEvent);
    document.addEventListener("keydown", onKey);
    renderText();
    showTab("site");
    var first = hash.get("select") !== null ? hash.get("select") : config.initial.selected;
    if (siteOf(first)) select(first, {pan: true});
    else remember();
  }

  return {init: init, select: select, go: go, setLanguage: setLanguage, showTab: showTab,
          state: function () { return {selected: selected, language: language, tab: tab, step: currentStep()}; }};
})();
