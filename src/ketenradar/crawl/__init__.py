"""Polite website crawling with an address policy and resume."""
