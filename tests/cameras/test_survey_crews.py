"""Former poachers hired as monitors add camera-servicing crews to a run's survey."""

from __future__ import annotations

import datetime as dt

import numpy as np
import simpy

from twin.cameras.survey import build_survey
from twin.config.load import load_config
from twin.landscape.build import build_landscape
from twin.threats import policy_from_config

START = dt.date(2024, 1, 1)


def _crews(cfg, land, extra_crews=None) -> int:
    survey = build_survey(
        simpy.Environment(), land, cfg, np.random.default_rng(1), 30, START, 15.0, extra_crews
    )
    return survey.array.crews.resource.capacity


def test_hired_monitors_add_crews_of_the_survey_start():
    """Today's 26 hired monitors form 13 more crews (2 per crew); none without hiring."""
    cfg = load_config(["landscape.resolution_m=500", "years=0.1"])
    land = build_landscape(cfg.landscape)
    base = cfg.cameras.crews.n_crews
    history = policy_from_config(cfg.policy, START)
    none = policy_from_config(load_config(["policy=no_hiring"]).policy, START)
    assert _crews(cfg, land) == base
    assert _crews(cfg, land, history.crew_capacity) == base + 13
    assert _crews(cfg, land, none.crew_capacity) == base
