"""Taxonomy-driven indicators with evidence, and the firm profile."""
