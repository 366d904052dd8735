"""The documentation site builds with warnings as errors (API, model, guide, notebooks)."""

from __future__ import annotations

import pytest

sphinx_build = pytest.importorskip("sphinx.cmd.build")


@pytest.mark.slow
def test_docs_site_builds_without_warnings(tmp_path):
    docs = __import__("pathlib").Path(__file__).parents[1] / "docs"
    args = ["-W", "--keep-going", "-q", "-b", "html", "-d", str(tmp_path / "doctrees")]
    assert sphinx_build.build_main([*args, str(docs), str(tmp_path / "html")]) == 0
    assert (tmp_path / "html" / "api.html").exists()
