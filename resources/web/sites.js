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
    marker.trueLatLng = latlng;
    return marker;
  }

  function onEachSite(feature, layer) {
    var props = feature.properties;
    markers[props.id] = layer;
    layer.siteId = props.id;
    layer.siteTheme = props.theme;
    layer.bindTooltip(function () { return siteTooltip(props); }, {direction: "top", offset: [0, -8]});
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
        L.circle(marker.trueLatLng, {
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
        geoJson.eachLayer(function (marker) {
          var element = marker.getElement();
          if (element) L.DomUtil[marker.siteId === siteId ? "addClass" : "removeClass"](element, "qz-selected");
          marker.setZIndexOffset(marker.siteId === siteId ? 1000 : 0);
        });
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
      var element = textElement("span", "qz-county-name", language === "zh" ? label.name_zh : label.name_en);
      label.marker = L.marker([label.lat, label.lng], {
        interactive: false, keyboard: false, pane: "qzLabels",
        icon: L.divIcon({className: "qz-county-label", html: element, iconSize: null})
      }).addTo(map);
    });
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
  function declutter() {
    var shown = [];
    Object.keys(handles).forEach(function (themeId) {
      handles[themeId].leaders.clearLayers();
      if (!handles[themeId].visible) return;
      handles[themeId].geoJson.eachLayer(function (marker) { shown.push(marker); });
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
        var marker = shown[m];
        var at = map.layerPointToLatLng(centre.add(L.point(Math.cos(angle) * radius, Math.sin(angle) * radius)));
        marker.setLatLng(at);
        L.polyline([marker.trueLatLng, at], {
          interactive: false, weight: 1, color: "#555", opacity: 0.8, className: "qz-leader", pane: EXTRAS_PANE
        }).addTo(handles[marker.siteTheme].leaders);
      });
    });
  }

  function setLanguage(lang) {
    language = lang;
    drawCountyLabels();
    drawLegend();
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
    legendFolded = map.getSize().x < NARROW_MAP_PX;
    drawLegend();
    map.on("resize", foldLegendToFit);
    map.on("zoomend", declutter);
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
      selectedElement: !!document.querySelector(".qz-site.qz-selected")
    };
  }

  return {
    configure: configure, init: init, pointToLayer: pointToLayer, onEachSite: onEachSite,
    onEachCounty: onEachCounty, setLanguage: setLanguage, declutter: declutter, status: status,
    markers: markers
  };
})();
