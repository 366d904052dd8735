"""The generic Marxian value–price engine: value tables, input–output economies,
solve, decompose; numba kernels beside their numpy twins. Imports nothing above it."""
