"""``twin-estimate``: population estimates from secr CSV files or a Camtrap DP package.

Input is secr's captures and traps CSVs (``--captures C --traps T``) or a Camtrap DP package
(``--package DIR``): its event-level observations of ``--species`` that carry an
``individualID`` are tallied into a capture history over occasions of ``--occasion-days``
(detectors are the deployment locations, projected from WGS84 to ``--crs``; usage is the
fraction of each occasion a location worked); date-times without a UTC offset are read in the
time zone ``--timezone`` names, and refused without it. ``--estimator`` picks spatial
capture-recapture (``scr``, the default; needs a mask) or a closed-population model fitted to the
individual x occasion histories (``m0``, ``mt``, ``mh-chao``, ``mh-jackknife``).

Exit status: 0 = fitted and converged; 1 = fitted but not converged, or the data cannot identify
the model (the output says why); 2 = bad input, including a package without individually
identified observations of the species (one paragraph on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence

from twin.detectors import DETECTFN_NAMES, DETECTOR_TYPES, SECR_DETECTORS
from twin.errors import TwinInputError, require

PROG = "twin-estimate"
ESTIMATORS = ("scr", "m0", "mt", "mh-chao", "mh-jackknife")
CLOSED_MODELS = {"m0": "M0", "mt": "Mt", "mh-chao": "Mh Chao", "mh-jackknife": "Mh jackknife"}
DEFAULT_SPECIES = "Panthera pardus"
DEFAULT_OCCASION_DAYS = 7.0
DEFAULT_CRS = "EPSG:32652"
DEFAULT_INDEPENDENCE_MIN = 30.0
PACKAGE_FLAGS = (
    "--species",
    "--occasion-days",
    "--start",
    "--end",
    "--crs",
    "--independence-min",
    "--timezone",
)
"""Options of --package input; None in the parser so that their use with --captures is caught."""
DEFAULT_DETECTFN = "HHN"
DEFAULT_MASK_NX = 64
MAX_BUFFER_M = 100_000.0
"""Widest trap buffer (m): secr's rule of ~4 sigma for a sigma of 25 km, several times the sigma
of Amur leopards and tigers; a wider buffer only adds mask where no animal reaches a detector."""
CRS_MARGIN_DEG = 3.0
"""How far (degrees) locations may lie outside the CRS's area of use (UTM zone edges)."""
MAX_LISTED = 12


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``twin-estimate``."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Estimate population size or density from capture data (secr CSV files "
        "or a Camtrap DP package) and print the estimates.",
    )
    _add_input_arguments(parser)
    _add_model_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def _add_input_arguments(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--captures",
        metavar="CSV",
        help="secr captures CSV: session, ID, occasion, detector[, sex]",
    )
    source.add_argument("--package", metavar="DIR", help="Camtrap DP package folder")
    parser.add_argument(
        "--traps",
        metavar="CSV",
        help="secr traps CSV: detector, x, y[, type][, usage] (with --captures)",
    )
    group = parser.add_argument_group("Camtrap DP input (with --package)")
    group.add_argument("--species", help="scientificName to analyse (default Panthera pardus)")
    group.add_argument("--occasion-days", type=float, help="occasion length, days (default 7)")
    group.add_argument("--start", metavar="ISO", help="survey start with UTC offset")
    group.add_argument("--end", metavar="ISO", help="survey end with UTC offset")
    group.add_argument("--crs", help="projected CRS in metres (default EPSG:32652, UTM 52N)")
    group.add_argument(
        "--independence-min",
        type=float,
        help="minutes between counted detections of one animal at one location (default 30)",
    )
    group.add_argument(
        "--timezone",
        metavar="ZONE",
        help="IANA time zone of date-times without a UTC offset, e.g. Asia/Vladivostok "
        "(default: such date-times are refused)",
    )


def _add_model_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--estimator", choices=ESTIMATORS, default="scr", help="estimator (default scr)"
    )
    mask = parser.add_mutually_exclusive_group()
    mask.add_argument("--mask", metavar="CSV", help="mask CSV with x, y in metres (scr)")
    mask.add_argument(
        "--buffer-m", type=float, metavar="B", help="trap-buffer mask of B metres (scr)"
    )
    grid = parser.add_mutually_exclusive_group()
    grid.add_argument("--mask-nx", type=int, help="cells across the buffered x-range (default 64)")
    grid.add_argument("--mask-spacing-m", type=float, metavar="S", help="mask spacing, metres")
    parser.add_argument(
        "--detector",
        choices=DETECTOR_TYPES,
        help="detector type (default: the traps file's type column; proximity for --package)",
    )
    parser.add_argument(
        "--detectfn", choices=sorted(DETECTFN_NAMES), help="detection function (default HHN)"
    )
    parser.add_argument(
        "--by-sex",
        action="store_true",
        help="sex-specific detection (needs the sex of every detected individual)",
    )
    parser.add_argument(
        "--jackknife-order", type=int, choices=(1, 2), help="order of mh-jackknife (default 1)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``twin-estimate``; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse has printed usage and the error on stderr
        return int(stop.code or 0)
    try:
        _check_arguments(args)
        from twin.cli.estimate_files import capture_history_of, fit_model

        fit = fit_model(args, capture_history_of(args))
    except (TwinInputError, OSError) as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(fit.to_dict()))
    else:
        print(fit.summary())
    return 0 if fit.converged else 1


def _check_arguments(args: argparse.Namespace) -> None:
    """Reject flags that do not apply to the chosen input or estimator."""
    if args.package is None:
        require(args.traps is not None, "--traps", None, "a traps CSV together with --captures")
        _reject(args, PACKAGE_FLAGS, "with --package")
    else:
        _reject(args, ("--traps",), "with --captures")
        require(
            args.detector in (None, *SECR_DETECTORS),
            "--detector",
            args.detector,
            f"one of {', '.join(SECR_DETECTORS)} with --package",
        )
    if args.estimator == "scr":
        require(
            args.mask is not None or args.buffer_m is not None,
            "--mask/--buffer-m",
            None,
            "a mask CSV or a trap buffer in metres with --estimator scr",
        )
    else:
        _reject(
            args,
            ("--mask", "--buffer-m", "--detector", "--detectfn", "--by-sex"),
            "with --estimator scr",
        )
    if args.estimator != "mh-jackknife":
        _reject(args, ("--jackknife-order",), "with --estimator mh-jackknife")
    if args.buffer_m is None:
        _reject(args, ("--mask-nx", "--mask-spacing-m"), "with --buffer-m")
    else:
        require(
            math.isfinite(args.buffer_m) and 0 < args.buffer_m <= MAX_BUFFER_M,
            "--buffer-m",
            args.buffer_m,
            f"metres in (0, {MAX_BUFFER_M:,.0f}]: secr's buffer is ~4 sigma, and 100 km is that "
            "for a sigma of 25 km, several times the sigma of the big cats; a wider buffer only "
            "adds mask where no animal could reach a detector",
        )


def _reject(args: argparse.Namespace, flags: Sequence[str], allowed: str) -> None:
    for flag in flags:
        value = getattr(args, flag.removeprefix("--").replace("-", "_"))
        require(value is None or value is False, flag, value, f"a flag used only {allowed}")


def entry_point() -> None:
    """Console-script entry point of ``twin-estimate``."""
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
