"""Local and distributed execution over partitions of firms."""
