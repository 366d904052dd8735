"""Education levels: the one definition every layer uses.

``SCHOOLING_LEVELS`` are the stages whose formation cost a migrant carries (static accounts,
dimension ``level`` of :func:`unequal_exchange.run`); ``GRADUATE_LEVELS`` are the tertiary degrees
the dynamics follow (dimension ``level`` of :func:`unequal_exchange.simulate`). Graduate levels
are the last three schooling levels, in the same order.
"""

from __future__ import annotations

SCHOOLING_LEVELS = ("basic", "upper_secondary", "bachelor", "master", "phd")
GRADUATE_LEVELS = ("bachelor", "master", "phd")
LEVEL_LABELS = {
    "basic": "basic schooling",
    "upper_secondary": "upper secondary",
    "bachelor": "bachelor's",
    "master": "master's",
    "phd": "doctoral",
}

assert SCHOOLING_LEVELS[-len(GRADUATE_LEVELS) :] == GRADUATE_LEVELS
