"""The work of ``twin-estimate`` after its arguments are parsed: read the capture data (secr CSV
files or a Camtrap DP package), build the mask and fit the estimator.

Kept apart from :mod:`twin.cli.estimate` so that ``twin-estimate --help`` imports no numerical
library.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from pyproj import CRS
from pyproj.exceptions import CRSError

from twin.assessment.settings import MAX_MASK_POINTS
from twin.cli.estimate import (
    CLOSED_MODELS,
    CRS_MARGIN_DEG,
    DEFAULT_CRS,
    DEFAULT_DETECTFN,
    DEFAULT_INDEPENDENCE_MIN,
    DEFAULT_MASK_NX,
    DEFAULT_OCCASION_DAYS,
    DEFAULT_SPECIES,
    MAX_LISTED,
)
from twin.errors import TwinInputError, require
from twin.estimators import SCR, ClosedCR, ClosedCRFit, Mask, SCRFit
from twin.estimators.mask import trap_grid_points
from twin.io.camtrapdp_read import CamtrapPackage, capture_history, read_camtrap_dp, time_zone
from twin.io.camtrapdp_validate import validate_package
from twin.io.capture_history import CaptureHistory
from twin.io.secr_csv import read_secr_csv

MAX_SCR_PAIRS = 100_000_000
"""Most individuals x mask points an SCR fit takes (see docs/estimators.md, "Limits")."""


def capture_history_of(args: argparse.Namespace) -> CaptureHistory:
    """The capture history named by the command line (secr CSV files or a package)."""
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
    if args.timezone is not None:
        time_zone(args.timezone, "--timezone")
    folder = Path(args.package)
    package = read_package(folder, args.timezone)
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


def read_package(folder: str | Path, timezone: str | None) -> CamtrapPackage:
    """The package at ``folder``, refused with a message naming ``--package`` (and what the
    validator finds) when it is not a readable Camtrap DP package."""
    folder = Path(folder)
    require(
        (folder / "datapackage.json").is_file(),
        "--package",
        str(folder),
        "a Camtrap DP folder holding datapackage.json",
    )
    try:
        return read_camtrap_dp(folder, timezone)
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


def fit_model(args: argparse.Namespace, history: CaptureHistory) -> SCRFit | ClosedCRFit:
    """Fit the estimator named by the command line to ``history``."""
    if args.estimator == "scr":
        mask = _mask(args, history)
        _require_fit_size(args, history, mask)
        return SCR(history, mask, args.detectfn or DEFAULT_DETECTFN, by_sex=args.by_sex).fit()
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
        mask = Mask.from_csv(args.mask)
        _require_mask_size(mask.n_points, "--mask", args.mask, "rows")
        return mask
    nx = args.mask_nx or DEFAULT_MASK_NX
    by_nx = args.mask_spacing_m is None
    _require_mask_size(
        trap_grid_points(history, args.buffer_m, args.mask_spacing_m, nx),
        "--mask-nx" if by_nx else "--mask-spacing-m",
        nx if by_nx else args.mask_spacing_m,
        f"grid points over the detectors and the {args.buffer_m:g} m buffer",
    )
    return Mask.from_traps(history, args.buffer_m, spacing_m=args.mask_spacing_m, nx=nx)


def _require_fit_size(args: argparse.Namespace, history: CaptureHistory, mask: Mask) -> None:
    """Refuse an SCR fit that would run for hours: too many individuals x mask points."""
    pairs = history.n_individuals * mask.n_points
    flag, source = (
        ("--captures", args.captures) if args.package is None else ("--package", args.package)
    )
    require(
        pairs <= MAX_SCR_PAIRS,
        flag,
        source,
        f"data whose individuals x mask points stay within {MAX_SCR_PAIRS:,} for --estimator scr "
        f"(these: {history.n_individuals:,} individuals x {mask.n_points:,} points = {pairs:,}; "
        "the likelihood holds arrays of that size and its time grows with it: 20,000 x 3,968 "
        "took 4 min and 1 GB on 2 cores); use a coarser mask (--mask-nx, --mask-spacing-m) or "
        "fit a subset of the animals",
    )


def _require_mask_size(points: int, flag: str, value: object, what: str) -> None:
    """Refuse a mask beyond the twin's limit before it is built or fitted."""
    require(
        points <= MAX_MASK_POINTS,
        flag,
        value,
        f"a mask of at most {MAX_MASK_POINTS:,} points, the limit of the twin's own estimates "
        f"(this one has {points:,} {what}; each point costs memory and time in every "
        "likelihood evaluation)",
    )
