"""Write survey records as a Camtrap DP 1.0.2 package, atomically and validated.

The package is built in a hidden temporary folder next to the target, validated (the descriptor
with jsonschema, the tables with the fast check of :mod:`twin.io.camtrapdp_check`, or with
frictionless on request), and only then renamed into place. A failure removes the temporary
folder and leaves any existing package untouched; an existing package is replaced only with
``overwrite=True`` and only after the new one is complete.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from twin.cameras.records import SurveyRecords
from twin.errors import TwinInputError, require
from twin.io.camtrapdp_descriptor import ProjectMetadata, build_descriptor
from twin.io.camtrapdp_spec import OUTAGES_NAME
from twin.io.camtrapdp_tables import (
    COORDINATE_DECIMALS,
    deployments_table,
    media_table,
    observations_table,
    outages_table,
)
from twin.io.camtrapdp_validate import validate_package
from twin.io.records_check import require_records
from twin.io.sharing import SharingPolicy, generalise, sharing_note

PRIVATE_NOTE = (
    "Private package: exact station coordinates and times of an endangered species. Share the "
    "version written with a SharingPolicy instead."
)
PRIVATE_UNCERTAINTY_M = 1
"""coordinateUncertainty of the private package, m (rounding to 1e-5 degree)."""


def package_tables(
    records: SurveyRecords,
    crs: str,
    share: SharingPolicy | None,
    animals: pd.DataFrame | None = None,
) -> tuple[dict[str, pd.DataFrame], str, float]:
    """Return the package's tables, its description note and its coordinate precision (deg);
    ``animals`` as :func:`twin.io.camtrapdp_tables.observations_table` takes it."""
    tags = None
    note, precision, uncertainty_m = PRIVATE_NOTE, 10.0**-COORDINATE_DECIMALS, PRIVATE_UNCERTAINTY_M
    if share is not None:
        note = sharing_note(records, share)
        records, tags = generalise(records, share)
        precision, uncertainty_m = share.coordinate_precision_deg, share.coordinate_uncertainty_m
    tables = {
        "deployments": deployments_table(records, crs, uncertainty_m),
        "media": media_table(records),
        "observations": observations_table(records, tags, animals),
        OUTAGES_NAME: outages_table(records),
    }
    return tables, note, precision


def _write_tables(folder: Path, tables: dict[str, pd.DataFrame]) -> None:
    for name, table in tables.items():
        table.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n", na_rep="")


def _write_descriptor(folder: Path, descriptor: dict) -> None:
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    (folder / "datapackage.json").write_text(text, encoding="utf-8")


def _check_target(folder: Path, overwrite: bool) -> None:
    require(not folder.is_file(), "folder", str(folder), "a folder path, not a file")
    if not folder.exists() or not any(folder.iterdir()):
        return
    require(
        (folder / "datapackage.json").is_file(),
        "folder",
        str(folder),
        "a new or empty folder, or an existing Camtrap DP package (with overwrite=True)",
    )
    require(overwrite, "overwrite", overwrite, f"True to replace the package in {folder}")


def _move_into_place(staging: Path, folder: Path) -> None:
    if folder.exists() and any(folder.iterdir()):
        old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
        os.replace(folder, old / folder.name)
        try:
            os.replace(staging, folder)
        except OSError:
            os.replace(old / folder.name, folder)
            raise
        shutil.rmtree(old)
    else:
        if folder.exists():
            folder.rmdir()
        os.replace(staging, folder)


def write_camtrap_dp(
    records: SurveyRecords,
    folder: str | Path,
    *,
    crs: str | None = None,
    metadata: ProjectMetadata | None = None,
    share: SharingPolicy | None = None,
    overwrite: bool = False,
    full_validation: bool = False,
    animals: pd.DataFrame | None = None,
) -> Path:
    """Write ``records`` as a Camtrap DP 1.0.2 package folder.

    Parameters
    ----------
    records
        Survey records (truth columns are not written).
    folder
        Target folder; created. Must be new, empty, or (with ``overwrite``) a package.
    crs
        CRS of ``x_m``/``y_m``; default ``records.crs`` (EPSG:32652, UTM 52N, metres).
    metadata
        Project metadata; default :class:`ProjectMetadata()`.
    share
        None writes the private, full-precision package; a :class:`SharingPolicy` writes the
        generalised one meant for sharing (write it to a different folder).
    overwrite
        Replace an existing package in ``folder`` once the new one is complete and valid.
    full_validation
        Validate the tables with frictionless instead of the fast check (same rules and
        messages, about ten times slower; see :func:`twin.io.validate_package`).
    animals
        Sex and life-stage days of each animal by true id
        (:func:`twin.run_tables.observer_table`): identified cats get ``lifeStage``, adults
        ``sex``, as a field observer records them. None leaves both empty.

    Returns
    -------
    pathlib.Path
        The package folder.
    """
    require_records(records)
    folder = Path(folder)
    metadata = metadata or ProjectMetadata()
    _check_target(folder, overwrite)
    tables, note, precision = package_tables(records, crs or records.crs, share, animals)
    created = metadata.created or records.datetime_of(records.deployments["end_min"].max())
    if share is not None:  # the survey's end to the second would date the last deployment
        created = created.replace(hour=0, minute=0, second=0, microsecond=0)
    descriptor = build_descriptor(
        tables, metadata, created=created, coordinate_precision_deg=precision, note=note
    )
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.partial-", dir=folder.parent))
    try:
        staging.chmod(0o755)
        _write_tables(staging, tables)
        _write_descriptor(staging, descriptor)
        del tables  # the check reads the files back: the frames would double its peak memory
        problems = validate_package(staging, full=full_validation)
        if problems:
            raise TwinInputError(
                f"records give an invalid Camtrap DP package for {folder}: " + "; ".join(problems)
            )
        _move_into_place(staging, folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return folder
