/* The article's sites: one Leaflet layer per theme, drawn with the theme's symbols, a precision circle
 * each, nearby sites spread apart, the legend and the county names. Used by page.js as layers of the
 * kind "sites"; every string from the data is put into the DOM as text, never HTML.
 */
"use strict";

var QuzhouSites = (function () {
  var SYMBOL_SIZE = 18;
  var DECLUTTER_PX = 18;   // sites closer than this on screen are spread apart
  var SPREAD_PX = 16;      // radius of the ring they are spread on
  var EXTRAS_PANE = "qzSiteExtras";
  var SITE_LABEL_PANE = "qzSiteLabels";

  var map = null;
  var themes = {};          // theme id -> {color, svg, svgEstimate}
  var handles = {};         // theme id -> handle (see themeHandle)
  var markers = {};         // site id -> L.Marker
  var language = "zh";
  var countyLabels = [];
  var legendText = null;    // {zh: {...}, en: {...}}, from the app
  var themeOrder = [];      // theme ids in the app's order
  var legend = null;
  var legendFolded = false, legendFoldedByUser = false;
  var NARROW_MAP_PX = 560;  // below this the legend starts folded

  function foldLegendToFit() {
    if (legendFoldedByUser || !legend) return;
    var folded = map.getSize().x < NARROW_MAP_PX;
    if (folded === legendFolded) return;
    legendFolded = folded;
    var box = legend.getContainer();
    if (box) L.DomUtil[folded ? "addClass" : "removeClass"](box, "qz-folded");
    layoutLabels();
  }
  var onClick = null;       // function (themeId, siteId)

  function textElement(tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    element.textContent = text;
    return element;
  }

  function formatMetres(metres) {
    return metres >= 1000 ? (Math.round(metres / 100) / 10) + " km" : Math.round(metres) + " m";
  }

  function siteTooltip(props) {
    var box = document.createElement("div");
    box.appendChild(textElement("div", "qz-tip-name", language === "zh" ? props.name_zh : props.name_en));
    box.appendChild(textElement("div", "qz-tip-other", language === "zh" ? props.name_en : props.name_zh));
    if (props.estimate) {
      box.appendChild(textElement("div", "qz-tip-approx",
        (language === "zh" ? "位置为估计,误差约 " : "Approximate position, ±") + formatMetres(props.precision_m)));
    }
    return box;
  }

  /* folium's hooks (GeoJson point_to_layer / on_each_feature): each theme's markers in its own pane. */
  function pointToLayer(feature, latlng) {
    var props = feature.properties, theme = themes[props.theme];
    var icon = L.divIcon({
      className: "qz-site qz-theme-" + props.theme + (props.estimate ? " qz-estimate" : ""),
      html: props.estimate ? theme.svgEstimate : theme.svg,
      iconSize: [SYMBOL_SIZE, SYMBOL_SIZE], iconAnchor: [SYMBOL_SIZE / 2, SYMBOL_SIZE / 2]
    });
    var marker = L.marker(latlng, {icon: icon, keyboard: false, riseOnHover: true, pane: paneName(props.theme)});
    marker.wgsLatLng = latlng;  // as the data says; trueLatLng is where it is drawn (the basemap's datum)
    marker.trueLatLng = latlng;
    return marker;
  }

  function onEachSite(feature, layer) {
    var props = feature.properties;
    markers[props.id] = layer;
    layer.siteId = props.id;
    layer.siteTheme = props.theme;
    layer.bindTooltip(function () { return siteTooltip(props); }, {direction: "top", offset: [0, -8]});
    layer.on("tooltipopen", function (e) { fitTooltip(layer, e.tooltip); });
    layer.on("click", function () { if (onClick) onClick(props.theme, props.id, layer.getLatLng()); });
  }

  function onEachCounty(feature, layer) {
    layer.options.interactive = false;
  }

  function paneName(themeId) { return "qz-layer-" + themeId; }

  /* Before folium adds the first site: the symbols, and a pane per theme (page.js orders the panes). */
  function configure(leafletMap, config) {
    map = leafletMap;
    Object.keys(config.themes).forEach(function (t) {
      themes[t] = config.themes[t];
      map.createPane(paneName(t));
    });
    map.createPane("qzLabels").style.zIndex = 350;  // county names: above the counties, below every layer
    map.createPane(SITE_LABEL_PANE).style.zIndex = 390;  // site names: above the circles, below every layer
    // Every theme's precision circles and leader lines share one pane, so one SVG renderer (a pane each
    // cost the first frame ~30 ms); they are faint, under every layer's symbols.
    map.createPane(EXTRAS_PANE).style.zIndex = 380;
    map.getPane("overlayPane").style.zIndex = 300;  // the counties: below every layer
  }

  /* A theme's layer as page.js sees every layer: the same few methods as a user's feature layer. */
  function themeHandle(themeId, geoJson) {
    var pane = map.getPane(paneName(themeId));
    var circles = L.layerGroup();
    geoJson.eachLayer(function (marker) {
      var props = marker.feature.properties;
      if (props.precision_m > 0) {
        marker.circle = L.circle(marker.trueLatLng, {
          radius: props.precision_m, interactive: false, color: themes[themeId].color, weight: 1,
          opacity: 0.45, dashArray: props.estimate ? "4 4" : null, fillOpacity: 0.06,
          className: "qz-precision", pane: EXTRAS_PANE
        }).addTo(circles);
      }
    });
    var leaders = L.layerGroup().addTo(circles);
    var handle = {
      kind: "sites", visible: true, geoJson: geoJson, leaders: leaders,
      setVisible: function (show) {
        handle.visible = show;
        [geoJson, circles].forEach(function (layer) {
          if (show && !map.hasLayer(layer)) map.addLayer(layer);
          if (!show && map.hasLayer(layer)) map.removeLayer(layer);
        });
        declutter();
        dimHiddenThemes();
      },
      setZIndex: function (z) { pane.style.zIndex = z; },
      setStyle: function (style) { pane.style.opacity = style.opacity; },
      setSelected: function (siteId) {
        selectedId = siteId;
        geoJson.eachLayer(function (marker) {
          var element = marker.getElement();
          if (element) L.DomUtil[marker.siteId === siteId ? "addClass" : "removeClass"](element, "qz-selected");
          marker.setZIndexOffset(marker.siteId === siteId ? 1000 : 0);
        });
        layoutLabels();  // the selected symbol is drawn larger, and its name goes first
      },
      has: function (siteId) { return !!markers[siteId] && markers[siteId].siteTheme === themeId; },
      latLngOf: function (siteId) { return handle.has(siteId) ? markers[siteId].getLatLng() : null; },
      ids: function () { var ids = []; geoJson.eachLayer(function (m) { ids.push(m.siteId); }); return ids; }
    };
    circles.addTo(map);
    handles[themeId] = handle;
    return handle;
  }

  function drawCountyLabels() {
    countyLabels.forEach(function (label) {
      if (label.marker) map.removeLayer(label.marker);
      label.element = textElement("span", "qz-county-name", language === "zh" ? label.name_zh : label.name_en);
      label.w = label.h = 0;  // measured when first placed
      label.marker = L.marker(QuzhouBasemap.toMap([label.lat, label.lng]), {
        interactive: false, keyboard: false, pane: "qzLabels",
        icon: L.divIcon({className: "qz-county-label", html: label.element, iconSize: null})
      }).addTo(map);
    });
  }

  /* --- labels: county names and, when asked, site names, each where it covers no symbol and no other label ---
   * Priority: site symbols (placed by declutter, never moved here), then site names, then county names. A
   * label tries its own place, then a few others around it, and is hidden when none is free. Boxes are
   * [left, top, right, bottom] in container pixels, looked up in a coarse grid: the work grows with
   * labels × candidates × boxes nearby. Users' layers do not take part. */
  var LABEL_GAP = 3;        // px between a symbol and its name
  var LABEL_CLEAR = 1;      // px kept free between boxes
  var GRID_PX = 64;
  var MAX_SITE_LABELS = 400;  // names placed at most (the selected site's first): thousands would cost seconds
  var COUNTY_STEPS = [12, 24, 36];  // px: how far a county name may move from its point, ring by ring
  var DIRECTIONS = [[1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [-1, -1], [1, 1], [-1, 1]];
  var siteLabelsOn = false;
  var started = false;      // init has drawn the county names
  var siteLabels = {};      // site id -> {marker, element, w, h, site}
  var selectedId = null;

  function boxIndex(bounds) {
    var cells = Object.create(null);
    function cellsOf(box, visit) {
      for (var gx = Math.floor(box[0] / GRID_PX); gx <= Math.floor(box[2] / GRID_PX); gx++) {
        for (var gy = Math.floor(box[1] / GRID_PX); gy <= Math.floor(box[3] / GRID_PX); gy++) {
          if (visit(gx + ":" + gy)) return true;
        }
      }
      return false;
    }
    return {
      add: function (box) {  // clipped to the map: nothing outside it can hide a label inside it
        var clipped = [Math.max(box[0], bounds[0]), Math.max(box[1], bounds[1]),
                       Math.min(box[2], bounds[2]), Math.min(box[3], bounds[3])];
        if (clipped[0] > clipped[2] || clipped[1] > clipped[3]) return;
        cellsOf(clipped, function (key) { (cells[key] || (cells[key] = [])).push(clipped); return false; });
      },
      free: function (box) {
        if (box[0] < bounds[0] || box[1] < bounds[1] || box[2] > bounds[2] || box[3] > bounds[3]) return false;
        return !cellsOf(box, function (key) {
          var near = cells[key] || [];
          for (var i = 0; i < near.length; i++) if (overlaps(box, near[i])) return true;
          return false;
        });
      }
    };
  }

  function overlaps(a, b) {
    return a[0] < b[2] + LABEL_CLEAR && b[0] < a[2] + LABEL_CLEAR && a[1] < b[3] + LABEL_CLEAR && b[1] < a[3] + LABEL_CLEAR;
  }

  /* Where Leaflet draws a marker at ``latlng``: its layer point is rounded. */
  function screenPoint(latlng) {
    return map.layerPointToContainerPoint(map.latLngToLayerPoint(latlng).round());
  }

  function measured(label) {
    if (!label.w) {
      var r = label.element.getBoundingClientRect();  // a translation does not change the size
      label.w = r.width;
      label.h = r.height;
    }
    return label.w > 0 && label.h > 0;
  }

  /* Put the label's box at ``box``, its element being drawn from the point ``anchor``. */
  function placeLabel(label, anchor, box, align) {
    var style = label.element.style;
    style.transform = "translate(" + (box[0] - anchor.x) + "px, " + (box[1] - anchor.y) + "px)";
    if (align) style.textAlign = align;
    style.visibility = "";
    label.shown = true;
  }

  function hideLabel(label) {
    label.element.style.visibility = "hidden";
    label.shown = false;
  }

  /* The first free box of ``candidates`` ([left, top, align]) that ``fits`` (if given), or null. */
  function firstFree(index, candidates, w, h, fits) {
    for (var i = 0; i < candidates.length; i++) {
      var box = [candidates[i][0], candidates[i][1], candidates[i][0] + w, candidates[i][1] + h];
      if (index.free(box) && (!fits || fits(box))) return {box: box, align: candidates[i][2]};
    }
    return null;
  }

  function distanceToBox(p, box) {
    var dx = Math.max(box[0] - p.x, 0, p.x - box[2]), dy = Math.max(box[1] - p.y, 0, p.y - box[3]);
    return Math.sqrt(dx * dx + dy * dy);
  }

  /* A site's name must be nearer its own symbol than any other, or it would name the wrong one. */
  function nearestIsOwn(symbols, own, box) {
    var mine = distanceToBox(own, box);
    return symbols.near([box[0] - mine, box[1] - mine, box[2] + mine, box[3] + mine]).every(function (p) {
      return p === own || distanceToBox(p, box) > mine;
    });
  }

  /* The symbols' centres in a grid, to find those near a box. */
  function pointIndex() {
    var cells = Object.create(null);
    function key(x, y) { return Math.floor(x / GRID_PX) + ":" + Math.floor(y / GRID_PX); }
    return {
      add: function (p) { (cells[key(p.x, p.y)] || (cells[key(p.x, p.y)] = [])).push(p); },
      near: function (box) {
        var found = [];
        for (var gx = Math.floor(box[0] / GRID_PX); gx <= Math.floor(box[2] / GRID_PX); gx++) {
          for (var gy = Math.floor(box[1] / GRID_PX); gy <= Math.floor(box[3] / GRID_PX); gy++) {
            found = found.concat(cells[gx + ":" + gy] || []);
          }
        }
        return found;
      }
    };
  }

  function shownMarkers() {
    var shown = [];
    Object.keys(handles).forEach(function (themeId) {
      if (!handles[themeId].visible) return;
      handles[themeId].geoJson.eachLayer(function (marker) { if (map.hasLayer(marker)) shown.push(marker); });
    });
    // the selected site's name first, then the themes in the app's order
    function rank(marker) { return marker.siteId === selectedId ? -1 : themeOrder.indexOf(marker.siteTheme); }
    shown.sort(function (a, b) { return rank(a) - rank(b) || (a.siteId < b.siteId ? -1 : 1); });
    return shown;
  }

  /* Placing labels measures the page (a forced layout): done once a frame, after the frame's other changes,
   * so a start, a zoom or a language switch that asks for it several times pays once, after "drawn". */
  var layoutPending = false;
  function layoutLabels() {
    if (layoutPending) return;
    layoutPending = true;
    window.requestAnimationFrame(function () { if (layoutPending) layoutLabelsNow(); });
  }

  function layoutLabelsNow() {
    layoutPending = false;
    if (!started) return;
    var size = map.getSize();
    var index = boxIndex([0, 0, size.x, size.y]);
    var origin = map.getContainer().getBoundingClientRect();
    map.getContainer().querySelectorAll(".leaflet-control").forEach(function (control) {  // zoom, legend, scale…
      var r = control.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) {
        index.add([r.left - origin.left, r.top - origin.top, r.right - origin.left, r.bottom - origin.top]);
      }
    });
    var shown = shownMarkers(), symbols = pointIndex();
    var points = shown.map(function (marker) {
      var p = screenPoint(marker.getLatLng());
      symbols.add(p);
      var half = (marker.siteId === selectedId ? SYMBOL_SIZE * 1.55 : SYMBOL_SIZE) / 2;
      index.add([p.x - half, p.y - half, p.x + half, p.y + half]);
      return {p: p, half: half};
    });
    Object.keys(handles).forEach(function (themeId) {
      if (!handles[themeId].visible) return;
      (handles[themeId].segments || []).forEach(function (segment) {
        var ends = segment.map(screenPoint);
        index.add([Math.min(ends[0].x, ends[1].x) - 1, Math.min(ends[0].y, ends[1].y) - 1,
                   Math.max(ends[0].x, ends[1].x) + 1, Math.max(ends[0].y, ends[1].y) + 1]);
      });
    });
    var named = {};
    if (siteLabelsOn) {
      shown.forEach(function (marker, i) {
        var label = siteLabels[marker.siteId];
        if (!label || i >= MAX_SITE_LABELS) return;  // beyond it: hidden below (bounded work per frame)
        named[marker.siteId] = true;
        if (!label.marker.getLatLng().equals(marker.getLatLng())) label.marker.setLatLng(marker.getLatLng());
        var p = points[i].p, s = points[i].half;
        if (!measured(label) || p.x < 0 || p.y < 0 || p.x > size.x || p.y > size.y) { hideLabel(label); return; }
        var w = label.w, h = label.h, g = LABEL_GAP;
        var right = p.x + s + g, left = p.x - s - g - w, above = p.y - s - g - h, below = p.y + s + g;
        var found = firstFree(index, [
          [right, p.y - h / 2, "left"], [right, above, "left"], [right, below, "left"],
          [left, p.y - h / 2, "right"], [left, above, "right"], [left, below, "right"],
          [p.x - w / 2, above, "center"], [p.x - w / 2, below, "center"]], w, h,
          function (box) { return nearestIsOwn(symbols, p, box); });
        if (!found) { hideLabel(label); return; }
        placeLabel(label, p, found.box, found.align);
        index.add(found.box);
      });
    }
    Object.keys(siteLabels).forEach(function (id) { if (!named[id]) hideLabel(siteLabels[id]); });
    countyLabels.forEach(function (label) {
      if (!label.element || !measured(label)) return;
      var p = screenPoint(label.marker.getLatLng()), w = label.w, h = label.h;
      var candidates = [[p.x - w / 2, p.y - h / 2]];
      COUNTY_STEPS.forEach(function (step) {
        DIRECTIONS.forEach(function (d) { candidates.push([p.x - w / 2 + d[0] * step, p.y - h / 2 + d[1] * step]); });
      });
      var found = firstFree(index, candidates, w, h);
      if (!found) { hideLabel(label); return; }
      placeLabel(label, p, found.box, null);
      index.add(found.box);
    });
  }

  function drawSiteLabels() {
    Object.keys(siteLabels).forEach(function (id) { map.removeLayer(siteLabels[id].marker); delete siteLabels[id]; });
    if (!siteLabelsOn) return;
    Object.keys(markers).forEach(function (id) {
      var props = markers[id].feature.properties;
      var element = textElement("span", "qz-site-name", language === "zh" ? props.name_zh : props.name_en);
      element.style.visibility = "hidden";  // until placed
      siteLabels[id] = {element: element, w: 0, h: 0, shown: false, marker: L.marker(markers[id].getLatLng(), {
        interactive: false, keyboard: false, pane: SITE_LABEL_PANE,
        icon: L.divIcon({className: "qz-site-label", html: element, iconSize: null})
      }).addTo(map)};
    });
  }

  function setSiteLabels(visible) {
    if (!!visible === siteLabelsOn) return;
    siteLabelsOn = !!visible;
    drawSiteLabels();
    layoutLabels();
  }

  /* A site's tooltip on the first side of its symbol where all of it is inside the map; in a corner, where none
   * is, moved along that side until it is (its arrow then hidden, as it would point beside the symbol). */
  var TIP_SIDES = [  // direction, offset, and the tooltip's box from the symbol's point (w, h: its size)
    ["top", [0, -8], function (p, w, h) { return [p.x - w / 2, p.y - 14 - h, p.x + w / 2, p.y - 14]; }],
    ["bottom", [0, 8], function (p, w, h) { return [p.x - w / 2, p.y + 14, p.x + w / 2, p.y + 14 + h]; }],
    ["right", [8, 0], function (p, w, h) { return [p.x + 14, p.y - h / 2, p.x + 14 + w, p.y + h / 2]; }],
    ["left", [-8, 0], function (p, w, h) { return [p.x - 14 - w, p.y - h / 2, p.x - 14, p.y + h / 2]; }]
  ];
  var TIP_MARGIN = 2;

  function fitTooltip(marker, tooltip) {
    var element = tooltip.getElement();
    if (!element || !map) return;
    var size = map.getSize(), p = map.latLngToContainerPoint(marker.getLatLng());
    var w = element.offsetWidth, h = element.offsetHeight, low = TIP_MARGIN;
    function shift(from, to, high) {  // how far [from, to] must move to lie in [low, high]
      return from < low ? Math.min(low - from, Math.max(0, high - to)) : to > high ? -Math.min(to - high, from - low) : 0;
    }
    function area(box) {
      return Math.max(0, Math.min(box[2], size.x - low) - Math.max(box[0], low)) *
             Math.max(0, Math.min(box[3], size.y - low) - Math.max(box[1], low));
    }
    var choices = TIP_SIDES.map(function (side) {
      var box = side[2](p, w, h), vertical = side[0] === "top" || side[0] === "bottom";
      var moved = vertical ? [shift(box[0], box[2], size.x - low), 0] : [0, shift(box[1], box[3], size.y - low)];
      var shifted = [box[0] + moved[0], box[1] + moved[1], box[2] + moved[0], box[3] + moved[1]];
      return {side: side, whole: area(box) >= w * h - 0.5, moved: moved, area: area(shifted)};
    });
    var best = choices.filter(function (c) { return c.whole; })[0] || choices.reduce(function (a, b) {
      return b.area > a.area + 0.5 ? b : a;
    });
    var moved = best.whole ? [0, 0] : best.moved;
    tooltip.options.direction = best.side[0];
    tooltip.options.offset = [best.side[1][0] + moved[0], best.side[1][1] + moved[1]];
    L.DomUtil[moved[0] || moved[1] ? "addClass" : "removeClass"](element, "qz-tip-moved");
    tooltip.update();
  }

  /* What the symbols mean, in the current language: built from the app's own tables. */
  function drawLegend() {
    if (!legendText) return;
    if (legend) map.removeControl(legend);
    legend = L.control({position: "topright"});
    legend.onAdd = function () {
      var box = L.DomUtil.create("div", "qz-legend");
      var text = legendText[language];
      // A header that folds the legend away (and folds it by itself on a narrow map, so it never covers
      // the zoom buttons); a click on it unfolds it again.
      var header = textElement("div", "qz-legend-header", (language === "zh" ? "图例" : "Legend"));
      box.appendChild(header);
      L.DomEvent.on(header, "click", function () {
        legendFolded = !legendFolded;
        legendFoldedByUser = true;
        L.DomUtil[legendFolded ? "addClass" : "removeClass"](box, "qz-folded");
        layoutLabels();  // the legend's box changed
      });
      if (legendFolded) L.DomUtil.addClass(box, "qz-folded");
      themeOrder.forEach(function (themeId) {
        var row = L.DomUtil.create("div", "qz-legend-row", box);
        row.setAttribute("data-theme", themeId);
        L.DomUtil.create("span", "qz-legend-symbol", row).innerHTML = themes[themeId].svg;  // our own SVG
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
      var handle = handles[row.getAttribute("data-theme")];
      L.DomUtil[handle && handle.visible ? "removeClass" : "addClass"](row, "qz-hidden");
    });
  }

  /* Sites at (nearly) the same spot are spread on a small ring, each with a leader line to its
   * true position, so every one stays visible and clickable at every zoom. */
  /* Sites closer than DECLUTTER_PX on screen are spread around their centre, each with a leader line to its true
   * place, so every one stays clickable. Bounded work: points go into a grid of cells small enough that two
   * points in one cell are always that close (no pairwise test inside a cell); neighbouring cells are joined
   * when any of their first CELL_SAMPLE points are that close. A small group is spread on a ring, a large one
   * (thousands at one spot) on a sunflower spiral whose radius grows with the square root of its size. The
   * leader lines of a theme are one path. */
  var CELL_SAMPLE = 32;
  var RING_MAX = 12;
  function declutter() {
    var shown = [];
    Object.keys(handles).forEach(function (themeId) {
      handles[themeId].leaders.clearLayers();
      handles[themeId].segments = [];
      if (!handles[themeId].visible) return;
      handles[themeId].geoJson.eachLayer(function (marker) { shown.push(marker); });
    });
    shown.sort(function (a, b) { return a.siteId < b.siteId ? -1 : 1; });
    var points = shown.map(function (m) { return map.latLngToLayerPoint(m.trueLatLng); });
    var side = DECLUTTER_PX / Math.SQRT2, cells = new Map(), order = [];
    points.forEach(function (p, i) {
      var key = Math.floor(p.x / side) + ":" + Math.floor(p.y / side);
      var cell = cells.get(key);
      if (!cell) { cell = {gx: Math.floor(p.x / side), gy: Math.floor(p.y / side), members: [], parent: null}; cells.set(key, cell); order.push(cell); }
      cell.members.push(i);
    });
    function root(cell) { while (cell.parent) cell = cell.parent; return cell; }
    function close(a, b) {
      var n = Math.min(a.members.length, CELL_SAMPLE), m = Math.min(b.members.length, CELL_SAMPLE);
      for (var i = 0; i < n; i++) {
        for (var j = 0; j < m; j++) if (points[a.members[i]].distanceTo(points[b.members[j]]) < DECLUTTER_PX) return true;
      }
      return false;
    }
    var reach = Math.ceil(DECLUTTER_PX / side);
    order.forEach(function (cell) {
      for (var dx = -reach; dx <= reach; dx++) {
        for (var dy = -reach; dy <= reach; dy++) {
          if (dx < 0 || (dx === 0 && dy <= 0)) continue;  // each pair of cells once
          var other = cells.get((cell.gx + dx) + ":" + (cell.gy + dy));
          if (other && root(other) !== root(cell) && close(cell, other)) root(other).parent = root(cell);
        }
      }
    });
    var groups = new Map();
    order.forEach(function (cell) {
      var top = root(cell);
      if (!groups.has(top)) groups.set(top, []);
      Array.prototype.push.apply(groups.get(top), cell.members);
    });
    groups.forEach(function (members) {
      if (members.length === 1) {
        shown[members[0]].setLatLng(shown[members[0]].trueLatLng);
        return;
      }
      members.sort(function (a, b) { return a - b; });
      var cx = 0, cy = 0;
      members.forEach(function (m) { cx += points[m].x; cy += points[m].y; });
      var centre = L.point(cx / members.length, cy / members.length);
      var ring = members.length <= RING_MAX, radius = Math.max(SPREAD_PX, SPREAD_PX * members.length / 3);
      members.forEach(function (m, n) {
        var angle, r;
        if (ring) {
          angle = -Math.PI / 2 + 2 * Math.PI * n / members.length;
          r = radius;
        } else {  // sunflower: even spacing of about SYMBOL_SIZE, radius ~ sqrt(n)
          angle = n * 2.399963;
          r = SPREAD_PX + SYMBOL_SIZE * 0.6 * Math.sqrt(n + 1);
        }
        var marker = shown[m];
        var at = map.layerPointToLatLng(centre.add(L.point(Math.cos(angle) * r, Math.sin(angle) * r)));
        marker.setLatLng(at);
        handles[marker.siteTheme].segments.push([marker.trueLatLng, at]);
      });
    });
    Object.keys(handles).forEach(function (themeId) {
      var segments = handles[themeId].segments;
      if (segments.length) {
        L.polyline(segments, {
          interactive: false, weight: 1, color: "#555", opacity: 0.8, className: "qz-leader", pane: EXTRAS_PANE
        }).addTo(handles[themeId].leaders);
      }
    });
    layoutLabels();
  }

  /* The basemap's datum changed: every symbol, precision circle and county name to its place in it. */
  function redrawInDatum(toMap) {
    Object.keys(markers).forEach(function (id) {
      var marker = markers[id];
      marker.trueLatLng = toMap(marker.wgsLatLng);
      marker.setLatLng(marker.trueLatLng);
      if (marker.circle) marker.circle.setLatLng(marker.trueLatLng);
    });
    countyLabels.forEach(function (label) { if (label.marker) label.marker.setLatLng(toMap([label.lat, label.lng])); });
    declutter();
  }

  function setLanguage(lang) {
    language = lang;
    drawCountyLabels();
    drawSiteLabels();
    drawLegend();
    layoutLabels();
    Object.keys(markers).forEach(function (id) {
      if (markers[id].isTooltipOpen()) { markers[id].closeTooltip(); markers[id].openTooltip(); }
    });
  }

  /* Once folium has made the theme layers: handles for page.js, labels, legend. */
  function init(config, lang, clickHandler) {
    language = lang;
    onClick = clickHandler;
    legendText = config.legend;
    themeOrder = config.themeOrder;
    var made = {};
    Object.keys(config.layers).forEach(function (themeId) {
      made[themeId] = themeHandle(themeId, window[config.layers[themeId]]);
    });
    countyLabels = config.countyLabels;
    drawCountyLabels();
    started = true;
    legendFolded = map.getSize().x < NARROW_MAP_PX;
    drawLegend();
    map.on("resize", foldLegendToFit);
    map.on("zoomend", declutter);  // which places the labels again
    map.on("moveend resize", layoutLabels);
    return made;
  }

  function status() {
    return {
      sites: Object.keys(markers).sort(), counties: countyLabels.length,
      tooltips: Object.keys(markers).filter(function (id) { return !!markers[id].getTooltip(); }).length,
      legend: !!document.querySelector(".qz-legend"),
      legendFolded: !!document.querySelector(".qz-legend.qz-folded"),
      legendHidden: Array.from(document.querySelectorAll(".qz-legend-row.qz-hidden")).map(function (row) {
        return row.getAttribute("data-theme");
      }),
      selectedElement: !!document.querySelector(".qz-site.qz-selected"),
      siteLabels: siteLabelsOn
    };
  }

  /* For tests: the boxes (container pixels) of every drawn symbol and label, as the browser lays them out. */
  function labelBoxes() {
    if (layoutPending) layoutLabelsNow();  // what the next frame will show
    var origin = map.getContainer().getBoundingClientRect();
    function box(element) {
      var r = element.getBoundingClientRect();
      return [r.left - origin.left, r.top - origin.top, r.right - origin.left, r.bottom - origin.top];
    }
    function described(label) {
      return {text: label.element.textContent, shown: !!label.shown, box: box(label.element)};
    }
    return {
      map: [0, 0, origin.width, origin.height],
      symbols: Object.keys(markers).filter(function (id) {
        return map.hasLayer(markers[id]) && markers[id].getElement();
      }).map(function (id) { return {id: id, box: box(markers[id].getElement())}; }),
      counties: countyLabels.filter(function (label) { return label.element; }).map(described),
      sites: Object.keys(siteLabels).map(function (id) {
        var entry = described(siteLabels[id]);
        entry.id = id;
        return entry;
      }),
      tooltips: Array.from(map.getContainer().querySelectorAll(".leaflet-tooltip")).map(function (element) {
        return {box: box(element), text: element.textContent};
      })
    };
  }

  return {
    configure: configure, init: init, pointToLayer: pointToLayer, onEachSite: onEachSite,
    onEachCounty: onEachCounty, setLanguage: setLanguage, redrawInDatum: redrawInDatum, declutter: declutter,
    status: status, markers: markers, setSiteLabels: setSiteLabels, layoutLabels: layoutLabels, labelBoxes: labelBoxes
  };
})();
