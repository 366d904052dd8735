"""Every public name has a numpydoc Examples section, and the examples run as doctests."""

from __future__ import annotations

import doctest
import inspect

import pytest

import unequal_exchange as ue

OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _is_error(obj) -> bool:
    return inspect.isclass(obj) and issubclass(obj, (Exception, Warning))


def _public_objects() -> list[tuple[str, object]]:
    """Each public function and class of ``ue.__all__``, and each class's public methods."""
    out = []
    for name in ue.__all__:
        obj = getattr(ue, name)
        if not (inspect.isfunction(obj) or inspect.isclass(obj)) or _is_error(obj):
            continue
        out.append((name, obj))
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if not attr.startswith("_") and inspect.isfunction(member):
                    out.append((f"{name}.{attr}", member))
    return out


PUBLIC = _public_objects()
EXAMPLES_REQUIRED = [(n, o) for n, o in PUBLIC if "." not in n] + [
    (n, o) for n, o in PUBLIC if n in {"Scenario.with_parameters", "Scenario.with_shocks"}
]


@pytest.mark.parametrize("name, obj", EXAMPLES_REQUIRED, ids=[n for n, _ in EXAMPLES_REQUIRED])
def test_public_name_has_examples_section(name, obj):
    doc = inspect.getdoc(obj) or ""
    assert "Examples\n--------" in doc, f"{name} has no numpydoc Examples section"
    assert ">>> " in doc, f"{name}'s Examples section has no doctest"


@pytest.mark.parametrize("name, obj", PUBLIC, ids=[n for n, _ in PUBLIC])
def test_docstring_examples_run(name, obj):
    finder = doctest.DocTestFinder(recurse=False)
    module = inspect.getmodule(obj)
    tests = [t for t in finder.find(obj, name, module=module, globs={"ue": ue}) if t.examples]
    runner = doctest.DocTestRunner(optionflags=OPTIONS)
    for test in tests:
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of {name} failed"


@pytest.mark.parametrize("name", [n for n in ue.__all__ if _is_error(getattr(ue, n))])
def test_errors_and_warnings_say_when_raised(name):
    assert (getattr(ue, name).__doc__ or "").strip(), f"{name} has no docstring"
