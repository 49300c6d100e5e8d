"""``python -m quzhou_map`` and the ``quzhou-map`` command."""

from __future__ import annotations

import sys

from quzhou_map.cli import main

if __name__ == "__main__":
    sys.exit(main())
