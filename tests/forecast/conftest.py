"""A simulated survey and its Camtrap DP package, shared by the forecast tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

import twin
from twin.drivers import Drivers
from twin.forecast import StateSnapshot
from twin.io import write_camtrap_dp
from twin.population.startup import Population

SURVEY = ["years=0.25", "survey.days=91", "estimation.enabled=false", "report.enabled=false"]


@dataclass(frozen=True)
class Survey:
    """A run with a 91-day survey: its scenario, result, true end state and package folder."""

    scenario: twin.Scenario
    result: twin.RunResult
    truth: Population
    package: Path


@pytest.fixture(scope="session")
def survey(tmp_path_factory: pytest.TempPathFactory) -> Survey:
    """A default-park run of 91 days whose cameras survey all of it (seed 5)."""
    scenario = twin.load_scenario([*SURVEY, "progress=false"])
    snap = StateSnapshot(scenario.days)
    result = twin.simulate(scenario, seed=5, drivers=Drivers(probes=[snap]), tracks=False)
    assert result.observations is not None and snap.population is not None
    folder = tmp_path_factory.mktemp("survey") / "camtrap-dp"
    write_camtrap_dp(result.observations.records, folder)
    return Survey(scenario, result, snap.population, folder)
