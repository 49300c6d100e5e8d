"""Write two clearly synthetic user layers for the README's screenshots and for trying the app.

They are not data about Quzhou: a 10 km analysis grid clipped to the counties (a GeoPackage) and
random sample points inside them (a CSV with 经度/纬度 columns, as a spreadsheet from an office
would have). Their names say so. Deterministic: the same files every run.

    .venv/bin/python scripts/make_sample_layers.py OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

REPO = Path(__file__).resolve().parent.parent
GRID_KM = 10


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    counties = gpd.read_file(REPO / "geodata" / "counties.geojson")
    area = shapely.union_all(counties.geometry.values)
    metric = gpd.GeoSeries([area], crs=4326).to_crs(32650)
    west, south, east, north = metric.total_bounds
    step = GRID_KM * 1000
    cells = [shapely.box(x, y, x + step, y + step)
             for x in np.arange(west, east, step) for y in np.arange(south, north, step)]
    grid = gpd.GeoDataFrame({"cell": [f"G{n:03d}" for n in range(len(cells))]}, geometry=cells, crs=32650)
    grid = grid[grid.intersects(metric.iloc[0])].copy()
    grid["geometry"] = grid.intersection(metric.iloc[0])
    grid["note"] = "synthetic 10 km grid / 示例网格"
    grid.reset_index(drop=True).to_file(out / "sample-grid-示例网格.gpkg", layer="grid", driver="GPKG")

    rng = np.random.default_rng(2022)
    x0, y0, x1, y1 = area.bounds
    lon, lat = rng.uniform(x0, x1, 4000), rng.uniform(y0, y1, 4000)
    inside = shapely.contains_xy(area, lon, lat)
    points = pd.DataFrame({"编号": [f"P{n:03d}" for n in range(int(inside.sum()))][:300],
                           "经度": np.round(lon[inside][:300], 5), "纬度": np.round(lat[inside][:300], 5)})
    points["说明"] = "随机示例点 random sample point"
    points.to_csv(out / "sample-points-示例点.csv", index=False, encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "sample-layers")
