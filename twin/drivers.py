"""Time-varying inputs of a run besides its policy: immigration by date and daily probes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from twin.config.scenario import Scenario
from twin.errors import require
from twin.population.model import AnimalModel
from twin.taxa import code_of

Probe = Callable[[Any, int], None]
"""``probe(model, day)``: reads the animal model before the first day (day 0) and after each."""


@dataclass(frozen=True)
class Drivers:
    """Time-varying inputs of a run besides its policy (which the scenario holds).

    Attributes
    ----------
    immigration
        Per species, ``[(date, immigrants_per_year), ...]``: from each date on, the species'
        arrivals per year from outside the landscape take that rate (before the first date,
        the species' ``demography.immigrants_per_year``).
    probes
        Called as ``probe(model, 0)`` before the first day and ``probe(model, day)`` after each
        simulated day, to record what a study needs (e.g. census counts in an area).
    """

    immigration: Mapping[str, Sequence[tuple[dt.date, float]]] = field(default_factory=dict)
    probes: Sequence[Probe] = ()

    def check(self, scenario: Scenario) -> None:
        """Refuse species the scenario does not simulate and negative rates."""
        for key, changes in self.immigration.items():
            require(
                key in scenario.species,
                f"drivers.immigration.{key}",
                list(changes),
                f"a simulated species, one of {sorted(scenario.species)}",
            )
            for when, rate in changes:
                ok = isinstance(when, dt.date) and np.isfinite(rate) and rate >= 0
                require(ok, f"drivers.immigration.{key}", (when, rate), "(date, rate >= 0) pairs")


class Immigration:
    """Daily hook: sets each species' arrival rate from the dates of :attr:`Drivers.immigration`."""

    def __init__(self, model: AnimalModel, start: dt.date, changes: Mapping[str, Any]) -> None:
        self.model = model
        self.changes = [
            (code_of(key), (when - start).days, float(rate))
            for key, pairs in changes.items()
            for when, rate in sorted(pairs)
        ]
        self(0)

    def __call__(self, day: int) -> None:
        for code, first_day, rate in self.changes:
            if day >= first_day:
                self.model.immigrants_per_year[code] = rate


def probe_day(probe: Probe, model: AnimalModel, day: int) -> None:
    """Call ``probe`` after simulated day ``day``."""
    probe(model, day)


def road_traffic(model: AnimalModel, multiplier: Callable[[int], float]) -> Callable[[int], None]:
    """Daily hook: the policy's road-death multiplier of the day (set for day 0 now)."""

    def hook(day: int) -> None:
        model.road_death_multiplier = multiplier(day)

    hook(0)
    return hook
