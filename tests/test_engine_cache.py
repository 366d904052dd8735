"""The package's kernel cache is invalidated by an edit to any model module, not only the
kernel's own file (numba tracks only that file, yet a cached kernel embeds its callees)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from unequal_exchange.model.engine import _jit, kernels
from unequal_exchange.model.mexico_us import dynamics_kernel


def test_package_kernels_use_the_model_wide_stamp():
    for dispatcher in (kernels.solve_value_wage_lockstep, dynamics_kernel.simulate_batch):
        locator = dispatcher._cache._impl.locator
        assert isinstance(locator, _jit.LOCATORS), type(locator)
        stamp = locator.get_source_stamp()
        assert stamp[1] == _jit.tree_hash(Path(_jit.__file__).resolve().parents[1])


def test_tree_hash_changes_with_any_module_and_only_then(tmp_path):
    root = tmp_path / "model"
    (root / "engine").mkdir(parents=True)
    (root / "engine" / "kernels.py").write_text("def f():\n    return g()\n")
    (root / "engine" / "callee.py").write_text("def g():\n    return 1\n")
    (root / "notes.txt").write_text("not code")
    before = _jit.tree_hash(root)
    assert _jit.tree_hash(root) == before
    (root / "notes.txt").write_text("changed, still not code")
    assert _jit.tree_hash(root) == before
    (root / "engine" / "callee.py").write_text("def g():\n    return 2\n")
    assert _jit.tree_hash(root) != before


def test_an_edited_callee_in_another_module_recompiles_the_caller(tmp_path):
    # a throw-away package with the same layout and compile policy: the caller's cache must
    # not survive an edit of its callee's module
    pkg = tmp_path / "unequal_exchange"
    (pkg / "model" / "engine").mkdir(parents=True)
    for init in (pkg, pkg / "model", pkg / "model" / "engine"):
        (init / "__init__.py").write_text("")
    shutil.copy(_jit.__file__, pkg / "model" / "engine" / "_jit.py")
    (pkg / "model" / "engine" / "_probe_callee.py").write_text(
        "from ._jit import jit\n\n\n@jit\ndef value():\n    return 1.0\n"
    )
    (pkg / "model" / "engine" / "_probe_caller.py").write_text(
        "from ._jit import jit\nfrom ._probe_callee import value\n\n\n"
        "@jit\ndef twice():\n    return 2.0 * value()\n"
    )
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from unequal_exchange.model.engine import _probe_caller as m\n"
        "print(m.twice(), sum(m.twice.stats.cache_hits.values()))\n"
    )

    def run():
        out = subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True,
                             capture_output=True, text=True).stdout.split()  # fmt: skip
        return float(out[0]), int(out[1])

    assert run() == (2.0, 0)  # compiled
    assert run() == (2.0, 1)  # a second process loads it from the cache
    (pkg / "model" / "engine" / "_probe_callee.py").write_text(
        "from ._jit import jit\n\n\n@jit\ndef value():\n    return 5.0\n"
    )
    assert run() == (10.0, 0)  # the caller's file is unchanged, yet its cache is not reused
    assert run() == (10.0, 1)
