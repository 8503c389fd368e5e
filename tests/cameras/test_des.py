"""Behaviour of the camera array on synthetic passages in a real SimPy clock."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import simpy

from twin.cameras.array_inputs import PASSAGE_FIELDS
from twin.cameras.camera_config import load_camera_config
from twin.cameras.des import CameraArray
from twin.cameras.records import DEPLOYMENT_COLUMNS, MEDIA_COLUMNS, SEQUENCE_COLUMNS
from twin.cameras.synthetic import make_passages, paired_layout
from twin.errors import TwinInputError
from twin.taxa import HUMAN

DAY = 1440.0
SURE = {"p_max": 1.0, "half_distance_m": 1000.0}


def build(settings=None, *, n_stations=1, days=10.0, seed=0, **kwargs):
    """A camera array on a fresh clock, installed at minute 0, no thefts or failures."""
    settings = settings or {}
    cfg = {
        "trigger": {**SURE, **settings.get("trigger", {})},
        "power": settings.get("power", {}),
        "failure": {"theft_fraction_2yr": 0.0, "malfunction_per_day": 0.0,
                    **settings.get("failure", {})},
        "crews": {"install_by_crews": False, "service_interval_days": 1000.0,
                  **settings.get("crews", {})},
        "identification": settings.get("identification", {}),
    }  # fmt: skip
    env = simpy.Environment()
    layout = paired_layout(n_stations)
    n = len(layout.cameras)
    array = CameraArray(
        env, layout, load_camera_config(cfg), np.random.default_rng(seed),
        dist_road_m=np.full(n, 5000.0), dist_village_m=np.full(n, 20000.0), survey_days=days,
        **kwargs,
    )  # fmt: skip
    return env, array


def feed(env, array, passages_by_time):
    """Submit each passage at the start of its 15-min tick, as the movement process does."""
    ticks = sorted({int(t // 15) for t in passages_by_time.time_min})

    def mover():
        for tick in ticks:
            yield env.timeout(tick * 15.0 - env.now)
            mask = (passages_by_time.time_min // 15).astype(int) == tick
            array.submit(type(passages_by_time)(**{
                name: getattr(passages_by_time, name)[mask]
                for name in passages_by_time.__dataclass_fields__
            }))  # fmt: skip

    env.process(mover())


def test_two_passes_inside_dead_time_give_one_trigger():
    """A second pass within burst + quiet period records nothing."""
    env, array = build()
    feed(env, array, make_passages([0, 0, 0], [100.0, 100.2, 102.0]))
    env.run(until=10 * DAY)
    seq = array.records().sequences
    assert len(seq) == 2
    assert seq["start_min"].iloc[0] == pytest.approx(100.0 + 0.2 / 60)
    assert seq["n_photos"].tolist() == [3, 3]


def test_flat_battery_records_nothing_until_serviced():
    """A camera whose battery runs out stops recording and resumes after the crew's visit."""
    env, array = build(
        {"power": {"battery_standby_days": 2.0}, "crews": {"service_interval_days": 5.0}}
    )
    feed(env, array, make_passages([0, 0, 0], [1.0 * DAY, 3.0 * DAY, 6.0 * DAY]))
    env.run(until=10 * DAY)
    rec = array.records()
    times = rec.sequences["start_min"].to_numpy()
    assert np.allclose(times // DAY, [1, 6])
    flat = rec.operation.query("camera_id == 'C0000' and status == 'battery_flat'")
    assert len(flat) == 2
    assert flat["start_min"].iloc[0] == pytest.approx(2 * DAY, abs=5.0)  # photos drain a little
    assert flat["end_min"].iloc[0] == pytest.approx(array.crews.visits_[0][1])


def test_full_card_records_nothing_until_serviced():
    """A full card stops recording; the crew's fresh card restarts it."""
    env, array = build(
        {"power": {"card_capacity_photos": 4}, "crews": {"service_interval_days": 5.0}}
    )
    feed(env, array, make_passages(0, [1.0 * DAY, 2.0 * DAY, 3.0 * DAY, 6.0 * DAY]))
    env.run(until=10 * DAY)
    rec = array.records()
    assert rec.sequences["n_photos"].tolist() == [3, 1, 3]
    assert np.allclose(rec.sequences["start_min"].to_numpy() // DAY, [1, 2, 6])
    full = rec.operation.query("camera_id == 'C0000' and status == 'card_full'")
    assert full["start_min"].iloc[0] == pytest.approx(2 * DAY)


def test_stolen_camera_loses_unretrieved_images():
    """Images on a stolen camera since its last retrieval never reach media."""
    env, array = build({"crews": {"service_interval_days": 3.0}})
    feed(env, array, make_passages([0, 0, 1], [1.0 * DAY, 4.0 * DAY, 4.0 * DAY]))
    env.process(_steal_at(env, array, 0, 5.0 * DAY))
    env.run(until=10 * DAY)
    rec = array.records()
    seq = rec.sequences.set_index("camera_id")
    assert seq.loc["C0000", "retrieved"].tolist() == [True, False]
    assert bool(seq.loc["C0001", "retrieved"])
    assert set(rec.media["sequence_id"]) == set(rec.sequences.query("retrieved")["sequence_id"])
    assert rec.deployments["deployment_id"].tolist().count("C0000-d2") == 1


def _steal_at(env, array, cam, time_min):
    yield env.timeout(time_min)
    array.steal_camera(cam)


def test_operation_partitions_survey_time():
    """Operation intervals of every camera tile [0, end] without gaps or overlaps."""
    env, array = build(
        {"failure": {"theft_fraction_2yr": 0.9, "malfunction_per_day": 0.02},
         "power": {"battery_standby_days": 10.0},
         "crews": {"install_by_crews": True, "service_interval_days": 15.0}},
        n_stations=20, days=120.0, seed=3,
    )  # fmt: skip
    env.run(until=120 * DAY)
    op = array.records().operation
    assert set(op["status"]) >= {"working", "battery_flat", "stolen", "malfunction"}
    for _, rows in op.groupby("camera_id"):
        rows = rows.sort_values("start_min")
        assert rows["start_min"].iloc[0] == 0.0
        assert rows["end_min"].iloc[-1] == pytest.approx(120 * DAY)
        assert np.allclose(rows["start_min"].to_numpy()[1:], rows["end_min"].to_numpy()[:-1])
        assert (rows["end_min"] > rows["start_min"]).all()


def test_operation_matches_recorded_sequences():
    """Every sequence starts while its camera's operation status is working."""
    env, array = build({"power": {"battery_standby_days": 3.0},
                        "crews": {"service_interval_days": 4.0}}, days=12.0)  # fmt: skip
    times = np.arange(0.5, 12, 0.25) * DAY
    feed(env, array, make_passages(0, times))
    env.run(until=12 * DAY)
    rec = array.records()
    op = rec.operation.query("camera_id == 'C0000'")
    for start in rec.sequences["start_min"]:
        row = op[(op["start_min"] <= start) & (op["end_min"] > start)]
        assert row["status"].tolist() == ["working"]
    working = op.query("status == 'working'")
    n_working_times = sum(((working["start_min"] <= t) & (working["end_min"] > t)).any()
                          for t in times)  # fmt: skip
    assert len(rec.sequences) == n_working_times


def test_records_tables_have_contract_columns():
    """Deployments, sequences and media carry exactly the contract's columns."""
    env, array = build()
    feed(env, array, make_passages([0, 1], [60.0, 60.0], flank=[0, 1]))
    env.run(until=10 * DAY)
    rec = array.records()
    assert list(rec.deployments.columns) == list(DEPLOYMENT_COLUMNS)
    assert list(rec.sequences.columns) == list(SEQUENCE_COLUMNS)
    assert list(rec.media.columns) == list(MEDIA_COLUMNS)
    assert rec.media["file_path"].iloc[0] == "media/C0000-d1/C0000-d1-s00001-01.jpg"
    assert rec.survey_days == pytest.approx(10.0)


def test_humans_are_photographed_and_reported():
    """A person passing a camera makes a HUMAN sequence and calls on_human_photo."""
    seen = []
    env, array = build(on_human_photo=seen.append)
    feed(env, array, make_passages(1, [30.0], species=HUMAN, animal_id=7))
    env.run(until=10 * DAY)
    assert array.records().sequences["species"].tolist() == [HUMAN]
    assert seen[0]["camera_id"] == "C0001" and seen[0]["true_animal_id"] == 7


def test_service_report_counts_broken_cameras():
    """A crew reports each camera it finds not working."""
    reports = []
    env, array = build({"crews": {"service_interval_days": 2.0}}, on_service_report=reports.append)
    env.process(_break_at(env, array, 1, 1.0 * DAY))
    env.run(until=10 * DAY)
    assert [(r["camera_id"], r["status"]) for r in reports] == [("C0001", "malfunction")]
    assert array.records().deployments["camera_id"].tolist().count("C0001") == 2


def _break_at(env, array, cam, time_min):
    yield env.timeout(time_min)
    array.break_camera(cam)


def test_same_seed_same_records():
    """Two runs with one seed give identical tables."""
    outputs = []
    for _ in range(2):
        env, array = build(
            {"trigger": {"p_max": 0.8, "half_distance_m": 8.0},
             "failure": {"theft_fraction_2yr": 0.5, "malfunction_per_day": 0.01},
             "crews": {"install_by_crews": True, "service_interval_days": 7.0}},
            n_stations=5, days=30.0, seed=11,
        )  # fmt: skip
        rng = np.random.default_rng(5)
        times = rng.uniform(0, 30 * DAY, 400)
        feed(env, array, make_passages(rng.integers(0, 10, 400), times,
                                       distance_m=rng.uniform(0, 12, 400)))  # fmt: skip
        env.run(until=30 * DAY)
        outputs.append(array.records())
    for name in ("deployments", "sequences", "media", "operation"):
        pd.testing.assert_frame_equal(getattr(outputs[0], name), getattr(outputs[1], name))


def test_submit_rejects_past_and_unknown_cameras():
    """Passages before env.now or at a camera outside the layout raise TwinInputError."""
    env, array = build()
    env.run(until=100.0)
    with pytest.raises(TwinInputError, match="passages.time_min"):
        array.submit(make_passages(0, [50.0]))
    with pytest.raises(TwinInputError, match="passages.camera"):
        array.submit(make_passages(9, [150.0]))


def test_submit_checks_plain_objects():
    """Any object with the passage fields is accepted; float cameras or short fields are not."""
    env, array = build()
    fields = make_passages([0, 1], [5.0, 6.0])
    plain = SimpleNamespace(**{name: getattr(fields, name) for name in PASSAGE_FIELDS})
    assert array.submit(plain) == 2
    with pytest.raises(TwinInputError, match="passages.camera"):
        array.submit(SimpleNamespace(**{**vars(plain), "camera": np.array([0.0, 1.0])}))
    with pytest.raises(TwinInputError, match="equal length"):
        array.submit(SimpleNamespace(**{**vars(plain), "flank": np.array([0])}))


def test_layout_and_distances_are_checked():
    """A camera table without station ids or a short distance array is refused."""
    cfg = load_camera_config()
    with pytest.raises(TwinInputError, match="dist_road_m"):
        CameraArray(simpy.Environment(), paired_layout(2), cfg, np.random.default_rng(0),
                    dist_road_m=np.ones(3), dist_village_m=np.ones(4), survey_days=1.0)  # fmt: skip
    layout = paired_layout(1)
    layout.cameras.drop(columns="station_id", inplace=True)
    with pytest.raises(TwinInputError, match="layout.cameras"):
        CameraArray(simpy.Environment(), layout, cfg, np.random.default_rng(0),
                    dist_road_m=np.ones(2), dist_village_m=np.ones(2), survey_days=1.0)  # fmt: skip
