"""``inspect`` (what to ask the user) and ``read_layer`` (the features, cleaned, in WGS-84) for every format.

GDAL formats are read through pyogrio's Arrow stream in batches, so progress is told and cancel is heard between
batches, and 1M points stay within about two seconds; CSV through pandas in chunks; GeoParquet through geopandas.
Every failure becomes a :class:`UserDataError` naming the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from quzhou_map.core.user_data import geometry, sources, tables
from quzhou_map.core.user_data.errors import Cancelled, UserDataError, problem_line
from quzhou_map.core.user_data.model import Inspection, LoadedData, OpenRequest

if TYPE_CHECKING:
    from geopandas import GeoDataFrame

T = TypeVar("T")
Progress = Callable[[float], None] | None
Cancel = Callable[[], bool] | None
_BATCH = 25_000  # each batch holds the GIL while it is parsed: small batches keep the window responsive


def _guarded(path: Path, fmt: str | None, work: Callable[[], T]) -> T:
    """Run ``work``; anything but our own two exceptions becomes a one-line UserDataError naming the file."""
    try:
        return work()
    except (UserDataError, Cancelled):
        raise
    except MemoryError:
        raise UserDataError(path, "is too big for the memory available") from None
    except Exception as error:  # noqa: BLE001 - the app must get a message, never a traceback
        raise UserDataError(path, _describe(error, path, fmt)) from None


def _describe(error: Exception, path: Path, fmt: str | None) -> str:
    text = str(error).replace(str(path), "").replace("''", "").strip(" :;'")
    if "not recognized as being in a supported file format" in text or "not recognized as a supported" in text:
        return f"is not a valid {fmt or 'geodata'} file (GDAL does not recognise its content)"
    text = re.sub(r";? ?It might help to specify the correct driver.*", "", text)
    return f"could not be read as {fmt or 'geodata'}: {text or type(error).__name__}"


def inspect(path: Path) -> Inspection:
    """What the app must ask before reading: layer, coordinate columns, CRS, encoding. Reads no features."""
    path = Path(path)
    source = sources.locate(path)
    sink: list[str] = []
    with sources.captured_warnings(path, sink):
        return _guarded(path, source.format, lambda: _inspect(source))


def _inspect(source: sources.Source) -> Inspection:
    path, fmt = source.path, source.format
    if fmt == "CSV":
        info = tables.inspect_csv(path)
        return Inspection(path, fmt, (path.stem,), info.columns, info.x_column, info.y_column, None, False, None)
    sources.configure_gdal()
    if fmt == "XLSX":
        sheets, infos, counts = tables.inspect_xlsx(path)
        first = infos[sheets[0]]
        return Inspection(path, fmt, sheets, first.columns, first.x_column, first.y_column, None, False,
                          counts[sheets[0]] if len(sheets) == 1 else None)
    if fmt == "GeoParquet":
        crs, rows = _parquet_meta(path)
        return Inspection(path, fmt, (path.stem,), (), None, None, crs, False, rows)
    if fmt == "Shapefile":
        layers = tuple(source.shapefiles)
        meta = _info(source.shapefiles[layers[0]], None)
        needs = _shapefile_encoding(source, layers[0]) is None
        return Inspection(path, fmt, layers, (), None, None, meta["crs"], needs,
                          meta["features"] if len(layers) == 1 and meta["features"] >= 0 else None)
    layers, metas = _gdal_layers(path, fmt)
    first = metas[0]
    return Inspection(path, _gdal_format(path, first), layers, (), None, None, first["crs"], False,
                      first["features"] if len(layers) == 1 and first["features"] >= 0 else None)


def _info(gdal_path: str, layer: str | None) -> dict:
    import pyogrio

    return pyogrio.read_info(gdal_path, layer=layer)


def _gdal_format(path: Path, meta: dict) -> str:
    driver = meta.get("driver")
    if driver not in sources.DRIVER_FORMATS:
        raise UserDataError(path, f"is a {driver} file, a format this app does not read")
    return sources.DRIVER_FORMATS[driver]


def _gdal_layers(path: Path, fmt: str) -> tuple[tuple[str, ...], list[dict]]:
    """The layers that hold features with a geometry (GPX's and KML's empty ones are left out)."""
    import pyogrio

    names, metas = [], []
    for name, geometry_type in pyogrio.list_layers(path):
        if geometry_type is None and fmt == "GeoPackage":
            continue  # an attribute table, nothing to draw
        meta = pyogrio.read_info(path, layer=name, force_feature_count=fmt in ("GPX", "KML"))
        _gdal_format(path, meta)
        if meta["features"] != 0:
            names.append(str(name))
            metas.append(meta)
    if not names:
        raise UserDataError(path, "has no features (no layer holds any)")
    return tuple(names), metas


def _parquet_meta(path: Path) -> tuple[str | None, int]:
    """The declared CRS (GeoParquet: missing means OGC:CRS84, null means none) and the row count."""
    import pyarrow.parquet as pq
    from pyproj import CRS

    meta = pq.read_metadata(path)
    raw = (meta.metadata or {}).get(b"geo")
    if raw is None:
        raise UserDataError(path, "is a Parquet file without GeoParquet metadata (no geometry column declared)")
    geo = json.loads(raw)
    column = geo["columns"][geo["primary_column"]]
    if "crs" not in column:
        return "OGC:CRS84", meta.num_rows
    if column["crs"] is None:
        return None, meta.num_rows
    return geometry.crs_label(CRS.from_user_input(column["crs"])), meta.num_rows


def _shapefile_encoding(source: sources.Source, layer: str) -> str | None:
    """How to read a Shapefile's text: "" when a .cpg names it (GDAL follows it), "UTF-8" when there is none and
    the text decodes as UTF-8 (or is plain ASCII), None when it does not: then the user must say (needs_encoding)."""
    import pyogrio

    gdal_path = source.shapefiles[layer]
    if gdal_path.startswith("/vsizip/"):
        cpg = gdal_path.split(f"{source.path.resolve()}/", 1)[1][:-4].lower() + ".cpg"
        with_cpg = any(name.lower() == cpg for name in _zip_names(source.path))
    else:
        with_cpg = sources.has_cpg(Path(gdal_path))
    if with_cpg:
        return ""
    meta = pyogrio.read_info(gdal_path)
    text_fields = [str(f) for f, t in zip(meta["fields"], meta["dtypes"], strict=True) if t == "object"]
    if not text_fields:
        return "UTF-8"
    sample = pyogrio.read_dataframe(gdal_path, encoding="ISO-8859-1", read_geometry=False, columns=text_fields,
                                    max_features=2000)
    try:
        for column in text_fields:
            for value in sample[column].dropna():
                str(value).encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None
    return "UTF-8"


def _zip_names(path: Path) -> list[str]:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def _choose_layer(path: Path, layers: tuple[str, ...], wanted: str | None) -> str:
    if wanted is not None:
        if wanted not in layers:
            raise UserDataError(path, f"has no layer {wanted!r} (its layers: {', '.join(layers)})")
        return wanted
    if len(layers) > 1:
        raise UserDataError(path, f"holds {len(layers)} layers ({', '.join(layers)}): choose one")
    return layers[0]


def read_layer(request: OpenRequest, progress: Progress = None, cancelled: Cancel = None) -> LoadedData:
    """The chosen layer, cleaned (see :mod:`.geometry`) and in WGS-84; raises UserDataError or Cancelled."""
    path = Path(request.path)
    source = sources.locate(path)
    sink: list[str] = list(source.notes)
    with sources.captured_warnings(path, sink):
        return _guarded(path, source.format, lambda: _read(source, request, sink, progress, cancelled))


def _read(source: sources.Source, request: OpenRequest, sink: list[str], progress: Progress,
          cancelled: Cancel) -> LoadedData:
    path, fmt = source.path, source.format
    layer: str | None = None
    hint = ""
    if fmt in ("CSV", "XLSX"):
        gdf, layer, fmt = _read_table(source, request, sink, progress, cancelled)
        hint = "; choose the longitude and latitude columns"
    elif fmt == "GeoParquet":
        gdf = _read_parquet(path, progress, cancelled)
    else:
        sources.configure_gdal()
        encoding: str | None = None
        if fmt == "Shapefile":
            layer = _choose_layer(path, tuple(source.shapefiles), request.layer)
            if not source.shapefiles[layer].startswith("/vsizip/"):
                sources.check_shapefile(Path(source.shapefiles[layer]), path)
            encoding = request.encoding or _shapefile_encoding(source, layer)
            if encoding is None:
                encoding = "GB18030"
                sink.append(problem_line(path, "text fields are not UTF-8 and no .cpg names their encoding; read "
                                               "as GB18030 (GBK) — choose the encoding if they look wrong"))
            gdal_path, gdal_layer = source.shapefiles[layer], None
        else:
            gdal_path, gdal_layer = str(path), _gdal_layer(source, request.layer)
            layer = gdal_layer or path.stem
        # counting features costs a whole parse in GeoJSON, KML and GPX: progress from the count only where it is free
        total = _info(gdal_path, gdal_layer)["features"] if fmt in ("GeoPackage", "FlatGeobuf", "Shapefile") else -1
        gdf = _read_gdal(path, gdal_path, gdal_layer, encoding or None, total, progress, cancelled)
    if cancelled is not None and cancelled():
        raise Cancelled()
    crs_read = crs_assumed = None
    if gdf.crs is not None:
        source_crs = gdf.crs
        crs_read = geometry.crs_label(gdf.crs)
    else:
        wanted = request.assumed_crs or "EPSG:4326"
        source_crs = geometry.resolve_crs(path, wanted)
        crs_assumed = geometry.crs_label(source_crs)
    gdf, kind = geometry.to_map_geometry(path, gdf, source_crs, sink, cancelled, hint)
    if progress is not None:
        progress(1.0)
    west, south, east, north = (float(v) for v in gdf.total_bounds)
    return LoadedData(gdf, kind, fmt, layer, crs_read, crs_assumed, tuple(sink), (west, south, east, north))


def _gdal_layer(source: sources.Source, wanted: str | None) -> str | None:
    """The layer to read; None for GeoJSON (one layer, and every look at it is a whole parse)."""
    import pyogrio

    if source.format == "GeoJSON" and wanted is None:
        return None
    names = tuple(str(name) for name, _ in pyogrio.list_layers(source.path))
    if wanted is None and len(names) > 1:
        names, _ = _gdal_layers(source.path, source.format)  # only the non-empty ones count
    return _choose_layer(source.path, names, wanted)


def _read_table(source: sources.Source, request: OpenRequest, sink: list[str], progress: Progress,
                cancelled: Cancel) -> tuple[GeoDataFrame, str | None, str]:
    path = source.path
    if source.format == "CSV":
        info = tables.inspect_csv(path, request.encoding)
        frame = tables.read_csv(path, info, sink, progress, cancelled, request.encoding is not None)
        layer = None
    else:
        sources.configure_gdal()
        sheets, infos, _ = tables.inspect_xlsx(path)
        layer = _choose_layer(path, sheets, request.layer)
        info = infos[layer]
        frame = tables.read_xlsx(path, layer)
    x = request.x_column or info.x_column
    y = request.y_column or info.y_column
    if x is None or y is None:
        raise UserDataError(path, f"has no longitude/latitude columns by their usual names (its columns: "
                                  f"{', '.join(info.columns)}): choose them")
    return tables.table_points(path, frame, x, y, sink), layer, source.format


def _read_parquet(path: Path, progress: Progress, cancelled: Cancel) -> GeoDataFrame:
    import geopandas as gpd

    _parquet_meta(path)  # a plain Parquet file gets a clear message
    if progress is not None:
        progress(0.0)
    gdf = gpd.read_parquet(path)
    if cancelled is not None and cancelled():
        raise Cancelled()
    for column in gdf.columns:
        if column != gdf.geometry.name and isinstance(gdf[column].dtype, gpd.array.GeometryDtype):
            gdf[column] = gdf[column].to_wkt()
    if gdf.geometry.name != "geometry":
        if "geometry" in gdf.columns:
            gdf = gdf.rename(columns={"geometry": "geometry_text"})
        gdf = gdf.rename_geometry("geometry")
    if progress is not None:
        progress(0.8)
    return gdf


def _read_gdal(path: Path, gdal_path: str, layer: str | None, encoding: str | None, total: int, progress: Progress,
               cancelled: Cancel) -> GeoDataFrame:
    """Arrow batches of ``_BATCH`` features: geometry parsed per batch, attributes kept as Arrow until the end."""
    import geopandas as gpd
    import pyarrow as pa
    import shapely
    from pyogrio.raw import open_arrow

    geoms, batches = [], []
    done = 0
    with open_arrow(gdal_path, layer=layer, encoding=encoding, batch_size=_BATCH,
                    use_pyarrow=True) as (meta, reader):
        geometry_name = meta["geometry_name"] or "wkb_geometry"
        schema = reader.schema
        declared = str(meta.get("geometry_type") or "Unknown")
        flat = None if declared.startswith("Unknown") else not declared.endswith(("Z", "M", "ZM"))
        if geometry_name not in schema.names:
            raise UserDataError(path, f"layer {layer or gdal_path!r} has no geometry")
        for batch in reader:
            parsed = shapely.from_wkb(batch.column(geometry_name).to_numpy(zero_copy_only=False), on_invalid="ignore")
            if flat is False or (flat is None and shapely.has_z(parsed).any()):
                parsed = shapely.force_2d(parsed)  # costly: only when there are Z values to drop
            geoms.append(parsed)
            batches.append(batch.drop_columns([geometry_name]))
            done += batch.num_rows
            if progress is not None and total > 0:
                progress(min(done / total, 1.0) * 0.8)
            if cancelled is not None and cancelled():
                raise Cancelled()
        attribute_schema = schema.remove(schema.get_field_index(geometry_name))
        frame = pa.Table.from_batches(batches, schema=attribute_schema).to_pandas()
    if "geometry" in frame.columns:
        frame = frame.rename(columns={"geometry": "geometry_text"})
    values = np.concatenate(geoms) if geoms else np.array([], dtype=object)
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(values, index=frame.index), crs=meta["crs"])
