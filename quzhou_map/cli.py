"""Command line: ``quzhou-map [options]`` opens the viewer; ``quzhou-map validate [PATH ...]`` checks data."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from quzhou_map import __version__
from quzhou_map.core.themes import THEME_IDS


def validate_main(argv: Sequence[str]) -> int:
    """Exit 0 when every file is valid, 1 with one line per problem otherwise (no Qt involved)."""
    parser = argparse.ArgumentParser(prog="quzhou-map validate",
                                     description="Check dataset files (default: the shipped geodata/).")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="GeoJSON files or folders")
    args = parser.parse_args(argv)
    from quzhou_map.core.file_access import os_error_text
    from quzhou_map.core.problems import shown_path
    from quzhou_map.core.validation import validate

    unusable = []  # not there at all: the command cannot do its job (a FIFO or a device is a problem below)
    for path in args.paths:
        try:
            os.stat(path)
        except FileNotFoundError:
            unusable.append(f"{shown_path(path)}: no such file or folder")
        except (OSError, ValueError) as error:
            reason = os_error_text(error) if isinstance(error, OSError) else "is not a possible file name"
            unusable.append(f"{shown_path(path)}: {reason}")
    for line in unusable:
        print(line, file=sys.stderr)
    if unusable:
        return 2
    report = validate(args.paths or None)
    for problem in report.problems:
        print(problem)
    if report.ok:
        print(f"valid: {len(report.sites)} sites" + (" and the city record" if report.city else ""))
        return 0
    print(f"{len(report.problems)} problem(s)", file=sys.stderr)
    return 1


def layer_source(text: str) -> Path | str:
    """A FILE argument: a path, or a ``postgresql://USER@HOST:PORT/DB?table=SCHEMA.TABLE`` URL (checked here)."""
    from quzhou_map.core.user_data.postgis import is_postgis_url, parse_url

    if not is_postgis_url(text):
        return Path(text)
    try:
        parse_url(text)
    except ValueError as error:  # argparse says which argument; the URL itself may hold a password
        raise argparse.ArgumentTypeError(f"not a usable postgresql:// URL: {error}") from None
    return text


def app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quzhou-map", description="Offline map of the places in Zhejiang Daily's 2022 report on Quzhou. "
        "Subcommand: 'quzhou-map validate [PATH ...]' checks dataset files.")
    parser.add_argument("files", nargs="*", type=layer_source, metavar="FILE",
                        help="open these files (or Shapefile folders) as layers: GeoJSON, GeoPackage, Shapefile, KML, "
                        "GPX, FlatGeobuf, GeoParquet, CSV, XLSX; or a PostGIS table: "
                        "'postgresql://USER@HOST:PORT/DB?table=SCHEMA.TABLE' (optional &where=SQL, &limit=N; "
                        "the password from PGPASSWORD or ~/.pgpass)")
    parser.add_argument("--version", action="version", version=f"quzhou-map {__version__}")
    parser.add_argument("--screenshot", type=Path, metavar="OUT.png",
                        help="render the main window once the map is drawn, save it and exit "
                        "(PNG, JPEG, WebP or BMP, from the file's extension)")
    parser.add_argument("--export-html", type=Path, metavar="OUT.html",
                        help="write a standalone offline HTML page of the map (its sites' facts, the article, "
                        "the tour) and exit; it starts in --lang (default zh), without --hide-theme's themes, "
                        "on --select's or --tour-step's site")
    parser.add_argument("--select", metavar="SITE_ID", help="select this site at start")
    parser.add_argument("--hide-theme", action="append", default=[], metavar="THEME",
                        help=f"hide a theme (one of: {', '.join(THEME_IDS)}); may repeat")
    parser.add_argument("--lang", choices=("zh", "en"), help="interface language (default: saved or system)")
    parser.add_argument("--site-labels", action="store_true",
                        help="write each site's name next to its symbol (as View > Site labels does)")
    parser.add_argument("--export-image", type=Path, metavar="OUT.png|OUT.pdf",
                        help="save the map as it would be shown (title, legend, scale bar, north arrow) and exit")
    parser.add_argument("--basemap", metavar="NAME|FILE|URL",
                        help="offline, osm, esri-imagery, tianditu, tianditu-imagery, gaode, gaode-satellite, "
                             "a .mbtiles/.pmtiles file, or an XYZ tile URL (default: the one last chosen)")
    parser.add_argument("--basemap-datum", choices=("wgs84", "gcj02"),
                        help="the datum of a --basemap URL's tiles (default wgs84)")
    parser.add_argument("--export-dpi", type=int, metavar="DPI",
                        help="the picture's resolution for --export-image, 72-480 (default: 96 for PNG, 150 for PDF): "
                        "the map is drawn that much finer, not enlarged")
    parser.add_argument("--export-size", metavar="WxH",
                        help="the picture's size in pixels for --export-image, title band included "
                        "(default: the map's size in the window at that DPI)")
    parser.add_argument("--panel", choices=("article", "figures"),
                        help="open this panel at start (with --screenshot: in the picture): the article or the figures")
    parser.add_argument("--tour-step", type=int, metavar="N",
                        help="put the guided tour at step N (its site selected and in view)")
    parser.add_argument("--size", default="1400x860", metavar="WxH",
                        help="window size for --screenshot and --export-image")
    parser.add_argument("--verbose", action="store_true",
                        help="print the log (Qt's, Chromium's and the page's messages) on standard error too; "
                        "it is always written to the log folder (Help > Open log folder)")
    parser.add_argument("--overwrite", action="store_true",
                        help="let --screenshot, --export-image and --export-html replace an existing file that "
                        "quzhou-map did not write (without it, only files it wrote itself are replaced)")
    parser.add_argument("--exit-when-drawn", action="store_true", help=argparse.SUPPRESS)  # benchmarks
    return parser


def output_problems(args: argparse.Namespace) -> list[str]:
    """One line for each output file that must not be written (core/file_access.py: one rule for all of them),
    checked before anything is drawn, so a refusal costs nothing and no file is touched."""
    from quzhou_map.core.file_access import FileRefused, check_output
    from quzhou_map.core.problems import shown_path

    lines = []
    for target in (args.screenshot, args.export_image, args.export_html):
        if target is None:
            continue
        try:
            check_output(target, args.overwrite)
        except FileRefused as refused:
            lines.append(f"{shown_path(target)}: {refused}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if hasattr(signal, "SIGXFSZ"):  # over the file-size limit (ulimit -f) a write fails (EFBIG) and is reported
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    if argv[:1] == ["validate"]:
        return validate_main(argv[1:])
    parser = app_parser()
    # Everything after --webEngineArgs goes to Chromium, as Qt documents; nothing else is passed on.
    split = argv.index("--webEngineArgs") if "--webEngineArgs" in argv else len(argv)
    own, qt_args = argv[:split], argv[split:]
    args, unknown = parser.parse_known_args(own)
    typo = [str(p) for p in args.files
            if isinstance(p, Path) and str(p).startswith("valid") and not p.suffix and not p.exists()]
    if unknown or typo:
        hint = " (did you mean 'validate'?)" if (unknown or typo)[0].startswith("valid") else ""
        parser.error(f"unrecognized arguments: {' '.join(typo + unknown)}{hint}")
    bad_themes = [t for t in args.hide_theme if t not in THEME_IDS]
    if bad_themes:
        parser.error(f"unknown theme {bad_themes[0]!r}; themes are: {', '.join(THEME_IDS)}")
    if args.tour_step is not None and (args.tour_step < 1 or args.select):
        parser.error("--tour-step must be 1 or more" if args.tour_step < 1 else
                     "--tour-step selects its step's site: give it or --select, not both")
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        parser.error(f"--size must look like 1400x860, got {args.size!r}")
    if not (640 <= width <= 7680 and 480 <= height <= 4320):
        parser.error(f"--size {args.size}: width must be 640–7680 and height 480–4320 pixels")
    if args.screenshot:
        from quzhou_map.core.image_export import screenshot_format

        try:
            screenshot_format(args.screenshot)
        except ValueError as error:
            print(f"quzhou-map: error: {error}", file=sys.stderr)
            return 2
    if args.export_image or args.export_dpi is not None or args.export_size:
        from quzhou_map.core.image_export import export_options

        try:
            args.export_dpi, args.export_size = export_options(args.export_image, args.export_dpi, args.export_size)
        except ValueError as error:
            parser.error(str(error))
    refused = output_problems(args)
    if refused:
        for line in refused:
            print(line, file=sys.stderr)
        return 1
    if args.export_html:  # the page starts in --lang, without --hide-theme's themes, on --select's site
        from quzhou_map.core.story import StoryState
        from quzhou_map.export import export_html

        return export_html(args.export_html, allow_overwrite=args.overwrite, state=StoryState(
            language=args.lang or "zh", hidden_themes=tuple(dict.fromkeys(args.hide_theme)), selected=args.select,
            site_labels=args.site_labels, tour_step=args.tour_step))
    from quzhou_map.qt.application import run_app

    return run_app(args, qt_args, (width, height))
