"""Run quzhou-map from a source checkout: ``python main.py``."""

import sys

from quzhou_map.cli import main

if __name__ == "__main__":
    sys.exit(main())
