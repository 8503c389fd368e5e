"""The joint yearly budget: cost arithmetic, the shipped unit costs, refusals naming the key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from omegaconf import OmegaConf

from twin.design.budget import COST_ITEMS, ParkDesign, UnitCosts, design_cost
from twin.errors import TwinInputError

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "experiments" / "conf" / "budget_frontier.yaml"

ROUND = {
    "camera_price_rub": 40000.0,
    "camera_life_years": 4.0,
    "camera_loss_per_year": 0.25,
    "consumables_per_camera_visit_rub": 1000.0,
    "station_visits_per_year": 4.0,
    "station_visit_rub": 5000.0,
    "cameras_per_station": 2,
    "patrol_km_rub": 1000.0,
    "monitor_salary_rub_per_year": 1_000_000.0,
}


def test_cost_adds_up_by_hand():
    """100 cameras, 10 km/day, 3 monitors at round prices: each item as worked out by hand."""
    cost = design_cost(ParkDesign(100, 10.0, 3), UnitCosts(**ROUND))
    # a camera: 40,000 / 4 + 40,000 x 0.25 + 1,000 x 4 = 24,000 RUB a year
    assert cost["cameras_rub"] == pytest.approx(100 * 24_000)
    assert cost["station_visits_rub"] == pytest.approx(50 * 4 * 5_000)
    assert cost["patrols_rub"] == pytest.approx(10 * 365 * 1_000)
    assert cost["monitors_rub"] == pytest.approx(3_000_000)
    assert cost["total_rub"] == pytest.approx(sum(cost[k] for k in COST_ITEMS))
    assert cost["total_rub"] == pytest.approx(2_400_000 + 1_000_000 + 3_650_000 + 3_000_000)


def test_penalty_scale_costs_nothing():
    """The penalty is a lever of the law: the same design at any penalty costs the same."""
    costs = UnitCosts(**ROUND)
    assert design_cost(ParkDesign(40, 5.0, 1, 4.0), costs) == design_cost(
        ParkDesign(40, 5.0, 1, 0.25), costs
    )


def test_shipped_costs_price_todays_park_under_the_cap():
    """The config's unit costs: today's park (500 cameras, 200 km/day, 26 hired) ~115 M RUB a
    year, under the 120 M RUB cap; patrols are the largest item."""
    cfg = OmegaConf.to_container(OmegaConf.load(CONFIG))
    cost = design_cost(ParkDesign(500, 200.0, 26), UnitCosts.from_mapping(cfg["costs"]))
    assert cost["total_rub"] == pytest.approx(114.96e6, rel=1e-3)
    assert cost["total_rub"] < cfg["budget"]["cap_rub_per_year"]
    assert max(COST_ITEMS, key=cost.get) == "patrols_rub"


@pytest.mark.parametrize(
    ("levers", "key"),
    [
        ((-2, 10.0, 0), "design.cameras"),
        ((10.5, 10.0, 0), "design.cameras"),
        ((10, float("nan"), 0), "design.patrol_km_per_day"),
        ((10, -1.0, 0), "design.patrol_km_per_day"),
        ((10, 1.0, 2.5), "design.monitors_hired"),
        ((10, 1.0, 2, -1.0), "design.penalty_scale"),
    ],
)
def test_bad_levers_are_refused_with_their_key(levers, key):
    """Negative, fractional or infinite levers name the key."""
    with pytest.raises(TwinInputError, match=key.replace(".", r"\.")):
        ParkDesign(*levers)


def test_unpaired_camera_count_is_refused():
    """Paired stations: an odd number of cameras is not a whole number of stations."""
    with pytest.raises(TwinInputError, match=r"design\.cameras=41"):
        design_cost(ParkDesign(41, 1.0, 0), UnitCosts(**ROUND))


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"camera_life_years": 0.0}, "costs.camera_life_years"),
        ({"camera_loss_per_year": 1.5}, "costs.camera_loss_per_year"),
        ({"patrol_km_rub": -1.0}, "costs.patrol_km_rub"),
        ({"cameras_per_station": 0}, "costs.cameras_per_station"),
        ({"fuel_rub": 3.0}, "costs.fuel_rub"),
    ],
)
def test_bad_unit_costs_are_refused_with_their_key(change, key):
    """Out-of-range or unknown unit costs name the key."""
    with pytest.raises(TwinInputError, match=key.replace(".", r"\.")):
        UnitCosts.from_mapping({**ROUND, **change})


def test_a_missing_unit_cost_is_named():
    """Every unit cost is required: the missing one is named."""
    raw = {k: v for k, v in ROUND.items() if k != "station_visit_rub"}
    with pytest.raises(TwinInputError, match=r"costs\.station_visit_rub"):
        UnitCosts.from_mapping(raw)


def test_app_exits_2_naming_the_bad_key(tmp_path):
    """The app refuses a bad unit cost before anything runs: status 2, the key in the message."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "experiments.budget_frontier",
            "costs.camera_loss_per_year=2",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert "costs.camera_loss_per_year=2" in done.stderr
    assert not (tmp_path / "study.journal").exists()
