/* A vector tile file of the user's own (MVT in MBTiles/PMTiles) drawn as the basemap, whatever its schema.
 *
 * protomaps-leaflet (npm, BSD-3) parses the tiles and paints them on canvas tiles; it fetches them from the
 * app's tile scheme (qztile:…). We do not know the file's schema (OpenMapTiles, Protomaps, Shortbread or the
 * user's own), so every source layer named in its metadata is styled by what its name says: water blue,
 * roads orange, land use green, buildings light brown, boundaries dashed, anything else a light colour of a
 * small palette by its index. Polygons are filled lightly, lines stroked, points small circles; features are
 * named from their name properties, in the page's language where the file has it.
 * Loaded by the page only when a vector basemap is chosen (after protomaps-leaflet).
 */
"use strict";

var QuzhouVectorBasemap = (function () {
  var KINDS = [  // by the layer's name: its fill, its line colour, where its polygons go (low first)
    {test: /water|ocean|sea|river|lake|reservoir|stream|canal|水/i, fill: "#a6cfee", line: "#4f93d2", rank: 2},
    {test: /road|transport|street|highway|motorway|rail|path|路/i, fill: "#e2dfdb", line: "#e2913a", rank: 1,
     width: [1, 1.6, 2.6]},
    {test: /landuse|landcover|park|green|forest|wood|grass|nature|farm|绿/i, fill: "#cde6bd", line: "#7fb066",
     rank: 0},
    {test: /building|建筑/i, fill: "#e4d2ba", line: "#b59a78", rank: 3},
    {test: /boundar|admin|border|界/i, fill: null, line: "#8e6fa6", rank: 4, dash: [5, 3]}
  ];
  var PALETTE = ["#d9c9a8", "#c7bbd9", "#e6c1b3", "#b6d3cb", "#d5cf98", "#c2cbe0", "#dfbfcf"];
  var FONT = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";
  var NAMES = {
    zh: ["name:zh", "name_zh", "name:zh-Hans", "name_zh-Hans", "name", "name:en", "name_en", "name_int"],
    en: ["name:en", "name_en", "name_int", "name:latin", "name", "name:zh", "name_zh"]
  };
  var language = "zh";

  function kindOf(name, index) {
    for (var i = 0; i < KINDS.length; i++) if (KINDS[i].test.test(name)) return KINDS[i];
    var colour = PALETTE[index % PALETTE.length];
    return {fill: colour, line: colour, rank: 1};
  }
  function geomIs(type) { return function (_z, feature) { return feature.geomType === type; }; }
  function names() { return NAMES[language]; }
  function text(size) {
    return {labelProps: names, fill: "#37474f", stroke: "#ffffff", width: 2, fontFamily: FONT, fontSize: size};
  }

  /* A polygon's name at the middle of its box in the tile, once per name nearby (a polygon cut into tiles
   * would otherwise be named in each); none for polygons too small to hold it. */
  function polygonLabel() {
    var centred = new protomapsL.CenteredTextSymbolizer(text(12));
    return {place: function (layout, geom, feature) {
      var ring = geom[0], minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      ring.forEach(function (p) {
        minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y);
      });
      if (maxX - minX < 48 || maxY - minY < 16) return undefined;
      var middle = ring[0].clone();
      middle.x = (minX + maxX) / 2;
      middle.y = (minY + maxY) / 2;
      var labels = centred.place(layout, [[middle]], feature);
      (labels || []).forEach(function (label) {
        label.deduplicationKey = centred.centered.symbolizer.text.get(layout.zoom, feature);
        label.deduplicationDistance = 512;
      });
      return labels;
    }};
  }

  /* Paint and label rules for the file's source layers. */
  function rules(layers) {
    var polygons = [], lines = [], points = [], labels = [[], [], []];
    layers.forEach(function (layer, index) {
      var kind = kindOf(layer, index), widths = kind.width || [0.8, 1.1, 1.6];
      var width = function (z) { return z < 10 ? widths[0] : z < 14 ? widths[1] : widths[2]; };
      var line = new protomapsL.LineSymbolizer({color: kind.line, width: width, dash: kind.dash,
                                                lineCap: kind.dash ? "butt" : "round", lineJoin: "round"});
      if (kind.fill) {
        polygons.push({rank: kind.rank, rule: {dataLayer: layer, filter: geomIs(3), symbolizer:
          new protomapsL.PolygonSymbolizer({fill: kind.fill, opacity: 0.75, stroke: kind.line, width: 0.6})}});
      } else {  // a boundary: its outline only, dashed
        lines.push({rank: kind.rank, rule: {dataLayer: layer, filter: geomIs(3), symbolizer: line}});
      }
      lines.push({rank: kind.rank, rule: {dataLayer: layer, filter: geomIs(2), symbolizer: line}});
      points.push({rank: 0, rule: {dataLayer: layer, filter: geomIs(1), symbolizer:
        new protomapsL.CircleSymbolizer({radius: 3, fill: kind.line, stroke: "#ffffff", width: 1})}});
      labels[0].push({dataLayer: layer, filter: geomIs(1), symbolizer:
        new protomapsL.OffsetTextSymbolizer(Object.assign(text(12), {offsetX: 5, offsetY: 3}))});
      labels[1].push({dataLayer: layer, filter: geomIs(2), symbolizer:
        new protomapsL.LineLabelSymbolizer(Object.assign(text(11), {position: 2}))});
      labels[2].push({dataLayer: layer, filter: geomIs(3), symbolizer: polygonLabel()});
    });
    var byRank = function (a, b) { return a.rank - b.rank; };
    var paint = [].concat(polygons.sort(byRank), lines.sort(byRank), points).map(function (r) { return r.rule; });
    return {paint: paint, labels: [].concat(labels[0], labels[1], labels[2])};  // points' names win
  }

  /* The Leaflet layer for a setBasemap payload of kind "vector" (its tiles are MVT, gunzipped by the app). */
  function layer(p, map) {
    var r = rules(p.vectorLayers);
    return protomapsL.leafletLayer({
      url: p.tiles, maxDataZoom: p.maxNativeZoom, paintRules: r.paint, labelRules: r.labels,
      backgroundColor: "#f6f3ec", attribution: "", className: "qz-basemap", maxZoom: map.getMaxZoom(),
      keepBuffer: 2, updateWhenIdle: true
    });
  }

  /* Names in this language from now on; ``layer`` (if one is shown) is laid out and drawn again. */
  function setLanguage(lang, shown) {
    lang = lang === "en" ? "en" : "zh";
    if (lang === language) return;
    language = lang;
    if (shown && shown.clearLayout) { shown.clearLayout(); shown.rerenderTiles(); }
  }

  return {layer: layer, rules: rules, names: names, setLanguage: setLanguage};
})();
