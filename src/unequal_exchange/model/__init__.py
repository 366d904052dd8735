"""The economics: value tables, input–output prices, transfers and their decomposition."""
