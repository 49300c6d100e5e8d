"""quzhou-map: an offline desktop map of the places in Zhejiang Daily's 2022 report on Quzhou."""

__version__ = "0.1.0"
