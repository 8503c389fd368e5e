"""Capture histories straight from simulated survey records, using only what observers know."""

from __future__ import annotations

import pandas as pd

from twin.cameras.records import SurveyRecords
from twin.errors import require
from twin.io.capture_history import CaptureHistory, build_capture_history
from twin.io.operation import working_intervals
from twin.io.records_check import require_records
from twin.taxa import TAXA


def species_code(scientific_name: str) -> int:
    """Return the :mod:`twin.taxa` code of a scientific name such as ``"Panthera pardus"``."""
    codes = {taxon.scientific_name: code for code, taxon in TAXA.items()}
    require(scientific_name in codes, "species", scientific_name, f"one of {sorted(codes)}")
    return codes[scientific_name]


def station_table(deployments: pd.DataFrame) -> pd.DataFrame:
    """One row per station, sorted by id: mean ``x_m``/``y_m`` of its deployments, m."""
    grouped = deployments.groupby("station_id", sort=True)[["x_m", "y_m"]].mean()
    return grouped.reset_index()


def capture_history_from_records(
    records: SurveyRecords,
    species: str = "Panthera pardus",
    occasion_days: float = 7.0,
    start_min: float | None = None,
    end_min: float | None = None,
    independence_min: float = 30.0,
) -> CaptureHistory:
    """Build the capture history an analyst would build from the survey's photos.

    Only retrieved sequences that the observers identified to an individual count, under the id
    they assigned (misidentifications included); ``true_*`` columns are never read. Detectors are
    stations; usage comes from the ``operation`` table's ``working`` intervals.

    Parameters
    ----------
    records
        Survey records.
    species
        Scientific name (see :data:`twin.taxa.TAXA`).
    occasion_days
        Occasion length, days.
    start_min, end_min
        Survey window in minutes since ``records.start_datetime``; default the whole survey.
    independence_min
        Minimum gap between two counted detections of one individual at one station, minutes.

    Returns
    -------
    CaptureHistory
        Counts of detection events per individual, occasion and station.
    """
    require_records(records, ("deployments", "sequences", "operation"))
    code = species_code(species)
    seq = records.sequences
    chosen = seq[
        seq["retrieved"]
        & seq["identified"]
        & (seq["species"] == code)
        & (seq["individual_id"] != "")
    ]
    detections = pd.DataFrame(
        {
            "individual_id": chosen["individual_id"].astype(str),
            "station_id": chosen["station_id"].astype(str),
            "time_min": chosen["start_min"].astype(float),
        }
    )
    return build_capture_history(
        detections,
        station_table(records.deployments),
        working_intervals(records),
        species=species,
        occasion_days=occasion_days,
        start_min=0.0 if start_min is None else float(start_min),
        end_min=records.survey_min if end_min is None else float(end_min),
        independence_min=independence_min,
    )
