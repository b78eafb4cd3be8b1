"""Normalisation, record linkage to KvK numbers, and A/B labels with evidence."""
