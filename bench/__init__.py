"""ketenradar benchmarks: `python -m bench` (see docs/bench.md)."""
