"""``unequal-exchange figures``: the figure gallery."""

from __future__ import annotations

from pathlib import Path

from ._common import (
    add_command,
)


def add_parser(subparsers) -> None:
    fg = add_command(subparsers, "figures", "write the figure gallery (PNG and PDF)")
    fg.add_argument("--out", type=Path, default=Path("figures"), help="output folder")
    fg.add_argument("--formats", default="png,pdf", help="comma-separated formats: png, pdf, svg")
    fg.add_argument(
        "--overwrite",
        action="store_true",
        help="replace existing figure files of the same names, whoever wrote them",
    )
    fg.add_argument(
        "--wiod",
        action="store_true",
        help="add the WIOD 1995-2011 series figure (wiod_series; about 30 s more)",
    )


def run(args) -> int:
    from ..viz.gallery import check_gallery_target, write_gallery

    formats = [f.strip().lower().lstrip(".") for f in args.formats.split(",")]
    wiod = getattr(args, "wiod", False)
    check_gallery_target(args.out, formats, overwrite=args.overwrite, wiod=wiod)
    paths = write_gallery(args.out, formats=formats, overwrite=args.overwrite, wiod=wiod)
    for path in paths:
        print(path)
    return 0
