"""Never delete or overwrite what the tool did not write (issue 10, §2).

``sweep --out mydata.zarr`` used to ``shutil.rmtree`` any non-empty folder; ``run``, ``simulate``
and ``figures`` overwrote existing files without a word.
"""

from __future__ import annotations

import pytest

import unequal_exchange as ue
from unequal_exchange.cli.main import main
from unequal_exchange.errors import UnequalExchangeError
from unequal_exchange.scenarios.store import sweep_to_zarr

AXIS = "maquila_wage_ratio=0.1:0.2:3"


def _user_folder(tmp_path):
    folder = tmp_path / "mydata.zarr"
    folder.mkdir()
    (folder / "important.txt").write_text("keep")
    return folder


@pytest.mark.parametrize("extra", [[], ["--overwrite"]])
def test_sweep_never_deletes_a_folder_it_did_not_write(tmp_path, capsys, extra):
    folder = _user_folder(tmp_path)
    assert main(["sweep", "--axis", AXIS, "--out", str(folder), "--no-progress", *extra]) == 2
    err = capsys.readouterr().err
    assert "not a sweep store written by unequal-exchange" in err and "will not be deleted" in err
    assert (folder / "important.txt").read_text() == "keep"
    assert sorted(p.name for p in folder.iterdir()) == ["important.txt"]


def test_sample_sweep_to_zarr_never_deletes_a_user_folder(tmp_path, capsys):
    folder = _user_folder(tmp_path)
    argv = ["sweep", "--sample", "maquila_wage_ratio=0.1:0.2", "--n", "4", "--out", str(folder)]
    assert main(argv) == 2
    assert (folder / "important.txt").read_text() == "keep"


def test_resume_never_touches_a_user_folder(tmp_path, capsys):
    folder = _user_folder(tmp_path)
    assert main(["sweep", "--axis", AXIS, "--out", str(folder), "--resume"]) == 2
    assert "not a sweep store" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == ["important.txt"]


def test_own_store_is_replaced_only_with_overwrite(tmp_path, capsys):
    store = tmp_path / "s.zarr"
    argv = ["sweep", "--axis", AXIS, "--out", str(store), "--no-progress"]
    assert main(argv) == 0
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "--resume" in err and "--overwrite" in err
    assert main([*argv, "--overwrite"]) == 0


@pytest.mark.parametrize("where", ["notes.txt", "price_transfer/my-plot.png", "mine/data.csv"])
def test_own_store_holding_a_user_file_is_not_deleted_even_with_overwrite(tmp_path, capsys, where):
    """A store the tool wrote, into which the user then put a file of their own: --overwrite
    would have deleted that file with the store."""
    store = tmp_path / "s.zarr"
    argv = ["sweep", "--axis", AXIS, "--outputs", "price_transfer", "--out", str(store),
            "--no-progress"]  # fmt: skip
    assert main(argv) == 0
    mine = store / where
    mine.parent.mkdir(exist_ok=True)
    mine.write_text("keep")
    assert main([*argv, "--overwrite"]) == 2
    err = capsys.readouterr().err
    assert "did not write" in err and "will not be deleted" in err
    assert mine.read_text() == "keep"
    mine.unlink()
    if mine.parent != store and not any(mine.parent.iterdir()):
        mine.parent.rmdir()
    assert main([*argv, "--overwrite"]) == 0  # the store alone is replaced


def test_api_sweep_to_zarr_refuses_a_user_folder_even_with_overwrite(tmp_path):
    folder = _user_folder(tmp_path)
    for overwrite in (False, True):
        with pytest.raises(UnequalExchangeError, match="will not be deleted"):
            sweep_to_zarr(
                "baseline",
                {"maquila_wage_ratio": [0.1, 0.2]},
                folder,
                progress=False,
                overwrite=overwrite,
            )
    assert (folder / "important.txt").read_text() == "keep"


def test_api_sweep_to_zarr_own_store_needs_overwrite(tmp_path):
    path = tmp_path / "s.zarr"
    axes = {"maquila_wage_ratio": [0.1, 0.2]}
    sweep_to_zarr("baseline", axes, path, progress=False)
    with pytest.raises(UnequalExchangeError, match="overwrite=True"):
        sweep_to_zarr("baseline", axes, path, progress=False)
    assert sweep_to_zarr("baseline", axes, path, progress=False, overwrite=True)["computed"] == 1


def test_api_sweep_to_zarr_refuses_a_file(tmp_path):
    path = tmp_path / "notes.zarr"
    path.write_text("mine")
    with pytest.raises(UnequalExchangeError, match="is a file"):
        sweep_to_zarr("baseline", {"maquila_wage_ratio": [0.1]}, path, progress=False)
    assert path.read_text() == "mine"


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["run"], "out.nc"),
        (["simulate", "--every", "25"], "out.nc"),
        (["sweep", "--axis", AXIS], "out.nc"),
        (["sensitivity", "--n", "8", "--parameters", "maquila_wage_ratio"], "out.nc"),
    ],
)
def test_existing_out_files_are_kept_unless_overwrite(tmp_path, capsys, argv, name):
    path = tmp_path / name
    path.write_text("mine")
    assert main([*argv, "--out", str(path)]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "--overwrite" in err
    assert path.read_text() == "mine"


def test_run_overwrite_replaces_its_own_file(tmp_path, capsys):
    path = tmp_path / "run.nc"
    assert main(["run", "--out", str(path)]) == 0
    assert main(["run", "--out", str(path)]) == 2
    assert main(["run", "--out", str(path), "--overwrite"]) == 0


def test_existing_figure_files_are_kept(tmp_path, capsys):
    fig = tmp_path / "paths.png"
    fig.write_text("mine")
    assert main(["simulate", "--figure", str(fig)]) == 2
    assert fig.read_text() == "mine"
    second = tmp_path / "p-graduates.png"
    second.write_text("mine")
    assert main(["simulate", "--figure", str(tmp_path / "p.png")]) == 2
    assert "p-graduates.png" in capsys.readouterr().err
    assert not (tmp_path / "p.png").exists()


def test_figures_refuses_to_replace_existing_files_and_creates_no_folder_on_bad_input(
    tmp_path, capsys
):
    out = tmp_path / "figs"
    assert main(["figures", "--out", str(out), "--formats", "bmp"]) == 2
    assert not out.exists()
    out.mkdir()
    (out / "channel_breakdown.png").write_text("mine")
    assert main(["figures", "--out", str(out), "--formats", "png"]) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert (out / "channel_breakdown.png").read_text() == "mine"
    with pytest.raises(ue.ParameterError, match="overwrite"):
        from unequal_exchange.viz.gallery import write_gallery

        write_gallery(out, formats=["png"])
