/* quzhou-map page: the layers in the app's order, selection, view, and the one protocol with the app.
 *
 * The page owns no state: the app sends commands (QuzhouMap.receive) and the page reports events
 * (bridge.send), both exactly as resources/web/protocol.json declares; that table is handed to the
 * page when it is built, and anything not in it is refused. Layers are of two kinds behind the same
 * handle: the article's sites (sites.js) and users' feature layers (feature_layers.js).
 */
"use strict";

var QuzhouMap = (function () {
  var DRAWN_TITLE = "quzhou-map drawn";
  var HIT_TOLERANCE_PX = 5;
  var BASE_Z = 400;         // layer panes from here up, the top layer highest

  var map = null;
  var bridge = null;
  var protocol = null;      // {commands: {...}, events: {...}}
  var layers = Object.create(null);  // layer id -> handle (sites.js or feature_layers.js); ids are data
  var order = [];           // layer ids, top first
  var selection = null;     // {layer, feature}
  var language = "zh";
  var homeBounds = null;
  var ready = false;
  var initial = null;

  /* --- the protocol -------------------------------------------------------------------------- */
  function typeOk(value, declared) {
    return declared.split("|").some(function (type) {
      if (type === "null") return value === null;
      if (type === "array") return Array.isArray(value);
      if (type === "object") return value !== null && typeof value === "object" && !Array.isArray(value);
      if (type === "number") return typeof value === "number" && isFinite(value);
      return typeof value === type;
    });
  }

  function checked(kind, name, payload) {
    var fields = protocol[kind][name];
    if (!fields) throw new Error(kind + " " + name + " is not in the protocol");
    var want = Object.keys(fields).sort().join(","), got = Object.keys(payload || {}).sort().join(",");
    if (want !== got) throw new Error(name + " takes fields [" + want + "], got [" + got + "]");
    Object.keys(fields).forEach(function (field) {
      if (!typeOk(payload[field], fields[field])) throw new Error(name + ": " + field + " must be " + fields[field]);
    });
    return payload;
  }

  /* Events before the web channel is up (a layer drawn right after the map) wait in order. An exported
   * page has no Qt: its events go to the page's own listener (story.js), which answers with commands. */
  var outbox = [];
  var listener = null;
  function send(name, payload) {
    checked("events", name, payload);
    if (bridge) bridge.send(name, JSON.stringify(payload));
    else if (typeof qt !== "undefined") outbox.push([name, JSON.stringify(payload)]);
    else if (listener) listener(name, payload);
  }
  function listen(callback) { if (typeof qt === "undefined") listener = callback; }

  var commands = {
    addLayer: function (p) {
      if (layers[p.id]) removeLayer(p.id);
      if (order.indexOf(p.id) < 0) order.unshift(p.id);
      waiting[p.id] = p;  // style and visibility sent meanwhile are kept here
      withFeatureLayers(function (ok) {
        if (waiting[p.id] !== p) return;  // removed, or added again, while the script was loading
        delete waiting[p.id];
        if (!ok) {
          send("layerFailed", {id: p.id, message: "this page cannot draw feature layers"});
          return;
        }
        layers[p.id] = QuzhouFeatureLayers.create(map, {
          id: p.id, kind: p.kind, url: p.url, meta: p.meta, count: p.count, style: p.style, visible: p.visible,
          zIndex: BASE_Z, onDrawn: function (info) {
            send("layerDrawn", {id: p.id, count: info.count, loadMs: info.loadMs, drawMs: info.drawMs});
          },
          onFailed: function (message) { send("layerFailed", {id: p.id, message: String(message)}); }
        });
        layers[p.id].visible = p.visible;
        applyOrder();
        if (selection && selection.layer === p.id) select(p.id, selection.feature, false);  // chosen meanwhile
      });
    },
    removeLayer: function (p) { removeLayer(p.id); },
    setLayerOrder: function (p) {
      order = p.ids.filter(function (id) { return typeof id === "string"; });
      applyOrder();
    },
    setLayerStyle: function (p) {
      if (waiting[p.id]) waiting[p.id].style = p.style;
      else if (layers[p.id]) layers[p.id].setStyle(p.style);
    },
    setLayerVisible: function (p) {
      if (waiting[p.id]) waiting[p.id].visible = p.visible;
      var handle = layers[p.id];
      if (!handle) return;
      handle.visible = p.visible;
      handle.setVisible(p.visible);
      if (!p.visible && selection && selection.layer === p.id) select(null, null, false);
    },
    select: function (p) { select(p.layer, p.feature, p.pan); },
    setLanguage: function (p) { setLanguage(p.language); },
    setView: function (p) { map.setView(toMap([p.lat, p.lng]), p.zoom, {animate: false}); },
    flyTo: function (p) { map.flyTo(toMap([p.lat, p.lng]), p.zoom, {duration: 0.8}); },  // the tour: see where it goes
    fitBounds: function (p) { map.fitBounds(boundsToMap(p.bounds), {maxZoom: p.maxZoom, padding: [24, 24]}); },
    setMeasure: function (p) { QuzhouMeasure.setMode(p.mode); },
    setMeasureLabel: function (p) { QuzhouMeasure.setLabel(p.text); },
    setSiteLabels: function (p) { QuzhouSites.setSiteLabels(p.visible); },
    setPin: function (p) {
      if (pin) { map.removeLayer(pin); pin = null; }
      if (p.lat === null || p.lng === null) return;
      pin = L.circleMarker(toMap([p.lat, p.lng]), {
        radius: 9, weight: 3, color: "#d50000", fill: false, interactive: false, pane: "qzPin", className: "qz-pin"
      }).addTo(map);
      pin.wgsLatLng = L.latLng(p.lat, p.lng);
    },
    setBasemap: function (p) {
      basemapWanted = p;
      withBasemapScripts(p, function () {
        if (basemapWanted !== p) return;  // another basemap was chosen meanwhile
        QuzhouBasemap.set(p, redrawInDatum);
      });
    }
  };
  var pin = null;           // the point a "go to coordinate" went to
  var basemapWanted = null, gcoordScript = null, vectorBasemapScripts = [], counties = null;

  /* What a basemap needs first, fetched when first needed: gcoord for a GCJ-02 basemap, the vector tile
   * renderer (protomaps-leaflet, then our style) for a vector tile file. ``callback`` runs at once if all
   * is in; a script that cannot be loaded is said on the console (the basemap then draws without it). */
  function withBasemapScripts(p, callback) {
    var needs = [];
    if (p.datum === "gcj02") {
      needs.push([gcoordScript, function () { return typeof gcoord !== "undefined"; },
                  "the GCJ-02 conversion (gcoord) could not be loaded: overlays stay in WGS-84"]);
    }
    if (p.kind === "vector") {
      needs.push([vectorBasemapScripts[0], function () { return typeof protomapsL !== "undefined"; },
                  "the vector tile renderer (protomaps-leaflet) could not be loaded"],
                 [vectorBasemapScripts[1], function () { return typeof QuzhouVectorBasemap !== "undefined"; },
                  "the vector basemap's style could not be loaded"]);
    }
    (function next(i) {
      if (i === needs.length) { callback(); return; }
      loadScript(needs[i][0], needs[i][1], function (ok) {
        if (!ok) console.error(needs[i][2]);
        next(i + 1);
      });
    })(0);
  }

  /* --- the datum: overlays are drawn in the basemap's datum; the protocol speaks WGS-84 ------------ */
  function toMap(latlng) { return QuzhouBasemap.toMap(latlng); }
  function toWgs(latlng) { return QuzhouBasemap.toWgs(latlng); }
  function boundsToMap(bounds) {
    var sw = toMap(bounds[0]), ne = toMap(bounds[1]);
    return L.latLngBounds(sw, ne);
  }

  /* The basemap's datum changed: draw every overlay again in it, and keep the same place in view. */
  function redrawInDatum(oldToWgs) {
    var centre = oldToWgs(map.getCenter()), zoom = map.getZoom();
    var convert = function (latlng) { return toMap(oldToWgs(latlng)); };
    QuzhouSites.redrawInDatum(toMap);
    if (counties) {
      counties.eachLayer(function (polygon) {
        if (!polygon.wgsLatLngs) polygon.wgsLatLngs = polygon.getLatLngs();
        polygon.setLatLngs(mapLatLngs(polygon.wgsLatLngs));
      });
    }
    Object.keys(layers).forEach(function (id) { if (layers[id].redrawInDatum) layers[id].redrawInDatum(); });
    if (pin) pin.setLatLng(toMap(pin.wgsLatLng));
    QuzhouMeasure.convert(convert);
    map.setView(toMap(centre), zoom, {animate: false});
  }

  function mapLatLngs(latlngs) {
    return Array.isArray(latlngs) ? latlngs.map(mapLatLngs) : toMap(latlngs);
  }

  /* The app's way in: a declared command with its checked payload; the result (if any) as JSON. */
  function receive(name, payload) {
    checked("commands", name, payload);
    var result = commands[name](payload);
    return result === undefined ? "" : JSON.stringify(result);
  }

  /* --- layers ------------------------------------------------------------------------------------ */
  /* feature_layers.js is fetched when the first user layer comes (a start with none never parses it);
   * callbacks wait in order, so layers keep the order they were added in. */
  var featureScript = null;
  var waiting = Object.create(null);  // layer id -> its addLayer payload, until feature_layers.js is in
  function withFeatureLayers(callback) {
    loadScript(featureScript, function () { return typeof QuzhouFeatureLayers !== "undefined"; }, callback);
  }

  /* A script of ours fetched when first needed; ``callback(ok)`` runs once it is in (in the order asked). */
  var scriptsLoading = Object.create(null);  // url -> callbacks waiting
  function loadScript(url, isLoaded, callback) {
    if (isLoaded()) { callback(true); return; }
    if (!url) { callback(false); return; }
    if (scriptsLoading[url]) { scriptsLoading[url].push(callback); return; }
    scriptsLoading[url] = [callback];
    var script = document.createElement("script");
    script.src = url;
    script.onload = script.onerror = function () {
      var callbacks = scriptsLoading[url];
      delete scriptsLoading[url];
      callbacks.forEach(function (waiting) { waiting(isLoaded()); });
    };
    document.head.appendChild(script);
  }

  function removeLayer(id) {
    delete waiting[id];
    order = order.filter(function (other) { return other !== id; });
    if (!layers[id]) return;
    if (selection && selection.layer === id) selection = null;
    if (layers[id].remove) layers[id].remove();
    delete layers[id];
    order = order.filter(function (other) { return other !== id; });
  }

  function applyOrder() {
    var n = order.length;
    order.forEach(function (id, i) { if (layers[id]) layers[id].setZIndex(BASE_Z + n - i); });
  }

  function select(layerId, feature, pan) {
    if (selection && layers[selection.layer]) layers[selection.layer].setSelected(null);
    selection = null;
    if (layerId && feature !== null && waiting[layerId]) {  // its layer is on its way: applied when it comes
      selection = {layer: layerId, feature: feature};
      return;
    }
    var handle = layerId ? layers[layerId] : null;
    if (!handle || feature === null) return;
    selection = {layer: layerId, feature: feature};
    handle.setSelected(handle.kind === "sites" ? feature : [feature]);
    if (pan && handle.visible) {
      var at = selectedLatLng();
      if (at && !map.getBounds().pad(-0.15).contains(at)) map.panTo(at);
    }
  }

  function selectedLatLng() {
    if (!selection) return null;
    var handle = layers[selection.layer];
    if (handle.kind === "sites") return handle.latLngOf(selection.feature);
    var p = handle.containerPointOf(selection.feature);
    return p ? map.containerPointToLatLng([p.x, p.y]) : null;
  }

  /* A click on the map away from every site: the topmost feature layer with a feature there, or nothing. */
  function onMapClick(e) {
    if (QuzhouMeasure.active()) { QuzhouMeasure.onClick(e); return; }  // measuring: a click is a corner
    for (var i = 0; i < order.length; i++) {
      var handle = layers[order[i]];
      if (!handle || handle.kind === "sites" || !handle.visible) continue;
      var index = handle.hitTest(e.containerPoint, HIT_TOLERANCE_PX);
      if (index >= 0) { send("featureClicked", {layer: order[i], feature: index}); return; }
    }
    send("featureClicked", {layer: "", feature: null});  // the map itself: deselect
  }

  function setLanguage(lang) {
    language = lang === "en" ? "en" : "zh";
    document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
    QuzhouSites.setLanguage(language);
    QuzhouBasemap.setLanguage(language);
    showAttribution();
  }

  /* The dataset's sources in the page's language ({zh: [...], en: [...]}, HTML-escaped by the app). */
  var attributions = null, attributionShown = [];
  function showAttribution() {
    if (!map || !attributions) return;
    attributionShown.forEach(function (text) { map.attributionControl.removeAttribution(text); });
    attributionShown = attributions[language] || [];
    attributionShown.forEach(function (text) { map.attributionControl.addAttribution(text); });
  }

  /* --- start-up ------------------------------------------------------------------------------------ */
  function readHash() {
    // Initial state from the app, in the URL fragment: only numbers and known ids are taken.
    var params = new URLSearchParams(window.location.hash.slice(1));
    var state = {view: null, hidden: [], select: params.get("select"), lang: params.get("lang")};
    var lat = parseFloat(params.get("lat")), lng = parseFloat(params.get("lng")), zoom = parseFloat(params.get("zoom"));
    if (isFinite(lat) && isFinite(lng) && isFinite(zoom)) state.view = [lat, lng, zoom];
    if (params.get("hidden")) state.hidden = params.get("hidden").split(",");
    return state;
  }

  /* Before any layer exists: the protocol, the symbols, and the first view, so every layer is projected once. */
  function configure(config) {
    protocol = config.protocol;
    featureScript = config.featureLayersScript;
    gcoordScript = config.gcoordScript;
    vectorBasemapScripts = config.vectorBasemapScripts || [];
    map = window[config.map];
    L.control.scale({imperial: false}).addTo(map);  // kilometres only: miles mean nothing to this map's readers
    QuzhouBasemap.configure(map);
    homeBounds = config.bounds;
    QuzhouSites.configure(map, config);
    map.createPane("qzPin").style.zIndex = 640;  // above every layer, below tooltips
    QuzhouMeasure.configure(map, function (payload) {
      payload.points = payload.points.map(function (p) { var w = toWgs(p); return [w.lat, w.lng]; });
      send("measureChanged", payload);
    });
    initial = readHash();
    language = initial.lang === "en" ? "en" : "zh";
    QuzhouBasemap.setLanguage(language);
    if (initial.view) map.setView([initial.view[0], initial.view[1]], initial.view[2], {animate: false});
    else map.fitBounds(homeBounds, {animate: false});  // no zoom animation on the first frame
  }

  function init(config) {
    attributions = config.attribution;
    showAttribution();
    var themes = QuzhouSites.init(config, language, function (themeId, siteId, latlng) {
      if (QuzhouMeasure.active()) QuzhouMeasure.onClick({latlng: latlng});  // measuring: a corner there
      else send("featureClicked", {layer: themeId, feature: siteId});
    });
    Object.keys(themes).forEach(function (id) { layers[id] = themes[id]; });
    counties = window[config.counties] || null;
    order = config.themeOrder.slice();
    applyOrder();
    order.forEach(function (id) { if (initial.hidden.indexOf(id) >= 0) commands.setLayerVisible({id: id, visible: false}); });
    QuzhouSites.declutter();
    if (initial.select) {
      Object.keys(themes).forEach(function (id) { if (themes[id].has(initial.select)) select(id, initial.select, false); });
    }
    ready = true;
    // In the app, "drawn" goes out through the title, one message: the web channel needs two round
    // trips first. An exported page keeps its own title.
    if (typeof qt !== "undefined") document.title = DRAWN_TITLE + " " + visibleSiteIds().length;
    connectBridge();
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
          var at = toWgs(e.latlng);
          send("cursorMoved", {lat: at.lat, lng: at.lng});
        }
      });
      map.on("mouseout", function () { send("cursorLeft", {}); });
      map.on("click", onMapClick);
      map.on("contextmenu", function (e) {
        var at = toWgs(e.latlng);
        send("contextMenu", {lat: at.lat, lng: at.lng, x: e.containerPoint.x, y: e.containerPoint.y});
      });
      map.on("moveend", function () {
        var c = toWgs(map.getCenter());
        send("viewChanged", {lat: c.lat, lng: c.lng, zoom: map.getZoom()});
      });
      send("connected", {});
      outbox.splice(0).forEach(function (message) { bridge.send(message[0], message[1]); });
    });
  }

  /* --- for the app's tests and benchmarks only: where things are on screen, and what is drawn ----- */
  function visibleSiteIds() {
    var ids = [];
    Object.keys(layers).forEach(function (id) {
      if (layers[id].kind === "sites" && layers[id].visible) ids = ids.concat(layers[id].ids());
    });
    return ids.sort();
  }

  var debug = {
    handledCommands: function () { return JSON.stringify(Object.keys(commands).sort()); },
    markerContainerPoint: function (siteId) {
      var marker = QuzhouSites.markers[siteId];
      if (!marker || !map.hasLayer(marker)) return "null";
      var p = map.latLngToContainerPoint(marker.getLatLng());
      return JSON.stringify({x: p.x, y: p.y});
    },
    labelBoxes: function () { return JSON.stringify(QuzhouSites.labelBoxes()); },
    latLngAt: function (x, y) {
      var p = toWgs(map.containerPointToLatLng([x, y]));  // WGS-84, as every coordinate the app gets
      return JSON.stringify([p.lat, p.lng]);
    },
    containerPointOfWgs: function (lat, lng) {
      var p = map.latLngToContainerPoint(toMap([lat, lng]));
      return JSON.stringify({x: p.x, y: p.y});
    },
    mapLatLngAt: function (x, y) {
      var p = map.containerPointToLatLng([x, y]);  // in the basemap's datum
      return JSON.stringify([p.lat, p.lng]);
    },
    basemap: function () { return JSON.stringify(QuzhouBasemap.status()); },
    countyVertex: function () {  // a county outline's first vertex: as the data has it, and as drawn
      var polygon = counties.getLayers()[0], drawn = polygon.getLatLngs().flat(3)[0];
      var data = (polygon.wgsLatLngs || polygon.getLatLngs()).flat(3)[0];
      return JSON.stringify([[data.lat, data.lng], [drawn.lat, drawn.lng]]);
    },
    featureContainerPoint: function (layerId, index) {
      var handle = layers[layerId];
      return JSON.stringify(handle && handle.kind !== "sites" && handle.visible ? handle.containerPointOf(index) : null);
    },
    status: function () {
      var sites = QuzhouSites.status();
      return JSON.stringify({
        ready: ready, leaflet: typeof L !== "undefined" ? L.version : null,
        sites: sites.sites, visible: visibleSiteIds(), counties: sites.counties, tooltips: sites.tooltips,
        legend: sites.legend, legendFolded: sites.legendFolded, legendHidden: sites.legendHidden, selectedElement: sites.selectedElement,
        siteLabels: sites.siteLabels,
        selected: selection ? selection.feature : null, selectedLayer: selection ? selection.layer : null,
        language: language, zoom: map ? map.getZoom() : null,
        center: map ? [toWgs(map.getCenter()).lat, toWgs(map.getCenter()).lng] : null,
        order: order.slice(), measure: QuzhouMeasure.state(), pin: pin ? [pin.wgsLatLng.lat, pin.wgsLatLng.lng] : null,
        layers: Object.keys(layers).sort().map(function (id) {
          return {id: id, kind: layers[id].kind, visible: !!layers[id].visible};
        })
      });
    }
  };

  return {configure: configure, init: init, receive: receive, listen: listen, debug: debug};
})();
