"""A layer's attribute table as the view sees it: which frame rows are shown, in which order, as text.

Sorting and filtering a million rows must not call Python once per row or per comparison (as a
QSortFilterProxyModel would), so both are done here with numpy/pandas and produce one permutation,
``rows``; the Qt model only reads the one cell it is asked for. Imported only once a user layer or
the attribute table exists: numpy and pandas stay off the start path.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np
import pandas as pd


def format_value(value: Any) -> str:
    """A cell's value as text: missing values empty, floats without noise digits, the rest as str()."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return ""
        if math.isinf(number):
            return "∞" if number > 0 else "−∞"
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        if 1e-4 <= abs(number) < 1e15:  # at most 6 decimals, no trailing zeros
            return f"{number:.6f}".rstrip("0").rstrip(".")
        return f"{number:.6g}"
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def is_text_column(series: pd.Series) -> bool:
    """Strings (object or str dtype): the columns a text filter or a search looks in."""
    return pd.api.types.is_string_dtype(series.dtype) or pd.api.types.is_object_dtype(series.dtype)


def attribute_columns(frame: pd.DataFrame) -> list[str]:
    """Every column but the geometry, in the frame's order."""
    geometry = getattr(frame, "_geometry_column_name", None)
    return [str(c) for c in frame.columns if c != geometry]


def lowered_text(series: pd.Series) -> pd.Series:
    """A text column lower-cased once (missing → ""), so each later search is one vectorised pass."""
    return series.astype(object).where(series.notna(), "").astype(str).str.lower()


def total_bounds(frame: pd.DataFrame, rows: np.ndarray) -> tuple[float, float, float, float] | None:
    """West, south, east, north of ``rows`` of a table with lon/lat columns (the article's sites; a user
    layer's geometry is kept apart and gives its own: user_layers.GeometryColumn.bounds)."""
    rows = np.asarray(rows, dtype=np.int64)
    if rows.size == 0:
        return None
    if "lon" in frame.columns and "lat" in frame.columns:
        lons = frame["lon"].to_numpy(dtype=float)[rows]
        lats = frame["lat"].to_numpy(dtype=float)[rows]
        bounds = np.array([np.nanmin(lons), np.nanmin(lats), np.nanmax(lons), np.nanmax(lats)])
    else:
        return None
    return None if np.isnan(bounds).any() else tuple(float(v) for v in bounds)


class FeatureTable:
    """The shown rows of ``frame`` (RangeIndex 0..n-1): sorted by one column, filtered by one text."""

    def __init__(self, frame: pd.DataFrame, bounds_of: Any = None) -> None:
        """``bounds_of(rows)``: the rows' extent, for a frame whose geometry is kept apart (a user layer's)."""
        self.frame = frame
        self._bounds_of = bounds_of
        self.columns = attribute_columns(frame)
        self._arrays = [frame[c].to_numpy() for c in self.columns]  # what cell() reads
        self._numeric = [pd.api.types.is_numeric_dtype(frame[c].dtype) and not pd.api.types.is_bool_dtype(
            frame[c].dtype) for c in self.columns]
        self._text = [i for i, c in enumerate(self.columns) if is_text_column(frame[c])]
        self._lowered: dict[int, pd.Series] = {}  # column -> lower-cased text, made on the first filter
        self._order = np.arange(len(frame), dtype=np.int64)
        self._mask: np.ndarray | None = None
        self.filter_text = ""
        self.sort_column = -1
        self.descending = False
        self.rows = self._order

    @property
    def total(self) -> int:
        return len(self.frame)

    def is_numeric(self, column: int) -> bool:
        return self._numeric[column]

    def sort(self, column: int, descending: bool = False) -> None:
        """Order by ``column`` (missing values last either way; ties in file order); -1: file order."""
        if not 0 <= column < len(self.columns):
            column, descending = -1, False
        if (column, bool(descending)) == (self.sort_column, self.descending):
            return  # Qt's header asks twice for one click
        self.sort_column, self.descending = column, bool(descending)
        if not 0 <= column < len(self.columns):
            self.sort_column = -1
            self._order = np.arange(len(self.frame), dtype=np.int64)
        else:
            series = self.frame[self.columns[column]].reset_index(drop=True)  # labels = positions
            values = series.to_numpy() if isinstance(series.dtype, np.dtype) else None
            if values is not None and values.dtype.kind in "iuf" and len(values):
                # Plain numbers: numpy's stable argsort, NaN last; descending sorts the negated key.
                key = values if not descending else (-values if values.dtype.kind != "u" else values.max() - values)
                self._order = np.argsort(key, kind="stable").astype(np.int64, copy=False)
                self._apply()
                return
            try:
                ordered = series.sort_values(ascending=not descending, na_position="last", kind="stable")
            except TypeError:  # mixed types in an object column: compare them as text
                ordered = series.map(format_value).sort_values(ascending=not descending, kind="stable")
            self._order = np.asarray(ordered.index, dtype=np.int64)
        self._apply()

    def filter(self, text: str) -> None:
        """Keep rows where any text column contains ``text`` (case-insensitive); "" keeps all."""
        self.filter_text = text.strip()
        needle = self.filter_text.lower()
        if not needle:
            self._mask = None
        else:
            mask = np.zeros(len(self.frame), dtype=bool)
            for column in self._text:
                if column not in self._lowered:
                    self._lowered[column] = lowered_text(self.frame[self.columns[column]])
                mask |= self._lowered[column].str.contains(needle, regex=False).to_numpy(dtype=bool)
            self._mask = mask
        self._apply()

    def _apply(self) -> None:
        self.rows = self._order if self._mask is None else self._order[self._mask[self._order]]

    @property
    def filtered(self) -> bool:
        return self._mask is not None

    def value(self, view_row: int, column: int) -> Any:
        return self._arrays[column][self.rows[view_row]]

    def cell(self, view_row: int, column: int) -> str:
        """The text shown at (``view_row``, ``column``)."""
        return format_value(self._arrays[column][self.rows[view_row]])

    def frame_row(self, view_row: int) -> int:
        return int(self.rows[view_row])

    def view_row(self, frame_row: int) -> int:
        """Where frame row ``frame_row`` is shown, or -1 when filtered out."""
        found = np.flatnonzero(self.rows == frame_row)
        return int(found[0]) if found.size else -1

    def bounds(self, frame_rows: Any) -> tuple[float, float, float, float] | None:
        rows = np.asarray(frame_rows, dtype=np.int64)
        return self._bounds_of(rows) if self._bounds_of is not None else total_bounds(self.frame, rows)
