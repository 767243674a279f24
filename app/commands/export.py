"""`waymark export FILE -o OUT.pdf|.png|.svg|.mmd|.csv|.xlsx`: a journey of a project as a
client-ready PDF, a PNG or SVG of the map, or another tool's format.

Load errors and export errors print as clear lines on stderr with exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.model import Project


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export a journey as PDF, PNG, SVG, Mermaid, CSV or Excel",
        description="Export one journey of a .journey project, or of a Mermaid, CSV, Excel or OpenJourney file "
                    "(read in memory, as `waymark import` would). The format follows the suffix of OUT: "
                    ".pdf (cover, personas, map, metrics, pain-point register, notes), .png or .svg (the map), "
                    ".mmd, .csv or .xlsx.",
    )
    parser.add_argument("file", help="the .journey project, or a Mermaid (.mmd), CSV, Excel (.xlsx) or OpenJourney "
                                     "(.ojf) file, converted in memory")
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="the file to write (.pdf, .png, .svg, .mmd, .csv or .xlsx)")
    parser.add_argument("--journey", metavar="NAME", help="the journey to export (title or id; default: the first)")
    pdf = parser.add_argument_group("PDF options")
    pdf.add_argument("--page-size", default="A4", metavar="SIZE",
                     help="A4|A3|A2|A1|A0|Letter|Legal|Tabloid, WIDTHxHEIGHTmm, or auto: the map on one page "
                          "sized to it at 100 %% (for plotters and screens; the other sections on A4) (default A4)")
    orientation = pdf.add_mutually_exclusive_group()
    orientation.add_argument("--landscape", dest="orientation", action="store_const", const="landscape",
                             help="landscape pages (the default for paper names)")
    orientation.add_argument("--portrait", dest="orientation", action="store_const", const="portrait",
                             help="portrait pages (WIDTHxHEIGHTmm keeps the orientation it is given in "
                                  "unless one of these says otherwise)")
    mode = pdf.add_mutually_exclusive_group()
    mode.add_argument("--fit", dest="mode", action="store_const", const="fit",
                      help="the map on one page when it fits at a readable size, else on pages of whole "
                           "stages (the default)")
    mode.add_argument("--tile", dest="mode", action="store_const", const="tile",
                      help="the map as a wall poster: the fewest sheets at a readable size, with crop marks "
                           "and an assembly page")
    pdf.add_argument("--min-text-pt", type=float, default=6.0, metavar="PT",
                     help="smallest printed card text in points, at least 4; card titles print 1 pt and "
                          "headers 3 pt above it (default 6)")
    pdf.add_argument("--tile-scale", type=float, default=None, metavar="PERCENT",
                     help="map scale of the poster, up to 400 %% of the on-screen size (default: the least "
                          "that keeps the text readable)")
    pdf.add_argument("--sections", default="cover,personas,map,metrics,comparison,painpoints,opportunities,notes",
                     metavar="LIST",
                     help="comma-separated: cover,personas,map,metrics,comparison,painpoints,opportunities,notes "
                          "(default: all; a section with no content is left out; comparison needs a current-state "
                          "and a future-state journey)")
    pdf.add_argument("--strict", action="store_true",
                     help="fail (exit 1, nothing written) when some text has characters no available font can "
                          "print; without it they are listed as warnings and print as empty boxes")
    png = parser.add_argument_group("PNG options")
    png.add_argument("--dpi", type=float, default=144.0, help="resolution of a PNG (default 144)")
    parser.set_defaults(func=run, orientation="", mode="fit")


def run(args: argparse.Namespace) -> int:
    from app.export.dispatch import ExportError, UnprintableText, export_to_path

    project = _load(args.file)
    if project is None:
        return 1
    try:
        warnings = export_to_path(
            project, args.output, journey=args.journey,
            page_size=args.page_size, orientation=args.orientation, mode=args.mode, sections=args.sections,
            tile_scale=None if args.tile_scale is None else args.tile_scale / 100.0,
            min_text_pt=args.min_text_pt, base_dir=os.path.dirname(os.path.abspath(args.file)),
            dpi=args.dpi, strict=args.strict,
        )
    except UnprintableText as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        print(f"waymark export: {exc}", file=sys.stderr)
        return 1
    except ExportError as exc:
        print(f"waymark export: {exc}", file=sys.stderr)
        return 1
    for line in warnings:
        print(line, file=sys.stderr)
    print(f"Exported {args.output}", file=sys.stderr)
    return 0


def _load(path: str) -> Project | None:
    """The project in a .journey file, or read from an importable format (chosen by suffix, as
    `waymark import` does, without writing a project file); None after printing the problem."""
    from app.commands import load_or_report
    from app.formats import IMPORT_SUFFIXES, FormatError, import_project

    suffix = os.path.splitext(path)[1].lower()
    if suffix not in IMPORT_SUFFIXES or suffix == ".json" and _is_journey(path):
        return load_or_report(path)
    warnings: list[str] = []
    try:
        project = import_project(path, warnings)
    except FormatError as exc:
        print(f"waymark export: {' '.join(str(exc).split())}", file=sys.stderr)
        return None
    for warning in warnings:
        print(f"waymark export: warning: {warning}", file=sys.stderr)
    return project


def _is_journey(path: str) -> bool:
    """A .json file that is a Waymark project (format "waymark-journey") rather than OpenJourney."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return b'"waymark-journey"' in head
