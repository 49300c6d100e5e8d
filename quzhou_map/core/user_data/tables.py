"""CSV and XLSX: tables whose points are in a longitude and a latitude column, found by name or chosen by the user.

CSV text is tried as UTF-8, then GB18030 (a superset of GBK, the usual non-UTF-8 encoding here), then Latin-1
(which decodes anything); a warning says when it was not UTF-8. XLSX goes through GDAL with the first row taken
as the header.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from quzhou_map.core.user_data.errors import Cancelled, UserDataError, problem_line

if TYPE_CHECKING:
    import pandas as pd
    from geopandas import GeoDataFrame

X_NAMES = ("lon", "lng", "long", "longitude", "x", "经度")
Y_NAMES = ("lat", "latitude", "y", "纬度")
CSV_ENCODINGS = ("utf-8-sig", "gb18030", "latin-1")
_SAMPLE_BYTES = 1 << 16
_CSV_CHUNK_ROWS = 250_000


class TableInfo(NamedTuple):
    """A table's header: its columns, the coordinate columns found in them and how to parse the rest."""

    columns: tuple[str, ...]
    x_column: str | None
    y_column: str | None
    encoding: str | None = None  # CSV only
    delimiter: str = ","


def detect_columns(columns: tuple[str, ...]) -> tuple[str | None, str | None]:
    """The longitude and latitude columns by their usual names (case-insensitive), None when none matches."""
    lowered = {str(c).strip().lower(): str(c) for c in reversed(columns)}
    x = next((lowered[n] for n in X_NAMES if n in lowered), None)
    y = next((lowered[n] for n in Y_NAMES if n in lowered), None)
    return x, y


def _sample_encoding(sample: bytes, truncated: bool) -> str:
    for encoding in CSV_ENCODINGS:
        try:
            codecs.getincrementaldecoder(encoding)("strict").decode(sample, final=not truncated)
            return encoding
        except UnicodeDecodeError:
            continue
    return "latin-1"


def inspect_csv(path: Path, encoding: str | None = None) -> TableInfo:
    """The header and delimiter from the file's first 64 KB."""
    with open(path, "rb") as handle:
        sample = handle.read(_SAMPLE_BYTES)
        truncated = bool(handle.read(1))
    if b"\x00" in sample:
        raise UserDataError(path, "is not a text file (it holds NUL bytes), so not a CSV")
    encoding = encoding or _sample_encoding(sample, truncated)
    try:
        text = sample.decode(encoding, errors="replace")
    except LookupError:
        raise UserDataError(path, f"unknown text encoding {encoding!r}") from None
    first_lines = "\n".join(text.splitlines()[:20])
    try:
        delimiter = csv.Sniffer().sniff(first_lines, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    header = next(csv.reader(io.StringIO(first_lines), delimiter=delimiter), [])
    columns = tuple(c.strip().lstrip("\ufeff") for c in header)
    if not any(columns):
        raise UserDataError(path, "has no header row naming its columns")
    return TableInfo(columns, *detect_columns(columns), encoding=encoding, delimiter=delimiter)


def read_csv(path: Path, info: TableInfo, sink: list[str], progress: Callable[[float], None] | None,
             cancelled: Callable[[], bool] | None, encoding_given: bool) -> pd.DataFrame:
    """The whole table, in chunks so progress is told and cancel is heard; retried in the next encoding if the
    sample's guess fails further down."""
    import pandas as pd

    encodings = [info.encoding] if encoding_given else list(CSV_ENCODINGS[CSV_ENCODINGS.index(info.encoding):])
    size = max(path.stat().st_size, 1)
    for encoding in encodings:
        chunks = []
        try:
            with open(path, "rb") as handle:
                reader = pd.read_csv(handle, encoding=encoding, sep=info.delimiter, chunksize=_CSV_CHUNK_ROWS,
                                     on_bad_lines="warn", low_memory=False, skipinitialspace=True)
                for chunk in reader:
                    chunks.append(chunk)
                    if progress is not None:
                        progress(min(handle.tell() / size, 1.0) * 0.8)
                    if cancelled is not None and cancelled():
                        raise Cancelled()
        except UnicodeDecodeError:
            if encoding == encodings[-1]:
                raise UserDataError(path, f"is not valid {encoding} text") from None
            continue
        except pd.errors.EmptyDataError:
            raise UserDataError(path, "has no rows") from None
        except pd.errors.ParserError as error:
            raise UserDataError(path, f"is not a readable CSV file: {error}") from None
        if encoding != "utf-8-sig":
            sink.append(problem_line(path, f"text is not UTF-8; read as {encoding.upper()}"))
        frame = pd.concat(chunks, ignore_index=True) if chunks else pd.DataFrame()
        frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
        return frame
    raise UserDataError(path, "is not readable text")  # pragma: no cover - latin-1 decodes anything


def inspect_xlsx(path: Path) -> tuple[tuple[str, ...], dict[str, TableInfo], dict[str, int]]:
    """The sheets that hold rows, each sheet's header, and its row count."""
    import pyogrio

    sheets: list[str] = []
    infos: dict[str, TableInfo] = {}
    counts: dict[str, int] = {}
    for name, _ in pyogrio.list_layers(path):
        meta = pyogrio.read_info(path, layer=name, HEADERS="FORCE")
        if meta["features"] == 0 or len(meta["fields"]) == 0:
            continue
        columns = tuple(str(f) for f in meta["fields"])
        sheets.append(str(name))
        infos[str(name)] = TableInfo(columns, *detect_columns(columns))
        counts[str(name)] = int(meta["features"])
    if not sheets:
        raise UserDataError(path, "has no sheet with rows")
    return tuple(sheets), infos, counts


def read_xlsx(path: Path, sheet: str) -> pd.DataFrame:
    """One sheet as a plain table (XLSX files are small enough to read whole: see the size limits)."""
    import pyogrio

    return pyogrio.read_dataframe(path, layer=sheet, read_geometry=False, HEADERS="FORCE")


def table_points(path: Path, frame: pd.DataFrame, x: str, y: str, sink: list[str]) -> GeoDataFrame:
    """Points from the two columns; rows whose cells are empty or not numbers are left out with a warning."""
    import geopandas as gpd
    import pandas as pd

    missing = [c for c in (x, y) if c not in frame.columns]
    if missing:
        raise UserDataError(path, f"has no column {missing[0]!r} (its columns: {', '.join(map(str, frame.columns))})")
    if x == y:
        raise UserDataError(path, f"the same column {x!r} was chosen for longitude and latitude")
    xs = pd.to_numeric(_as_text_numbers(frame[x]), errors="coerce")
    ys = pd.to_numeric(_as_text_numbers(frame[y]), errors="coerce")
    empty = frame[x].isna() | frame[y].isna()
    unparsed = (xs.isna() | ys.isna()) & ~empty
    if empty.any():
        sink.append(problem_line(path, f"{int(empty.sum())} of {len(frame)} rows left out: no {x}/{y} value"))
    if unparsed.any():
        row = int(unparsed.to_numpy().nonzero()[0][0])
        sink.append(problem_line(path, f"{int(unparsed.sum())} of {len(frame)} rows left out: {x}/{y} is not a "
                                       f"number (first: row {row + 2}: {frame[x].iloc[row]}, "
                                       f"{frame[y].iloc[row]})"))
    keep = ~(empty | unparsed)
    attributes = frame.loc[keep].drop(columns=[x, y])
    if "geometry" in attributes.columns:
        attributes = attributes.rename(columns={"geometry": "geometry_text"})
    return gpd.GeoDataFrame(attributes, geometry=gpd.points_from_xy(xs[keep], ys[keep]))


def _as_text_numbers(column: pd.Series) -> pd.Series:
    """Numbers as they are; text cells stripped (" 118.9 " is a number) — object columns only, to stay fast."""
    if column.dtype == object:
        return column.map(lambda v: v.strip() if isinstance(v, str) else v)
    return column
