"""The package's layers import one way (engine ← mexico_us ← calibration ← scenarios ← viz ←
explorer ← cli), nothing inside imports the package root, and no function imports an upper layer."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "unequal_exchange"
LAYERS = ("model/engine", "model/mexico_us", "calibration", "scenarios", "viz", "explorer", "cli")


def _layer(module: Path) -> int | None:
    rel = module.relative_to(PACKAGE).as_posix()
    for i, layer in enumerate(LAYERS):
        if rel.startswith(layer + "/"):
            return i
    return None


def _imports(path: Path):
    """(absolute module imported, line, inside a function?) for every own-package import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(("unequal_exchange", *path.relative_to(PACKAGE).parent.parts))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [f"{target}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        local, up = False, parents.get(node)
        while up is not None:
            local |= isinstance(up, (ast.FunctionDef, ast.AsyncFunctionDef))
            up = parents.get(up)
        for name in names:
            if name == "unequal_exchange" or name.startswith("unequal_exchange."):
                yield name, node.lineno, local


def _module_file(name: str) -> Path | None:
    parts = name.split(".")[1:]
    for k in range(len(parts), 0, -1):
        for cand in (PACKAGE.joinpath(*parts[:k]).with_suffix(".py"),
                     PACKAGE.joinpath(*parts[:k], "__init__.py")):  # fmt: skip
            if cand.exists():
                return cand
    return None


SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if p != PACKAGE / "__init__.py")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_modules_import_only_their_own_or_lower_layers_and_never_the_package_root(path):
    mine = _layer(path)
    problems = []
    for name, line, local in _imports(path):
        target = _module_file(name)
        if name in ("unequal_exchange", "unequal_exchange.__version__") or target == (
            PACKAGE / "__init__.py"
        ):
            problems.append(f"line {line}: imports the package root")
            continue
        theirs = _layer(target) if target else None
        if mine is not None and theirs is not None and theirs > mine:
            where = "inside a function" if local else "at the top"
            problems.append(f"line {line}: imports the upper layer {LAYERS[theirs]} {where}")
    assert not problems, problems


def test_import_linter_layers_contract_is_kept():
    """The same rule, checked by import-linter from the contract in pyproject.toml."""
    pytest.importorskip("importlinter")
    root = Path(__file__).parents[1]
    out = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; "
         "lint_imports_command()"],
        cwd=root, capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]


def test_importing_the_package_has_no_side_effects():
    """No plotting library, SALib or dask at import (numba compiles on first call only)."""
    code = (
        "import sys, unequal_exchange; "
        "print([m for m in sys.modules if m.startswith(('matplotlib', 'SALib', 'dask', 'zarr'))])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_drawing_a_figure_never_switches_the_users_backend():
    code = (
        "import matplotlib; matplotlib.use('svg'); import unequal_exchange as ue; "
        "from unequal_exchange.viz import plotting; plotting.paper_figure5(); "
        "print(matplotlib.get_backend())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "svg"
