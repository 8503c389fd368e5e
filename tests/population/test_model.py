"""The park model on a small landscape: Mesa wiring, determinism, demography bookkeeping."""

from __future__ import annotations

import numpy as np
import pytest

from tests.landscapes import flat_landscape
from twin.config.load import load_config
from twin.population.model import AnimalModel
from twin.population.params import species_params
from twin.population.state import CUB
from twin.simulation import Simulation


@pytest.fixture(scope="module")
def params():
    cfg = load_config(
        [
            "species.leopard.initial.adults=12",
            "species.leopard.initial.cubs=6",
            "species.leopard.initial.subadults=2",
            "species.tiger.initial.adults=4",
            "species.tiger.initial.cubs=2",
            "species.tiger.initial.subadults=0",
        ]
    )
    return species_params(cfg.species)


def _run(params, seed, days=20):
    model = AnimalModel(flat_landscape(), params, seed=seed)
    sim = Simulation(model, ticks_per_step=4)
    sim.run(days)
    return model, sim


def test_initial_counts_and_agents(params):
    """The model starts with the configured animals, each a Mesa agent of its species."""
    model = AnimalModel(flat_landscape(), params, seed=1)
    leopards = model.agents_by_type[next(t for t in model.agent_types if t.__name__ == "Leopard")]
    assert len(leopards) == 20
    assert len(model.agents) == 26
    cubs = [a for a in model.agents if a.stage == CUB]
    assert len(cubs) == 8
    for cub in cubs:
        assert model.state.alive[model.state.mother[cub.row]]


def test_same_seed_same_state_different_seed_differs(params):
    """Two runs with one seed are identical; another seed differs."""
    a, _ = _run(params, 4)
    b, _ = _run(params, 4)
    c, _ = _run(params, 5)
    np.testing.assert_array_equal(a.state.x[: a.state.n], b.state.x[: b.state.n])
    assert not np.array_equal(a.state.x[: a.state.n], c.state.x[: min(a.state.n, c.state.n)])


def test_cubs_follow_mothers(params):
    """Dependent cubs stay beside their mothers while moving."""
    model, _ = _run(params, 2, days=3)
    st = model.state
    live = st.living()
    cubs = live[st.following[live]]
    d = np.hypot(st.x[cubs] - st.x[st.mother[cubs]], st.y[cubs] - st.y[st.mother[cubs]])
    assert len(cubs) > 0 and d.max() < 20.0


def test_datacollector_counts_daily(params):
    """The DataCollector holds one row per day plus the start."""
    model, _ = _run(params, 3, days=10)
    frame = model.datacollector.get_model_vars_dataframe()
    assert len(frame) == 11
    assert frame.iloc[0].sum() == 26
