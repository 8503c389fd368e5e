"""``build_threats``: the threats model of a run from its validated policy."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import simpy

from twin.errors import require
from twin.landscape.grid import Landscape
from twin.population.model import AnimalModel
from twin.threats.model import ThreatModel
from twin.threats.policy import Policy
from twin.tracks import Tracks


def _check_patrol_areas(policy: Policy, threats: ThreatModel) -> None:
    zones = threats.zones
    for day in policy.timeline.change_days():
        values = policy.timeline.values(day)
        if values["patrol.allocation"] != "area":
            continue
        box = values["patrol.area_m"]
        inside = False
        if box is not None:
            xmin, ymin, xmax, ymax = box
            cx, cy = zones.centre_x_m, zones.centre_y_m
            inside = bool(np.any((cx >= xmin) & (cx <= xmax) & (cy >= ymin) & (cy <= ymax)))
        require(
            inside,
            "policy.timeline.patrol.area_m",
            box,
            f"a box [xmin, ymin, xmax, ymax] (m) holding the centre of at least one park zone "
            f"while patrol.allocation is 'area' (from day {day} of the run)",
        )


def build_threats(
    env: simpy.Environment,
    model: AnimalModel,
    landscape: Landscape,
    policy: Policy,
    rng: np.random.Generator,
    start_date: dt.date,
    sinks: list[Any],
    track_every_ticks: int | None = None,
) -> ThreatModel | None:
    """Build the poachers, rangers and snares of a run and register them on the clock.

    Parameters
    ----------
    env
        The run's SimPy clock (minutes since local midnight of ``start_date``).
    model
        The cats.
    landscape
        The park and its villages, roads and trails.
    policy
        The validated policy (:func:`~twin.threats.policy.policy_from_config`).
    rng
        The run's poaching stream (``spawn_streams(seed)["poaching"]``).
    start_date
        Local date of day 0 (timeline dates become run days).
    sinks
        The simulation's segment sinks (``Simulation.sinks``): the model is registered among
        them, to see the cats' segments, and hands poacher and ranger paths to every other sink.
    track_every_ticks
        Record the people's paths every this many ticks (``people_tracks``); None: not at all.

    Returns
    -------
    ThreatModel or None
        None when the policy has ``poaching: false`` or no poachers.

    Raises
    ------
    TwinInputError
        When a patrol area holds no park zone (the message names the key).
    """
    if not policy.poaching or policy.settings.poachers.pool_size == 0:
        return None
    threats = ThreatModel(env, model, landscape, policy, rng, start_date, sinks)
    threats.people_tracks = Tracks(track_every_ticks)
    _check_patrol_areas(policy, threats)
    sinks.append(threats)
    return threats
