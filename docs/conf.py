"""Sphinx configuration: the API reference (numpydoc + autosummary), docs/model.md, the user
guide and the teaching notebooks (rendered, not executed here: the test suite executes them)."""

from importlib.metadata import version as _version

project = "unequal-exchange"
author = "unequal-exchange developers"
copyright = "2026, unequal-exchange developers"
release = _version("unequal-exchange")
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_nb",
]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
templates_path = ["_templates"]

autosummary_generate = True
autodoc_typehints = "none"  # numpydoc's Parameters section states the types
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = "off"  # tests/test_notebooks.py executes every notebook

html_theme = "pydata_sphinx_theme"
html_title = "unequal-exchange"
html_theme_options = {"navigation_with_keys": False}
