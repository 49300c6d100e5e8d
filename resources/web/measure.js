/* The measuring tool on the page: clicks put down corners, the mouse drags a provisional one, a double
 * click finishes. The page only draws and reports the points; Python measures them on the ellipsoid
 * and sends the label back (setMeasureLabel). Every label reaches the DOM as text. */
"use strict";

var QuzhouMeasure = (function () {
  var map = null, report = null;
  var mode = "off";          // "off" | "distance" | "area"
  var points = [];           // L.LatLng corners put down
  var finished = false;
  var shape = null, corners = null, label = null, labelText = "";
  var pending = null;

  function textElement(text) {
    var element = document.createElement("span");
    element.className = "qz-measure-text";
    element.textContent = text;
    return element;
  }

  function redraw(extra) {
    var all = extra ? points.concat([extra]) : points.slice();
    if (shape) map.removeLayer(shape);
    shape = null;
    if (all.length >= 2) {
      var options = {interactive: false, pane: "qzMeasure", color: "#d50000", weight: 2, dashArray: "6 4"};
      shape = mode === "area" && all.length >= 3 ? L.polygon(all, L.extend({fillOpacity: 0.12}, options))
                                                 : L.polyline(all, options);
      shape.addTo(map);
    }
    corners.clearLayers();
    points.forEach(function (p) {
      L.circleMarker(p, {radius: 4, weight: 2, color: "#d50000", fillColor: "#fff", fillOpacity: 1,
                         interactive: false, pane: "qzMeasure"}).addTo(corners);
    });
    placeLabel(all[all.length - 1]);
  }

  function placeLabel(at) {
    if (label) { map.removeLayer(label); label = null; }
    if (!at || !labelText) return;
    label = L.tooltip({permanent: true, direction: "right", offset: [8, 0], className: "qz-measure-label",
                       pane: "qzMeasureLabel"})
      .setLatLng(at).setContent(textElement(labelText)).addTo(map);
  }

  function send(done, extra) {
    var all = extra ? points.concat([extra]) : points;
    report({points: all.map(function (p) { return [p.lat, p.lng]; }), done: done});
  }

  function onClick(e) {
    if (finished) { points = []; finished = false; }
    var last = points[points.length - 1];
    if (last && map.latLngToContainerPoint(last).distanceTo(map.latLngToContainerPoint(e.latlng)) < 3) return;
    points.push(e.latlng);  // (the two clicks of a double click put down one corner)
    redraw(null);
    send(false, null);
  }

  function onMove(e) {
    if (finished || !points.length || pending !== null) return;
    pending = window.requestAnimationFrame(function () { pending = null; });
    redraw(e.latlng);
    send(false, e.latlng);
  }

  function onDoubleClick() {
    if (!points.length) return;
    finished = true;
    redraw(null);
    send(true, null);
  }

  function setMode(newMode) {
    mode = newMode === "distance" || newMode === "area" ? newMode : "off";
    points = []; finished = false; labelText = "";
    redraw(null);
    var measuring = mode !== "off";
    map.getContainer().classList.toggle("qz-measuring", measuring);
    if (measuring) map.doubleClickZoom.disable(); else map.doubleClickZoom.enable();
  }

  function setLabel(text) {
    labelText = text;
    if (label) label.setContent(textElement(text));
    else if (points.length) placeLabel(points[points.length - 1]);
  }

  function configure(leafletMap, reporter) {
    map = leafletMap;
    report = reporter;
    map.createPane("qzMeasure").style.zIndex = 635;
    map.createPane("qzMeasureLabel").style.zIndex = 660;
    corners = L.layerGroup().addTo(map);
    map.on("mousemove", function (e) { if (mode !== "off") onMove(e); });
    map.on("dblclick", function () { if (mode !== "off") onDoubleClick(); });
  }

  return {
    configure: configure, setMode: setMode, setLabel: setLabel, onClick: onClick,
    active: function () { return mode !== "off"; },
    /* The map's datum changed: the corners put down move with it. */
    convert: function (fn) {
      points = points.map(fn);
      if (points.length) redraw(null);
    },
    state: function () { return {mode: mode, points: points.length, finished: finished, label: labelText}; }
  };
})();
