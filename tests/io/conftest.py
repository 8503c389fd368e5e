"""A small hand-made survey: three stations, paired cameras, a theft and two outages."""

from __future__ import annotations

import pytest

from twin.cameras.records import (
    DEPLOYMENT_COLUMNS,
    MEDIA_COLUMNS,
    OPERATION_COLUMNS,
    SEQUENCE_COLUMNS,
    SurveyRecords,
    typed_table,
)
from twin.taxa import HUMAN, LEOPARD, TIGER

DAY = 1440.0
SURVEY_DAYS = 28.0
END = SURVEY_DAYS * DAY
STATIONS = {
    "S01": (687_150.0, 4_774_480.0),
    "S02": (690_030.0, 4_776_020.0),
    "S03": (702_780.0, 4_797_160.0),
}


def _deployment(dep: str, cam: str, station: str, start: float, end: float) -> dict:
    x, y = STATIONS[station]
    offset = 4.0 if cam.endswith("b") else 0.0
    return {
        "deployment_id": dep, "camera_id": cam, "station_id": station, "x_m": x + offset,
        "y_m": y, "heading_deg": 90.0 if offset else 270.0, "camera_model": "Reconyx-HF2X",
        "camera_height_m": 0.6, "detection_distance_m": 12.0, "start_min": start, "end_min": end,
    }  # fmt: skip


DEPLOYMENTS = [
    _deployment("D01a", "C01a", "S01", 0.0, END),
    _deployment("D01b", "C01b", "S01", 0.0, END),
    _deployment("D02a", "C02a", "S02", 0.0, END),
    _deployment("D02b", "C02b", "S02", 0.0, END),
    _deployment("D03a", "C03a", "S03", 0.0, 12 * DAY),
    _deployment("D03b", "C03b", "S03", 12 * DAY, END),
]

OPERATION = [
    ("C01a", "D01a", 0.0, 8 * DAY, "working"),
    ("C01a", "D01a", 8 * DAY, 15 * DAY, "battery_flat"),
    ("C01a", "D01a", 15 * DAY, END, "working"),
    ("C01b", "D01b", 0.0, END, "working"),
    ("C02a", "D02a", 0.0, 7 * DAY, "working"),
    ("C02a", "D02a", 7 * DAY, 14 * DAY, "card_full"),
    ("C02a", "D02a", 14 * DAY, END, "working"),
    ("C02b", "D02b", 0.0, 7 * DAY, "working"),
    ("C02b", "D02b", 7 * DAY, 14 * DAY, "malfunction"),
    ("C02b", "D02b", 14 * DAY, END, "working"),
    ("C03a", "D03a", 0.0, 10 * DAY, "working"),
    ("C03a", "D03a", 10 * DAY, 12 * DAY, "stolen"),
    ("C03b", "", 0.0, 12 * DAY, "not_deployed"),
    ("C03b", "D03b", 12 * DAY, END, "working"),
]

# (sequence, deployment, camera, station, start_min, species, animal, identified, id, retrieved)
SEQUENCES = [
    ("q01", "D01a", "C01a", "S01", 0.5 * DAY, LEOPARD, 7, True, "PP01", True),
    ("q02", "D01b", "C01b", "S01", 0.5 * DAY + 0.2, LEOPARD, 7, True, "PP01", True),
    ("q03", "D01b", "C01b", "S01", 9.25 * DAY, LEOPARD, 8, True, "PP02", True),
    ("q04", "D02a", "C02a", "S02", 3.75 * DAY, LEOPARD, 8, True, "PP02", True),
    ("q05", "D02a", "C02a", "S02", 20.1 * DAY, LEOPARD, 9, False, "", True),
    ("q06", "D03a", "C03a", "S03", 2.0 * DAY, TIGER, 30, True, "PT01", True),
    ("q07", "D03a", "C03a", "S03", 9.0 * DAY, LEOPARD, 7, True, "PP01", False),
    ("q08", "D03b", "C03b", "S03", 26.9 * DAY, LEOPARD, 7, True, "PP01", True),
    ("q09", "D02b", "C02b", "S02", 15.3 * DAY, HUMAN, -1, False, "", True),
    ("q10", "D01a", "C01a", "S01", 16.6 * DAY, -1, -1, False, "", True),
]


def _sequence(row: tuple) -> dict:
    seq, dep, cam, station, start, species, animal, identified, ident, retrieved = row
    return {
        "sequence_id": seq, "deployment_id": dep, "camera_id": cam, "station_id": station,
        "start_min": start, "end_min": start + 0.1, "n_photos": 3, "species": species,
        "true_animal_id": animal, "distance_m": 6.5, "angle_rad": -0.3, "speed_m_per_s": 0.8,
        "flank": int(cam.endswith("b")), "is_night": start % DAY < 300, "retrieved": retrieved,
        "identified": identified, "individual_id": ident, "misidentified": False,
    }  # fmt: skip


def _media(sequences: list[dict]) -> list[dict]:
    rows = []
    for seq in sequences:
        if not seq["retrieved"]:
            continue
        for k in range(seq["n_photos"]):
            name = f"{seq['sequence_id']}_{k + 1:02d}.jpg"
            rows.append({
                "media_id": f"{seq['sequence_id']}-{k + 1}", "sequence_id": seq["sequence_id"],
                "deployment_id": seq["deployment_id"], "timestamp_min": seq["start_min"] + k / 60,
                "file_name": name, "file_path": f"media/{seq['deployment_id']}/{name}",
                "file_mediatype": "image/jpeg", "is_night": seq["is_night"],
            })  # fmt: skip
    return rows


def make_records() -> SurveyRecords:
    """Return the hand-made survey used across the io tests."""
    sequences = [_sequence(row) for row in SEQUENCES]
    operation = [dict(zip(OPERATION_COLUMNS, row, strict=True)) for row in OPERATION]
    return SurveyRecords(
        deployments=typed_table(DEPLOYMENTS, DEPLOYMENT_COLUMNS),
        sequences=typed_table(sequences, SEQUENCE_COLUMNS),
        media=typed_table(_media(sequences), MEDIA_COLUMNS),
        operation=typed_table(operation, OPERATION_COLUMNS),
        survey_days=SURVEY_DAYS,
    )


@pytest.fixture
def records() -> SurveyRecords:
    """The hand-made survey."""
    return make_records()
