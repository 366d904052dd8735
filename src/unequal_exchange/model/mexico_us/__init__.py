"""The calibrated Mexico–United States application: parameter registry, static
accounts, dynamics, their kernels and numpy twins. Built on :mod:`..engine`; reads no files."""
