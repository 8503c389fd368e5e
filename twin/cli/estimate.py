"""``twin-estimate``: population estimates from secr CSV files or a Camtrap DP package.

Input is secr's captures and traps CSVs (``--captures C --traps T``) or a Camtrap DP package
(``--package DIR``): its event-level observations of ``--species`` that carry an
``individualID`` are tallied into a capture history over occasions of ``--occasion-days``
(detectors are the deployment locations, projected from WGS84 to ``--crs``; usage is the
fraction of each occasion a location worked). ``--estimator`` picks spatial capture-recapture
(``scr``, the default; needs a mask) or a closed-population model fitted to the individual x
occasion histories (``m0``, ``mt``, ``mh-chao``, ``mh-jackknife``).

Exit status: 0 = fitted and converged; 1 = fitted but not converged, or the data cannot identify
the model (the output says why); 2 = bad input, including a package without individually
identified observations of the species (one paragraph on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from pyproj import CRS
from pyproj.exceptions import CRSError

from twin.errors import TwinInputError, require
from twin.estimators import SCR, ClosedCR, ClosedCRFit, Mask, SCRFit
from twin.estimators.scr_kernel import DETECTFN_CODES
from twin.io.camtrapdp_read import CamtrapPackage, capture_history, read_camtrap_dp
from twin.io.camtrapdp_validate import validate_package
from twin.io.capture_history import DETECTOR_TYPES, SECR_DETECTORS, CaptureHistory
from twin.io.secr_csv import read_secr_csv

PROG = "twin-estimate"
ESTIMATORS = ("scr", "m0", "mt", "mh-chao", "mh-jackknife")
CLOSED_MODELS = {"m0": "M0", "mt": "Mt", "mh-chao": "Mh Chao", "mh-jackknife": "Mh jackknife"}
DEFAULT_SPECIES = "Panthera pardus"
DEFAULT_OCCASION_DAYS = 7.0
DEFAULT_CRS = "EPSG:32652"
DEFAULT_INDEPENDENCE_MIN = 30.0
PACKAGE_FLAGS = ("--species", "--occasion-days", "--start", "--end", "--crs", "--independence-min")
"""Options of --package input; None in the parser so that their use with --captures is caught."""
DEFAULT_DETECTFN = "HHN"
DEFAULT_MASK_NX = 64
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
        "--detectfn", choices=sorted(DETECTFN_CODES), help="detection function (default HHN)"
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
        fit = _fit(args, _capture_history(args))
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


def _reject(args: argparse.Namespace, flags: Sequence[str], allowed: str) -> None:
    for flag in flags:
        value = getattr(args, flag.removeprefix("--").replace("-", "_"))
        require(value is None or value is False, flag, value, f"a flag used only {allowed}")


def _capture_history(args: argparse.Namespace) -> CaptureHistory:
    if args.package is None:
        return read_secr_csv(args.captures, args.traps, args.detector)
    return _package_history(args).as_detector(args.detector or "proximity")


def _package_history(args: argparse.Namespace) -> CaptureHistory:
    """Read the package and tally the capture history of ``--species``."""
    species = DEFAULT_SPECIES if args.species is None else args.species
    days = DEFAULT_OCCASION_DAYS if args.occasion_days is None else args.occasion_days
    gap_min = DEFAULT_INDEPENDENCE_MIN if args.independence_min is None else args.independence_min
    crs_text = DEFAULT_CRS if args.crs is None else args.crs
    require(np.isfinite(days) and days > 0, "--occasion-days", days, "a number of days > 0")
    require(np.isfinite(gap_min) and gap_min >= 0, "--independence-min", gap_min, "minutes >= 0")
    start, end = _instant(args.start, "--start"), _instant(args.end, "--end")
    if start is not None and end is not None:
        require(end > start, "--end", args.end, f"a time after --start {args.start}")
    crs = _projected_crs(crs_text)
    folder = Path(args.package)
    package = _read_package(folder)
    _require_area_of_use(crs, crs_text, package)
    try:
        history = capture_history(
            package,
            species,
            days,
            start,
            end,
            crs=crs_text,
            independence_min=gap_min,
        )
    except TwinInputError as err:
        raise TwinInputError(f"--package {folder}: {err}") from err
    except (KeyError, ValueError, TypeError) as err:
        raise TwinInputError(_unreadable(folder, err)) from err
    if history.n_individuals == 0:
        raise TwinInputError(_no_individuals(package, species, folder))
    return history


def _read_package(folder: Path) -> CamtrapPackage:
    require(
        (folder / "datapackage.json").is_file(),
        "--package",
        str(folder),
        "a Camtrap DP folder holding datapackage.json",
    )
    try:
        return read_camtrap_dp(folder)
    except TwinInputError as err:
        raise TwinInputError(f"--package {folder}: {err}") from err
    except (KeyError, ValueError, TypeError) as err:
        raise TwinInputError(_unreadable(folder, err)) from err


def _unreadable(folder: Path, err: Exception) -> str:
    """A package the reader could not use: the error and what the validator finds."""
    problems = validate_package(folder)
    found = "; ".join(problems[:3]) if problems else "the validator finds no problem"
    return (
        f"--package {folder}: cannot be read as a Camtrap DP package ({type(err).__name__}: "
        f"{err}); {len(problems)} validation problem(s): {found}."
    )


def _instant(text: str | None, flag: str) -> pd.Timestamp | None:
    if text is None:
        return None
    allowed = "an ISO 8601 date-time with a UTC offset, e.g. 2024-06-01T00:00:00+10:00"
    try:
        stamp = pd.Timestamp(text)
    except ValueError as err:
        raise TwinInputError(f"{flag}={text!r} is not allowed: {allowed} ({err}).") from err
    require(not pd.isna(stamp) and stamp.tzinfo is not None, flag, text, allowed)
    return stamp


def _projected_crs(text: str) -> CRS:
    allowed = "a projected CRS in metres that pyproj knows, e.g. EPSG:32652 (UTM 52N)"
    try:
        crs = CRS.from_user_input(text)
    except CRSError as err:
        raise TwinInputError(f"--crs={text!r} is not allowed: {allowed}.") from err
    metres = all(axis.unit_name in ("metre", "meter") for axis in crs.axis_info)
    require(crs.is_projected and metres, "--crs", text, allowed)
    return crs


def _require_area_of_use(crs: CRS, text: str, package: CamtrapPackage) -> None:
    """Locations far outside the CRS's area of use would get distorted distances."""
    area = crs.area_of_use
    lon, lat = package.deployments["longitude"], package.deployments["latitude"]
    if area is None or area.west > area.east or lon.isna().all():
        return
    inside = (
        (lon >= area.west - CRS_MARGIN_DEG)
        & (lon <= area.east + CRS_MARGIN_DEG)
        & (lat >= area.south - CRS_MARGIN_DEG)
        & (lat <= area.north + CRS_MARGIN_DEG)
    )
    require(
        bool(inside.all()),
        "--crs",
        text,
        f"a CRS whose area of use (longitude {area.west:g} to "
        f"{area.east:g}, latitude {area.south:g} to {area.north:g}) covers the package's "
        f"locations (longitude {lon.min():.4g} to {lon.max():.4g}, latitude {lat.min():.4g} "
        f"to {lat.max():.4g}), e.g. the UTM zone of the study area",
    )


def _no_individuals(package: CamtrapPackage, species: str, folder: Path) -> str:
    """Why the capture history has no individual: a species not in the package, or no ids."""
    obs = package.observations
    of_species = obs[obs["scientificName"] == species]
    if of_species.empty:
        present = sorted(set(obs["scientificName"]) - {""})
        listed = ", ".join(present[:MAX_LISTED]) + (" ..." if len(present) > MAX_LISTED else "")
        return (
            f"--species={species!r}: {folder} has no observations of this species; species "
            f"present: {listed or 'none'}."
        )
    identified = int((of_species["individualID"] != "").sum())
    if identified == 0:
        return (
            f"--species={species!r}: none of the {len(of_species)} observations of this species "
            f"in {folder} has an individualID; capture-recapture needs individually identified "
            "animals."
        )
    return (
        f"--species={species!r}: the {identified} observations of this species with an "
        f"individualID in {folder} fall outside the survey window; widen --start/--end."
    )


def _fit(args: argparse.Namespace, history: CaptureHistory) -> SCRFit | ClosedCRFit:
    if args.estimator == "scr":
        return SCR(
            history, _mask(args, history), args.detectfn or DEFAULT_DETECTFN, by_sex=args.by_sex
        ).fit()
    require(
        history.n_occasions >= 2,
        "--estimator",
        args.estimator,
        f"data with at least 2 occasions for a closed-population model (these have "
        f"{history.n_occasions}; use shorter occasions)",
    )
    model = CLOSED_MODELS[args.estimator]
    return ClosedCR(history, model, jackknife_order=args.jackknife_order or 1).fit()


def _mask(args: argparse.Namespace, history: CaptureHistory) -> Mask:
    if args.mask is not None:
        return Mask.from_csv(args.mask)
    return Mask.from_traps(
        history, args.buffer_m, spacing_m=args.mask_spacing_m, nx=args.mask_nx or DEFAULT_MASK_NX
    )


def entry_point() -> None:
    """Console-script entry point of ``twin-estimate``."""
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
