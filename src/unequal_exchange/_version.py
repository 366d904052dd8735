"""The package version, from the installed distribution's metadata (one source: pyproject)."""

from importlib.metadata import version

__version__ = version("unequal-exchange")
