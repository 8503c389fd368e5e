"""Turn the camera array's trigger log into the ``sequences`` and ``media`` tables."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from twin.cameras.records import MEDIA_COLUMNS, SEQUENCE_COLUMNS, empty_table, typed_table


class Trigger(NamedTuple):
    """One burst as the simulation logs it (camera and deployment as row indices)."""

    camera: int
    deployment: int
    start_min: float
    end_min: float
    n_photos: int
    species: int
    true_animal_id: int
    distance_m: float
    angle_rad: float
    speed_m_per_s: float
    flank: int
    is_night: bool


def sequences_table(
    triggers: list[Trigger],
    retrieved: list[bool],
    cameras: pd.DataFrame,
    deployment_ids: list[str],
) -> pd.DataFrame:
    """Sequences (:data:`~twin.cameras.records.SEQUENCE_COLUMNS`) before identification.

    ``sequence_id`` is ``<deployment_id>-s<n>`` with ``n`` counting the deployment's triggers
    from 1. Identification columns start as unidentified.
    """
    if not triggers:
        return empty_table(SEQUENCE_COLUMNS)
    columns = zip(*triggers, strict=True)
    log = {name: np.array(col) for name, col in zip(Trigger._fields, columns, strict=True)}
    cams, deps = log.pop("camera"), log.pop("deployment")
    deployment = np.asarray(deployment_ids, dtype=object)[deps]
    serial = pd.Series(deps).groupby(deps).cumcount().to_numpy() + 1
    frame = pd.DataFrame(log).assign(
        sequence_id=[f"{d}-s{n:05d}" for d, n in zip(deployment, serial.tolist(), strict=True)],
        deployment_id=deployment,
        camera_id=cameras["camera_id"].astype(str).to_numpy()[cams],
        station_id=cameras["station_id"].astype(str).to_numpy()[cams],
        retrieved=np.asarray(retrieved, dtype=bool),
        identified=False,
        individual_id="",
        misidentified=False,
    )
    return typed_table(frame, SEQUENCE_COLUMNS)


def media_table(sequences: pd.DataFrame, photo_interval_s: float) -> pd.DataFrame:
    """One row per photo of each retrieved sequence (no image bytes exist).

    Photo ``k`` (from 1) of sequence ``S`` of deployment ``D`` is ``media/D/S-k.jpg``, taken
    ``(k - 1) * photo_interval_s`` after the sequence start.
    """
    kept = sequences[sequences["retrieved"].to_numpy(bool)]
    if kept.empty:
        return empty_table(MEDIA_COLUMNS)
    counts = kept["n_photos"].to_numpy(np.int64)
    rows = np.repeat(np.arange(len(kept)), counts)
    serial = np.arange(rows.size) - np.repeat(np.cumsum(counts) - counts, counts) + 1
    seq_ids = kept["sequence_id"].to_numpy(object)[rows]
    dep_ids = kept["deployment_id"].to_numpy(object)[rows]
    suffixes = np.array([f"-{k:02d}" for k in range(1, counts.max() + 1)], dtype=object)
    names = seq_ids + suffixes[serial - 1]  # object arrays: str concatenation in a C loop
    file_names = names + ".jpg"
    timestamps = kept["start_min"].to_numpy(float)[rows] + (serial - 1) * photo_interval_s / 60.0
    return typed_table(
        {
            "media_id": names,
            "sequence_id": seq_ids,
            "deployment_id": dep_ids,
            "timestamp_min": timestamps,
            "file_name": file_names,
            "file_path": "media/" + dep_ids + "/" + file_names,
            "file_mediatype": "image/jpeg",
            "is_night": kept["is_night"].to_numpy(bool)[rows],
        },
        MEDIA_COLUMNS,
    )
