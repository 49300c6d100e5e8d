/* quzhou-map page script: draws the site symbols, keeps nearby sites apart, and talks to the app.
 *
 * The page owns no state: the app tells it which themes are visible, which site is selected and
 * which language to use; the page reports clicks, the cursor position and the view back through
 * the Qt web channel ("bridge"). Every string from the data is put into the DOM as text, never HTML.
 */
"use strict";

var QuzhouMap = (function () {
  var SYMBOL_SIZE = 18;
  var DECLUTTER_PX = 18;   // sites closer than this on screen are spread apart
  var SPREAD_PX = 16;      // radius of the ring they are spread on
  var DRAWN_TITLE = "quzhou-map drawn";

  var map = null;
  var bridge = null;
  var themes = {};          // theme id -> {color, svg, svgEstimate}
  var layers = {};          // theme id -> L.GeoJSON of site markers
  var extras = {};          // theme id -> L.LayerGroup of precision circles and leader lines
  var markers = {};         // site id -> L.Marker
  var visible = {};         // theme id -> bool
  var selectedId = null;
  var language = "zh";
  var countyLabels = [];
  var homeBounds = null;    // the counties' extent, from the app
  var legendText = null;    // {zh: {...}, en: {...}}, from the app
  var themeOrder = [];      // theme ids in the app's order
  var ready = false;

  function textElement(tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    element.textContent = text;
    return element;
  }

  function siteTooltip(props) {
    var box = document.createElement("div");
    var first = language === "zh" ? props.name_zh : props.name_en;
    var second = language === "zh" ? props.name_en : props.name_zh;
    box.appendChild(textElement("div", "qz-tip-name", first));
    box.appendChild(textElement("div", "qz-tip-other", second));
    if (props.estimate) {
      box.appendChild(textElement("div", "qz-tip-approx",
        (language === "zh" ? "位置为估计,误差约 " : "Approximate position, ±") + formatMetres(props.precision_m)));
    }
    return box;
  }

  function formatMetres(metres) {
    return metres >= 1000 ? (Math.round(metres / 100) / 10) + " km" : Math.round(metres) + " m";
  }

  function pointToLayer(feature, latlng) {
    var props = feature.properties, theme = themes[props.theme];
    var icon = L.divIcon({
      className: "qz-site qz-theme-" + props.theme + (props.estimate ? " qz-estimate" : ""),
      html: props.estimate ? theme.svgEstimate : theme.svg,
      iconSize: [SYMBOL_SIZE, SYMBOL_SIZE], iconAnchor: [SYMBOL_SIZE / 2, SYMBOL_SIZE / 2]
    });
    var marker = L.marker(latlng, {icon: icon, keyboard: false, riseOnHover: true});
    marker.trueLatLng = latlng;
    return marker;
  }

  function onEachSite(feature, layer) {
    var props = feature.properties;
    markers[props.id] = layer;
    layer.siteId = props.id;
    layer.siteTheme = props.theme;
    layer.bindTooltip(function () { return siteTooltip(props); }, {direction: "top", offset: [0, -8]});
    layer.on("click", function () {
      if (bridge) bridge.siteClicked(props.id);
    });
  }

  function onEachCounty(feature, layer) {
    layer.options.interactive = false;
  }

  function addPrecisionCircles(themeId) {
    var group = L.layerGroup();
    layers[themeId].eachLayer(function (marker) {
      var props = marker.feature.properties;
      if (props.precision_m > 0) {
        L.circle(marker.trueLatLng, {
          radius: props.precision_m, interactive: false, color: themes[themeId].color, weight: 1,
          opacity: 0.45, dashArray: props.estimate ? "4 4" : null, fillOpacity: 0.06,
          className: "qz-precision"
        }).addTo(group);
      }
    });
    group.leaders = L.layerGroup().addTo(group);
    extras[themeId] = group;
  }

  function drawCountyLabels() {
    countyLabels.forEach(function (label) {
      if (label.marker) map.removeLayer(label.marker);
      var element = textElement("span", "qz-county-name", language === "zh" ? label.name_zh : label.name_en);
      label.marker = L.marker([label.lat, label.lng], {
        interactive: false, keyboard: false, pane: "qzLabels",  // under the site symbols
        icon: L.divIcon({className: "qz-county-label", html: element, iconSize: null})
      }).addTo(map);
    });
  }

  /* What the symbols mean, in the current language: built from the app's own tables. */
  var legend = null;
  function drawLegend() {
    if (!legendText) return;
    if (legend) map.removeControl(legend);
    legend = L.control({position: "topright"});
    legend.onAdd = function () {
      var box = L.DomUtil.create("div", "qz-legend");
      var text = legendText[language];
      themeOrder.forEach(function (themeId) {
        var row = L.DomUtil.create("div", "qz-legend-row", box);
        row.setAttribute("data-theme", themeId);
        var symbol = L.DomUtil.create("span", "qz-legend-symbol", row);
        symbol.innerHTML = themes[themeId].svg;  // our own SVG, from the theme table
        row.appendChild(textElement("span", "", text.themes[themeId]));
      });
      var estimate = L.DomUtil.create("div", "qz-legend-row qz-legend-note", box);
      L.DomUtil.create("span", "qz-legend-symbol", estimate).innerHTML = themes[themeOrder[0]].svgEstimate;
      estimate.appendChild(textElement("span", "", text.estimate));
      var circle = L.DomUtil.create("div", "qz-legend-row qz-legend-note", box);
      L.DomUtil.create("span", "qz-legend-symbol qz-legend-circle", circle);
      circle.appendChild(textElement("span", "", text.precision));
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    legend.addTo(map);
    dimHiddenThemes();
  }

  function dimHiddenThemes() {
    document.querySelectorAll(".qz-legend-row[data-theme]").forEach(function (row) {
      L.DomUtil[visible[row.getAttribute("data-theme")] ? "removeClass" : "addClass"](row, "qz-hidden");
    });
  }

  /* Sites at (nearly) the same spot are spread on a small ring, each with a leader line to its
   * true position, so every one stays visible and clickable at every zoom. */
  function declutter() {
    var shown = [];
    Object.keys(layers).forEach(function (themeId) {
      extras[themeId].leaders.clearLayers();
      if (!visible[themeId]) return;
      layers[themeId].eachLayer(function (marker) { shown.push(marker); });
    });
    shown.sort(function (a, b) { return a.siteId < b.siteId ? -1 : 1; });
    var points = shown.map(function (m) { return map.latLngToLayerPoint(m.trueLatLng); });
    var group = shown.map(function () { return -1; });
    var groups = [];
    for (var i = 0; i < shown.length; i++) {
      if (group[i] >= 0) continue;
      group[i] = groups.length;
      var members = [i];
      for (var k = 0; k < members.length; k++) {
        for (var j = 0; j < shown.length; j++) {
          if (group[j] < 0 && points[members[k]].distanceTo(points[j]) < DECLUTTER_PX) {
            group[j] = groups.length;
            members.push(j);
          }
        }
      }
      groups.push(members);
    }
    groups.forEach(function (members) {
      if (members.length === 1) {
        shown[members[0]].setLatLng(shown[members[0]].trueLatLng);
        return;
      }
      var cx = 0, cy = 0;
      members.forEach(function (m) { cx += points[m].x; cy += points[m].y; });
      var centre = L.point(cx / members.length, cy / members.length);
      var radius = Math.max(SPREAD_PX, SPREAD_PX * members.length / 3);
      members.forEach(function (m, n) {
        var angle = -Math.PI / 2 + 2 * Math.PI * n / members.length;
        var spot = centre.add(L.point(Math.cos(angle) * radius, Math.sin(angle) * radius));
        var marker = shown[m];
        var at = map.layerPointToLatLng(spot);
        marker.setLatLng(at);
        L.polyline([marker.trueLatLng, at], {
          interactive: false, weight: 1, color: "#555", opacity: 0.8, className: "qz-leader"
        }).addTo(extras[marker.siteTheme].leaders);
      });
    });
  }

  function setVisibleThemes(themeIds) {
    Object.keys(layers).forEach(function (themeId) {
      var show = themeIds.indexOf(themeId) >= 0;
      visible[themeId] = show;
      [layers[themeId], extras[themeId]].forEach(function (layer) {
        if (show && !map.hasLayer(layer)) map.addLayer(layer);
        if (!show && map.hasLayer(layer)) map.removeLayer(layer);
      });
    });
    declutter();
    refreshSelection();
    dimHiddenThemes();
    return JSON.stringify(visibleSiteIds());
  }

  function visibleSiteIds() {
    return Object.keys(markers).filter(function (id) { return map.hasLayer(markers[id]); }).sort();
  }

  function refreshSelection() {
    Object.keys(markers).forEach(function (id) {
      var element = markers[id].getElement();
      if (element) L.DomUtil[id === selectedId ? "addClass" : "removeClass"](element, "qz-selected");
      markers[id].setZIndexOffset(id === selectedId ? 1000 : 0);
    });
  }

  function select(siteId, pan) {
    selectedId = siteId && markers[siteId] ? siteId : null;
    refreshSelection();
    if (selectedId && pan && map.hasLayer(markers[selectedId])) {
      var at = markers[selectedId].getLatLng();
      if (!map.getBounds().pad(-0.15).contains(at)) map.panTo(at);
    }
    return selectedId || "";
  }

  function setLanguage(lang) {
    language = lang === "en" ? "en" : "zh";
    document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
    drawCountyLabels();
    drawLegend();
    Object.keys(markers).forEach(function (id) {
      if (markers[id].isTooltipOpen()) { markers[id].closeTooltip(); markers[id].openTooltip(); }
    });
  }

  function setView(lat, lng, zoom) {
    map.setView([lat, lng], zoom, {animate: false});
  }

  function fitAll() {
    var group = L.featureGroup(Object.keys(markers).filter(function (id) {
      return map.hasLayer(markers[id]);
    }).map(function (id) { return L.marker(markers[id].trueLatLng); }));
    if (group.getLayers().length) map.fitBounds(group.getBounds().pad(0.15), {maxZoom: 12});
    else map.fitBounds(homeBounds);
  }

  function readHash() {
    // Initial state from the app, in the URL fragment: only numbers and known ids are taken.
    var params = new URLSearchParams(window.location.hash.slice(1));
    var state = {view: null, themes: null, select: null, lang: params.get("lang")};
    var lat = parseFloat(params.get("lat")), lng = parseFloat(params.get("lng")), zoom = parseFloat(params.get("zoom"));
    if (isFinite(lat) && isFinite(lng) && isFinite(zoom)) state.view = [lat, lng, zoom];
    if (params.has("themes")) state.themes = params.get("themes").split(",").filter(function (t) { return Object.prototype.hasOwnProperty.call(themes, t); });
    if (params.has("select")) state.select = params.get("select");
    return state;
  }

  /* The web channel's script is fetched only once the map is drawn: the map does not need it, and an
   * exported page (no Qt) never asks for it. */
  function connectBridge() {
    if (typeof qt === "undefined" || !qt.webChannelTransport) return;  // an exported page
    var script = document.createElement("script");
    script.src = "qrc:///qtwebchannel/qwebchannel.js";
    script.onload = openChannel;
    document.head.appendChild(script);
  }

  function openChannel() {
    new QWebChannel(qt.webChannelTransport, function (channel) {
      bridge = channel.objects.bridge;
      var pending = null;
      map.on("mousemove", function (e) {
        if (pending === null) {
          pending = window.requestAnimationFrame(function () { pending = null; });
          bridge.cursorMoved(e.latlng.lat, e.latlng.lng);
        }
      });
      map.on("mouseout", function () { bridge.cursorLeft(); });
      map.on("click", function () { bridge.siteClicked(""); });  // the map itself, not a site: deselect
      map.on("moveend", function () {
        var c = map.getCenter();
        bridge.viewChanged(c.lat, c.lng, map.getZoom());
      });
      bridge.bridgeConnected();
    });
  }

  /* Before any layer exists: the symbols, and the first view, so every layer is projected once. */
  var initial = null;
  function configure(config) {
    Object.keys(config.themes).forEach(function (t) { themes[t] = config.themes[t]; });
    map = window[config.map];
    map.createPane("qzLabels").style.zIndex = 450;  // above areas and circles (400), below symbols (600)
    homeBounds = config.bounds;
    initial = readHash();
    language = initial.lang === "en" ? "en" : "zh";
    if (initial.view) map.setView([initial.view[0], initial.view[1]], initial.view[2], {animate: false});
    else map.fitBounds(homeBounds, {animate: false});  // no zoom animation on the first frame
  }

  function init(config) {
    legendText = config.legend;
    themeOrder = config.themeOrder;
    config.attribution.forEach(function (text) { map.attributionControl.addAttribution(text); });
    Object.keys(config.layers).forEach(function (themeId) {
      layers[themeId] = window[config.layers[themeId]];
      visible[themeId] = true;
      addPrecisionCircles(themeId);
      extras[themeId].addTo(map);
      layers[themeId].bringToFront && layers[themeId].bringToFront();
    });
    countyLabels = config.countyLabels;
    drawCountyLabels();
    drawLegend();
    map.on("zoomend", declutter);
    setVisibleThemes(initial.themes || Object.keys(layers));
    if (initial.select) select(initial.select, false);
    ready = true;
    // In the app, "drawn" goes out through the title, one message: the web channel needs two round
    // trips first. An exported page keeps its own title.
    if (typeof qt !== "undefined") document.title = DRAWN_TITLE + " " + visibleSiteIds().length;
    connectBridge();
  }

  /* For the app's tests and benchmarks: where a site's symbol is on screen, and what is drawn. */
  function markerContainerPoint(siteId) {
    var marker = markers[siteId];
    if (!marker || !map.hasLayer(marker)) return "null";
    var p = map.latLngToContainerPoint(marker.getLatLng());
    return JSON.stringify({x: p.x, y: p.y});
  }

  function status() {
    return JSON.stringify({
      ready: ready, leaflet: typeof L !== "undefined" ? L.version : null,
      sites: Object.keys(markers).sort(), visible: visibleSiteIds(),
      selected: selectedId, language: language, zoom: map ? map.getZoom() : null,
      center: map ? [map.getCenter().lat, map.getCenter().lng] : null,
      counties: countyLabels.length,
      tooltips: Object.keys(markers).filter(function (id) { return !!markers[id].getTooltip(); }).length,
      legend: !!document.querySelector(".qz-legend"),
      legendHidden: Array.from(document.querySelectorAll(".qz-legend-row.qz-hidden")).map(function (row) {
        return row.getAttribute("data-theme");
      }),
      selectedElement: !!document.querySelector(".qz-site.qz-selected")
    });
  }

  return {
    configure: configure, init: init, pointToLayer: pointToLayer, onEachSite: onEachSite, onEachCounty: onEachCounty,
    setVisibleThemes: setVisibleThemes, select: select, setLanguage: setLanguage, fitAll: fitAll, setView: setView,
    markerContainerPoint: markerContainerPoint, status: status
  };
})();
