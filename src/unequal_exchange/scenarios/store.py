"""Stream a sweep to a Zarr store block by block: bounded memory, progress, resumable, and the
same code on a ``dask.distributed`` cluster.

The store is created from a lazy template (metadata and coordinates only). Each block of the
grid is computed by the kernel and written to its region; only then is a marker file written in
``<store>/.done/``. ``resume=True`` checks that the store belongs to the same sweep (scenario
parameters, axes, chunks, outputs) and recomputes only the blocks without a marker, so an
interrupted sweep resumed gives exactly the result of an uninterrupted one.

Nothing the package did not write is ever deleted: an existing non-empty ``path`` is replaced
only with ``overwrite=True`` *and* only if it is a store this package wrote (its attributes carry
the sweep fingerprint or the package's sweep attributes); any other folder or file is refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from ..errors import ParameterError, UnequalExchangeError
from .scenario import Scenario, load_scenario
from .sweep import (
    _attrs,
    _grid_block,
    _kernel_outputs,
    _lazy_grid,
    _outputs,
    block_slices,
    check_axes,
    check_chunks,
    check_dtype,
    check_outputs,
)

DONE = ".done"
OUR_ATTRS = ("sweep_fingerprint", "design")  # attrs every sweep store of this package carries


def written_by_us(path) -> bool:
    """Whether ``path`` is a Zarr store written by this package's sweeps (never guessed)."""
    attrs = Path(path) / ".zattrs"
    try:
        data = json.loads(attrs.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and any(k in data for k in OUR_ATTRS)


def check_store_target(
    path, *, overwrite: bool, flag: str = "overwrite=True", resume_flag: str = "resume=True"
) -> bool:
    """Refuse to replace what this package did not write; True if ``path`` must be cleared.

    A missing path or an empty folder is fine. An existing store of this package is replaced
    only with ``overwrite``; a file, or a folder that is not such a store, is never replaced.
    """
    path = Path(path)
    if not path.exists():
        return False
    if not path.is_dir():
        raise UnequalExchangeError(
            f"{path} exists and is a file, not a sweep store; choose another output path "
            "(it will not be replaced)"
        )
    if not any(path.iterdir()):
        return False
    if not written_by_us(path):
        raise UnequalExchangeError(
            f"{path} is a non-empty folder that is not a sweep store written by unequal-exchange; "
            "it will not be deleted, even with overwrite: choose another output path or empty "
            "it yourself"
        )
    if not overwrite:
        raise UnequalExchangeError(
            f"{path} already holds a sweep store; continue it with {resume_flag}, replace it with "
            f"{flag}, or choose another output path"
        )
    foreign = _foreign_entries(path)
    if foreign:
        raise UnequalExchangeError(
            f"{path} is a sweep store of unequal-exchange but also holds {foreign[0]!r}, which it "
            "did not write; it will not be deleted: move that out, or choose another output path"
        )
    return True


_STORE_FILES = {".zattrs", ".zgroup", ".zmetadata", DONE}


def _foreign_entries(path: Path) -> list[str]:
    """Entries of a store that a sweep does not write: anything but the Zarr v2 group files,
    the block markers, and arrays (folders with ``.zarray`` holding metadata and chunk files)."""
    out = []
    for entry in sorted(path.iterdir()):
        if entry.name in _STORE_FILES:
            continue
        if not (entry.is_dir() and (entry / ".zarray").is_file()):
            out.append(entry.name)
            continue
        out += [
            f"{entry.name}/{f.name}"
            for f in entry.iterdir()
            if f.is_dir() or not (f.name.startswith(".z") or f.name.replace(".", "").isdigit())
        ]
    return out


def _fingerprint(scenario: Scenario, axes, chunks, outputs, backend, dtype=np.float64) -> str:
    spec = {
        "parameters": dict(sorted(scenario.parameters.items())),
        "axes": {k: np.asarray(v).tolist() for k, v in axes.items()},
        "chunks": chunks if isinstance(chunks, int) else dict(chunks or {}),
        "outputs": list(outputs) if outputs else None,
        "backend": backend,
    }
    if np.dtype(dtype) != np.float64:  # float64 stores keep their earlier fingerprints
        spec["dtype"] = np.dtype(dtype).name
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()


def _block_id(block: Sequence[slice]) -> str:
    return "_".join(f"{s.start}-{s.stop}" for s in block)


def write_block(
    path: str, scenario: Scenario, axes, block, backend, outputs, dtype=np.float64, buffer=None
) -> str:
    """Compute one block and write it to its region of the store, then mark it done.

    ``buffer`` (see :func:`block_buffer`) is reused for the block's results."""
    ds = _grid_block(scenario, axes, list(block), backend, outputs, dtype, buffer)
    region = {k: s for k, s in zip(axes, block, strict=True)}
    ds = ds.drop_vars(list(ds.coords))
    ds.to_zarr(path, region=region, mode="r+")
    marker = Path(path) / DONE / _block_id(block)
    marker.write_text("ok")
    return _block_id(block)


def block_buffer(blocks, outputs, dtype) -> np.ndarray | None:
    """One flat array for the results of the largest block (selected outputs, numba): every
    block is computed into it instead of into freshly allocated (and page-faulted) memory."""
    from ..model.mexico_us.accounts_kernel import OUTPUT_NAMES, output_columns

    names = _kernel_outputs(outputs)
    width = len(output_columns(OUTPUT_NAMES if names is None else names)[0])
    largest = max(int(np.prod([s.stop - s.start for s in b])) for b in blocks)
    return np.empty(largest * width, dtype=dtype)


def default_chunks(axes: Mapping[str, np.ndarray], points_per_block: int = 250_000) -> dict:
    """Chunk the leading axes so that each block holds about ``points_per_block`` points."""
    chunks, remaining = {}, points_per_block
    sizes = [len(v) for v in axes.values()]
    for i, (k, size) in enumerate(zip(axes, sizes, strict=True)):
        inner = int(np.prod(sizes[i + 1 :], dtype=np.int64)) if i + 1 < len(sizes) else 1
        chunks[k] = max(1, min(size, remaining // max(inner, 1)))
        if inner <= remaining:
            break
        remaining = max(1, remaining)
    return chunks


def sweep_to_zarr(
    scenario_or_name,
    axes: Mapping[str, object],
    path,
    *,
    chunks: int | Mapping[str, int] | None = None,
    resume: bool = False,
    outputs: Sequence[str] | None = None,
    backend: str = "numba",
    scheduler: str | None = None,
    workers: int | None = None,
    progress: bool = True,
    overwrite: bool = False,
    dtype="float64",
) -> dict:
    """Compute the grid sweep block by block into the Zarr store at ``path``.

    ``resume=True`` continues a store of the same sweep. Otherwise ``path`` must not exist, be
    empty, or (with ``overwrite=True``) be a sweep store this package wrote; anything else is
    refused, never deleted. Only ``outputs`` are computed (all if None), as ``dtype``
    (``"float64"`` or ``"float32"``, see :func:`sweep`); without a cluster every block is
    computed into one reused buffer.

    Returns a summary: blocks in total, computed now, skipped (already done).

    Raises
    ------
    UnequalExchangeError
        ``path`` holds something this package did not write, or a store while neither
        ``resume`` nor ``overwrite`` is given, or a different sweep on ``resume``.
    """
    scenario = load_scenario(scenario_or_name)
    outputs = _outputs(outputs)
    if outputs is not None:
        check_outputs(outputs)
    dtype = check_dtype(dtype)
    axes = check_axes(axes)
    chunks = check_chunks(chunks, axes)
    chunks = chunks if chunks is not None else default_chunks(axes)
    path = Path(path)
    fp = _fingerprint(scenario, axes, chunks, outputs, backend, dtype)
    blocks = block_slices(axes, chunks)
    if resume and path.exists() and not (path.is_dir() and not any(path.iterdir())):
        if not written_by_us(path):
            raise UnequalExchangeError(
                f"{path} is not a sweep store written by unequal-exchange; nothing to resume "
                "(choose another output path)"
            )
        import zarr

        stored = zarr.open_group(str(path), mode="r").attrs.get("sweep_fingerprint")
        if stored != fp:
            raise UnequalExchangeError(
                f"{path} holds a different sweep (scenario, axes, chunks or outputs differ); "
                "resume only with the same arguments, or replace it with overwrite (--overwrite)"
            )
    else:
        if check_store_target(path, overwrite=overwrite):
            import shutil

            shutil.rmtree(path)  # only a store this package wrote (checked just above)
        template = _lazy_grid(scenario, axes, chunks, backend, outputs, dtype)
        template.attrs.update(_attrs(scenario, backend, "grid"), sweep_fingerprint=fp)
        template.to_zarr(str(path), compute=False, mode="w", zarr_format=2)
        (path / DONE).mkdir(exist_ok=True)
    done = {p.name for p in (path / DONE).iterdir()}
    todo = [b for b in blocks if _block_id(b) not in done]
    bar = _progress(len(blocks), len(blocks) - len(todo), progress)
    if scheduler or workers:
        _run_distributed(
            str(path), scenario, axes, todo, backend, outputs, scheduler, workers, bar, dtype
        )
    elif todo:
        buffer = block_buffer(todo, outputs, dtype) if backend == "numba" else None
        for block in todo:
            write_block(str(path), scenario, axes, block, backend, outputs, dtype, buffer)
            bar.update(1)
    bar.close()
    return {"blocks": len(blocks), "computed": len(todo), "skipped": len(blocks) - len(todo)}


def _progress(total: int, initial: int, enabled: bool):
    from tqdm.auto import tqdm

    return tqdm(
        total=total, initial=initial, disable=not enabled, unit="block", desc="sweep", leave=False
    )


def _run_distributed(
    path, scenario, axes, todo, backend, outputs, scheduler, workers, bar, dtype=np.float64
):
    try:
        from dask.distributed import Client, LocalCluster, as_completed
        from distributed.comm.addressing import get_address_host_port
    except ImportError:  # pragma: no cover - the extra is part of the test install
        raise ParameterError(
            ["distributed sweeps need the 'distributed' extra: pip install -e '.[distributed]'"]
        ) from None
    cluster = None
    if scheduler:
        try:
            # Check the address first: distributed's Client sets itself as dask's default
            # scheduler before it parses the address, and a malformed one would leave that
            # setting behind, pointing every later dask or xarray call at a dead client.
            get_address_host_port(scheduler)
            client = Client(scheduler, timeout="10s")
        except (ValueError, OSError, TimeoutError) as exc:
            raise ParameterError(
                [f"cannot reach the dask scheduler {scheduler!r} ({exc}); give its address as "
                 "tcp://HOST:PORT, or use --workers N for a local cluster"]
            ) from None  # fmt: skip
    else:
        cluster = LocalCluster(
            n_workers=int(workers), threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        futures = [
            client.submit(write_block, path, scenario, axes, b, backend, outputs, dtype, pure=False)
            for b in todo
        ]
        for future in as_completed(futures):
            future.result()
            bar.update(1)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
