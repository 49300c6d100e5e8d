/* quzhou-map feature layers: users' points, lines and polygons (up to ~1M features) drawn on canvases
 * of our own, without WebGL, with picking by scanning typed arrays.
 *
 * Each layer's geometry comes as one binary file written by quzhou_map/core/layer_payload.py and read
 * here with XMLHttpRequest (responseType "arraybuffer"); its layout is described by `meta` (see that
 * module). Coordinates are projected once to Web Mercator "world" units (0..1, EPSG:3857 as Leaflet's
 * default CRS) relative to the layer's origin, kept as Float32; a frame is then only scale + translate.
 *
 *  - points: every point is stamped as a small filled disc into one ImageData (Uint32 writes);
 *  - lines / polygons: canvas paths per frame, parts culled by their bounding boxes, vertices closer
 *    than half a pixel to the previous one skipped, parts smaller than a pixel drawn as one pixel;
 *    polygons are filled with the non-zero rule (shells CCW, holes CW from Python).
 *
 * Each layer has its own pane ("qz-layer-" + id) holding one canvas the size of the map container,
 * redrawn on moveend/resize and scaled with CSS during zoom animations (as Leaflet's own renderers).
 * The canvas ignores the mouse: clicks reach the map, whose handlers call hitTest.
 * Only numbers come from the data: nothing here builds HTML.
 */
"use strict";

var QuzhouFeatureLayers = (function () {
  var TYPES = {float32: Float32Array, uint32: Uint32Array};
  var HIGHLIGHT = "#00e5ff";
  var HIGHLIGHT_EDGE = "#000000";
  var MAX_HIGHLIGHTED = 20000;
  var PATH_BATCH = 16;      // parts per canvas path
  var SMALL_PX = 4;         // polygons smaller than this on screen are drawn as their box

  function now() { return performance.now(); }

  function parseColor(hex) {
    var m = /^#?([0-9a-f]{6})$/i.exec(hex || "");
    var v = m ? parseInt(m[1], 16) : 0x3388ff;
    return {r: (v >> 16) & 255, g: (v >> 8) & 255, b: v & 255};
  }

  function normStyle(style, previous) {
    var s = {color: "#3388ff", size: 4, opacity: 1, fill: null, fillOpacity: 0.5};
    [previous || {}, style || {}].forEach(function (source) {
      Object.keys(s).forEach(function (key) {
        if (Object.prototype.hasOwnProperty.call(source, key)) s[key] = source[key];
      });
    });
    s.size = Math.max(1, Math.min(64, +s.size || 1));
    s.opacity = Math.max(0, Math.min(1, s.opacity === undefined ? 1 : +s.opacity));
    s.fillOpacity = Math.max(0, Math.min(1, +s.fillOpacity));
    return s;
  }

  /* Longitude/latitude (degrees) to Web Mercator world units (0..1, y down), as L.CRS.EPSG3857. */
  var MAX_LAT = 85.0511287798;
  function worldX(lng) { return 0.5 + lng / 360; }
  function worldY(lat) {
    lat = Math.max(Math.min(MAX_LAT, lat), -MAX_LAT);
    var s = Math.sin(lat * Math.PI / 180);
    return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
  }

  /* Typed views of the payload's sections, and the projected coordinates (Float32, relative). */
  function decode(buffer, meta) {
    var data = {};
    Object.keys(meta.sections).forEach(function (name) {
      var section = meta.sections[name];
      data[name] = new TYPES[section.type](buffer, section.offset, section.length);
    });
    project(data, meta);
    return data;
  }

  /* The coordinates in world units, in the map's datum (QuzhouBasemap: GCJ-02 under a Gaode basemap). */
  function project(data, meta) {
    var lon0 = meta.origin[0], lat0 = meta.origin[1];
    var ox = worldX(lon0), oy = worldY(lat0);
    var c = data.coords, n = c.length >> 1;
    var xy = new Float32Array(c.length);
    var d2r = Math.PI / 180, k = 1 / (4 * Math.PI);
    var datum = typeof QuzhouBasemap !== "undefined" ? QuzhouBasemap.transform() : null;
    for (var i = 0, j = 0; i < n; i++, j += 2) {
      var lat = lat0 + c[j + 1];
      if (datum) {
        var t = datum(lon0 + c[j], lat);
        xy[j] = (t[0] - lon0) / 360;
        lat = t[1];
      } else {
        xy[j] = c[j] / 360;  // x is linear in longitude: the offset needs no origin
      }
      if (lat > MAX_LAT) lat = MAX_LAT; else if (lat < -MAX_LAT) lat = -MAX_LAT;
      var s = Math.sin(lat * d2r);
      xy[j + 1] = (0.5 - Math.log((1 + s) / (1 - s)) * k) - oy;
    }
    data.xy = xy;
    data.ox = ox;
    data.oy = oy;
    if (meta.kind !== "point") {
      // Bounding boxes of parts (minx, miny, maxx, maxy), in the same relative world units.
      var parts = data.part_feature.length, po = data.part_offsets, ro = data.ring_offsets;
      var boxes = new Float32Array(parts * 4);
      for (var p = 0; p < parts; p++) {
        var v0 = ro[po[p]], v1 = ro[po[p + 1]];
        var minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity;
        for (var v = v0; v < v1; v++) {
          var x = xy[2 * v], y = xy[2 * v + 1];
          if (x < minx) minx = x; if (x > maxx) maxx = x;
          if (y < miny) miny = y; if (y > maxy) maxy = y;
        }
        boxes[4 * p] = minx; boxes[4 * p + 1] = miny; boxes[4 * p + 2] = maxx; boxes[4 * p + 3] = maxy;
      }
      data.boxes = boxes;
    }
  }

  var FeatureCanvas = L.Layer.extend({
    initialize: function (spec) {
      this.spec = spec;
      this.id = spec.id;
      this.kind = spec.kind;
      this.count = spec.count;
      this.meta = spec.meta;
      this.style = normStyle(spec.style);
      this.visible = spec.visible !== false;
      this.selected = null;
      this.data = null;
      this.dirty = true;
      this.lastDrawMs = 0;
      this.frames = 0;
    },

    getEvents: function () {
      var events = {moveend: this._redraw, resize: this._onResize, zoom: this._onZoom};  // setView: one moveend
      if (this._zoomAnimated) events.zoomanim = this._onAnimZoom;
      return events;
    },

    onAdd: function (map) {
      var pane = map.getPane(this.paneName);
      var canvas = this._canvas = L.DomUtil.create("canvas", "qz-feature-canvas", pane);
      canvas.style.pointerEvents = "none";
      canvas.style.position = "absolute";
      if (this._zoomAnimated) L.DomUtil.addClass(canvas, "leaflet-zoom-animated");
      this._ctx = canvas.getContext("2d");
      this._applyVisibility();
      this._resize();
      this._redraw();
    },

    onRemove: function () {
      L.DomUtil.remove(this._canvas);
      this._canvas = this._ctx = this._image = null;
    },

    _onResize: function () {
      this._resize();
      this._redraw();
    },

    _resize: function () {
      var size = this._map.getSize(), dpr = window.devicePixelRatio || 1;
      var w = Math.max(1, Math.round(size.x * dpr)), h = Math.max(1, Math.round(size.y * dpr));
      if (this._canvas.width !== w || this._canvas.height !== h) {
        this._canvas.width = w;
        this._canvas.height = h;
        this._image = null;
      }
      this._canvas.style.width = size.x + "px";
      this._canvas.style.height = size.y + "px";
      this._dpr = dpr;
    },

    _onZoom: function () {
      this._updateTransform(this._map.getCenter(), this._map.getZoom());
    },

    _onAnimZoom: function (e) {
      this._updateTransform(e.center, e.zoom);
    },

    /* During a zoom animation the last frame is scaled, as L.Renderer does. */
    _updateTransform: function (center, zoom) {
      if (!this._center) return;
      var map = this._map, scale = map.getZoomScale(zoom, this._zoom);
      var topLeft = map.getSize().multiplyBy(-scale / 2).add(map.project(this._center, zoom))
        .subtract(map._getNewPixelOrigin(center, zoom));
      L.DomUtil.setTransform(this._canvas, topLeft, scale);
    },

    /* Container pixel = world * scale + offset. */
    _frame: function () {
      var map = this._map, scale = map.options.crs.scale(map.getZoom());
      var origin = map.getPixelOrigin(), pane = map._getMapPanePos();
      return {s: scale, tx: this.data.ox * scale - origin.x + pane.x, ty: this.data.oy * scale - origin.y + pane.y};
    },

    _redraw: function () {
      if (!this._map || !this._canvas) return;
      if (!this.visible || !this.data) { this.dirty = true; return; }
      var t0 = now(), map = this._map;
      this._center = map.getCenter();
      this._zoom = map.getZoom();
      L.DomUtil.setPosition(this._canvas, map.containerPointToLayerPoint([0, 0]));
      var frame = this._frame();
      if (this.kind === "point") this._drawPoints(frame);
      else this._drawPaths(frame);
      this._drawSelection(frame);
      this.dirty = false;
      this.frames++;
      this.lastDrawMs = now() - t0;
    },

    _drawPoints: function (f) {
      var canvas = this._canvas, w = canvas.width, h = canvas.height, dpr = this._dpr;
      if (!this._image) {
        this._image = this._ctx.createImageData(w, h);
        this._pixels = new Uint32Array(this._image.data.buffer);
      }
      var pixels = this._pixels;
      pixels.fill(0);
      var c = parseColor(this.style.color);
      var color = ((255 << 24) | (c.b << 16) | (c.g << 8) | c.r) >>> 0;  // little-endian RGBA
      var size = this.style.size * dpr, r = size / 2, reach = Math.ceil(r);
      var offsets = [], dxs = [], dys = [];
      for (var dy = -reach; dy <= reach; dy++) {
        for (var dx = -reach; dx <= reach; dx++) {
          if (size <= 1.5 ? (dx === 0 && dy === 0) : (dx * dx + dy * dy <= r * r)) {
            offsets.push(dy * w + dx); dxs.push(dx); dys.push(dy);
          }
        }
      }
      var m = offsets.length, offs = new Int32Array(offsets);
      var xy = this.data.xy, n = xy.length >> 1;
      var s = f.s * dpr, tx = f.tx * dpr, ty = f.ty * dpr;
      var lo = reach, hix = w - reach, hiy = h - reach;
      for (var i = 0, j = 0; i < n; i++, j += 2) {
        var x = xy[j] * s + tx, y = xy[j + 1] * s + ty;
        if (x < -reach || y < -reach || x >= w + reach || y >= h + reach) continue;
        var ix = x | 0, iy = y | 0;  // x, y ≥ -reach: truncation is floor except in (-1, 0), harmless
        if (ix >= lo && iy >= lo && ix < hix && iy < hiy) {
          var base = iy * w + ix;
          for (var k = 0; k < m; k++) pixels[base + offs[k]] = color;
        } else {
          for (var q = 0; q < m; q++) {
            var px = ix + dxs[q], py = iy + dys[q];
            if (px >= 0 && py >= 0 && px < w && py < h) pixels[py * w + px] = color;
          }
        }
      }
      this._ctx.putImageData(this._image, 0, 0);
    },

    /* The path of one part, in container pixels, skipping vertices under half a pixel apart. */
    _tracePart: function (ctx, p, s, tx, ty) {
      var d = this.data, xy = d.xy, ro = d.ring_offsets, po = d.part_offsets, closed = this.kind === "polygon";
      for (var r = po[p]; r < po[p + 1]; r++) {
        var v = ro[r], end = ro[r + 1];
        if (end - v < 2) continue;
        var lx = xy[2 * v] * s + tx, ly = xy[2 * v + 1] * s + ty;
        ctx.moveTo(lx, ly);
        for (v++; v < end; v++) {
          var x = xy[2 * v] * s + tx, y = xy[2 * v + 1] * s + ty;
          if ((x - lx) * (x - lx) + (y - ly) * (y - ly) < 0.25 && v < end - 1) continue;
          ctx.lineTo(x, y);
          lx = x; ly = y;
        }
        if (closed) ctx.closePath();
      }
    },

    /* Canvas paths get slow past a few dozen sub-paths (building them is superlinear in Chromium), and
     * rasterising many tiny outlines costs far more than the few pixels they cover: parts are drawn in
     * batches of PATH_BATCH, parts under SMALL_PX on screen as their box, parts under a pixel as a dot. */
    _drawPaths: function (f) {
      var ctx = this._ctx, canvas = this._canvas, dpr = this._dpr;
      var w = canvas.width / dpr, h = canvas.height / dpr;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, w, h);
      var d = this.data, boxes = d.boxes, parts = d.part_feature.length;
      var s = f.s, tx = f.tx, ty = f.ty, style = this.style, pad = style.size;
      var polygon = this.kind === "polygon", fill = polygon && style.fill;
      // A polygon not much wider than its outline is a blob anyway: its box looks the same, far cheaper.
      var small = polygon ? Math.max(SMALL_PX, 2 * style.size + 2) : 1;
      ctx.lineJoin = polygon ? "miter" : "round";
      ctx.lineCap = polygon ? "butt" : "round";
      ctx.lineWidth = style.size;
      ctx.strokeStyle = style.color;
      ctx.fillStyle = style.fill || style.color;
      // First pass: parts too small to trace are written as boxes of pixels into an ImageData (in the
      // outline's colour: at that size the outline covers them); the traced parts are painted over it.
      var traced = [], pixels = null, pw = canvas.width, ph = canvas.height, color = 0;
      for (var p = 0; p < parts; p++) {
        var x0 = boxes[4 * p] * s + tx, y0 = boxes[4 * p + 1] * s + ty;
        var x1 = boxes[4 * p + 2] * s + tx, y1 = boxes[4 * p + 3] * s + ty;
        if (x1 < -pad || y1 < -pad || x0 > w + pad || y0 > h + pad) continue;
        if (x1 - x0 >= small || y1 - y0 >= small) { traced.push(p); continue; }
        if (!pixels) {
          if (!this._image) {
            this._image = ctx.createImageData(pw, ph);
            this._pixels = new Uint32Array(this._image.data.buffer);
          }
          pixels = this._pixels;
          pixels.fill(0);
          var c = parseColor(style.color);
          color = ((255 << 24) | (c.b << 16) | (c.g << 8) | c.r) >>> 0;
        }
        var ix0 = Math.max(0, Math.floor(x0 * dpr)), iy0 = Math.max(0, Math.floor(y0 * dpr));
        var ix1 = Math.min(pw - 1, Math.floor(x1 * dpr)), iy1 = Math.min(ph - 1, Math.floor(y1 * dpr));
        for (var y = iy0; y <= iy1; y++) pixels.fill(color, y * pw + ix0, y * pw + ix1 + 1);
      }
      if (pixels) ctx.putImageData(this._image, 0, 0);
      var inPath = 0;
      ctx.beginPath();
      for (var k = 0; k < traced.length; k++) {
        this._tracePart(ctx, traced[k], s, tx, ty);
        if (++inPath >= PATH_BATCH) { this._paint(ctx, fill); ctx.beginPath(); inPath = 0; }
      }
      if (inPath) this._paint(ctx, fill);
    },

    _paint: function (ctx, fill) {
      if (fill) {
        ctx.globalAlpha = this.style.fillOpacity;
        ctx.fill("nonzero");
        ctx.globalAlpha = 1;
      }
      ctx.stroke();
    },

    _drawSelection: function (f) {
      var selected = this.selected;
      if (!selected || !selected.length) return;
      var ctx = this._ctx, dpr = this._dpr, n = Math.min(selected.length, MAX_HIGHLIGHTED);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.globalAlpha = 1;
      if (this.kind === "point") {
        var r = this.style.size / 2 + 3;
        ctx.beginPath();
        for (var i = 0; i < n; i++) {
          var p = this.pointOf(selected[i], f);
          if (!p) continue;
          ctx.moveTo(p.x + r, p.y);
          ctx.arc(p.x, p.y, r, 0, 2 * Math.PI);
        }
        ctx.lineWidth = 4; ctx.strokeStyle = HIGHLIGHT_EDGE; ctx.stroke();
        ctx.lineWidth = 2; ctx.strokeStyle = HIGHLIGHT; ctx.stroke();
        return;
      }
      var d = this.data;
      ctx.beginPath();
      for (var k = 0; k < n; k++) {
        var feature = selected[k];
        if (feature < 0 || feature >= this.count) continue;
        for (var part = d.feature_offsets[feature]; part < d.feature_offsets[feature + 1]; part++) {
          this._tracePart(ctx, part, f.s, f.tx, f.ty);
        }
      }
      ctx.lineJoin = "round";
      ctx.lineWidth = this.style.size + 4; ctx.strokeStyle = HIGHLIGHT_EDGE; ctx.stroke();
      ctx.lineWidth = this.style.size + 2; ctx.strokeStyle = HIGHLIGHT; ctx.stroke();
    },

    /* Container point of a point feature (its first point), or null. */
    pointOf: function (index, f) {
      var d = this.data, j = -1;
      if (!d || index < 0 || index >= this.count) return null;
      if (d.point_feature) {
        var pf = d.point_feature, lo = 0, hi = pf.length;  // sorted: binary search
        while (lo < hi) { var mid = (lo + hi) >> 1; if (pf[mid] < index) lo = mid + 1; else hi = mid; }
        if (lo < pf.length && pf[lo] === index) j = lo;
      } else {
        j = index;
      }
      if (j < 0) return null;
      f = f || this._frame();
      return {x: d.xy[2 * j] * f.s + f.tx, y: d.xy[2 * j + 1] * f.s + f.ty};
    },

    _applyVisibility: function () {
      if (this._canvas) this._canvas.style.display = this.visible ? "" : "none";
      this._canvas && (this._canvas.style.opacity = String(this.style.opacity));
    },

    /* Feature under a container point: points and lines the nearest within tolerance (ties: the one
     * drawn last, on top), polygons the topmost containing it (holes respected). */
    hitTest: function (point, tolerance) {
      if (!this.data || !this.visible || !this._map) return -1;
      var f = this._frame(), tol = Math.max(0, +tolerance || 0);
      var u = (point.x - f.tx) / f.s, v = (point.y - f.ty) / f.s;  // relative world units
      return this.kind === "point" ? this._hitPoint(point, f, tol) : this._hitPath(u, v, tol / f.s);
    },

    _hitPoint: function (point, f, tol) {
      var d = this.data, xy = d.xy, n = xy.length >> 1, reach = tol + this.style.size / 2;
      // Compare in world units: no per-point multiply.
      var u = (point.x - f.tx) / f.s, v = (point.y - f.ty) / f.s, r = reach / f.s, r2 = r * r;
      var best = -1, bestD = Infinity;
      for (var i = 0, j = 0; i < n; i++, j += 2) {
        var dx = xy[j] - u;
        if (dx > r || dx < -r) continue;
        var dy = xy[j + 1] - v;
        if (dy > r || dy < -r) continue;
        var dd = dx * dx + dy * dy;
        if (dd <= r2 && dd <= bestD) { bestD = dd; best = i; }
      }
      if (best < 0) return -1;
      return d.point_feature ? d.point_feature[best] : best;
    },

    _hitPath: function (u, v, tol) {
      var d = this.data, boxes = d.boxes, parts = d.part_feature.length, polygon = this.kind === "polygon";
      var reach = tol + (polygon ? 0 : this.style.size / 2 / this._frame().s);
      var best = -1, bestD = Infinity;
      for (var p = parts - 1; p >= 0; p--) {
        if (u < boxes[4 * p] - reach || u > boxes[4 * p + 2] + reach ||
            v < boxes[4 * p + 1] - reach || v > boxes[4 * p + 3] + reach) continue;
        if (polygon) {
          if (this._inside(p, u, v)) return d.part_feature[p];
        } else {
          var dist = this._distance(p, u, v);
          if (dist <= reach && dist < bestD) { bestD = dist; best = d.part_feature[p]; }
        }
      }
      return best;
    },

    /* Even-odd crossings over every ring of the part: inside the shell and outside its holes. */
    _inside: function (p, u, v) {
      var d = this.data, xy = d.xy, ro = d.ring_offsets, po = d.part_offsets, inside = false;
      for (var r = po[p]; r < po[p + 1]; r++) {
        var start = ro[r], end = ro[r + 1];
        for (var i = start, j = end - 1; i < end; j = i++) {
          var xi = xy[2 * i], yi = xy[2 * i + 1], xj = xy[2 * j], yj = xy[2 * j + 1];
          if ((yi > v) !== (yj > v) && u < (xj - xi) * (v - yi) / (yj - yi) + xi) inside = !inside;
        }
      }
      return inside;
    },

    _distance: function (p, u, v) {
      var d = this.data, xy = d.xy, ro = d.ring_offsets, po = d.part_offsets, best = Infinity;
      for (var r = po[p]; r < po[p + 1]; r++) {
        for (var i = ro[r]; i < ro[r + 1] - 1; i++) {
          var ax = xy[2 * i], ay = xy[2 * i + 1], bx = xy[2 * i + 2], by = xy[2 * i + 3];
          var dx = bx - ax, dy = by - ay, len = dx * dx + dy * dy;
          var t = len > 0 ? Math.max(0, Math.min(1, ((u - ax) * dx + (v - ay) * dy) / len)) : 0;
          var ex = ax + t * dx - u, ey = ay + t * dy - v, dist = Math.sqrt(ex * ex + ey * ey);
          if (dist < best) best = dist;
        }
        if (ro[r + 1] - ro[r] === 1) {
          var sx = xy[2 * ro[r]] - u, sy = xy[2 * ro[r] + 1] - v;
          best = Math.min(best, Math.sqrt(sx * sx + sy * sy));
        }
      }
      return best;
    },

    /* A point on the feature, in container pixels: the point itself, a middle vertex of a line, a point
     * inside a polygon (the middle of the widest inside span of a scan line through its largest part). */
    containerPointOf: function (index) {
      if (!this.data || index < 0 || index >= this.count || !this._map) return null;
      if (this.kind === "point") return this.pointOf(index);
      var d = this.data, f = this._frame(), first = d.feature_offsets[index], last = d.feature_offsets[index + 1];
      if (first === last) return null;
      var xy = d.xy, ro = d.ring_offsets, po = d.part_offsets, boxes = d.boxes;
      if (this.kind === "line") {
        var r0 = po[first], mid = (ro[r0] + ro[r0 + 1] - 1) >> 1;
        return {x: xy[2 * mid] * f.s + f.tx, y: xy[2 * mid + 1] * f.s + f.ty};
      }
      var part = first, area = -1;
      for (var p = first; p < last; p++) {
        var a = (boxes[4 * p + 2] - boxes[4 * p]) * (boxes[4 * p + 3] - boxes[4 * p + 1]);
        if (a > area) { area = a; part = p; }
      }
      var best = null;
      for (var step = 1; step <= 7 && !best; step++) {  // scan lines at 1/2, 3/8, 5/8, … of the height
        var frac = 0.5 + (step % 2 ? 1 : -1) * Math.floor(step / 2) / 8;
        var y = boxes[4 * part + 1] + (boxes[4 * part + 3] - boxes[4 * part + 1]) * frac * 0.999991;
        var xs = [];
        for (var r = po[part]; r < po[part + 1]; r++) {
          for (var i = ro[r], j = ro[r + 1] - 1; i < ro[r + 1]; j = i++) {
            var yi = xy[2 * i + 1], yj = xy[2 * j + 1];
            if ((yi > y) !== (yj > y)) xs.push(xy[2 * i] + (xy[2 * j] - xy[2 * i]) * (y - yi) / (yj - yi));
          }
        }
        xs.sort(function (m, n) { return m - n; });
        var width = 0;
        for (var k = 0; k + 1 < xs.length; k += 2) {
          if (xs[k + 1] - xs[k] > width) { width = xs[k + 1] - xs[k]; best = {u: (xs[k] + xs[k + 1]) / 2, v: y}; }
        }
      }
      return best && {x: best.u * f.s + f.tx, y: best.v * f.s + f.ty};
    }
  });

  function load(layer, spec) {
    var t0 = now(), xhr = new XMLHttpRequest();
    xhr.open("GET", spec.url, true);
    xhr.responseType = "arraybuffer";
    xhr.onload = function () {
      var buffer = xhr.response;
      if (layer.removed) return;
      if (!buffer || buffer.byteLength !== spec.meta.bytes) {
        fail(spec, "layer " + spec.id + ": payload missing or of the wrong size (" +
          (buffer ? buffer.byteLength : "none") + " bytes, expected " + spec.meta.bytes + ")");
        return;
      }
      var t1 = now(), info;
      try {
        layer.data = decode(buffer, spec.meta);
        var t2 = now();
        layer.dirty = true;
        if (layer.visible) {
          layer._redraw();
          // Drawing is recorded and rasterised later: read one pixel so that "drawn" means drawn.
          if (layer._ctx) layer._ctx.getImageData(0, 0, 1, 1);
          layer.lastDrawMs = now() - t2;
        }
        info = {count: layer.count, loadMs: t1 - t0, decodeMs: t2 - t1,
                drawMs: layer.visible ? layer.lastDrawMs : 0};
      } catch (error) {
        fail(spec, "layer " + spec.id + ": " + error);
        return;
      }
      if (spec.onDrawn) spec.onDrawn(info);
    };
    xhr.onerror = function () { fail(spec, "layer " + spec.id + ": could not read " + spec.url); };
    xhr.send();
  }

  function fail(spec, message) {
    if (spec.onFailed) spec.onFailed(message);
    else if (window.console) console.error(message);
  }

  function create(map, spec) {
    var paneName = "qz-layer-" + spec.id;
    var pane = map.getPane(paneName) || map.createPane(paneName);
    pane.style.zIndex = String(spec.zIndex === undefined ? 450 : spec.zIndex);
    pane.style.pointerEvents = "none";
    var layer = new FeatureCanvas(spec);
    layer.paneName = paneName;
    layer._zoomAnimated = map._zoomAnimated;
    map.addLayer(layer);
    load(layer, spec);

    var handle = {
      id: spec.id,
      kind: spec.kind,
      count: spec.count,
      layer: layer,
      setStyle: function (style) {
        layer.style = normStyle(style, layer.style);
        layer._applyVisibility();
        layer._redraw();
      },
      setVisible: function (visible) {
        visible = !!visible;
        if (visible === layer.visible) return;
        layer.visible = visible;
        layer._applyVisibility();  // shown at once when the view did not change while hidden
        if (visible) {
          var map = layer._map;
          if (layer.dirty || !layer._center || !map.getCenter().equals(layer._center) || map.getZoom() !== layer._zoom) {
            layer._redraw();
          }
        } else if (layer._ctx) {
          // Stays as drawn (display: none) so showing again needs no redraw, unless the view moves.
        }
      },
      isVisible: function () { return layer.visible; },
      setZIndex: function (z) { pane.style.zIndex = String(z); },
      setSelected: function (indexes) {
        layer.selected = indexes && indexes.length ? Array.prototype.slice.call(indexes) : null;
        layer._redraw();
      },
      hitTest: function (point, tolerance) { return layer.hitTest(point, tolerance); },
      containerPointOf: function (index) { return layer.containerPointOf(index); },
      bounds: function () { return spec.meta.bounds; },
      loaded: function () { return !!layer.data; },
      redrawInDatum: function () {
        if (!layer.data) return;  // still loading: it is projected in the new datum when it comes
        project(layer.data, spec.meta);
        layer.dirty = true;
        if (layer.visible) layer._redraw();
      },
      stats: function () { return {frames: layer.frames, lastDrawMs: layer.lastDrawMs, dirty: layer.dirty}; },
      redraw: function () { layer._redraw(); return layer.lastDrawMs; },
      canvas: function () { return layer._canvas; },
      remove: function () {
        layer.removed = true;
        if (layer._map) map.removeLayer(layer);
        layer.data = null;
        L.DomUtil.remove(pane);
        if (map._panes[paneName] === pane) delete map._panes[paneName];
        if (map._paneRenderers) delete map._paneRenderers[paneName];
      }
    };
    return handle;
  }

  return {create: create};
})();
