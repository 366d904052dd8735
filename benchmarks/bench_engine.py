"""asv-style benchmarks of the value–price engine (classes with setup and time_/peakmem_)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import unequal_exchange as ue
from _data import random_economies
from unequal_exchange.model.engine.batch import solve_batch


class BatchSolve:
    params = ([4, 12], ["numba", "numpy"])
    param_names = ["sectors", "backend"]

    def setup(self, sectors, backend):
        self.data = random_economies(20_000, sectors)
        solve_batch(**{k: v[:4] for k, v in self.data.items()}, backend=backend)

    def time_value_wage_total_price(self, sectors, backend):
        solve_batch(**self.data, backend=backend)

    def peakmem_value_wage_total_price(self, sectors, backend):
        solve_batch(**self.data, backend=backend)


class SingleSolve:
    def setup(self):
        d = random_economies(1, 4)
        self.economy = ue.Economy(
            d["inputs"][0],
            d["labour"][0],
            d["output"][0],
            wage=d["wage"][0],
            capital=d["capital"][0],
        )

    def time_solve(self):
        ue.solve(self.economy)

    def time_decompose(self):
        ue.decompose(
            ue.ValueTable([240, 120], [50, 50], [100, 20], [20, 100], countries=["A", "B"])
        )
