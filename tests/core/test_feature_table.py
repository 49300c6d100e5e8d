"""The attribute table's rows: sorted and filtered in numpy/pandas, cells formatted for display."""

from __future__ import annotations

import math
import time

import geopandas
import numpy as np
import pytest
import shapely

from quzhou_map.core.feature_table import FeatureTable, format_value, total_bounds


@pytest.fixture
def frame() -> geopandas.GeoDataFrame:
    return geopandas.GeoDataFrame({
        "name": ["Yudong", "lithium park", None, "Kecheng <b>x</b>", "yuDONG farm"],
        "area": [2.5, float("nan"), 10.0, 0.125, 1e-7],
        "count": np.array([3, 1, 2, 5, 4], dtype=np.int64),
        "county": ["柯城区", "衢江区", "柯城区", "龙游县", "江山市"],
    }, geometry=shapely.points([118.1, 118.2, 118.3, 118.4, 118.5], [28.1, 28.2, 28.3, 28.4, 28.5]), crs=4326)


def test_starts_in_file_order_without_the_geometry(frame):
    table = FeatureTable(frame)
    assert table.columns == ["name", "area", "count", "county"]
    assert table.rows.tolist() == [0, 1, 2, 3, 4] and table.total == 5 and not table.filtered
    assert table.is_numeric(1) and table.is_numeric(2) and not table.is_numeric(0)


def test_sort_numbers_and_text_missing_last_both_ways(frame):
    table = FeatureTable(frame)
    table.sort(2)
    assert table.rows.tolist() == [1, 2, 0, 4, 3]
    table.sort(2, descending=True)
    assert table.rows.tolist() == [3, 4, 0, 2, 1]
    table.sort(1)
    assert table.rows.tolist() == [4, 3, 0, 2, 1]  # NaN last
    table.sort(1, descending=True)
    assert table.rows.tolist() == [2, 0, 3, 4, 1]  # NaN still last
    table.sort(0)
    assert table.rows.tolist()[-1] == 2  # None last
    table.sort(-1)
    assert table.rows.tolist() == [0, 1, 2, 3, 4]


def test_filter_is_case_insensitive_over_text_columns_and_keeps_the_sort(frame):
    table = FeatureTable(frame)
    table.sort(2, descending=True)
    table.filter("YUDONG")
    assert table.rows.tolist() == [4, 0] and table.filtered
    table.filter("柯城")
    assert sorted(table.rows.tolist()) == [0, 2]
    table.filter("<b>")
    assert table.rows.tolist() == [3]
    table.filter("2.5")  # numbers are not text columns
    assert table.rows.tolist() == []
    table.filter("  ")
    assert table.rows.tolist() == [3, 4, 0, 2, 1] and not table.filtered
    table.filter("park")
    table.sort(-1)
    assert table.rows.tolist() == [1]


def test_cells_are_formatted_and_rows_found(frame):
    table = FeatureTable(frame)
    assert [table.cell(1, c) for c in range(4)] == ["lithium park", "", "1", "衢江区"]
    assert table.cell(2, 0) == "" and table.cell(0, 1) == "2.5" and table.cell(2, 1) == "10"
    assert table.cell(4, 1) == "1e-07" and table.cell(3, 0) == "Kecheng <b>x</b>"
    table.sort(2)
    assert table.view_row(0) == 2 and table.frame_row(0) == 1
    table.filter("park")
    assert table.view_row(0) == -1


def test_format_value():
    assert format_value(None) == "" and format_value(float("nan")) == "" and format_value(np.float32("nan")) == ""
    assert format_value(np.int32(7)) == "7" and format_value(3.0) == "3" and format_value(1 / 3) == "0.333333"
    assert format_value(123456.789) == "123456.789" and format_value(True) == "true"
    assert format_value(1e20) == "1e+20" and format_value(math.inf) == "∞"


def test_bounds_of_rows(frame):
    from quzhou_map.core.user_layers import GeometryColumn

    geometry = GeometryColumn.of(frame.geometry.values)  # a user layer's rows give their bounds from here
    assert geometry.bounds(np.array([0, 3])) == pytest.approx((118.1, 28.1, 118.4, 28.4))
    assert geometry.bounds(np.array([], dtype=int)) is None
    plain = frame.drop(columns="geometry").assign(lon=[1.0, 2, 3, 4, 5], lat=[6.0, 7, 8, 9, 10])
    import pandas as pd

    assert total_bounds(pd.DataFrame(plain), np.array([1, 2])) == (2.0, 7.0, 3.0, 8.0)


def test_timing_100k_rows_printed(capsys):
    n = 100_000
    rng = np.random.default_rng(1)
    words = np.array(["衢州", "Yudong", "lithium", "village", "park", "江山", "Longyou", None], dtype=object)
    big = geopandas.GeoDataFrame({
        "name": words[rng.integers(0, len(words), n)],
        "note": [f"row {i} note" for i in range(n)],
        "value": rng.normal(size=n),
        "count": rng.integers(0, 1000, n),
    }, geometry=shapely.points(rng.uniform(118, 119, n), rng.uniform(28, 29, n)), crs=4326)
    big.loc[::7, "value"] = np.nan
    started = time.perf_counter()
    table = FeatureTable(big)
    made = time.perf_counter()
    table.sort(2, descending=True)
    sorted_ = time.perf_counter()
    table.sort(0)
    text_sorted = time.perf_counter()
    table.filter("VILLAGE")
    filtered = time.perf_counter()
    table.filter("vill")
    refiltered = time.perf_counter()
    assert len(table.rows) == int(big["name"].str.contains("village", case=False, na=False).sum())
    with capsys.disabled():
        print(f"\n100k rows: table {1000 * (made - started):.1f} ms, sort number {1000 * (sorted_ - made):.1f} ms, "
              f"sort text {1000 * (text_sorted - sorted_):.1f} ms, "
              f"first filter {1000 * (filtered - text_sorted):.1f} ms, "
              f"next filter {1000 * (refiltered - filtered):.1f} ms")
