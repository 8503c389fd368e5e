"""The key skeleton of the run config for Hydra (``twin_schema`` in the ConfigStore).

It names the top-level keys only, with no values: the defaults live in the settings dataclasses
(:mod:`twin.config.run` and each group's module) and are restated with their sources in
``conf/``; :meth:`twin.config.scenario.Scenario.from_mapping` validates every value. Sweep apps
extend the skeleton with their own keys (:mod:`twin.config.sweep_schema`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hydra.core.config_store import ConfigStore
from omegaconf import MISSING


@dataclass
class TwinConfig:
    """Top level of the run config: the clock and seed, then one node per config group."""

    seed: Any = MISSING
    years: Any = MISSING
    start_date: Any = MISSING
    tick_min: Any = MISSING
    ticks_per_step: Any = MISSING
    progress: Any = MISSING
    output: Any = MISSING
    report: Any = MISSING
    landscape: Any = MISSING
    species: Any = MISSING
    layout: Any = MISSING
    cameras: Any = MISSING
    survey: Any = MISSING
    estimation: Any = MISSING
    policy: Any = None


def register() -> None:
    """Register the skeleton as ``twin_schema`` in Hydra's ConfigStore."""
    ConfigStore.instance().store(name="twin_schema", node=TwinConfig)
