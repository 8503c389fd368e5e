"""Sensitive locations: what a package meant for sharing hides of an endangered cat's whereabouts.

Poachers read data papers too. A shared package therefore

- moves every station to the centre of its ``grid_m`` x ``grid_m`` cell (UTM metres) and sets
  ``coordinateUncertainty`` to half the cell diagonal;
- widens the time of every event in the last ``withhold_recent_days`` (before ``as_of``, default
  the end of the last deployment) to its local calendar day, clipped to the deployment
  (``eventStart`` 00:00:00, ``eventEnd`` 23:59:59, tag ``timestampGeneralised:day``), and leaves out
  the media rows of those events, whose timestamps are exact. The schema needs full date-times,
  so a day-long interval that contains the event is the honest value it allows.

The full-precision package stays private; the shared one is written to another folder.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime

import numpy as np
import numpy.typing as npt
import pandas as pd

from twin.cameras.records import SurveyRecords
from twin.errors import require
from twin.io.timestamps import DAY_MIN, iso_date, local_day_start_min

GENERALISED_TAG = "timestampGeneralised:day"
METRES_PER_DEGREE = 111_320.0


@dataclass(frozen=True)
class SharingPolicy:
    """How a package for sharing generalises locations and recent times.

    Parameters
    ----------
    grid_m
        Cell size of the generalisation grid, m (> 0).
    withhold_recent_days
        Events this many days before ``as_of`` or later lose their exact time, days (>= 0).
    as_of
        Timezone-aware reference time; None uses the end of the last deployment, so that the
        same records always give the same shared package.
    """

    grid_m: float = 10_000.0
    withhold_recent_days: float = 365.0
    as_of: datetime | None = None

    def __post_init__(self) -> None:
        require(
            math.isfinite(self.grid_m) and self.grid_m > 0, "share.grid_m", self.grid_m, "> 0 m"
        )
        require(
            math.isfinite(self.withhold_recent_days) and self.withhold_recent_days >= 0,
            "share.withhold_recent_days",
            self.withhold_recent_days,
            "a number of days >= 0",
        )
        require(
            self.as_of is None or self.as_of.tzinfo is not None,
            "share.as_of",
            self.as_of,
            "None or a timezone-aware datetime",
        )

    @property
    def coordinate_uncertainty_m(self) -> int:
        """Half the diagonal of a grid cell, m, rounded up."""
        return math.ceil(self.grid_m * math.sqrt(2.0) / 2.0)

    @property
    def coordinate_precision_deg(self) -> float:
        """The grid size in degrees of latitude, to one significant digit."""
        return float(f"{self.grid_m / METRES_PER_DEGREE:.1g}")


def cell_centres(value_m: npt.ArrayLike, grid_m: float) -> np.ndarray:
    """Return the centre of the ``grid_m`` cell that holds each coordinate, m."""
    return np.floor(np.asarray(value_m, float) / grid_m) * grid_m + grid_m / 2.0


def generalise(records: SurveyRecords, policy: SharingPolicy) -> tuple[SurveyRecords, pd.Series]:
    """Return records fit for sharing and the extra observation tags by sequence id.

    Parameters
    ----------
    records
        Full-precision survey records (left unchanged).
    policy
        The sharing policy.

    Returns
    -------
    tuple
        ``(shared_records, tags)``: the records with generalised stations, widened recent
        events and without their media; ``tags`` maps sequence ids to
        :data:`GENERALISED_TAG`.
    """
    dep = records.deployments.assign(
        x_m=cell_centres(records.deployments["x_m"], policy.grid_m),
        y_m=cell_centres(records.deployments["y_m"], policy.grid_m),
    )
    seq = records.sequences
    recent = seq["retrieved"].to_numpy(bool) & (seq["start_min"] >= cutoff_min(records, policy))
    bounds = records.deployments.set_index("deployment_id")[["start_min", "end_min"]]
    dep_start = seq["deployment_id"].map(bounds["start_min"]).to_numpy(float)
    dep_end = seq["deployment_id"].map(bounds["end_min"]).to_numpy(float)
    day_start = local_day_start_min(records.start_datetime, seq["start_min"].to_numpy(float))
    day_end = day_start + DAY_MIN - 1.0 / 60.0
    widened = seq.assign(
        start_min=np.where(recent, np.maximum(day_start, dep_start), seq["start_min"]),
        end_min=np.where(recent, np.minimum(day_end, dep_end), seq["end_min"]),
    )
    ids = seq["sequence_id"][recent]
    media = records.media[~records.media["sequence_id"].isin(ids)]
    tags = pd.Series(GENERALISED_TAG, index=ids.to_numpy(str), dtype=object)
    return replace(records, deployments=dep, sequences=widened, media=media), tags


def cutoff_min(records: SurveyRecords, policy: SharingPolicy) -> float:
    """Survey minute from which events count as recent under ``policy``."""
    if policy.as_of is None:
        as_of_min = float(records.deployments["end_min"].max())
    else:
        as_of_min = (policy.as_of - records.start_datetime).total_seconds() / 60.0
    return as_of_min - policy.withhold_recent_days * DAY_MIN


def sharing_note(records: SurveyRecords, policy: SharingPolicy) -> str:
    """One paragraph for the shared descriptor saying what was generalised."""
    cutoff = iso_date(records.start_datetime, cutoff_min(records, policy))
    return (
        f"Shared version: station coordinates are moved to the centres of a {policy.grid_m:g} m "
        f"grid (coordinateUncertainty {policy.coordinate_uncertainty_m} m); events from "
        f"{cutoff} on have their time widened to the local calendar day (observationTags "
        f"'{GENERALISED_TAG}') and their media left out. The full-precision package is private."
    )
