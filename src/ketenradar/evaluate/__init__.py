"""Metrics per stage, against labels and the demo ground truth."""
