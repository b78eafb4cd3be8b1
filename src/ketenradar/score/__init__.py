"""Reference sets, similarity and PU classifier, calibration, categories A-D with reasons."""
