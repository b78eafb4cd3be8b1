"""Benchmarks: `python -m bench` (see docs/bench.md)."""
