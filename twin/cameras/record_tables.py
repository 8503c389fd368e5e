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
    log = pd.DataFrame(triggers, columns=Trigger._fields)
    cams = log["camera"].to_numpy()
    deployment = np.asarray(deployment_ids, dtype=object)[log["deployment"].to_numpy()]
    serial = log.groupby("deployment").cumcount().to_numpy() + 1
    frame = log.drop(columns=["camera", "deployment"]).assign(
        sequence_id=[f"{d}-s{n:05d}" for d, n in zip(deployment, serial, strict=True)],
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
    names = [f"{s}-{k:02d}" for s, k in zip(seq_ids, serial, strict=True)]
    timestamps = kept["start_min"].to_numpy(float)[rows] + (serial - 1) * photo_interval_s / 60.0
    return typed_table(
        {
            "media_id": names,
            "sequence_id": seq_ids,
            "deployment_id": dep_ids,
            "timestamp_min": timestamps,
            "file_name": [f"{n}.jpg" for n in names],
            "file_path": [f"media/{d}/{n}.jpg" for d, n in zip(dep_ids, names, strict=True)],
            "file_mediatype": "image/jpeg",
            "is_night": kept["is_night"].to_numpy(bool)[rows],
        },
        MEDIA_COLUMNS,
    )
