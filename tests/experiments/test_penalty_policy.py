"""The penalty-policy app: the knobs on the timeline, their validation, deterrence, a tiny sweep.

Runs are tiny (a 150 km2 park, 9 cats, under two months) so the file takes seconds.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hydra import compose, initialize_config_dir

from experiments.penalty_policy import apply_study, policy_row, simulate, study_settings
from twin.cli.sweep_app import job_config
from twin.errors import TwinInputError
from twin.sweeps.collect import RESULTS_CSV, RESULTS_PARQUET, gather
from twin.sweeps.report import OUTCOMES_CSV, OUTCOMES_HTML
from twin.threats.policy import policy_from_config

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "experiments" / "conf"
TINY = [
    "landscape.park_area_km2=150",
    "landscape.resolution_m=500",
    "species.leopard.initial={adults: 6, subadults: 0, cubs: 0}",
    "species.tiger.initial={adults: 3, subadults: 0, cubs: 0}",
]


def _config(*overrides: str) -> dict:
    """The app's job config, as plain values, for these overrides."""
    with initialize_config_dir(config_dir=str(CONF), version_base=None):
        return job_config(compose(config_name="penalty_policy", overrides=[*TINY, *overrides]))


def test_knobs_change_every_timeline_entry():
    """Fines and prison terms scale, confiscation does not; patrols scale; hires are set."""
    cfg = _config("study.penalty_scale=2", "study.patrol_scale=0.5", "study.monitors_hired=10")
    out = apply_study(cfg)
    before, after = cfg["policy"]["timeline"], out["policy"]["timeline"]
    assert before[0]["penalty"]["fine_krub"] == 100.0  # the input is left alone
    assert [e.get("penalty") is not None for e in after] == [
        e.get("penalty") is not None for e in before
    ]
    for old, new in zip(before, after, strict=True):
        if old.get("penalty") is not None:
            for key, factor in (("fine_krub", 2), ("prison_years", 2), ("confiscation_krub", 1)):
                if key in old["penalty"]:
                    assert new["penalty"][key] == pytest.approx(factor * old["penalty"][key])
        if old.get("patrol") is not None and "km_per_day" in old["patrol"]:
            assert new["patrol"]["km_per_day"] == pytest.approx(0.5 * old["patrol"]["km_per_day"])
        if "monitors_hired" in old:
            assert new["monitors_hired"] == 10
    policy = policy_from_config(out["policy"], dt.date.fromisoformat(out["start_date"]))
    values = policy.timeline.values(0)  # 2024: the historical timeline's 2023 values
    assert values["penalty.fine_krub"] == 1000.0 and values["penalty.prison_years"] == 4.0
    assert values["patrol.km_per_day"] == 100.0 and values["monitors_hired"] == 10
    assert apply_study(_config())["policy"] == cfg["policy"]  # defaults: the policy as it is


@pytest.mark.parametrize(
    ("override", "key"),
    [
        ("study.penalty_scale=-1", "study.penalty_scale"),
        ("study.patrol_scale=inf", "study.patrol_scale"),
        ("study.monitors_hired=-3", "study.monitors_hired"),
        ("study.monitors_hired=61", "study.monitors_hired"),
    ],
)
def test_bad_knobs_are_refused_with_their_key(override, key):
    """A negative or infinite scale, or more hires than poachers, names the key."""
    with pytest.raises(TwinInputError, match=key.replace(".", r"\.")):
        study_settings(_config(override))


def test_a_config_without_policy_is_refused():
    """The knobs need a policy timeline to change."""
    cfg = {**_config(), "policy": None}
    with pytest.raises(TwinInputError, match="policy"):
        apply_study(cfg)


@pytest.mark.parametrize(
    ("knob", "lenient", "tough"),
    [("penalty_scale", 0, 2), ("patrol_scale", 0, 3), ("monitors_hired", 0, 50)],
)
def test_tougher_policy_means_fewer_trips(knob, lenient, tough):
    """Same seeds, 58 days: heavier penalties, more patrols or more hires deter poaching.

    In trial runs the lenient setting gave 28-89 trips and the tough one 0-8.
    """
    for seed in (1, 2):
        trips = {}
        for value in (lenient, tough):
            cfg = _config("years=0.16", f"study.{knob}={value}")
            trips[value] = policy_row(simulate(cfg, np.random.SeedSequence(seed)))["trips"]
        assert trips[lenient] > 2 * trips[tough] + 5, (seed, trips)


def test_tiny_sweep_writes_rows_and_outcome_summaries(tmp_path):
    """Two penalty levels x 2 replicates through Hydra: 4 rows, outcome columns, summaries."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "experiments.penalty_policy",
            "-m",
            f"hydra.sweep.dir={tmp_path}",
            "hydra.launcher.n_jobs=1",
            "years=0.05",
            "study.penalty_scale=0,2",
            "study.patrol_scale=1",
            "study.monitors_hired=0",
            "sweep.replicates=2",
            "sweep.replicates_per_job=2",
            *TINY,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    collected = gather(tmp_path)
    assert len(collected.rows) == 4 and not collected.incomplete
    table = pd.read_parquet(tmp_path / RESULTS_PARQUET)
    assert (tmp_path / RESULTS_CSV).exists()
    assert table["error"].eq("").all() and table["seed_entropy"].nunique() == 4
    assert sorted(table["study.penalty_scale"].unique()) == [0, 2]
    for column in (
        "leopard_alive_end",
        "tiger_alive_end",
        "leopard_in_park_end",
        "leopard_deaths_poaching",
        "tiger_deaths_road",
        "leopard_deaths_natural",
        "trips",
        "arrests",
        "prosecutions",
        "convictions",
        "cats_snared",
        "policy_expected_penalty_krub",
        "total_seconds",
        "job_seconds",
    ):
        assert column in table.columns, column
    assert table["leopard_alive_start"].eq(6).all() and table["policy_monitors_hired"].eq(0).all()
    penalty = table.groupby("study.penalty_scale")["policy_expected_penalty_krub"].first()
    assert penalty[0] == pytest.approx(20.0) and penalty[2] == pytest.approx(196.0)
    outcomes = pd.read_csv(tmp_path / OUTCOMES_CSV)
    assert len(outcomes) == 2 * 6  # 2 policy cells x the 6 outcomes of the config
    assert outcomes["n"].eq(2).all() and (outcomes["lower"] <= outcomes["upper"]).all()
    assert (tmp_path / OUTCOMES_HTML).stat().st_size > 1_000_000
