"""The explorer's WIOD series is cached on disk: a second server start reads it (no
recomputation), a new key (package version, shipped data, the model's sources) computes it
again, a file that cannot be read is ignored with a warning and left as it is, and the cache can
be relocated or switched off. Every test uses a temporary cache folder."""

from __future__ import annotations

import multiprocessing

import numpy as np
import pytest
import xarray as xr

from unequal_exchange.explorer import core

pytest.importorskip("panel", reason="the 'explore' extra is not installed")
from unequal_exchange.explorer import app

CONVENTIONS = core.WIOD_REDUCTIONS


@pytest.fixture(scope="module")
def series() -> dict[str, xr.Dataset]:
    """The page's series of every reduction, on two years (the real computation, ~2 s)."""
    return core.wiod_convention_series(CONVENTIONS, years=[2008, 2009])


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(core.CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def computed(series, monkeypatch):
    """Replace the 13–30 s computation by the two-year series; counts the calls."""
    calls = []

    def compute(conventions, years=None):
        calls.append(tuple(conventions))
        return {c: series[c] for c in conventions}

    monkeypatch.setattr(core, "wiod_convention_series", compute)
    monkeypatch.setattr(core.os, "nice", lambda n: 0)  # the worker runs in this process here
    monkeypatch.setattr(core.signal, "signal", lambda *a: None)  # and keeps pytest's handlers
    return calls


@pytest.fixture
def no_spawn(monkeypatch):
    """Record instead of starting the child process that computes the series."""
    spawned = []
    monkeypatch.setattr(app.WiodCache, "_spawn", lambda self: spawned.append(self))
    return spawned


def _run_worker() -> list:
    recv, send = multiprocessing.Pipe(duplex=False)
    core.wiod_worker(send, CONVENTIONS)
    got = []
    while True:
        try:
            got.append(recv.recv())
        except EOFError:  # the worker closed its end
            return got


def _same(a: xr.Dataset, b: xr.Dataset, convention: str) -> None:
    for melt in core.WIOD_MELT_BASES:
        for scope in core.WIOD_CAPITAL_SCOPES:
            x = core.wiod_choice(a, convention, melt, scope)
            y = core.wiod_choice(b, convention, melt, scope)
            for key in x:
                np.testing.assert_array_equal(np.asarray(x[key]), np.asarray(y[key]), key)


def test_a_second_server_start_reads_the_cache_and_computes_nothing(
    cache, computed, no_spawn, series
):
    first = app.WiodCache()
    first.start()
    assert no_spawn == [first] and not first.from_cache  # nothing cached yet: it computes
    sent = _run_worker()  # what the child process does: send each convention, then cache
    assert [c for c, _ in sent] == list(CONVENTIONS)
    assert computed == [CONVENTIONS[:1], CONVENTIONS[1:]]
    path = core.wiod_cache_path()
    assert path.is_file() and path.parent == cache
    assert [p.name for p in cache.iterdir()] == [path.name]  # no temporary file left
    second = app.WiodCache()
    assert second.poll()  # every convention is here at once
    assert second.from_cache and second.error is None
    assert len(no_spawn) == 1 and len(computed) == 2  # no second computation
    for c in CONVENTIONS:
        _same(second.results[c], series[c], c)
        assert second.results[c].extrapolated.dtype == bool


def test_a_new_key_computes_again_and_leaves_the_old_file(cache, computed, no_spawn, monkeypatch):
    _run_worker()
    old = core.wiod_cache_path()
    before = old.read_bytes()
    monkeypatch.setattr(core, "__version__", "0.1.0+another")
    assert core.wiod_cache_path() != old
    fresh = app.WiodCache()
    fresh.start()
    assert no_spawn == [fresh] and not fresh.from_cache  # the child process would compute
    _run_worker()
    assert core.wiod_cache_path().is_file()
    assert old.read_bytes() == before  # the other key's file is untouched


def test_the_key_covers_the_shipped_data_and_the_sources(tmp_path, monkeypatch):
    package = tmp_path / "unequal_exchange"
    for sub in core._KEY_SOURCES:
        (package / sub).mkdir(parents=True)
    data = package / "calibration" / "data.csv"
    data.write_text("1,2\n")
    (package / "model" / "accounts.py").write_text("x = 1\n")
    monkeypatch.setattr(core, "_PACKAGE", package)
    key = core.wiod_cache_key()
    (package / "model" / "__pycache__").mkdir()
    (package / "model" / "__pycache__" / "accounts.pyc").write_bytes(b"\0")
    (package / "cli").mkdir()
    (package / "cli" / "run.py").write_text("y = 2\n")  # a layer the series does not read
    assert core.wiod_cache_key() == key
    data.write_text("1,3\n")
    changed = core.wiod_cache_key()
    assert changed != key
    (package / "model" / "accounts.py").write_text("x = 2\n")
    assert core.wiod_cache_key() not in (key, changed)


def test_a_corrupt_cache_file_is_ignored_with_a_warning_and_left_alone(cache, computed, no_spawn):
    path = core.wiod_cache_path()
    cache.mkdir()
    path.write_bytes(b"not a netCDF file")
    page_cache = app.WiodCache()
    with pytest.warns(core.CacheWarning, match="cannot be read"):
        page_cache.start()
    assert no_spawn == [page_cache]  # it computes instead, and the page works
    _run_worker()  # the worker does not overwrite a file it cannot recognise as its own
    assert path.read_bytes() == b"not a netCDF file"
    assert [p.name for p in cache.iterdir()] == [path.name]


def test_a_file_of_another_key_or_missing_a_convention_is_not_read(cache, series):
    key = "a" * 64
    assert core.save_wiod_cache(series, key=key) == core.wiod_cache_path(key)
    assert core.save_wiod_cache(series, key=key) is None  # never overwritten
    # the same file name (24 hex digits) under a key that differs further on: not this key's
    assert core.load_wiod_cache(CONVENTIONS, key="a" * 24 + "b" * 40) is None
    assert set(core.load_wiod_cache(CONVENTIONS, key=key)) == set(CONVENTIONS)
    other = "c" * 64
    core.save_wiod_cache({"simple": series["simple"]}, key=other)
    with pytest.warns(core.CacheWarning, match="cannot be read"):
        assert core.load_wiod_cache(CONVENTIONS, key=other) is None


def test_a_failed_write_warns_and_leaves_no_file(cache, series, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xr.Dataset, "to_netcdf", refuse)
    with pytest.warns(core.CacheWarning, match="could not be written"):
        assert core.save_wiod_cache(series) is None
    assert list(cache.iterdir()) == []  # the temporary file is removed


def test_the_cache_folder_follows_xdg_and_can_be_relocated_or_switched_off(
    tmp_path, monkeypatch, series, no_spawn
):
    monkeypatch.delenv(core.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert core.cache_dir() == tmp_path / "xdg" / "unequal-exchange"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert core.cache_dir() == tmp_path / "home" / ".cache" / "unequal-exchange"
    monkeypatch.setenv(core.CACHE_ENV, str(tmp_path / "elsewhere"))
    assert core.cache_dir() == tmp_path / "elsewhere"
    for off in ("off", "OFF", "0"):
        monkeypatch.setenv(core.CACHE_ENV, off)
        assert core.cache_dir() is None and core.wiod_cache_path() is None
        assert core.save_wiod_cache(series) is None
        assert core.load_wiod_cache(CONVENTIONS) is None
    page_cache = app.WiodCache()
    page_cache.start()
    assert no_spawn == [page_cache]  # off: computed at every start, as before the cache
    assert not (tmp_path / "home").exists() and not (tmp_path / "xdg").exists()


def test_the_series_the_worker_computes_is_run_wiods_1995_2011(monkeypatch):
    """Without ``years`` the page's series is ``run_wiod``'s own default, 1995–2011."""
    seen = []
    real = core.run_wiod

    def spy(**kwargs):
        seen.append(kwargs)
        return real(conventions=kwargs["conventions"], years=[2009])

    monkeypatch.setattr(core, "run_wiod", spy)
    out = core.wiod_convention_series("simple")
    assert seen == [{"conventions": ["simple"]}] and list(out) == ["simple"]
    import inspect

    assert list(inspect.signature(real).parameters["years"].default) == list(range(1995, 2012))
