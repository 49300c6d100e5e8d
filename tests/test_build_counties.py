"""geodata/counties.geojson is exactly what scripts/build_counties.py makes from the pinned packages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_the_county_layer_is_rebuilt_byte_for_byte(tmp_path: Path) -> None:
    rebuilt = tmp_path / "counties.geojson"
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "build_counties.py"), str(rebuilt)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert rebuilt.read_bytes() == (REPO / "geodata" / "counties.geojson").read_bytes()
