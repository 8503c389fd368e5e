"""Sensitive locations: what a package meant for sharing hides of an endangered cat's whereabouts.

Poachers read data papers too. A shared package therefore

- moves every station to the centre of the ``grid_m`` x ``grid_m`` cell (UTM metres) that holds
  the station's mean position, and sets ``coordinateUncertainty`` to half the cell diagonal;
- drops the camera heading (on trails it is the trail's direction), or rounds it to 45 degrees;
- re-issues every station, camera, deployment, event and media id as a number drawn in a random
  order (from ``secret``, never from positions or the old ids, which are numbered north to
  south), and writes the rows in the order of the new ids or of whole days;
- widens deployment and outage times to whole local days (00:00:00 of the first, 23:59:59 of the
  last): when a crew stood at a station does not age out;
- widens the time of every event in the last ``withhold_recent_days`` (before ``as_of``, default
  the end of the last deployment) to its local calendar days, tags it
  ``timestampGeneralised:day`` in place of its day/night tag, and leaves out its media rows,
  whose timestamps are exact. The schema needs full date-times, so a day-long interval that
  contains the event is the honest value it allows.

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
from twin.config.run import HEADING_POLICIES, SharingConfig
from twin.errors import require
from twin.io.timestamps import DAY_MIN, iso_date, local_day_start_min

GENERALISED_TAG = "timestampGeneralised:day"
METRES_PER_DEGREE = 111_320.0
HEADING_STEP_DEG = 45.0
SECOND_MIN = 1.0 / 60.0
SHARING_STREAM_KEY = 0x5348_4152
"""Spawn key of the new ids' stream ("SHAR"), apart from the run's own streams."""
NEW_ID_PREFIXES = {"station_id": "L", "camera_id": "C", "deployment_id": "D", "sequence_id": "E"}
"""Prefix of the re-issued ids of each id column (L: Camtrap DP location, E: event)."""


@dataclass(frozen=True)
class SharingPolicy:
    """How a package for sharing generalises locations, headings, ids and times.

    Defaults are those of ``output.sharing`` (:class:`~twin.config.run.SharingConfig`).

    Parameters
    ----------
    grid_m
        Cell size of the generalisation grid, m (> 0).
    withhold_recent_days
        Events this many days before ``as_of`` or later lose their exact time, days (>= 0).
    as_of
        Timezone-aware reference time; None uses the end of the last deployment, so that the
        same records always give the same shared package.
    heading
        ``"drop"`` leaves the camera heading out; ``"round45"`` rounds it to 45 degrees.
    secret
        Integer (>= 0) the new ids' order is drawn from; keep it private, since with it and
        the private package the old ids can be matched. None draws fresh entropy from the
        operating system, so each write gives other ids. A twin run passes its seed (its
        survey is simulated), so that the same seed gives the same bytes.
    """

    grid_m: float = SharingConfig.grid_m
    withhold_recent_days: float = SharingConfig.withhold_recent_days
    as_of: datetime | None = None
    heading: str = SharingConfig.heading
    secret: int | None = None

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
        require(
            self.heading in HEADING_POLICIES,
            "share.heading",
            self.heading,
            f"one of {HEADING_POLICIES}",
        )
        require(
            self.secret is None or (isinstance(self.secret, int) and self.secret >= 0),
            "share.secret",
            self.secret,
            "None or a whole number >= 0",
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


def shared_heading(heading_deg: pd.Series, policy: str) -> np.ndarray:
    """Compass headings as ``policy`` shares them: NaN (``drop``) or the nearest 45 degrees."""
    if policy == "drop":
        return np.full(len(heading_deg), np.nan)
    steps = np.rint(heading_deg.to_numpy(float) / HEADING_STEP_DEG)
    return (steps * HEADING_STEP_DEG) % 360.0


def widen_to_days(
    start_datetime: datetime, start_min: npt.ArrayLike, end_min: npt.ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    """Return the local calendar days that hold each interval, in survey minutes.

    From 00:00:00 of the day of ``start_min`` to 23:59:59 of the day that ends at or after
    ``end_min``; an interval holds at least one day. Widening is monotone, so an interval
    inside another stays inside it.
    """
    end = np.asarray(end_min, float)
    first = local_day_start_min(start_datetime, np.asarray(start_min, float))
    last = local_day_start_min(start_datetime, end)
    last = np.where(last < end, last + DAY_MIN, last)
    return first, np.maximum(last, first + DAY_MIN) - SECOND_MIN


def reissued_ids(records: SurveyRecords, policy: SharingPolicy) -> dict[str, dict[str, str]]:
    """Map the old ids of each id column to new ones, numbered in a random order.

    The order comes from ``policy.secret`` alone: not from positions, times or the old ids.
    Columns are drawn in the order of :data:`NEW_ID_PREFIXES`, each id set sorted first, so
    that the same records and secret give the same ids.
    """
    seed = np.random.SeedSequence(policy.secret, spawn_key=(SHARING_STREAM_KEY,))
    rng = np.random.default_rng(seed)
    tables = (records.deployments, records.sequences)
    maps = {}
    for column, prefix in NEW_ID_PREFIXES.items():
        old = np.unique(np.concatenate([t[column].to_numpy(str) for t in tables if column in t]))
        width = len(str(old.size))
        numbers = rng.permutation(old.size) + 1
        maps[column] = {o: f"{prefix}{n:0{width}d}" for o, n in zip(old, numbers, strict=True)}
    return maps


def _renamed(frame: pd.DataFrame, maps: dict[str, dict[str, str]]) -> pd.DataFrame:
    """``frame`` with its id columns re-issued (ids without a new one, such as "", kept)."""
    new = {col: frame[col].map(ids).fillna(frame[col]) for col, ids in maps.items() if col in frame}
    return frame.assign(**new)


def _deployments(
    records: SurveyRecords, policy: SharingPolicy, maps: dict[str, dict[str, str]]
) -> pd.DataFrame:
    dep = records.deployments
    station = dep.groupby("station_id", sort=False)[["x_m", "y_m"]].transform("mean")
    start, end = widen_to_days(records.start_datetime, dep["start_min"], dep["end_min"])
    shared = dep.assign(
        x_m=cell_centres(station["x_m"], policy.grid_m),
        y_m=cell_centres(station["y_m"], policy.grid_m),
        heading_deg=shared_heading(dep["heading_deg"], policy.heading),
        start_min=start,
        end_min=end,
    )
    return _renamed(shared, maps).sort_values("deployment_id", ignore_index=True)


def _sequences(records: SurveyRecords, policy: SharingPolicy) -> tuple[pd.DataFrame, np.ndarray]:
    """Sequences with recent retrieved events widened to days, and which ones were."""
    seq = records.sequences
    recent = seq["retrieved"].to_numpy(bool) & (seq["start_min"] >= cutoff_min(records, policy))
    start, end = widen_to_days(records.start_datetime, seq["start_min"], seq["end_min"])
    widened = seq.assign(
        start_min=np.where(recent, start, seq["start_min"]),
        end_min=np.where(recent, end, seq["end_min"]),
    )
    return widened, recent


def _media(media: pd.DataFrame, maps: dict[str, dict[str, str]]) -> pd.DataFrame:
    """Media renamed after their new event: ``<event>-<photo>`` in ``media/<deployment>/``."""
    shared = _renamed(media, maps).sort_values(["sequence_id", "timestamp_min"], kind="stable")
    photo = shared.groupby("sequence_id", sort=False).cumcount() + 1
    media_id = shared["sequence_id"] + "-" + photo.map("{:02d}".format)
    suffix = shared["file_name"].str.extract(r"(\.[^.]*)$", expand=False).fillna("")
    file_name = media_id + suffix
    return shared.assign(
        media_id=media_id,
        file_name=file_name,
        file_path="media/" + shared["deployment_id"] + "/" + file_name,
    ).sort_values(["timestamp_min", "media_id"], ignore_index=True)


def generalise(records: SurveyRecords, policy: SharingPolicy) -> tuple[SurveyRecords, pd.Series]:
    """Return records fit for sharing and the extra observation tags by (new) sequence id.

    Parameters
    ----------
    records
        Full-precision survey records (left unchanged).
    policy
        The sharing policy.

    Returns
    -------
    tuple
        ``(shared_records, tags)``: the records with generalised stations, headings, ids and
        times, without the media of recent events; ``tags`` maps the new ids of recent
        events to :data:`GENERALISED_TAG`, which takes the place of their day/night tag.
    """
    maps = reissued_ids(records, policy)
    sequences, recent = _sequences(records, policy)
    withheld = records.media["sequence_id"].isin(sequences["sequence_id"][recent])
    sequences = _renamed(sequences, maps)
    start, end = widen_to_days(
        records.start_datetime, records.operation["start_min"], records.operation["end_min"]
    )
    shared = replace(
        records,
        deployments=_deployments(records, policy, maps),
        sequences=sequences.sort_values(["start_min", "sequence_id"], ignore_index=True),
        media=_media(records.media[~withheld], maps),
        operation=_renamed(records.operation.assign(start_min=start, end_min=end), maps),
    )
    ids = sequences["sequence_id"][recent].to_numpy(str)
    return shared, pd.Series(GENERALISED_TAG, index=ids, dtype=object)


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
    heading = "left out" if policy.heading == "drop" else "rounded to 45 degrees"
    return (
        f"Shared version: station coordinates are moved to the centres of a {policy.grid_m:g} m "
        f"grid (coordinateUncertainty {policy.coordinate_uncertainty_m} m); camera headings are "
        f"{heading}; location, camera, deployment, event and media ids are re-issued in a random "
        f"order; deployment and outage times are widened to whole local days; events from "
        f"{cutoff} on have their time widened to the local calendar day (observationTags "
        f"'{GENERALISED_TAG}' in place of the day/night tag) and their media left out. The "
        f"full-precision package is private."
    )
