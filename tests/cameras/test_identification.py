"""Identification of leopards and tigers from flanks, paired stations and misidentification."""

from __future__ import annotations

import numpy as np
import pytest
import simpy

from twin.cameras.camera_config import IdentificationConfig, load_camera_config
from twin.cameras.des import CameraArray
from twin.cameras.geometry import find_passages_reference
from twin.cameras.identification import (
    encounter_ids,
    identify,
    individual_label,
    read_probability,
)
from twin.cameras.records import SEQUENCE_COLUMNS, typed_table
from twin.cameras.spatial_index import CameraIndex
from twin.cameras.synthetic import make_passages, paired_layout
from twin.taxa import HUMAN, LEOPARD, TIGER


def sequences(rows):
    """A sequences table from partial rows (defaults: retrieved daytime leopard at 2 m)."""
    base = {"sequence_id": "", "deployment_id": "D", "camera_id": "C", "station_id": "S0",
            "start_min": 0.0, "end_min": 0.0, "n_photos": 3, "species": LEOPARD,
            "true_animal_id": 0, "distance_m": 2.0, "angle_rad": 0.0, "speed_m_per_s": 1.0,
            "flank": 0, "is_night": False, "retrieved": True, "identified": False,
            "individual_id": "", "misidentified": False}  # fmt: skip
    full = [{**base, "sequence_id": f"s{i}", **row} for i, row in enumerate(rows)]
    return typed_table(full, SEQUENCE_COLUMNS)


def test_labels_name_species_and_true_id():
    """Labels read like leopard-0042."""
    assert individual_label(LEOPARD, 42) == "leopard-0042"
    assert individual_label(TIGER, 7) == "tiger-0007"


def test_read_probability_day_night_and_distance():
    """Flanks are read less often at night and farther away."""
    cfg = IdentificationConfig()
    p = read_probability(np.array([0.0, 0.0, 10.0]), np.array([False, True, False]), cfg)
    assert p.tolist() == pytest.approx([0.95, 0.75, 0.475])


def test_identification_rate_day_vs_night():
    """With any_flank, day and night encounters are identified at p_read_day and p_read_night."""
    cfg = IdentificationConfig(flank_policy="any_flank", misid_rate=0.0)
    n = 4000
    rows = [{"true_animal_id": i, "distance_m": 0.0, "is_night": i % 2 == 1} for i in range(n)]
    out = identify(sequences(rows), cfg, np.random.default_rng(1))
    day, night = out["identified"].to_numpy()[0::2], out["identified"].to_numpy()[1::2]
    se = np.sqrt(0.25 / (n / 2))
    assert day.mean() == pytest.approx(0.95, abs=3 * se)
    assert night.mean() == pytest.approx(0.75, abs=3 * se)


def test_paired_station_gives_both_flanks_and_catalogue_entry():
    """Both flanks in one encounter catalogue the animal; its single-flank encounters then match."""
    cfg = IdentificationConfig(p_read_day=1.0, misid_rate=0.0)
    rows = [
        {"true_animal_id": 5, "start_min": 0.0, "flank": 0, "camera_id": "A"},
        {"true_animal_id": 5, "start_min": 0.5, "flank": 1, "camera_id": "B"},
        {"true_animal_id": 5, "start_min": 900.0, "flank": 1, "station_id": "S1"},
        {"true_animal_id": 6, "start_min": 0.0, "flank": 0},
        {"true_animal_id": 6, "start_min": 500.0, "flank": 1},
    ]
    frame = sequences(rows)
    encounter = encounter_ids(frame, 120.0)
    assert encounter[0] == encounter[1] and len(set(encounter)) == 4
    out = identify(frame, cfg, np.random.default_rng(0))
    assert out["individual_id"].tolist() == ["leopard-0005"] * 3 + ["", ""]
    anyflank = identify(frame, IdentificationConfig(p_read_day=1.0, misid_rate=0.0,
                                                    flank_policy="any_flank"),
                        np.random.default_rng(0))  # fmt: skip
    assert anyflank["identified"].all()


def test_misidentification_rate_and_labels():
    """About misid_rate of identified encounters carry another catalogued animal's label."""
    cfg = IdentificationConfig(p_read_day=1.0, misid_rate=0.2, flank_policy="any_flank")
    n = 3000
    rows = [{"true_animal_id": i % 30, "start_min": 10.0 * i, "distance_m": 0.0} for i in range(n)]
    out = identify(sequences(rows), cfg, np.random.default_rng(2))
    wrong = out["misidentified"].to_numpy()
    assert wrong.mean() == pytest.approx(0.2, abs=3 * np.sqrt(0.16 / n))
    true = [individual_label(LEOPARD, a) for a in out["true_animal_id"]]
    labels = out["individual_id"].to_numpy()
    assert np.array_equal(labels != np.array(true), wrong)
    assert set(labels) <= {individual_label(LEOPARD, a) for a in range(30)}


def test_humans_and_unretrieved_stay_unidentified():
    """People and sequences lost with a camera are never given an individual label."""
    rows = [{"species": HUMAN, "true_animal_id": 1}, {"retrieved": False, "true_animal_id": 2}]
    out = identify(sequences(rows), IdentificationConfig(), np.random.default_rng(0))
    assert not out["identified"].any() and (out["individual_id"] == "").all()


def test_paired_cameras_in_the_array_identify_a_leopard():
    """One pass by both cameras of a station identifies the leopard in the survey records."""
    env = simpy.Environment()
    cfg = load_camera_config({"trigger": {"p_max": 1.0, "half_distance_m": 1000.0},
                              "identification": {"p_read_day": 1.0, "misid_rate": 0.0},
                              "crews": {"install_by_crews": False}})  # fmt: skip
    array = CameraArray(env, paired_layout(1), cfg, np.random.default_rng(0),
                        dist_road_m=np.full(2, 1e4), dist_village_m=np.full(2, 1e4),
                        survey_days=2.0)  # fmt: skip
    noon = 12 * 60.0
    array.submit(make_passages([0, 1, 0], [noon, noon + 0.1, noon + 600], animal_id=42,
                               flank=[0, 1, 0]))  # fmt: skip
    env.run(until=2 * 1440.0)
    seq = array.records().sequences
    assert seq["individual_id"].tolist() == ["leopard-0042"] * 3


def test_walk_between_paired_cameras_shows_both_flanks():
    """A leopard walking between a station's facing cameras is seen on both flanks."""
    layout = paired_layout(1)
    cams = layout.cameras
    index = CameraIndex.build(cams["x_m"].to_numpy(), cams["y_m"].to_numpy(),
                              cams["heading_rad"].to_numpy(), 12.0, np.radians(20.0))  # fmt: skip
    x = cams["x_m"].mean()
    y = cams["y_m"].iloc[0]
    passages = find_passages_reference(index, np.array([3]), np.array([LEOPARD], np.int8),
                                       np.array([x]), np.array([y - 50.0]), np.array([x]),
                                       np.array([y + 50.0]), 600.0, 615.0)  # fmt: skip
    assert sorted(passages.camera.tolist()) == [0, 1]
    assert sorted(passages.flank.tolist()) == [0, 1]
    env = simpy.Environment()
    cfg = load_camera_config({"trigger": {"p_max": 1.0, "half_distance_m": 1000.0},
                              "identification": {"p_read_day": 1.0, "misid_rate": 0.0},
                              "crews": {"install_by_crews": False}})  # fmt: skip
    array = CameraArray(env, layout, cfg, np.random.default_rng(0), dist_road_m=np.full(2, 1e4),
                        dist_village_m=np.full(2, 1e4), survey_days=1.0)  # fmt: skip
    env.run(until=600.0)
    array.submit(passages)
    env.run(until=1440.0)
    assert array.records().sequences["individual_id"].tolist() == ["leopard-0003"] * 2
