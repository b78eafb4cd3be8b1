"""Analyst review: stratified samples with known inclusion probabilities, verdicts, measured precision.

The review has its own small writable store (SQLite in WAL mode, next to the DuckDB file), so that
verdicts can be written from the dashboard while `serve` holds the analytic store read-only and while
the pipeline runs. The pipeline reads verdicts from it (docs/review.md).
"""

from ketenradar.review.store import ReviewStore, review_store_path

__all__ = ["ReviewStore", "review_store_path"]
