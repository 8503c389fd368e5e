"""``twin-estimate``: fit an SCR model to capture data from the command line.

Exit status: 0 = fitted and converged; 1 = fitted but not converged, or the data cannot identify
the model (the output says why); 2 = bad input (one paragraph on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from twin.errors import TwinInputError, require
from twin.estimators.capture_data import DETECTOR_TYPES
from twin.estimators.mask import Mask
from twin.estimators.scr_kernel import DETECTFN_CODES
from twin.estimators.scr_model import SCR
from twin.estimators.secr_csv import read_secr_csv

PROG = "twin-estimate"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``twin-estimate``."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Fit a spatial capture-recapture model (secr's null model, full "
        "likelihood with Poisson N) and print the estimates.",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--captures",
        metavar="CSV",
        help="secr captures CSV: session, ID, occasion, detector[, sex]",
    )
    parser.add_argument(
        "--traps",
        metavar="CSV",
        help="secr traps CSV: detector, x, y[, type][, usage] (with --captures)",
    )
    mask = parser.add_mutually_exclusive_group(required=True)
    mask.add_argument("--mask", metavar="CSV", help="mask CSV with x, y in metres")
    mask.add_argument(
        "--buffer-m",
        type=float,
        metavar="B",
        help="build a trap-buffer mask of B metres around the detectors",
    )
    parser.add_argument(
        "--mask-nx",
        type=int,
        default=64,
        help="cells across the buffered x-range with --buffer-m (default 64)",
    )
    parser.add_argument(
        "--detector",
        choices=DETECTOR_TYPES,
        help="detector type (default: the traps file's type column)",
    )
    parser.add_argument(
        "--detectfn",
        choices=sorted(DETECTFN_CODES),
        default="HHN",
        help="detection function (default HHN)",
    )
    parser.add_argument(
        "--by-sex",
        action="store_true",
        help="sex-specific detection (needs a sex column in the captures)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``twin-estimate``; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse has printed usage and the error on stderr
        return int(stop.code or 0)
    try:
        fit = _fit(args)
    except (TwinInputError, OSError) as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(fit.to_dict()))
    else:
        print(fit.summary())
    return 0 if fit.converged else 1


def _fit(args: argparse.Namespace):
    require(args.traps is not None, "--traps", None, "a traps CSV together with --captures")
    data = read_secr_csv(args.captures, args.traps, args.detector)
    if args.mask is not None:
        mask = Mask.from_csv(args.mask)
    else:
        mask = Mask.from_traps(data.traps, args.buffer_m, nx=args.mask_nx)
    return SCR(data, mask, args.detectfn, by_sex=args.by_sex).fit()


def entry_point() -> None:
    """Console-script entry point of ``twin-estimate``."""
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
