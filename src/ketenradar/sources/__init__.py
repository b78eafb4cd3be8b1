"""Loaders for the real source formats and their row-level validation."""
