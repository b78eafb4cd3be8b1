"""ketenradar: map manufacturing SMEs against the defence supply chain."""

__version__ = "0.1.0"
