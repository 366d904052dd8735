"""Kernel memory layouts derived from names: no slot number is typed by hand.

Numba kernels exchange flat float64 arrays (a parameter row, a result row, per-thread scratch).
Every position in them is computed here, once at import, from a tuple of names:

- :func:`index` maps names to positions (``P = index(PARAM_NAMES)``; ``p[P.mx_gdp]``);
- :class:`Layout` lays named blocks (scalars or small matrices) end to end and gives each its
  start and stop (``scr[SCR.start.w:SCR.stop.w]``) and shape.

Both return :func:`collections.namedtuple` instances of plain ints: numba freezes a global
namedtuple as a compile-time constant, so ``p[P.mx_gdp]`` compiles to the same code as ``p[17]``.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable
from math import prod
from typing import Any


def index(names: Iterable[str], typename: str = "Index"):
    """A namedtuple whose field ``name`` holds the position of ``name`` in ``names``."""
    names = tuple(names)
    return namedtuple(typename, names)(*range(len(names)))


class Layout:
    """Named blocks laid end to end in one flat array.

    ``blocks`` is a sequence of ``(name, shape)`` with ``shape`` an int or a tuple of ints.
    Attributes: ``start`` and ``stop`` (namedtuples of offsets, for kernels), ``shape``
    (name -> tuple), ``size`` (total length).
    """

    def __init__(self, typename: str, blocks: Iterable[tuple[str, int | tuple[int, ...]]]):
        self.shape: dict[str, tuple[int, ...]] = {}
        starts, stops = [], []
        offset = 0
        for name, shape in blocks:
            shape = (shape,) if isinstance(shape, int) else tuple(shape)
            self.shape[name] = shape
            starts.append(offset)
            offset += prod(shape)
            stops.append(offset)
        # the field names are only known at run time, which mypy cannot type
        fields = namedtuple(typename, tuple(self.shape))  # type: ignore[misc]
        self.start: Any = fields(*starts)
        self.stop: Any = fields(*stops)
        self.size = offset

    def view(self, flat, name: str):
        """The block ``name`` of ``flat`` (last axis), reshaped to its shape (Python side)."""
        start, stop = getattr(self.start, name), getattr(self.stop, name)
        return flat[..., start:stop].reshape((*flat.shape[:-1], *self.shape[name]))
