"""Figures from Datasets (never computes economics); pyplot is imported lazily."""
