"""Small threat-model set-ups for tests: a policy with one timeline entry, runs on the flat park."""

from __future__ import annotations

import copy
import datetime as dt
from functools import lru_cache
from typing import Any

import numpy as np
import simpy

from tests.landscapes import flat_landscape
from twin.config.load import load_config, load_policy
from twin.population.model import AnimalModel
from twin.population.params import species_params
from twin.simulation import Simulation
from twin.threats import ThreatModel, build_threats, policy_from_config
from twin.threats.checks import plain

START = dt.date(2024, 1, 1)


@lru_cache(maxsize=1)
def _historical() -> dict[str, Any]:
    return plain(load_policy("historical"))


def policy(changes: dict[str, Any] | None = None, **sections: dict[str, Any]) -> dict[str, Any]:
    """The historical policy reduced to its 2023 state (one timeline entry), with changes.

    ``changes`` maps dotted timeline keys (``"penalty.fine_krub"``) to values; ``sections`` update
    static sections (``poachers={"pool_size": 100}``).
    """
    pol = copy.deepcopy(_historical())
    entry: dict[str, Any] = {"date": 2000}
    for item in pol["timeline"]:
        for key, value in item.items():
            if isinstance(value, dict):
                entry.setdefault(key, {}).update(value)
            elif key != "date":
                entry[key] = value
    for key, value in (changes or {}).items():
        group, _, leaf = key.partition(".")
        if leaf:
            entry[group][leaf] = value
        else:
            entry[group] = value
    pol["timeline"] = [entry]
    for name, values in sections.items():
        pol[name].update(values)
    return pol


@lru_cache(maxsize=1)
def small_params() -> Any:
    """A few leopards and tigers for the 20 x 20 km flat park."""
    cfg = load_config(
        [
            "species.leopard.initial.adults=16",
            "species.leopard.initial.cubs=4",
            "species.leopard.initial.subadults=2",
            "species.tiger.initial.adults=4",
            "species.tiger.initial.cubs=0",
            "species.tiger.initial.subadults=0",
        ]
    )
    return species_params(cfg.species)


def threats_only(pol: dict[str, Any], days: int, seed: int = 1) -> ThreatModel:
    """Poachers and rangers alone on the flat park (the cats never move): trips and arrests."""
    model = AnimalModel(flat_landscape(), small_params(), seed=seed)
    env = simpy.Environment()
    rules = policy_from_config(pol, START)
    threats = build_threats(env, model, model.landscape, rules, np.random.default_rng(seed),
                            START, [])  # fmt: skip
    assert threats is not None
    env.run(until=days * 1440.0)
    return threats


def with_cats(
    pol: dict[str, Any], days: int, seed: int = 1
) -> tuple[AnimalModel, ThreatModel | None]:
    """Cats, poachers and rangers on one clock, as the runner wires them."""
    model = AnimalModel(flat_landscape(), small_params(), seed=seed)
    sim = Simulation(model, ticks_per_step=24)
    rng = np.random.default_rng(seed + 100)
    rules = policy_from_config(pol, START)
    threats = build_threats(sim.env, model, model.landscape, rules, rng, START, sim.sinks)
    sim.run(days)
    return model, threats
