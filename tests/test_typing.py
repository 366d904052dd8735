"""The package type-checks: mypy over src/unequal_exchange with the settings in pyproject.toml.

mypy found real bugs here (a ``Traversable.joinpath`` call Python 3.10 rejects; a float passed
where a variable name was expected in a heatmap legend), so it runs with the suite. The suite
checks the package's own code against the standard library's stubs (``--no-site-packages``:
third-party packages are ``Any``), so that a newer numpy or xarray with different stubs cannot
fail it on a user's machine; ``mypy`` alone (pyproject settings) checks against them too.
"""

from __future__ import annotations

from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[1]


def test_package_type_checks(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)  # mypy reads [tool.mypy] (files, python_version) from pyproject.toml
    stdout, stderr, status = api.run(
        ["--no-site-packages", "--cache-dir", str(tmp_path / "mypy-cache")]
    )
    assert status == 0, stdout + stderr
