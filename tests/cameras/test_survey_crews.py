"""Former poachers hired as monitors add camera-servicing crews to a run's survey."""

from __future__ import annotations

import datetime as dt

import numpy as np
import simpy

from twin.cameras.layouts_make import make_layout
from twin.cameras.survey import build_survey
from twin.config.load import load_scenario
from twin.landscape.build import build_landscape

START = dt.date(2024, 1, 1)


def _crews(scenario, land, extra_crews=None) -> int:
    layout = make_layout(land, scenario.layout, np.random.default_rng(1))
    survey = build_survey(
        simpy.Environment(), land, layout, scenario.cameras, scenario.survey,
        np.random.SeedSequence(1), START, 15.0, extra_crews,
    )  # fmt: skip
    assert survey.array is not None
    return survey.array.crews.resource.capacity


def test_hired_monitors_add_crews_of_the_survey_start():
    """Today's 26 hired monitors form 13 more crews (2 per crew); none without hiring."""
    cfg = load_scenario(["landscape.resolution_m=500", "years=0.1"])
    land = build_landscape(cfg.landscape)
    base = cfg.cameras.crews.n_crews
    history = cfg.policy
    none = load_scenario(["policy=no_hiring"]).policy
    assert history is not None and none is not None
    assert _crews(cfg, land) == base
    assert _crews(cfg, land, history.crew_capacity) == base + 13
    assert _crews(cfg, land, none.crew_capacity) == base
