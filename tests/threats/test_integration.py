"""Seeded runs of cats, poachers and rangers on one clock (the flat test park)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.landscapes import flat_landscape
from tests.threats.helpers import START, policy, small_params, with_cats
from twin.population.model import AnimalModel
from twin.population.state import POACHING
from twin.simulation import Simulation
from twin.taxa import HUMAN
from twin.threats import build_threats, policy_from_config
from twin.threats.poachers import POACHER_ID0, RANGER_ID0

HEAVY = policy(
    {"cameras": 0, "patrol.km_per_day": 60.0, "monitors_hired": 0},
    poachers={"pool_size": 60, "logit_intercept": 0.0},
    kills={"snare_catch_prob": 0.5, "shoot_prob_per_encounter": 0.5, "snares_per_trip": 8},
)


@pytest.fixture(scope="module")
def heavy_run():
    """Ten days under heavy poaching."""
    return with_cats(HEAVY, 10, seed=2)


def test_heavy_poaching_kills_cats(heavy_run):
    """Poachers kill cats; every kill is a POACHING death on its day, and no cat dies twice."""
    model, threats = heavy_run
    events = threats.tables()["poaching_events"]
    st = model.state
    poached = np.flatnonzero(st.death_cause[: st.n] == POACHING)
    assert len(events) >= 3
    assert sorted(events["victim_id"]) == sorted(poached)
    assert np.array_equal(st.death_day[events["victim_id"]], events["day"])
    assert set(events["method"]) <= {"snare", "shot"}
    assert events["poacher_id"].between(POACHER_ID0, RANGER_ID0 - 1).all()
    assert (events["time_min"] // 1440 == events["day"]).all()


def test_no_poaching_policy_kills_none():
    """With poaching off there is no threats model and no cat dies by poaching."""
    pol = {**HEAVY, "poaching": False}
    model, threats = with_cats(pol, 10, seed=2)
    st = model.state
    assert threats is None
    assert not np.any(st.death_cause[: st.n] == POACHING)


def test_same_seed_same_tables_other_seed_differs(heavy_run):
    """A rerun with the same seeds gives identical tables; another seed gives other trips."""
    _, again = with_cats(HEAVY, 10, seed=2)
    first = heavy_run[1].tables()
    for name, table in again.tables().items():
        pd.testing.assert_frame_equal(first[name], table)
    _, other = with_cats(HEAVY, 10, seed=3)
    assert not first["trips"].equals(other.tables()["trips"])


class _Recorder:
    """A segment sink that checks what it is handed."""

    def __init__(self, env):
        self.env, self.blocks = env, []

    def observe_segments(self, rows, species, xs, ys, t0_min, tick_min):
        if np.all(species == HUMAN):
            assert t0_min >= self.env.now
            assert xs.shape == ys.shape == (xs.shape[0], len(rows)) and xs.shape[0] >= 2
            self.blocks.append((rows.copy(), t0_min, tick_min, xs.copy()))


def test_people_reach_the_other_sinks():
    """Poacher and ranger paths reach the other sinks with person ids and times not in the past."""
    model = AnimalModel(flat_landscape(), small_params(), seed=4)
    sim = Simulation(model, ticks_per_step=24)
    recorder = _Recorder(sim.env)
    sim.sinks.append(recorder)
    rng = np.random.default_rng(4)
    rules = policy_from_config(HEAVY, START)
    threats = build_threats(sim.env, model, model.landscape, rules, rng, START, sim.sinks)
    assert threats in sim.sinks
    sim.run(3)
    rows = np.concatenate([b[0] for b in recorder.blocks])
    assert (rows >= POACHER_ID0).all()
    assert (rows < RANGER_ID0).any() and (rows >= RANGER_ID0).any()
    assert all(b[2] == model.tick_min and b[1] % model.tick_min == 0 for b in recorder.blocks)
    xmin, xmax, _, _ = model.landscape.extent_m
    assert all((b[3] > xmin).all() and (b[3] < xmax).all() for b in recorder.blocks)


def test_people_tracks_are_recorded_thinned_as_the_animals():
    """A run with tracks records poachers' and rangers' positions every track_every_ticks ticks,
    labelled by group; a lean run (tracks=False) records none."""
    import twin

    scenario = twin.load_scenario(["years=0.01", "survey.enabled=false", "progress=false"])
    people = twin.simulate(scenario, seed=3).threats["people_tracks"]
    assert set(people["group"]) == {"poacher", "ranger"}
    assert (people["tick"] % scenario.output.track_every_ticks == 0).all()
    assert (people.loc[people["group"] == "ranger", "id"] >= RANGER_ID0).all()
    lean = twin.simulate(scenario, seed=3, tracks=False)
    assert "people_tracks" not in lean.threats
