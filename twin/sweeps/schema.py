"""Config schema of sweep apps: the twin's run config plus a replicate index and a ``sweep`` node.

Experiment apps (``experiments/``) compose the twin's config groups (``pkg://twin.conf``) on top
of :class:`SweepTwinConfig`, or of a subclass that adds the study's own keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from numbers import Real

from hydra.core.config_store import ConfigStore
from omegaconf import OmegaConf

from twin.config.schema import TwinConfig
from twin.config.schema import register as register_twin_schema
from twin.errors import require

ON_ERROR = ("raise", "record")
DAYS_AS_YEARS = "twin.days_as_years"


@dataclass
class SweepConfig:
    """How a sweep app seeds, resumes and records its runs.

    Attributes
    ----------
    seed
        Root seed of the sweep; each run's ``seed`` is derived from it and the run's parameters
        (:func:`twin.sweeps.seeds.replicate_seed`).
    on_error
        ``raise``: a failing run stops the sweep (after the running batch); ``record``: it writes
        a complete row whose ``error`` column says why, and the sweep goes on.
    """

    seed: int = 1
    on_error: str = "raise"


@dataclass
class SweepTwinConfig(TwinConfig):
    """The run config of one job of a sweep app."""

    replicate: int = 0
    sweep: SweepConfig = field(default_factory=SweepConfig)


def days_as_years(*days: float) -> float:
    """Sum of day counts as years of 365 days (for ``years: ${twin.days_as_years:a,b}``)."""
    for value in days:
        require(
            isinstance(value, Real) and not isinstance(value, bool) and value >= 0,
            DAYS_AS_YEARS,
            value,
            "day counts >= 0",
        )
    total = float(sum(days))
    require(total > 0, DAYS_AS_YEARS, days, "day counts that sum to more than 0")
    return total / 365.0


def register(name: str = "twin_sweep_schema", node: type = SweepTwinConfig) -> None:
    """Store a sweep schema in Hydra's ConfigStore and register the ``twin.*`` resolvers.

    Parameters
    ----------
    name
        Config name the app's defaults list uses.
    node
        :class:`SweepTwinConfig` or a subclass with the study's keys.
    """
    register_twin_schema()
    ConfigStore.instance().store(name=name, node=node)
    register_resolvers()


def register_resolvers() -> None:
    """Register ``twin.days_as_years`` with OmegaConf (once per process)."""
    if not OmegaConf.has_resolver(DAYS_AS_YEARS):
        OmegaConf.register_new_resolver(DAYS_AS_YEARS, days_as_years)
