/* The basemap under every layer, and the datum the map is drawn in.
 *
 * Tiles come only from the app's tile scheme (qztile:…); the page never sees a server's address. The
 * data is WGS-84; a GCJ-02 basemap (Gaode) is drawn in GCJ-02, so while one is on every overlay is drawn
 * converted (toMap) and every coordinate reported to the app is converted back (toWgs): the protocol
 * always speaks WGS-84. The conversion is gcoord's (npm), fetched only when a GCJ-02 basemap comes.
 */
"use strict";

var QuzhouBasemap = (function () {
  var map = null;
  var current = {id: "offline", datum: "wgs84"};
  var base = null, labels = null;
  var attribution = "";
  var counts = {loaded: 0, failed: 0};
  var language = "zh";

  function gcj() { return current.datum === "gcj02" && typeof gcoord !== "undefined"; }

  /* [lng, lat] in WGS-84 → in the map's datum (the same array when nothing is to be done). */
  function forward(lng, lat) {
    return gcj() ? gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02) : [lng, lat];
  }
  function toMap(latlng) {
    var ll = L.latLng(latlng);
    if (!gcj()) return ll;
    var r = forward(ll.lng, ll.lat);
    return L.latLng(r[1], r[0]);
  }
  function toWgs(latlng) {
    var ll = L.latLng(latlng);
    if (!gcj()) return ll;
    var r = gcoord.transform([ll.lng, ll.lat], gcoord.GCJ02, gcoord.WGS84);
    return L.latLng(r[1], r[0]);
  }
  /* For code that converts many points: a function (lng, lat) → [lng, lat], or null for "as they are". */
  function transform() { return gcj() ? forward : null; }

  function escapeText(text) {
    var box = document.createElement("span");
    box.textContent = text;
    return box.innerHTML;  // Leaflet's attribution takes HTML: the provider's text goes in as text
  }

  function tileLayer(url, p, className) {
    var layer = L.tileLayer(url, {
      maxNativeZoom: p.maxNativeZoom, maxZoom: map.getMaxZoom(), className: className,
      keepBuffer: 2, updateWhenIdle: true, crossOrigin: false
    });
    layer.on("tileload", function () { counts.loaded++; });
    layer.on("tileerror", function () { counts.failed++; });
    return layer;
  }

  /* Show the basemap ``p`` (the setBasemap command); ``changed(oldToWgs)`` runs when the datum changes,
   * after the new one is in force, so overlays can be drawn again. */
  function set(p, changed) {
    if (base) map.removeLayer(base);
    if (labels) map.removeLayer(labels);
    base = labels = null;
    if (attribution) map.attributionControl.removeAttribution(attribution);
    attribution = "";
    counts = {loaded: 0, failed: 0};
    var before = {id: current.id, datum: current.datum};
    var oldToWgs = (function (wasGcj) {
      return function (latlng) {
        return wasGcj ? L.latLng(gcoord.transform([latlng.lng, latlng.lat], gcoord.GCJ02, gcoord.WGS84).reverse())
                      : L.latLng(latlng);
      };
    })(gcj());
    current = {id: p.id, datum: p.datum === "gcj02" ? "gcj02" : "wgs84", kind: p.kind};
    if (p.tiles && p.kind === "vector") {  // a vector tile file: drawn by vector_basemap.js (if it could be loaded)
      if (typeof QuzhouVectorBasemap !== "undefined") {
        QuzhouVectorBasemap.setLanguage(language, null);
        base = QuzhouVectorBasemap.layer(p, map).addTo(map);
        base.on("tileload", function () { counts.loaded++; });
        base.bringToBack();
      }
    } else if (p.tiles) {
      base = tileLayer(p.tiles, p, "qz-basemap").addTo(map);
      base.bringToBack();
    }
    if (p.labels) labels = tileLayer(p.labels, p, "qz-basemap-labels").addTo(map);
    if (p.attribution) {
      attribution = escapeText(p.attribution);
      map.attributionControl.addAttribution(attribution);
    }
    document.documentElement.setAttribute("data-basemap", p.tiles ? "tiles" : "offline");
    if (before.datum !== current.datum) changed(oldToWgs);
  }

  function configure(leafletMap) { map = leafletMap; }

  /* The page's language: a vector basemap names its features in it. */
  function setLanguage(lang) {
    language = lang;
    if (typeof QuzhouVectorBasemap !== "undefined") {
      QuzhouVectorBasemap.setLanguage(lang, current.kind === "vector" ? base : null);
    }
  }

  function status() {
    var loaded = document.querySelectorAll(".qz-basemap .leaflet-tile-loaded").length;
    var loading = [base, labels].some(function (layer) { return layer && layer.isLoading && layer.isLoading(); });
    return {id: current.id, kind: current.kind || "none", datum: current.datum, tiles: !!base, labels: !!labels, loading: loading,
            tilesShown: loaded, tilesLoaded: counts.loaded, tilesFailed: counts.failed, attribution: attribution};
  }

  return {configure: configure, set: set, setLanguage: setLanguage, toMap: toMap, toWgs: toWgs, transform: transform,
          status: status, datum: function () { return current.datum; }};
})();
